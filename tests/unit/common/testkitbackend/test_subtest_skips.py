"""Skipping single subtests, and how zero offsets are reported."""

from __future__ import annotations

import datetime as dt
import json
import typing as t

import pytest

from neo4j.time import DateTime
from testkitbackend import _config
from testkitbackend._async.backend import AsyncBackend
from testkitbackend._cypher import from_native


_TABLE = {
    "'neo4j.a.T.test_x'": {
        r"tz_id=SystemV/": "old zone",
        r"tz_id=Africa/Monrovia$": "rounded",
    },
}


def test_subtest_skip_reason_matches_string_arguments() -> None:
    reason = _config.subtest_skip_reason
    test = "neo4j.a.T.test_x"
    assert reason(test, {"tz_id": "SystemV/AST4"}, _TABLE) == "old zone"
    assert reason(test, {"tz_id": "Africa/Monrovia"}, _TABLE) == "rounded"
    assert reason(test, {"tz_id": "Africa/Monrovia2"}, _TABLE) is None
    assert reason(test, {"tz_id": "Europe/Berlin"}, _TABLE) is None
    # only plain strings are matched, and only for the listed test
    assert reason(test, {"tz_id": {"x": "SystemV/AST4"}}, _TABLE) is None
    assert reason("neo4j.a.T.test_y", {"tz_id": "SystemV/X"}, _TABLE) is None


def test_has_subtest_skips() -> None:
    assert _config.has_subtest_skips("neo4j.a.T.test_x", _TABLE)
    assert not _config.has_subtest_skips("neo4j.a.T.test_xy", _TABLE)


def test_every_subtest_skip_has_a_reason() -> None:
    assert _config.SUBTEST_SKIPS
    for pattern, subtests in _config.SUBTEST_SKIPS.items():
        assert pattern
        for sub_pattern, reason in subtests.items():
            assert sub_pattern
            assert reason.strip(), sub_pattern


def _frame(name: str, data: dict[str, t.Any]) -> list[str]:
    body = json.dumps({"name": name, "data": data})
    return ["#request begin\n", body + "\n", "#request end\n"]


class _Stream:
    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.written = bytearray()

    async def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""

    async def write(self, data: bytes) -> None:
        self.written += data

    async def close(self) -> None:
        pass

    def responses(self) -> list[tuple[str, dict[str, t.Any]]]:
        out = []
        for chunk in self.written.decode().split("#response begin\n")[1:]:
            body = chunk.partition("#response end\n")[0]
            obj = json.loads(body)
            out.append((obj["name"], obj["data"]))
        return out


async def test_backend_asks_for_subtests_and_skips_listed_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_config, "SUBTEST_SKIPS", _TABLE)
    stream = _Stream(
        _frame("StartTest", {"testName": "neo4j.a.T.test_x"})
        + _frame("StartTest", {"testName": "neo4j.a.T.test_y"})
        + _frame(
            "StartSubTest",
            {
                "testName": "neo4j.a.T.test_x",
                "subtestArguments": {"tz_id": "SystemV/EST5"},
            },
        )
        + _frame(
            "StartSubTest",
            {
                "testName": "neo4j.a.T.test_x",
                "subtestArguments": {"tz_id": "Europe/Paris"},
            },
        )
    )
    backend = AsyncBackend(stream)  # type: ignore[arg-type]
    while await backend.process_request():
        pass
    await backend.close()
    assert stream.responses() == [
        ("RunSubTests", {}),
        ("RunTest", {}),
        ("SkipTest", {"reason": "old zone"}),
        ("RunTest", {}),
    ]


@pytest.mark.parametrize(
    "tz", [dt.timezone.utc, dt.timezone(dt.timedelta(0), "Z")]
)
def test_zero_offset_is_reported_as_zone_utc(tz: dt.tzinfo) -> None:
    # testkit expects Python drivers to report both as zone UTC
    data = from_native(DateTime(1976, 6, 13, 12, 34, 56, tzinfo=tz))["data"]
    assert data["utc_offset_s"] == 0
    assert data["timezone_id"] == "UTC"


def test_other_fixed_offsets_have_no_zone() -> None:
    tz = dt.timezone(dt.timedelta(hours=-5))
    data = from_native(DateTime(1976, 6, 13, 12, 34, 56, tzinfo=tz))["data"]
    assert data["utc_offset_s"] == -18000
    assert "timezone_id" not in data
