"""The typed JSON of the Query API, both ways, and the core fed with
replies (no server, no I/O)."""

from __future__ import annotations

import datetime
import json
import typing as t
import uuid
import zoneinfo

import pytest

from neo4j._codec.hydration import HydrationScope
from neo4j._codec.packstream import DehydrationHooks
from neo4j._data import BrokenValue
from neo4j._http import (
    HttpReply,
    QueryApiCore,
    QueryApiProtocolError,
    ValueDecoder,
    encode_value,
)
from neo4j.exceptions import ClientError, ConfigurationError
from neo4j.graph import Node
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector


def typed(kind: str, value: t.Any) -> dict[str, t.Any]:
    return {"$type": kind, "_value": value}


def decoder() -> ValueDecoder:
    return ValueDecoder(HydrationScope({}, DehydrationHooks()).hydration_hooks)


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MINUS5 = datetime.timezone(datetime.timedelta(hours=-5))

#: (value, its typed JSON, the value it decodes back to)
BOTH_WAYS = [
    (None, typed("Null", None), None),
    (True, typed("Boolean", True), True),
    (-(2**63), typed("Integer", "-9223372036854775808"), -(2**63)),
    (1.5, typed("Float", "1.5"), 1.5),
    (float("-inf"), typed("Float", "-Infinity"), float("-inf")),
    ("x", typed("String", "x"), "x"),
    (b"\x00\xff", typed("Base64", "AP8="), b"\x00\xff"),
    ((1, "a"), typed("List", [typed("Integer", "1"), typed("String", "a")]),
     [1, "a"]),
    ({"k": None}, typed("Map", {"k": typed("Null", None)}), {"k": None}),
    (datetime.date(2024, 2, 29), typed("Date", "2024-02-29"),
     Date(2024, 2, 29)),
    (Time(1, 2, 3, 4), typed("LocalTime", "01:02:03.000000004"),
     Time(1, 2, 3, 4)),
    (Time(1, 2, 3, 0, MINUS5), typed("Time", "01:02:03-05:00"),
     Time(1, 2, 3, 0, MINUS5)),
    (DateTime(2024, 5, 1, 12, 0, 0, 5),
     typed("LocalDateTime", "2024-05-01T12:00:00.000000005"),
     DateTime(2024, 5, 1, 12, 0, 0, 5)),
    (datetime.datetime(2024, 5, 1, 12, tzinfo=MINUS5),
     typed("OffsetDateTime", "2024-05-01T12:00:00-05:00"),
     DateTime(2024, 5, 1, 12, 0, 0, 0, MINUS5)),
    (datetime.datetime(2024, 5, 1, 12, tzinfo=BERLIN),
     typed("ZonedDateTime", "2024-05-01T12:00:00+02:00[Europe/Berlin]"),
     DateTime.from_native(datetime.datetime(2024, 5, 1, 12,
                                            tzinfo=BERLIN))),
    (Duration(months=14, days=3, seconds=-1, nanoseconds=5),
     typed("Duration", "P14M3DT-0.999999995S"),
     Duration(months=14, days=3, seconds=-1, nanoseconds=5)),
    (datetime.timedelta(seconds=90), typed("Duration", "P0M0DT90S"),
     Duration(seconds=90)),
    (CartesianPoint((1.0, 2.5)), typed("Point", "SRID=7203;POINT (1.0 2.5)"),
     CartesianPoint((1.0, 2.5))),
    (WGS84Point((1.0, 2.0, 3.0)),
     typed("Point", "SRID=4979;POINT Z (1.0 2.0 3.0)"),
     WGS84Point((1.0, 2.0, 3.0))),
]  # fmt: skip


@pytest.mark.parametrize(("value", "wire", "back"), BOTH_WAYS, ids=repr)
def test_both_ways(value: t.Any, wire: t.Any, back: t.Any) -> None:
    assert encode_value(value) == wire
    # the wire form survives JSON unchanged
    assert json.loads(json.dumps(wire)) == wire
    decoded = decoder().decode(wire)
    assert decoded == back
    assert type(decoded) is type(back)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1Y2M3W4DT5H6M7.5S", Duration(years=1, months=2, weeks=3,
                                        days=4, hours=5, minutes=6,
                                        seconds=7, nanoseconds=500000000)),
        ("PT-0.5S", Duration(nanoseconds=-500000000)),
        ("P0D", Duration()),
    ],
)  # fmt: skip
def test_server_durations(text: str, expected: Duration) -> None:
    assert decoder().decode(typed("Duration", text)) == expected


def test_nan_floats_travel_as_text() -> None:
    wire = encode_value(float("nan"))
    assert wire == typed("Float", "NaN")
    back = decoder().decode(wire)
    assert back != back


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (Vector([1.0], "f64"), ConfigurationError, "Vector"),
        (uuid.uuid4(), ValueError, "UUID"),
        (Node(None, "4:x:1", 1), ValueError, "not supported"),
        (object(), ValueError, "not supported"),
        (2**63, OverflowError, "out of range"),
        ({1: "a"}, TypeError, "Map keys must be strings"),
    ],
    ids=repr,
)
def test_what_cannot_travel(value: t.Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        encode_value(value)


def test_unknown_or_malformed_values_become_broken_fields() -> None:
    row = decoder().row(
        [
            typed("Integer", "1"),
            typed("Vector", {"whatever": 1}),
            typed("Date", "not a date"),
            typed("List", [typed("Integer", "x")]),
        ]
    )
    assert row[0] == 1
    for broken in row[1:]:
        assert isinstance(broken, BrokenValue)
    assert isinstance(row[1].error, QueryApiProtocolError)
    assert "unknown application/vnd.neo4j.query $type" in str(row[1].error)


def reply(status: int, body: t.Any, **headers: str) -> HttpReply:
    return HttpReply(status, None, headers, json.dumps(body).encode())


def test_core_pipelines_begin_run_commit() -> None:
    core = QueryApiCore({"Authorization": "Bearer x"})
    begin = core.begin(db="neo4j", mode="r", bookmarks=["b1"])
    run = core.run("RETURN $n", {"n": 1})
    pull = core.pull(n=1)
    request = core.next_request()
    assert request is not None
    assert (request.method, request.path) == ("POST", "db/neo4j/query/v2/tx")
    assert json.loads(request.body or b"") == {
        "accessMode": "Read",
        "bookmarks": ["b1"],
    }
    assert request.headers["Authorization"] == "Bearer x"
    core.receive(
        reply(202, {"transaction": {"id": "t/1"}}, **{
            "neo4j-cluster-affinity": "m2"})
    )  # fmt: skip
    assert begin.done and begin.error is None
    request = core.next_request()
    assert request is not None
    assert request.path == "db/neo4j/query/v2/tx/t%2F1"
    assert request.headers["neo4j-cluster-affinity"] == "m2"
    body = {
        "data": {
            "fields": ["n"],
            "values": [[typed("Integer", "1")], [typed("Integer", "2")]],
        }
    }
    core.receive(reply(200, body))  # fmt: skip
    assert run.metadata == {"fields": ["n"], "qid": 0}
    assert core.next_request() is None
    assert pull.records == [[1]] and pull.metadata == {"has_more": True}
    rest = core.pull(n=-1, qid=0)
    commit = core.commit()
    assert core.next_request() is not None  # the commit
    assert rest.records == [[2]] and rest.metadata["db"] == "neo4j"
    core.receive(reply(200, {"bookmarks": ["b2"]}))
    assert commit.metadata == {"bookmark": "b2"}
    assert not core.transaction_open


def test_core_failure_ignores_what_was_queued_after() -> None:
    core = QueryApiCore({})
    run = core.run("X", db="neo4j")
    pull = core.pull()
    assert core.next_request() is not None
    core.receive(
        reply(400, {"errors": [{"code": "Neo.ClientError.Statement."
                                "SyntaxError", "message": "bad"}]})
    )  # fmt: skip
    assert isinstance(run.error, ClientError)
    assert core.next_request() is None
    assert pull.ignored
    assert core.last_failure is run.error
    # the pipeline takes new work afterwards
    again = core.run("RETURN 1", db="neo4j")
    assert core.next_request() is not None
    core.receive(reply(200, {"data": {"fields": [], "values": []}}))
    assert again.metadata == {"fields": []}


def test_core_queues_all_or_nothing() -> None:
    core = QueryApiCore({})
    mark = core.queue_mark()
    core.begin(db="neo4j")
    with pytest.raises(ValueError, match="not supported"):
        core.run("RETURN $x", {"x": object()})
    core.drop_queued(mark)
    assert core.pending_count == 0
    assert not core.in_transaction


def test_error_page_is_not_a_neo4j_error() -> None:
    core = QueryApiCore({})
    core.run("RETURN 1", db="neo4j")
    core.next_request()
    with pytest.raises(RuntimeError, match="HTTP error 502"):
        core.receive(HttpReply(502, "Bad Gateway", {}, b'"proxy"'))
