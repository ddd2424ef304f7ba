"""ResultSummary attributes and SummaryCounters."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._exceptions import BoltProtocolError
from neo4j._work.summary import (
    ResultSummary,
    SummaryCounters,
)
from neo4j.addressing import Address
from neo4j.api import ServerInfo


ADDRESS = Address(("localhost", 7687))


def make_summary(
    protocol_version: tuple[int, int] = (5, 6),
    had_key: bool = True,
    had_record: bool = True,
    **metadata: t.Any,
) -> ResultSummary:
    server = ServerInfo(ADDRESS, protocol_version)
    return ResultSummary(
        ADDRESS, had_key, had_record, {"server": server, **metadata}
    )


@pytest.mark.parametrize(
    "version", [(4, 4), (5, 0), (5, 4), (5, 6), (5, 8), (6, 0)]
)
def test_attributes_from_metadata(version: tuple[int, int]) -> None:
    plan = {"operatorType": "ProduceResults", "children": []}
    profile = {"operatorType": "ProduceResults", "dbHits": 3}
    summary = make_summary(
        version,
        db="movies",
        query="MATCH (n) RETURN n",
        parameters={"x": 1},
        type="r",
        plan=plan,
        profile=profile,
        t_first=12,
        t_last=34,
        result_available_after=99,
        result_consumed_after=98,
        bookmark="bm:1",
    )
    assert summary.server.protocol_version == version
    assert summary.server.address == ADDRESS
    assert summary.database == "movies"
    assert summary.query == "MATCH (n) RETURN n"
    assert summary.parameters == {"x": 1}
    assert summary.query_type == "r"
    assert summary.plan is plan
    assert summary.profile is profile
    # Bolt 3+ names the timings t_first/t_last
    assert summary.result_available_after == 12
    assert summary.result_consumed_after == 34
    assert summary.metadata["bookmark"] == "bm:1"


def test_legacy_timing_keys_before_bolt_3() -> None:
    summary = make_summary(
        (1, 0),
        t_first=12,
        t_last=34,
        result_available_after=56,
        result_consumed_after=78,
    )
    assert summary.result_available_after == 56
    assert summary.result_consumed_after == 78


def test_missing_entries_are_none() -> None:
    summary = make_summary()
    assert summary.database is None
    assert summary.query is None
    assert summary.parameters is None
    assert summary.query_type is None
    assert summary.plan is None
    assert summary.profile is None
    assert summary.result_available_after is None
    assert summary.result_consumed_after is None
    assert repr(summary.counters) == "SummaryCounters({})"


def test_metadata_is_kept_as_given() -> None:
    server = ServerInfo(ADDRESS, (5, 6))
    metadata = {"server": server, "db": "neo4j", "extra": [1, 2]}
    summary = ResultSummary(ADDRESS, True, False, metadata)
    assert summary.metadata is metadata
    assert summary.server is server


@pytest.mark.parametrize("query_type", ["r", "w", "rw", "s"])
def test_known_query_types(query_type: str) -> None:
    assert make_summary(type=query_type).query_type == query_type


@pytest.mark.parametrize("query_type", ["x", "R", "", 1])
def test_unknown_query_type_is_a_protocol_error(query_type: object) -> None:
    with pytest.raises(BoltProtocolError) as exc_info:
        make_summary(type=query_type)
    assert str(exc_info.value) == (
        f"Unexpected query type {query_type!r} received from server. "
        "Consider updating the driver."
    )
    assert exc_info.value.address == ADDRESS


def test_missing_server_entry() -> None:
    with pytest.raises(KeyError):
        ResultSummary(ADDRESS, True, True, {})


def test_summary_counters_from_stats() -> None:
    summary = make_summary(
        stats={
            "nodes-created": 1,
            "nodes-deleted": 2,
            "relationships-created": 3,
            "relationships-deleted": 4,
            "properties-set": 5,
            "labels-added": 6,
            "labels-removed": 7,
            "indexes-added": 8,
            "indexes-removed": 9,
            "constraints-added": 10,
            "constraints-removed": 11,
            "system-updates": 12,
        }
    )
    counters = summary.counters
    assert isinstance(counters, SummaryCounters)
    assert counters.nodes_created == 1
    assert counters.nodes_deleted == 2
    assert counters.relationships_created == 3
    assert counters.relationships_deleted == 4
    assert counters.properties_set == 5
    assert counters.labels_added == 6
    assert counters.labels_removed == 7
    assert counters.indexes_added == 8
    assert counters.indexes_removed == 9
    assert counters.constraints_added == 10
    assert counters.constraints_removed == 11
    assert counters.system_updates == 12
    assert counters.contains_updates is True
    assert counters.contains_system_updates is True


def test_counter_defaults() -> None:
    counters = SummaryCounters({})
    for name in (
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "labels_removed",
        "indexes_added",
        "indexes_removed",
        "constraints_added",
        "constraints_removed",
        "system_updates",
    ):
        assert getattr(counters, name) == 0
    assert counters.contains_updates is False
    assert counters.contains_system_updates is False
    assert str(counters) == (
        "SummaryCounters{contains_updates: False, "
        "contains_system_updates: False}"
    )


@pytest.mark.parametrize(
    "key",
    [
        "nodes-created",
        "nodes-deleted",
        "relationships-created",
        "relationships-deleted",
        "properties-set",
        "labels-added",
        "labels-removed",
        "indexes-added",
        "indexes-removed",
        "constraints-added",
        "constraints-removed",
    ],
)
def test_each_graph_counter_means_updates(key: str) -> None:
    counters = SummaryCounters({key: 1})
    assert counters.contains_updates is True
    assert counters.contains_system_updates is False


def test_system_updates_are_not_graph_updates() -> None:
    counters = SummaryCounters({"system-updates": 1})
    assert counters.contains_updates is False
    assert counters.contains_system_updates is True


def test_server_flags_override_counters() -> None:
    counters = SummaryCounters(
        {
            "nodes-created": 1,
            "contains-updates": False,
            "contains-system-updates": True,
        }
    )
    assert counters.nodes_created == 1
    assert counters.contains_updates is False
    assert counters.contains_system_updates is True


def test_counters_repr_and_str() -> None:
    counters = SummaryCounters(
        {
            "nodes-created": 1,
            "labels-added": 0,
            "contains-updates": False,
            "system-updates": 2,
            "unknown-key": 7,
        }
    )
    assert repr(counters) == (
        "SummaryCounters({'nodes-created': 1, 'labels-added': 0, "
        "'contains-updates': False, 'system-updates': 2})"
    )
    # zero values and private flags are hidden
    assert str(counters) == (
        "SummaryCounters{nodes_created: 1, system_updates: 2, "
        "contains_updates: False, contains_system_updates: True}"
    )
    assert not hasattr(counters, "unknown_key")


def test_counters_accept_pairs() -> None:
    counters = SummaryCounters([("nodes-created", 3)])  # type: ignore[arg-type]
    assert counters.nodes_created == 3
