"""User agent, bolt agent, warnings, warning helpers, package exports."""

from __future__ import annotations

import asyncio
import platform
import sys
import typing as t
import warnings

import pytest

import neo4j
from neo4j import _meta
from neo4j._exceptions import (
    BoltConnectionError,
    BoltError,
    BoltHandshakeError,
    BoltProtocolError,
    BoltSecurityError,
    SocketDeadlineExceededError,
)
from neo4j._warnings import (
    deprecated,
    deprecation_warn,
    format_notification,
    preview,
    preview_warn,
    unclosed_resource_warn,
)
from neo4j.warnings import (
    Neo4jDeprecationWarning,
    Neo4jWarning,
    PreviewWarning,
)


PY = "{}.{}.{}-{}-{}".format(*sys.version_info)


def test_user_agent() -> None:
    expected = f"neo4j-python/{_meta.version} Python/{PY} ({sys.platform})"
    assert neo4j.get_user_agent() == expected
    assert expected == _meta.USER_AGENT


def test_bolt_agent() -> None:
    agent = _meta.get_bolt_agent()
    assert agent == _meta.BOLT_AGENT_DICT
    assert agent is not _meta.BOLT_AGENT_DICT
    assert agent["product"] == f"neo4j-python/{_meta.version}"
    assert agent["language"] == f"Python/{PY}"
    assert agent["platform"] == (
        f"{platform.system() or 'Unknown'} {platform.release() or 'unknown'}"
        f"; {platform.machine() or 'unknown'}"
    )
    assert agent["language_details"].startswith(
        f"{platform.python_implementation()}; "
    )
    assert set(agent) == {
        "product",
        "platform",
        "language",
        "language_details",
    }


def test_version() -> None:
    assert neo4j.__version__ == _meta.version


class _Pos(t.NamedTuple):
    line: int
    column: int


class _Note:
    def __init__(self, position: _Pos | None) -> None:
        self.position = position

    def __repr__(self) -> str:
        return "<Note>"


def test_neo4j_warning_message() -> None:
    note = _Note(_Pos(2, 3))
    warning = Neo4jWarning(note, "MATCH (n)\nRETURN m\nLIMIT 1")
    assert warning.notification is note
    assert str(warning) == (
        "<Note> for query:\nMATCH (n)\nRETURN m\n  ^\nLIMIT 1"
    )
    assert str(Neo4jWarning(note)) == "<Note>"
    assert str(Neo4jWarning(_Note(None), "RETURN 1")) == (
        "<Note> for query:\nRETURN 1"
    )
    # position outside the query: no caret
    assert str(Neo4jWarning(_Note(_Pos(5, 1)), "RETURN 1")) == (
        "<Note> for query:\nRETURN 1"
    )
    assert str(Neo4jWarning(_Note(_Pos(1, 0)), "RETURN 1")) == (
        "<Note> for query:\nRETURN 1"
    )
    assert format_notification(note, "RETURN 1", one_line=True) == (
        "<Note> for query: 'RETURN 1'"
    )


def test_warning_classes() -> None:
    assert issubclass(PreviewWarning, Warning)
    assert issubclass(Neo4jWarning, Warning)
    assert issubclass(Neo4jDeprecationWarning, Neo4jWarning)
    assert issubclass(Neo4jDeprecationWarning, DeprecationWarning)
    assert str(Neo4jDeprecationWarning(_Note(None))) == "<Note>"


def test_preview_warn() -> None:
    with pytest.warns(PreviewWarning) as record:
        preview_warn("Foo is a preview.")
    assert str(record[0].message) == (
        "Foo is a preview. It might be changed without following the "
        "deprecation policy. See also "
        "https://github.com/neo4j/neo4j-python-driver/wiki/preview-features."
    )
    assert record[0].filename == __file__


def test_deprecation_warn_stack_level() -> None:
    def api_function() -> None:
        deprecation_warn("old", stack_level=2)

    with pytest.warns(DeprecationWarning, match="^old$") as record:
        api_function()
    assert record[0].filename == __file__


def test_decorators() -> None:
    @deprecated("f is old")
    def f(x: int) -> int:
        return x + 1

    @preview("g is new")
    async def g(x: int) -> int:
        return x * 2

    @deprecated("C is old")
    class C:
        def __init__(self, v: int) -> None:
            self.v = v

    with pytest.warns(DeprecationWarning, match="^f is old$") as record:
        assert f(1) == 2
    assert record[0].filename == __file__
    with pytest.warns(PreviewWarning, match="^g is new"):
        assert asyncio.run(g(2)) == 4
    with pytest.warns(DeprecationWarning, match="^C is old$"):
        assert C(3).v == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f._quiet_impl(1) == 2  # type: ignore[attr-defined]
        assert C._quiet_impl(4).v == 4  # type: ignore[attr-defined]
    assert f.__name__ == "f"


def test_unclosed_resource_warn() -> None:
    class Thing:
        def __repr__(self) -> str:
            return "<Thing>"

    with pytest.warns(ResourceWarning) as record:
        unclosed_resource_warn(Thing())
    assert str(record[0].message) == "unclosed  Thing: <Thing>."


def test_bolt_errors() -> None:
    error = BoltProtocolError("bad message", "h:1")
    assert isinstance(error, BoltError)
    assert error.address == "h:1"
    assert str(error) == "bad message"
    handshake = BoltHandshakeError("no", "h:1", b"\x60\x60", b"\x00")
    assert (handshake.request_data, handshake.response_data) == (
        b"\x60\x60",
        b"\x00",
    )
    assert issubclass(SocketDeadlineExceededError, RuntimeError)


def test_bolt_connection_error_errno() -> None:
    try:
        raise BoltConnectionError("details", "h:1") from OSError(
            111, "refused"
        )
    except BoltConnectionError as caught:
        error = caught
    assert error.errno == 111
    text = str(error)
    assert text.startswith("Connection Failed. ")
    assert "details" in text
    assert text.endswith(f" (code 111: {__import__('os').strerror(111)})")
    plain = BoltConnectionError("x", "h:1")
    assert plain.errno is None
    assert str(plain).endswith(" x")
    try:
        raise BoltSecurityError("tls", "h:1") from ValueError("bad cert")
    except BoltSecurityError as caught:
        assert str(caught).startswith("[ValueError] Connection Failed.")


EXPECTED_ALL = {
    "DEFAULT_DATABASE",
    "READ_ACCESS",
    "SYSTEM_DATABASE",
    "WRITE_ACCESS",
    "Address",
    "Auth",
    "AuthToken",
    "Bookmarks",
    "EagerResult",
    "GqlStatusObject",
    "IPv4Address",
    "IPv6Address",
    "NotificationCategory",
    "NotificationClassification",
    "NotificationDisabledCategory",
    "NotificationDisabledClassification",
    "NotificationMinimumSeverity",
    "NotificationSeverity",
    "PreviewWarning",
    "Query",
    "ResultSummary",
    "RoutingControl",
    "ServerInfo",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "TrustAll",
    "TrustCustomCAs",
    "TrustSystemCAs",
    "__version__",
    "basic_auth",
    "bearer_auth",
    "custom_auth",
    "get_user_agent",
    "kerberos_auth",
    "unit_of_work",
}


def test_package_exports() -> None:
    assert set(neo4j.__all__) >= EXPECTED_ALL
    assert set(dir(neo4j)) == set(neo4j.__all__)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in EXPECTED_ALL - {
            "NotificationCategory",
            "NotificationDisabledCategory",
            "PreviewWarning",
            "SummaryNotification",
        }:
            assert getattr(neo4j, name) is not None or name.endswith(
                "DATABASE"
            )


@pytest.mark.parametrize(
    ("name", "target", "message"),
    [
        (
            "PreviewWarning",
            PreviewWarning,
            "Importing PreviewWarning from `neo4j` is deprecated",
        ),
        (
            "NotificationCategory",
            neo4j._api.NotificationCategory,
            (
                "NotificationCategory is deprecated. Use "
                "NotificationClassification instead."
            ),
        ),
        (
            "SummaryNotification",
            neo4j._work.SummaryNotification,
            (
                "SummaryNotification and related APIs are deprecated. Use "
                "GqlStatusObjects and related APIs instead."
            ),
        ),
        (
            "NotificationDisabledCategory",
            neo4j._api.NotificationDisabledCategory,
            (
                "NotificationDisabledCategory is deprecated. Use "
                "NotificationDisabledClassification instead."
            ),
        ),
    ],
)
def test_deprecated_package_names(
    name: str, target: object, message: str
) -> None:
    with pytest.warns(DeprecationWarning) as record:
        value = getattr(neo4j, name)
    assert value is target
    assert str(record[0].message).startswith(message)
    assert record[0].filename == __file__


def test_unknown_package_name() -> None:
    with pytest.raises(AttributeError):
        _ = neo4j.DoesNotExist
