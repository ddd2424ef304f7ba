"""Type checks of SUCCESS metadata (``check_success_metadata``) and of
record lengths, on their own and inside the sans-IO core's ``feed()``,
where raising makes the connection defunct."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._bolt import ServerState
from neo4j._bolt.errors import MetadataError, RecordLengthError
from neo4j._bolt.responses import QUERY_TYPES, check_success_metadata
from neo4j._data import Record, record_factory
from neo4j._exceptions import BoltProtocolError
from tests.unit.common.bolt._helpers import make, record, success


GOOD: t.Final[dict[str, t.Any]] = {
    "fields": ["a", "b"],
    "qid": 3,
    "t_first": 0,
    "t_last": 12,
    "has_more": False,
    "db": "neo4j",
    "bookmark": "FB:abc",
    "stats": {"nodes-created": 1, "contains-updates": True},
    "notifications": [{"code": "x"}],
    "statuses": [{"gql_status": "00000"}],
    "plan": {"operatorType": "X"},
    "profile": {},
    "server": "Neo4j/5.26.0",
    "connection_id": "bolt-1",
    "hints": {"connection.recv_timeout_seconds": 5},
    "type": "rw",
}


def test_good_metadata_passes() -> None:
    check_success_metadata(GOOD, "PULL")
    check_success_metadata({}, "RUN")
    check_success_metadata({"fields": []}, "RUN")


@pytest.mark.parametrize("query_type", sorted(QUERY_TYPES))
def test_every_query_type_passes(query_type: str) -> None:
    check_success_metadata({"type": query_type}, "PULL")


def test_null_and_unknown_entries_pass() -> None:
    check_success_metadata(dict.fromkeys(GOOD), "PULL")
    check_success_metadata({"a_future_entry": object()}, "PULL")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("fields", 5, "a list of strings"),
        ("fields", "ab", "a list of strings"),
        ("fields", ["a", 1], "a list of strings"),
        ("fields", ("a",), "a list of strings"),
        ("qid", "1", "an integer"),
        ("qid", True, "an integer"),
        ("qid", 1.0, "an integer"),
        ("t_first", "1", "an integer"),
        ("t_last", False, "an integer"),
        ("has_more", 1, "a boolean"),
        ("has_more", "true", "a boolean"),
        ("db", 5, "a string"),
        ("bookmark", b"bm", "a string"),
        ("bookmark", ["bm"], "a string"),
        ("stats", [], "a map of integers"),
        ("stats", {"nodes-created": "1"}, "a map of integers"),
        ("stats", {"nodes-created": 1.0}, "a map of integers"),
        ("stats", {1: 1}, "a map of integers"),
        ("notifications", {}, "a list of maps"),
        ("notifications", [5], "a list of maps"),
        ("statuses", "00000", "a list of maps"),
        ("statuses", [None], "a list of maps"),
        ("plan", [], "a map"),
        ("profile", "p", "a map"),
        ("server", 5, "a string"),
        ("connection_id", 1, "a string"),
        ("hints", [], "a map"),
    ],
)
def test_wrong_type_raises(key: str, value: t.Any, expected: str) -> None:
    address = ("example.com", 7687)
    with pytest.raises(MetadataError) as info:
        check_success_metadata({"db": "neo4j", key: value}, "RUN", address)
    error = info.value
    assert isinstance(error, BoltProtocolError)
    assert isinstance(error, TypeError)
    assert error.address == address
    assert str(error) == (
        f"Invalid {key!r} in the SUCCESS of RUN: expected {expected}, got "
        f"{value!r}; this is a protocol violation by the server"
    )


@pytest.mark.parametrize("value", [5, "", "R", "read", ["r"], True])
def test_unknown_query_type_has_the_official_class_and_wording(
    value: t.Any,
) -> None:
    with pytest.raises(BoltProtocolError) as info:
        check_success_metadata({"type": value}, "PULL")
    # exactly the official class (testkit compares the class name)
    assert type(info.value) is BoltProtocolError
    assert str(info.value) == (
        f"Unexpected query type {value!r} received from server. "
        "Consider updating the driver."
    )


def test_long_values_are_shortened_in_the_message() -> None:
    with pytest.raises(MetadataError) as info:
        check_success_metadata({"fields": list(range(1000))}, "RUN")
    text = str(info.value)
    assert "got [0, 1, 2," in text
    assert "..." in text
    assert len(text) < 250


# -- record lengths -------------------------------------------------------


def test_record_factory_checks_the_length() -> None:
    make_record = record_factory(("x", "y"))
    assert make_record([1, 2]) == Record({"x": 1, "y": 2})
    for values in ([1], [1, 2, 3], []):
        with pytest.raises(RecordLengthError) as info:
            make_record(values)
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, BoltProtocolError)
        assert str(info.value) == (
            f"keys and values have different length (keys=['x', 'y'], "
            f"values={values!r}); this is either a bug in the driver or "
            "a protocol violation by the server"
        )


def test_record_factory_of_no_keys() -> None:
    make_record = record_factory(())
    assert make_record([]) == Record()
    with pytest.raises(RecordLengthError, match=r"keys=\[\], values=\[1\]"):
        make_record([1])


def test_record_new_checks_the_length() -> None:
    with pytest.raises(RecordLengthError, match="different length"):
        Record._new(["x", "y"], [1])


# -- inside feed(): the connection becomes defunct --------------------------


def _run_and_pull(
    conn: t.Any, keys: tuple[str, ...], on_run: t.Any = None
) -> tuple[t.Any, t.Any, list[Record]]:
    records: list[Record] = []
    run = conn.run("Q", None, on_success=on_run)
    pull = conn.pull(
        n=-1, records=records, record_factory=record_factory(keys)
    )
    conn.take_outgoing()
    return run, pull, records


def test_short_record_makes_the_connection_defunct() -> None:
    conn = make((5, 4))
    _, pull, _ = _run_and_pull(conn, ("x", "y"))
    data = success({"fields": ["x", "y"]}) + record(1, 2) + record(3)
    with pytest.raises(RecordLengthError, match="values=\\[3\\]"):
        conn.feed(data)
    assert conn.defunct
    assert conn.state is ServerState.DEFUNCT
    assert not pull.done
    # nothing more is processed on the defunct connection
    assert conn.feed(success({"type": "r"})) == 0
    assert not pull.done


def test_metadata_check_in_a_callback_makes_the_connection_defunct() -> None:
    conn = make((5, 4))

    def on_run(metadata: dict[str, t.Any]) -> None:
        check_success_metadata(metadata, "RUN")

    run, _, _ = _run_and_pull(conn, ("x",), on_run)
    with pytest.raises(MetadataError, match="'fields'"):
        conn.feed(success({"fields": 5}))
    assert conn.defunct
    assert conn.state is ServerState.DEFUNCT
    assert run.done
