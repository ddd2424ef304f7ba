"""The server state machine: the table itself, and connections walked
through it by feeding server bytes (no socket)."""

from __future__ import annotations

import pytest

from neo4j._bolt.protocol import PROTOCOL_CLASSES
from neo4j._bolt.responses import ServerState
from neo4j._bolt.transitions import (
    BOLT4_TABLE,
    LOGON_TABLE,
    Outcome,
    next_state,
)

from ._helpers import failure, ignored, make, record, success


S = ServerState
O = Outcome  # noqa: E741
ALL = sorted(PROTOCOL_CLASSES)
SYNTAX = {"code": "Neo.ClientError.Statement.SyntaxError", "message": "x"}

# (state, request, outcome, next) shared by every version we speak
COMMON = [
    (S.READY, "run", O.SUCCESS, S.STREAMING),
    (S.STREAMING, "pull", O.SUCCESS, S.READY),
    (S.STREAMING, "pull", O.MORE, S.STREAMING),
    (S.STREAMING, "discard", O.SUCCESS, S.READY),
    (S.STREAMING, "discard", O.MORE, S.STREAMING),
    (S.READY, "begin", O.SUCCESS, S.TX_READY),
    (S.TX_READY, "run", O.SUCCESS, S.TX_STREAMING),
    (S.TX_STREAMING, "run", O.SUCCESS, S.TX_STREAMING),
    (S.TX_STREAMING, "pull", O.SUCCESS, S.TX_READY),
    (S.TX_STREAMING, "pull", O.MORE, S.TX_STREAMING),
    (S.TX_STREAMING, "discard", O.SUCCESS, S.TX_READY),
    (S.TX_READY, "commit", O.SUCCESS, S.READY),
    (S.TX_READY, "rollback", O.SUCCESS, S.READY),
    (S.READY, "run", O.FAILURE, S.FAILED),
    (S.STREAMING, "pull", O.FAILURE, S.FAILED),
    (S.TX_READY, "run", O.FAILURE, S.FAILED),
    (S.READY, "begin", O.FAILURE, S.FAILED),
    (S.TX_READY, "commit", O.FAILURE, S.FAILED),
    (S.READY, "route", O.FAILURE, S.FAILED),
    (S.FAILED, "reset", O.QUEUED, S.INTERRUPTED),
    (S.STREAMING, "reset", O.QUEUED, S.INTERRUPTED),
    (S.INTERRUPTED, "reset", O.SUCCESS, S.READY),
    (S.INTERRUPTED, "reset", O.MORE, S.INTERRUPTED),
    (S.INTERRUPTED, "reset", O.FAILURE, S.DEFUNCT),
    (S.INTERRUPTED, "reset", O.IGNORED, S.DEFUNCT),
    (S.CONNECTED, "hello", O.FAILURE, S.DEFUNCT),
    (S.READY, "goodbye", O.QUEUED, S.DEFUNCT),
    (S.TX_STREAMING, "goodbye", O.QUEUED, S.DEFUNCT),
]
BEFORE_LOGON = [(S.CONNECTED, "hello", O.SUCCESS, S.READY)]
WITH_LOGON = [
    (S.CONNECTED, "hello", O.SUCCESS, S.AUTHENTICATION),
    (S.AUTHENTICATION, "logon", O.SUCCESS, S.READY),
    (S.AUTHENTICATION, "logon", O.FAILURE, S.DEFUNCT),
    (S.READY, "logoff", O.SUCCESS, S.AUTHENTICATION),
    (S.READY, "logoff", O.FAILURE, S.DEFUNCT),
]
# events the table does not know: the state stays
UNKNOWN = [
    (S.READY, "route", O.SUCCESS),
    (S.READY, "telemetry", O.SUCCESS),
    (S.READY, "commit", O.SUCCESS),
    (S.CONNECTED, "run", O.SUCCESS),
    (S.STREAMING, "begin", O.SUCCESS),
    (S.TX_READY, "pull", O.SUCCESS),
    (S.READY, "run", O.IGNORED),
    (S.FAILED, "run", O.IGNORED),
    (S.INTERRUPTED, "run", O.SUCCESS),
    (S.INTERRUPTED, "run", O.FAILURE),
    (S.INTERRUPTED, "hello", O.SUCCESS),
    (S.INTERRUPTED, "begin", O.SUCCESS),
    (S.DEFUNCT, "reset", O.QUEUED),
    (S.DEFUNCT, "hello", O.FAILURE),
    (S.DEFUNCT, "run", O.SUCCESS),
]


def _spec(version: tuple[int, int]) -> list[tuple[S, str, O, S]]:
    return COMMON + (BEFORE_LOGON if version < (5, 1) else WITH_LOGON)


@pytest.mark.parametrize("version", ALL)
def test_table_has_every_spec_transition(version: tuple[int, int]) -> None:
    table = PROTOCOL_CLASSES[version].TRANSITIONS
    assert table is (BOLT4_TABLE if version < (5, 1) else LOGON_TABLE)
    for state, request, outcome, expected in _spec(version):
        got = next_state(table, state, request, outcome)
        assert got is expected, (state, request, outcome)


@pytest.mark.parametrize("table", [BOLT4_TABLE, LOGON_TABLE])
@pytest.mark.parametrize(("state", "request_", "outcome"), UNKNOWN)
def test_unknown_event_keeps_state(
    table: dict[tuple[S, str, O], S], state: S, request_: str, outcome: O
) -> None:
    assert (state, request_, outcome) not in table
    assert next_state(table, state, request_, outcome) is state


def test_logon_rows_only_from_5_1() -> None:
    assert (S.AUTHENTICATION, "logon", O.SUCCESS) not in BOLT4_TABLE
    assert (S.READY, "logoff", O.SUCCESS) not in BOLT4_TABLE


@pytest.mark.parametrize("table", [BOLT4_TABLE, LOGON_TABLE])
def test_defunct_is_final_and_every_state_reachable(
    table: dict[tuple[S, str, O], S],
) -> None:
    assert all(state is not S.DEFUNCT for state, _, _ in table)
    reached = {S.CONNECTED}
    frontier = [S.CONNECTED]
    while frontier:
        here = frontier.pop()
        for (state, _, _), target in table.items():
            if state is here and target not in reached:
                reached.add(target)
                frontier.append(target)
    expected = set(S)
    if table is BOLT4_TABLE:
        expected.discard(S.AUTHENTICATION)
    assert reached == expected


# -- connections walked through the table ------------------------------------


@pytest.mark.parametrize("version", ALL)
def test_walk_greeting(version: tuple[int, int]) -> None:
    conn = make(version, ready=False)
    assert conn.state is S.CONNECTED
    conn.hello()
    conn.feed(success())
    if version < (5, 1):
        assert conn.state is S.READY
        return
    assert conn.state is S.AUTHENTICATION
    conn.feed(success())
    assert conn.state is S.READY
    conn.logoff()
    conn.logon({"scheme": "none"})
    conn.feed(success())
    assert conn.state is S.AUTHENTICATION
    conn.feed(success())
    assert conn.state is S.READY


@pytest.mark.parametrize("version", ALL)
def test_walk_auto_commit(version: tuple[int, int]) -> None:
    conn = make(version)
    conn.run("X")
    conn.pull(n=1)
    conn.feed(success({"fields": ["x"]}))
    assert conn.state is S.STREAMING
    conn.feed(record(1) + success({"has_more": True}))
    assert conn.state is S.STREAMING
    conn.discard()
    conn.feed(success())
    assert conn.state is S.READY
    assert conn.is_reset


@pytest.mark.parametrize("version", ALL)
@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_walk_transaction(version: tuple[int, int], end: str) -> None:
    conn = make(version)
    conn.begin()
    conn.run("A")
    conn.pull(n=1)
    conn.feed(success() + success({"qid": 0}))
    assert conn.state is S.TX_STREAMING
    conn.feed(record(1) + success({"has_more": True}))
    assert conn.state is S.TX_STREAMING
    conn.run("B")
    conn.feed(success({"qid": 1}))
    conn.discard(qid=0)
    conn.feed(success())
    assert conn.state is S.TX_STREAMING  # B is still open
    conn.pull(qid=1)
    conn.feed(success())
    assert conn.state is S.TX_READY
    getattr(conn, end)()
    conn.feed(success())
    assert conn.state is S.READY


@pytest.mark.parametrize("version", ALL)
def test_walk_failure_and_reset(version: tuple[int, int]) -> None:
    conn = make(version)
    conn.run("X")
    conn.pull()
    conn.feed(failure(dict(SYNTAX)) + ignored())
    assert conn.state is S.FAILED
    conn.reset()
    conn.reset()
    assert conn.state is S.INTERRUPTED
    conn.feed(success())
    assert conn.state is S.INTERRUPTED  # the second RESET is pending
    conn.feed(success())
    assert conn.state is S.READY
    assert conn.last_failure is None


def test_walk_goodbye_is_final() -> None:
    conn = make((5, 0))
    conn.goodbye()
    assert conn.state is S.DEFUNCT
    assert conn.defunct
    conn.reset()
    assert conn.state is S.DEFUNCT


def test_unexpected_success_keeps_state() -> None:
    conn = make((5, 0))
    conn.route("neo4j")
    conn.commit()  # nonsense outside a transaction; the server agrees
    conn.feed(success({"rt": {}}) + success())
    assert conn.state is S.READY
    assert conn.pending_count == 0
