# This file is generated from tests/unit/async_/test_driver_fake.py by bin/make-unasync; do not edit.
# make-unasync digest: 5f7d70e67e86efedcef0200c9e0372b0b715fef48463e6f938ed01252bbc0645
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Driver, pool, session, transaction and result logic against the
in-process fake Bolt server (tests/unit/sync/fake_bolt.py)."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import Util
from neo4j._work.query import Query
from neo4j.api import Bookmarks
from neo4j.exceptions import (
    ClientError,
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    CypherSyntaxError,
    DriverError,
    IncompleteCommit,
    ResultConsumedError,
    ResultNotSingleError,
    ServiceUnavailable,
    SessionError,
    TransactionError,
    TransientError,
)

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
    failure,
)


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


class Recorder:
    """Handler wrapper recording the fields of every request."""

    def __init__(self, overrides: dict[str, t.Any] | None = None) -> None:
        self.calls: list[tuple[str, list[t.Any]]] = []
        self.overrides = overrides or {}

    def __call__(
        self, conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        self.calls.append((name, fields))
        override = self.overrides.get(name)
        if override is not None:
            replies = override(conn, fields)
            if replies is not None:
                return t.cast("list[Reply]", replies)
        return default_handler(conn, name, fields)

    def fields_of(self, name: str) -> list[list[t.Any]]:
        return [fields for n, fields in self.calls if n == name]


def test_run_streams_in_fetch_size_batches(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        with driver.session(fetch_size=3) as session:
            result = session.run("10")
            assert result.keys() == ["x"]
            values = [record["x"] for record in result]
            assert values == list(range(10))
    # GOODBYE may still be in flight: compare what must have arrived
    assert server.requests()[0][:7] == [
        "HELLO",
        "LOGON",
        "RUN",
        "PULL",
        "PULL",
        "PULL",
        "PULL",
    ]


def test_connection_is_reused(server: FakeBoltServer) -> None:
    with driver_for(server) as driver:
        for _ in range(3):
            with driver.session() as session:
                result = session.run("2")
                assert result.value() == [0, 1]
    assert len(server.connections) == 1


def test_unknown_config_key() -> None:
    with pytest.raises(ConfigurationError, match="Unexpected config keys"):
        GraphDatabase.driver("bolt://localhost", nonsense=1)


def test_driver_close_is_idempotent_and_final(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    driver.verify_connectivity()
    driver.close()
    driver.close()
    with pytest.raises(DriverError, match="Driver closed"):
        driver.session()
    with pytest.raises(DriverError, match="Driver closed"):
        driver.execute_query("RETURN 1")


def test_acquisition_timeout_when_pool_is_full(
    server: FakeBoltServer,
) -> None:
    with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=0.2
    ) as driver:
        holder = driver.session(fetch_size=1)
        result = holder.run("5")  # keeps the connection busy
        with driver.session() as other:
            with pytest.raises(
                ConnectionAcquisitionTimeoutError,
                match=r"failed to obtain a connection from the pool within "
                r"0\.2s \(timeout\)",
            ):
                other.run("1")
        assert result.value() == [0, 1, 2, 3, 4]
        holder.close()
        # the slot is free again
        with driver.session() as other:
            assert (other.run("1")).value() == [0]
    assert len(server.connections) == 1


def test_defunct_connection_is_never_reused() -> None:
    def die_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "die":
            return ["close"]
        return None

    with FakeBoltServer(Recorder({"RUN": die_on_run})) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(ServiceUnavailable) as exc_info:
                    session.run("die")
                assert isinstance(exc_info.value.__cause__, OSError)
                result = session.run("1")
                assert result.value() == [0]
        assert len(server.connections) == 2


def test_server_failure_raises_and_connection_is_reset() -> None:
    def fail_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "bad":
            return [failure("Neo.ClientError.Statement.SyntaxError", "oops")]
        return None

    recorder = Recorder({"RUN": fail_on_run})
    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(CypherSyntaxError) as exc_info:
                    session.run("bad")
                assert exc_info.value.code == (
                    "Neo.ClientError.Statement.SyntaxError"
                )
                assert exc_info.value.message == "oops"
                result = session.run("1")
                assert result.value() == [0]
        names = server.requests()[0]
        assert names[2:6] == ["RUN", "PULL", "RESET", "RUN"]
        assert len(server.connections) == 1


def test_execute_write_retries_with_backoff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(Util, "sleep", fake_sleep)
    commits = {"n": 0}

    def flaky_commit(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        commits["n"] += 1
        if commits["n"] <= 2:
            return [
                failure(
                    "Neo.TransientError.Transaction.DeadlockDetected", "dl"
                )
            ]
        return None

    recorder = Recorder({"COMMIT": flaky_commit})
    calls = []

    def work(tx: t.Any, n: str) -> list[int]:
        calls.append(n)
        result = tx.run(n)
        return t.cast("list[int]", result.value())

    with FakeBoltServer(recorder) as server:
        with (
            driver_for(
                server,
                initial_retry_delay=0.5,
                retry_delay_multiplier=3.0,
                retry_delay_jitter_factor=0.0,
            ) as driver,
            driver.session() as session,
        ):
            assert session.execute_write(work, "3") == [0, 1, 2]
    assert calls == ["3", "3", "3"]
    assert sleeps == [0.5, 1.5]
    assert len(recorder.fields_of("BEGIN")) == 3


def test_execute_write_gives_up_after_max_retry_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", fake_sleep)

    def always_fail(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        return [failure("Neo.TransientError.General.Busy", "busy")]

    recorder = Recorder({"COMMIT": always_fail})

    def work(tx: t.Any) -> None:
        (tx.run("1")).consume()

    with FakeBoltServer(recorder) as server:
        with driver_for(server, max_transaction_retry_time=0) as driver:
            with driver.session() as session:
                with pytest.raises(TransientError, match="busy"):
                    session.execute_write(work)
    assert len(recorder.fields_of("COMMIT")) == 2


def test_non_driver_errors_are_not_retried(
    server: FakeBoltServer,
) -> None:
    attempts = []

    def work(tx: t.Any) -> None:
        attempts.append(1)
        raise ValueError("user bug")

    with driver_for(server) as driver, driver.session() as session:
        with pytest.raises(ValueError, match="user bug"):
            session.execute_read(work)
    assert attempts == [1]
    assert "COMMIT" not in server.requests()[0]


def test_managed_transaction_sends_begin_in_read_mode() -> None:
    recorder = Recorder()

    def work(tx: t.Any) -> list[int]:
        return t.cast("list[int]", (tx.run("2")).value())

    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                assert session.execute_read(work) == [0, 1]
    # access mode READ is sent in BEGIN
    assert recorder.fields_of("BEGIN")[0][0].get("mode") == "r"


def _begin_fails(
    conn: FakeConnection, fields: list[t.Any]
) -> list[Reply] | None:
    return [failure("Neo.ClientError.Database.DatabaseNotFound", "no db")]


def test_failed_begin_never_calls_the_transaction_function() -> None:
    # BEGIN goes alone and its reply is awaited: the user's function must
    # not run (nor its RUN be sent) inside a transaction that never began
    recorder = Recorder({"BEGIN": _begin_fails})
    calls = []

    def work(tx: t.Any) -> None:
        calls.append(1)
        (tx.run("1")).consume()

    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            with driver.session(database="nope") as session:
                with pytest.raises(ClientError, match="no db"):
                    session.execute_write(work)
    assert calls == []
    names = server.requests()[0]
    assert "BEGIN" in names
    assert "RUN" not in names
    assert names[names.index("BEGIN") + 1] == "RESET"


def test_execute_query_pipelines_begin_with_run() -> None:
    # the driver's own work function: BEGIN, RUN and PULL share one round
    # trip (as in the official driver); a failed BEGIN still raises
    recorder = Recorder({"BEGIN": _begin_fails})
    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            with pytest.raises(ClientError, match="no db"):
                driver.execute_query("1", database_="nope")
    names = server.requests()[0]
    begin = names.index("BEGIN")
    assert names[begin : begin + 4] == ["BEGIN", "RUN", "PULL", "RESET"]


def test_bookmarks_chain_within_a_session() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        with (
            driver_for(server) as driver,
            driver.session(
                bookmarks=Bookmarks.from_raw_values(["bm:start"])
            ) as session,
        ):
            with session.begin_transaction() as tx:
                (tx.run("1")).consume()
            first = session.last_bookmarks()
            assert first.raw_values == frozenset({"bm:1"})
            with session.begin_transaction() as tx:
                (tx.run("1")).consume()
            second = session.last_bookmarks()
            assert second.raw_values == frozenset({"bm:2"})
    begins = [fields[0] for fields in recorder.fields_of("BEGIN")]
    assert begins[0]["bookmarks"] == ["bm:start"]
    assert begins[1]["bookmarks"] == ["bm:1"]


def test_bookmark_manager_chains_sessions() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        manager = GraphDatabase.bookmark_manager()
        with driver_for(server) as driver:
            for _ in range(2):
                with driver.session(bookmark_manager=manager) as s:
                    with s.begin_transaction() as tx:
                        (tx.run("1")).consume()
            assert manager.get_bookmarks() == {"bm:2"}
            records, _, _ = driver.execute_query("1")
            assert [r["x"] for r in records] == [0]
            bm = driver.execute_query_bookmark_manager
            assert bm.get_bookmarks() == {"bm:3"}
    begins = [fields[0] for fields in recorder.fields_of("BEGIN")]
    assert "bookmarks" not in begins[0]
    assert begins[1]["bookmarks"] == ["bm:1"]


def test_session_state_rules(server: FakeBoltServer) -> None:
    with driver_for(server) as driver:
        session = driver.session()
        tx = session.begin_transaction()
        with pytest.raises(
            TransactionError, match="Explicit transaction already open"
        ):
            session.run("1")
        with pytest.raises(
            TransactionError, match="Explicit transaction already open"
        ):
            session.begin_transaction()
        with pytest.raises(TypeError, match="only supported for session"):
            tx.run(Query("RETURN 1"))  # type: ignore[arg-type]
        tx.commit()
        with pytest.raises(TransactionError, match="Transaction closed"):
            tx.commit()
        with pytest.raises(TransactionError, match="Transaction closed"):
            tx.run("1")
        session.close()
        assert session.closed()
        with pytest.raises(SessionError, match="Session closed"):
            session.run("1")
        with pytest.raises(ValueError, match="empty query"):
            driver.session().run("")


def test_failed_transaction_rejects_more_work() -> None:
    def fail_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "bad":
            return [failure("Neo.ClientError.Statement.SyntaxError")]
        return None

    with FakeBoltServer(Recorder({"RUN": fail_on_run})) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                tx = session.begin_transaction()
                with pytest.raises(CypherSyntaxError):
                    tx.run("bad")
                with pytest.raises(TransactionError, match="failed"):
                    tx.run("1")
                with pytest.raises(TransactionError, match="failed"):
                    tx.commit()
                tx.close()
                assert (session.run("1")).value() == [0]


def test_incomplete_commit() -> None:
    def die(conn: FakeConnection, fields: list[t.Any]) -> list[Reply]:
        return ["close"]

    with FakeBoltServer(Recorder({"COMMIT": die})) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                tx = session.begin_transaction()
                (tx.run("1")).consume()
                with pytest.raises(IncompleteCommit) as exc_info:
                    tx.commit()
                assert not exc_info.value.is_retryable()


def test_result_rules(server: FakeBoltServer) -> None:
    with driver_for(server) as driver, driver.session() as session:
        result = session.run("2")
        with pytest.raises(ResultNotSingleError, match="More than one"):
            result.single(strict=True)
        result = session.run("0")
        with pytest.raises(ResultNotSingleError, match="No records"):
            result.single(strict=True)
        result = session.run("0")
        assert result.single() is None
        result = session.run("3")
        with pytest.warns(UserWarning, match="multiple"):
            record = result.single()
        assert record is not None and record["x"] == 0
        result = session.run("5")
        summary = result.consume()
        assert summary.query == "5"
        assert result.consume() is summary
        assert result.closed()
        with pytest.raises(ResultConsumedError, match="consumed"):
            result.fetch(1)
        with pytest.raises(ResultConsumedError, match="consumed"):
            result.peek()
        with pytest.raises(ResultConsumedError, match="consumed"):
            result.to_eager_result()


def test_transaction_results_out_of_scope(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        with driver.session(fetch_size=2) as session:

            def work(tx: t.Any) -> t.Any:
                return tx.run("6")

            result = session.execute_read(work)
            with pytest.raises(ResultConsumedError, match="out of scope"):
                result.fetch(1)


def test_telemetry_follows_server_hint() -> None:
    def hello(conn: FakeConnection, fields: list[t.Any]) -> list[Reply]:
        return [
            (
                SUCCESS,
                {
                    "server": "Fake/1.0",
                    "hints": {"telemetry.enabled": True},
                },
            )
        ]

    recorder = Recorder({"HELLO": hello})
    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            driver.execute_query("1")
            with driver.session() as session:
                (session.run("1")).consume()
                with session.begin_transaction() as tx:
                    (tx.run("1")).consume()
    assert [f[0] for f in recorder.fields_of("TELEMETRY")] == [3, 2, 1]
    with FakeBoltServer(Recorder({"HELLO": hello})) as server:
        with driver_for(server, telemetry_disabled=True) as driver:
            driver.execute_query("1")
        assert "TELEMETRY" not in server.requests()[0]


def test_execute_query_parameters_and_transformer() -> None:
    recorder = Recorder()

    def transformer(result: t.Any) -> str:
        return "sync transformer"

    with FakeBoltServer(recorder) as server:
        with driver_for(server) as driver:
            _, summary, keys = driver.execute_query(
                Query("1", metadata={"app": "x"}, timeout=2.5),
                {"a": 1, "b": 2},
                routing_="r",
                database_="db1",
                b=3,
            )
            assert keys == ["x"]
            assert summary.query == "1"
            out = driver.execute_query("1", result_transformer_=transformer)
            assert out == "sync transformer"
            with pytest.raises(ValueError, match="Invalid routing control"):
                driver.execute_query("1", routing_="x")
    begin = recorder.fields_of("BEGIN")[0][0]
    assert begin["tx_metadata"] == {"app": "x"}
    assert begin["tx_timeout"] == 2500
    assert begin["db"] == "db1"
    assert begin["mode"] == "r"
    assert recorder.fields_of("RUN")[0][1] == {"a": 1, "b": 3}


def test_server_info_and_feature_queries(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        info = driver.get_server_info()
        assert info.agent == "Fake/1.0"
        assert info.protocol_version == (5, 4)
        assert driver.supports_multi_db()
        assert driver.supports_session_auth()
        assert driver.verify_authentication() is True


def test_session_auth_unsupported_on_old_protocol() -> None:
    with FakeBoltServer(version=(5, 0)) as server:
        with driver_for(server) as driver:
            assert not driver.supports_session_auth()
            with driver.session(auth=("other", "pw")) as session:
                with pytest.raises(ConfigurationError, match="User switching"):
                    session.run("1")


def test_liveness_check_pings_idle_connections() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        with driver_for(server, liveness_check_timeout=0) as driver:
            for _ in range(2):
                with driver.session() as session:
                    (session.run("1")).consume()
    names = server.requests()[0]
    assert names.count("RESET") == 1
    assert names.index("RESET") > names.index("RUN")


def test_max_connection_lifetime_zero_never_reuses(
    server: FakeBoltServer,
) -> None:
    with driver_for(server, max_connection_lifetime=0) as driver:
        for _ in range(2):
            with driver.session() as session:
                (session.run("1")).consume()
    assert len(server.connections) == 2


def test_unclosed_session_warns() -> None:
    with FakeBoltServer() as server:
        driver = driver_for(server)
        session = driver.session()
        with pytest.warns(ResourceWarning, match="unclosed"):
            session.__del__()
        session.close()
        driver.close()
