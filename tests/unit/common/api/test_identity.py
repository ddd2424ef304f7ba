"""
Package identity: the version installers see, the user agent and the
``bolt_agent`` HELLO entry, in the official driver's formats.

The expected formats were taken from the official 6.4.1 driver by
running it: ``neo4j.get_user_agent()`` and the HELLO it sends to a
listening socket.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import platform
import re
import sys
import typing as t

import pytest

import neo4j
from neo4j import _meta
from neo4j._bolt.protocol import PROTOCOL_CLASSES


#: The official driver API version this package implements.
IMPLEMENTED = "6.4.1"

ROOT = pathlib.Path(__file__).resolve().parents[4]


def _info(info: t.Iterable[object]) -> str:
    major, minor, micro, level, serial = tuple(info)[:5]
    return f"{major}.{minor}.{micro}-{level}-{serial}"


def test_version_is_the_implemented_api_version() -> None:
    assert _meta.version == IMPLEMENTED
    assert neo4j.__version__ == IMPLEMENTED


def test_version_satisfies_what_dependents_require() -> None:
    version = pytest.importorskip("packaging.version")
    specifiers = pytest.importorskip("packaging.specifiers")
    parsed = version.Version(neo4j.__version__)
    assert not parsed.is_prerelease
    assert not parsed.is_devrelease
    assert not parsed.local
    # neo4j-graphrag 1.22, langchain-neo4j 0.11, graphdatascience 2.2,
    # neo4j-rust-ext 6.4.1.0
    for spec in ("<7.0.0,>=6.3.1", "<7.0.0,>=5.25.0", "<7.0,>=5.26.0"):
        assert parsed in specifiers.SpecifierSet(spec)
    assert parsed in specifiers.SpecifierSet("==6.4.1")


def test_version_parses_as_graphdatascience_does() -> None:
    # graphdatascience picks its code paths from neo4j.__version__
    found = re.search(r"^(\d+)\.(\d+)\.?(\d+)?", neo4j.__version__)
    assert found is not None
    assert tuple(int(g) for g in found.groups()) == (6, 4, 1)


def test_version_kept_in_one_place() -> None:
    tomllib = pytest.importorskip("tomllib")
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in data["project"]
    assert data["project"]["dynamic"] == ["version"]
    dynamic = data["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "neo4j._meta.version"}


def test_installed_metadata_matches() -> None:
    try:
        installed = importlib.metadata.version("neo4j")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        pytest.skip("neo4j is not installed as a distribution")
    assert installed == neo4j.__version__


def test_user_agent_format() -> None:
    expected = (
        f"neo4j-python/{IMPLEMENTED} Python/{_info(sys.version_info)} "
        f"({sys.platform})"
    )
    assert neo4j.get_user_agent() == expected
    assert re.fullmatch(
        r"neo4j-python/6\.4\.1 Python/\d+\.\d+\.\d+-"
        r"(alpha|beta|candidate|final)-\d+ \(\S+\)",
        neo4j.get_user_agent(),
    )


def _official_bolt_agent() -> dict[str, str]:
    build = ", ".join(platform.python_build())
    return {
        "product": f"neo4j-python/{IMPLEMENTED}",
        "platform": (
            f"{platform.system()} {platform.release()}; {platform.machine()}"
        ),
        "language": f"Python/{_info(sys.version_info)}",
        "language_details": (
            f"{platform.python_implementation()}; "
            f"{_info(sys.implementation.version)} ({build}) "
            f"[{platform.python_compiler()}]"
        ),
    }


def test_bolt_agent_format() -> None:
    agent = _meta.get_bolt_agent()
    assert agent == _official_bolt_agent()
    assert list(agent) == [
        "product",
        "platform",
        "language",
        "language_details",
    ]


def _pack_str(text: str) -> bytes:
    raw = text.encode()
    if len(raw) < 16:
        return bytes([0x80 + len(raw)]) + raw
    assert len(raw) < 256
    return bytes([0xD0, len(raw)]) + raw


def _pack_map(entries: dict[str, str]) -> bytes:
    out = bytes([0xA0 + len(entries)])
    for key, value in entries.items():
        out += _pack_str(key) + _pack_str(value)
    return out


def test_default_hello_bytes_match_official_layout() -> None:
    # Bolt 5.4 with default config: the official driver sends exactly
    # HELLO {user_agent, bolt_agent} (auth follows in LOGON).
    conn = PROTOCOL_CLASSES[(5, 4)](auth={"scheme": "none"})
    conn.hello()
    body = (
        b"\xb1\x01\xa2"
        + _pack_str("user_agent")
        + _pack_str(neo4j.get_user_agent())
        + _pack_str("bolt_agent")
        + _pack_map(_official_bolt_agent())
    )
    sent = conn.take_outgoing()
    assert sent.startswith(len(body).to_bytes(2, "big") + body + b"\x00\x00")
