# This file is generated from tests/stub/async_/test_disconnects.py by bin/make-unasync; do not edit.
# make-unasync digest: e8931995493baa8542e8045f1186aee134861f91802840039a9aa1209f13e146
"""A server that hangs up at a chosen moment (async twin).

``tests/stub/sync/test_disconnects.py`` is generated from this file.
Whatever the moment, the driver raises the official exception type
(``ServiceUnavailable`` on ``bolt://``, ``SessionExpired`` on
``neo4j://``, ``IncompleteCommit`` when a COMMIT went out unanswered),
drops the dead connection and serves the next query on a new one.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import (
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

#: driver config that makes retries immediate
FAST_RETRY = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}

RUN_PULL = 'C: RUN "Q" {} {"db": "neo4j"}\nC: PULL {"n": 1000}\n'
TX_RUN_PULL = 'C: RUN "Q" {} {}\nC: PULL {"n": 1000}\n'
BEGIN = 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'

#: the script of the connection that works after the hang-up
RECOVERY = (
    HEADER + 'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
    'C: PULL {"n": 1000}\n'
    'S: SUCCESS {"fields": ["x"]}\n'
    "   RECORD [1]\n"
    '   SUCCESS {"type": "r"}\n'
)


def _recovers(session: t.Any) -> None:
    result = session.run("RETURN 1 AS x")
    assert (result.single(strict=True))["x"] == 1


def test_hang_up_before_run_is_answered(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(HEADER + RUN_PULL + "S: <EXIT>\n", RECOVERY)
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable) as info:
            session.run("Q")
        assert type(info.value) is ServiceUnavailable
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_after_run_success(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\nS: <EXIT>\n',
        RECOVERY,
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        result = session.run("Q")
        # documented as a tuple; the official driver returns a list
        assert tuple(result.keys()) == ("x",)
        with pytest.raises(ServiceUnavailable) as info:
            result.consume()
        assert type(info.value) is ServiceUnavailable
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_mid_stream(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    seen = []
    with driver.session(database="neo4j") as session:
        result = session.run("Q")
        with pytest.raises(ServiceUnavailable) as info:
            for record in result:
                seen.append(record["x"])
        assert type(info.value) is ServiceUnavailable
        _recovers(session)
    assert seen == [1, 2]
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_between_pull_batches(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        "S: <EXIT>\n",
        RECOVERY.replace('{"n": 1000}', '{"n": 2}'),
    )
    driver = make_driver(server)
    seen = []
    with driver.session(database="neo4j", fetch_size=2) as session:
        result = session.run("Q")
        with pytest.raises(ServiceUnavailable):
            for record in result:
                seen.append(record["x"])
        _recovers(session)
    assert seen == [1, 2]
    driver.close()
    server.done()


def test_hang_up_during_begin(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\nS: <EXIT>\n', RECOVERY
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable) as info:
            tx = session.begin_transaction()
            tx.run("Q")
        assert type(info.value) is ServiceUnavailable
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_during_tx_run(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + "S: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        with pytest.raises(ServiceUnavailable) as info:
            tx.run("Q")
        assert type(info.value) is ServiceUnavailable
        tx.close()
        assert tx.closed()
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_during_commit_is_incomplete_commit(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        (tx.run("Q")).consume()
        with pytest.raises(IncompleteCommit) as info:
            tx.commit()
        assert isinstance(info.value, ServiceUnavailable)
        assert info.value.is_retryable() is False
        assert tx.closed()
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_before_commit_is_a_retryable_write_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the server left after the query's answer, before COMMIT was sent:
    # nothing was committed, so the error is not IncompleteCommit
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        (tx.run("Q")).consume()
        server.wait_hung_up(1)
        with pytest.raises(ServiceUnavailable) as info:
            tx.commit()
        assert type(info.value) is ServiceUnavailable
        assert info.value.is_retryable() is True
        assert "Failed to write to defunct connection" in str(info.value)
        assert tx.closed()
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_execute_write_retries_a_hang_up_before_commit(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "S: <EXIT>\n",
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm-2"}\n',
    )
    driver = make_driver(server, **FAST_RETRY)
    attempts = []

    def work(tx: t.Any) -> int:
        attempts.append(1)
        (tx.run("Q")).consume()
        if len(attempts) == 1:
            server.wait_hung_up(1)
        return len(attempts)

    with driver.session(database="neo4j") as session:
        assert session.execute_write(work) == 2
        bookmarks = session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm-2"})
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_incomplete_commit_is_not_retried_by_execute_write(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        "S: <EXIT>\n"
    )
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    def work(tx: t.Any) -> None:
        calls.append(1)
        (tx.run("Q")).consume()

    with driver.session(database="neo4j") as session:
        with pytest.raises(IncompleteCommit):
            session.execute_write(work)
    assert calls == [1]
    driver.close()
    server.done()
    assert server.connection_count == 1


def test_hang_up_during_rollback(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + "C: ROLLBACK\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        with pytest.raises(ServiceUnavailable) as info:
            tx.rollback()
        assert type(info.value) is ServiceUnavailable
        assert tx.closed()
        _recovers(session)
    driver.close()
    server.done()


def test_execute_write_retries_a_hang_up_on_a_new_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + "S: <EXIT>\n",
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [5]\n"
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm:9"}\n',
    )
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    def work(tx: t.Any) -> int:
        calls.append(1)
        record = (tx.run("Q")).single(strict=True)
        return t.cast(int, record["x"])

    with driver.session(database="neo4j") as session:
        assert session.execute_write(work) == 5
        bookmarks = session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm:9"})
    assert calls == [1, 1]
    driver.close()
    server.done()
    assert server.connection_count == 2


def test_hang_up_during_hello(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\nC: HELLO {...}\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        # the official driver reports a hang-up during the greeting as
        # SessionExpired, even on bolt://
        with pytest.raises(SessionExpired) as info:
            session.run("RETURN 1 AS x")
        assert type(info.value) is SessionExpired
        _recovers(session)
    driver.close()
    server.done()
    assert server.connection_count == 2


# ---------------------------------------------------------------------------
# routing driver: a member that hangs up -> SessionExpired
# ---------------------------------------------------------------------------

ROUTER = (
    HEADER + "!: ALLOW RESTART\n"
    'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
    'S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [\n'
    '  {"role": "ROUTE", "addresses": ["${address}"]},\n'
    '  {"role": "READ", "addresses": ["${reader}"]},\n'
    '  {"role": "WRITE", "addresses": ["${reader}"]}]}}\n'
)


def test_routed_hang_up_mid_stream_is_session_expired(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j", "mode": "r"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "S: <EXIT>\n"
    )
    router = stub_server.start(ROUTER, reader=reader.address)
    driver = make_driver(router, scheme="neo4j")
    seen = []
    with driver.session(
        database="neo4j", default_access_mode="READ"
    ) as session:
        result = session.run("Q")
        with pytest.raises(SessionExpired):
            for record in result:
                seen.append(record["x"])
    assert seen == [1]
    driver.close()
    reader.done()
    router.done()
