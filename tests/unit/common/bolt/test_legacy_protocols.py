"""Bolt 3.0, 4.2 and 4.3 in the sans-IO core: what each version puts on
the wire and what it refuses."""

from __future__ import annotations

import logging
import typing as t

import pytest

from neo4j._bolt.protocol import Bolt3, Bolt4x2, Bolt4x3, Bolt4x4
from neo4j.exceptions import ConfigurationError

from ._helpers import make, record, sent, success


HELLO, RUN, BEGIN, DISCARD, PULL, ROUTE = 0x01, 0x10, 0x11, 0x2F, 0x3F, 0x66
AUTH = {"scheme": "basic", "principal": "u", "credentials": "p"}
CONTEXT = {"address": "localhost:7687"}


def _hello_of(version: tuple[int, int]) -> dict[str, t.Any]:
    conn = make(version, ready=False, auth=AUTH, routing_context=CONTEXT)
    conn.hello()
    [(tag, fields)] = sent(conn)
    assert tag == HELLO
    hello: dict[str, t.Any] = fields[0]
    return hello


def test_class_hierarchy_states_only_changes() -> None:
    assert issubclass(Bolt4x4, Bolt4x3)
    assert issubclass(Bolt4x3, Bolt4x2)
    assert issubclass(Bolt4x2, Bolt3)
    assert Bolt3.PROTOCOL_VERSION == (3, 0)
    assert not Bolt3.MULTI_DATABASE and Bolt4x2.MULTI_DATABASE
    assert not Bolt4x3.SUPPORTS_IMPERSONATION
    assert Bolt4x4.SUPPORTS_IMPERSONATION


@pytest.mark.parametrize(
    ("version", "routing", "patch"),
    [
        ((3, 0), False, False),
        ((4, 2), True, False),
        ((4, 3), True, True),
        ((4, 4), True, True),
        ((5, 0), True, False),
    ],
)
def test_hello_fields(
    version: tuple[int, int], routing: bool, patch: bool
) -> None:
    hello = _hello_of(version)
    assert hello["user_agent"] == "test/1.0"
    assert {k: hello[k] for k in AUTH} == AUTH
    assert ("routing" in hello) is routing
    if routing:
        assert hello["routing"] == CONTEXT
    assert ("patch_bolt" in hello) is patch
    assert "bolt_agent" not in hello


@pytest.mark.parametrize(
    ("version", "keeps_hints"),
    [((3, 0), False), ((4, 2), False), ((4, 3), True), ((4, 4), True)],
)
def test_connection_hints_from_4_3(
    version: tuple[int, int], keeps_hints: bool
) -> None:
    conn = make(version, ready=False)
    conn.hello()
    conn.take_outgoing()
    conn.feed(
        success(
            {
                "server": "Neo4j/4.3.0",
                "hints": {"connection.recv_timeout_seconds": 7},
            }
        )
    )
    assert conn.recv_timeout == (7 if keeps_hints else None)
    assert "hints" not in conn.server_metadata


def test_utc_patch_accepted_on_4_3() -> None:
    conn = make((4, 3), ready=False)
    conn.hello()
    conn.take_outgoing()
    conn.feed(success({"server": "Neo4j/4.3.0", "patch_bolt": ["utc"]}))
    assert conn.utc_patch


def test_bolt3_pull_all_and_discard_all(
    caplog: pytest.LogCaptureFixture,
) -> None:
    conn = make((3, 0))
    with caplog.at_level(logging.DEBUG, logger="neo4j.io"):
        conn.run("RETURN 1", {}, mode="r")
        response = conn.pull(n=1, qid=3)
        conn.discard(n=5)
    assert sent(conn) == [
        (RUN, ["RETURN 1", {}, {"mode": "r"}]),
        (PULL, []),
        (DISCARD, []),
    ]
    assert "[#0ABC]  C: PULL_ALL" in caplog.messages
    assert "[#0ABC]  C: DISCARD_ALL" in caplog.messages
    conn.feed(success({"fields": ["n"]}) + record(1) + record(2))
    conn.feed(success({"type": "r"}))
    assert response.records == [[1], [2]]


def test_bolt4x2_pull_takes_n_and_qid() -> None:
    conn = make((4, 2))
    conn.pull(n=7, qid=2)
    assert sent(conn) == [(PULL, [{"n": 7, "qid": 2}])]


@pytest.mark.parametrize("method", ["run", "begin"])
def test_bolt3_refuses_database(method: str) -> None:
    conn = make((3, 0))
    with pytest.raises(ConfigurationError) as exc_info:
        if method == "run":
            conn.run("RETURN 1", db="adb")
        else:
            conn.begin(db="adb")
    assert str(exc_info.value) == (
        "Database name parameter for selecting database is not supported "
        "in Bolt Protocol 3.0. Database name 'adb'."
    )
    assert sent(conn) == []


@pytest.mark.parametrize("version", [(3, 0), (4, 2), (4, 3)])
@pytest.mark.parametrize("method", ["run", "begin", "route"])
def test_impersonation_refused_before_4_4(
    version: tuple[int, int], method: str
) -> None:
    conn = make(version)
    with pytest.raises(ConfigurationError) as exc_info:
        if method == "run":
            conn.run("RETURN 1", imp_user="bob")
        elif method == "begin":
            conn.begin(imp_user="bob")
        else:
            conn.route(None, "bob")
    major, minor = version
    assert str(exc_info.value) == (
        f"Impersonation is not supported in Bolt Protocol {major}.{minor}. "
        "Trying to impersonate 'bob'."
    )
    assert sent(conn) == []


def test_database_checked_before_impersonation() -> None:
    conn = make((3, 0))
    with pytest.raises(ConfigurationError, match="Database name 'adb'"):
        conn.run("RETURN 1", db="adb", imp_user="bob")


def test_bolt3_route_refuses_a_database_naming_the_agent() -> None:
    conn = make((3, 0))
    with pytest.raises(ConfigurationError) as exc_info:
        conn.route("adb")
    assert str(exc_info.value) == (
        "Database name parameter for selecting database is not supported "
        "in Bolt Protocol 3.0. Database name 'adb'. "
        "Server Agent 'Neo4j/5.26.0'"
    )


def _routing_record() -> bytes:
    servers = [{"role": "ROUTE", "addresses": ["a:1"]}]
    return record(300, servers)


def test_bolt3_route_calls_the_cluster_procedure() -> None:
    conn = make((3, 0), routing_context=CONTEXT)
    seen: list[dict[str, t.Any]] = []
    response = conn.route(None, None, ["ignored"], on_success=seen.append)
    assert sent(conn) == [
        (
            RUN,
            [
                "CALL dbms.cluster.routing.getRoutingTable($context)",
                {"context": CONTEXT},
                {"mode": "r"},
            ],
        ),
        (PULL, []),
    ]
    conn.feed(success({"fields": ["ttl", "servers"]}) + _routing_record())
    conn.feed(success({}))
    assert response.done
    assert response.metadata is not None
    assert response.metadata["rt"] == {
        "ttl": 300,
        "servers": [{"role": "ROUTE", "addresses": ["a:1"]}],
    }
    assert seen == [response.metadata]
    assert conn.last_database is None


def test_route_without_a_record_has_no_table() -> None:
    conn = make((3, 0))
    response = conn.route()
    sent(conn)
    conn.feed(success({"fields": ["ttl", "servers"]}) + success({}))
    assert response.metadata == {}


@pytest.mark.parametrize(
    ("database", "query", "params"),
    [
        (None, "CALL dbms.routing.getRoutingTable($context)", {}),
        (
            "adb",
            "CALL dbms.routing.getRoutingTable($context, $database)",
            {"database": "adb"},
        ),
    ],
)
def test_bolt4x2_route_calls_the_procedure_on_system(
    database: str | None, query: str, params: dict[str, t.Any]
) -> None:
    conn = make((4, 2), routing_context=CONTEXT)
    response = conn.route(database, None, ["bm:1"])
    assert sent(conn) == [
        (
            RUN,
            [
                query,
                {"context": CONTEXT, **params},
                {"mode": "r", "bookmarks": ["bm:1"], "db": "system"},
            ],
        ),
        (PULL, [{"n": -1}]),
    ]
    conn.feed(success({"fields": ["ttl", "servers"]}) + _routing_record())
    conn.feed(success({}))
    assert response.metadata is not None
    assert response.metadata["rt"]["ttl"] == 300


@pytest.mark.parametrize(
    ("version", "target"),
    [((4, 3), "adb"), ((4, 4), {"db": "adb"})],
)
def test_route_message_from_4_3(
    version: tuple[int, int], target: t.Any
) -> None:
    conn = make(version, routing_context=CONTEXT)
    conn.route("adb", None, ["bm:1"])
    assert sent(conn) == [(ROUTE, [CONTEXT, ["bm:1"], target])]


def test_route_message_4_3_home_database_is_null() -> None:
    conn = make((4, 3))
    conn.route()
    assert sent(conn) == [(ROUTE, [{}, [], None])]
