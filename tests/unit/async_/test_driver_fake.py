# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Driver, pool, session, transaction and result logic against the
in-process fake Bolt server (tests/unit/async_/fake_bolt.py)."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil
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


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


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


async def test_run_streams_in_fetch_size_batches(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server) as driver:
        async with driver.session(fetch_size=3) as session:
            result = await session.run("10")
            assert result.keys() == ["x"]
            values = [record["x"] async for record in result]
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


async def test_connection_is_reused(server: FakeBoltServer) -> None:
    async with driver_for(server) as driver:
        for _ in range(3):
            async with driver.session() as session:
                result = await session.run("2")
                assert await result.value() == [0, 1]
    assert len(server.connections) == 1


async def test_unknown_config_key() -> None:
    with pytest.raises(ConfigurationError, match="Unexpected config keys"):
        AsyncGraphDatabase.driver("bolt://localhost", nonsense=1)


async def test_driver_close_is_idempotent_and_final(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    await driver.verify_connectivity()
    await driver.close()
    await driver.close()
    with pytest.raises(DriverError, match="Driver closed"):
        driver.session()
    with pytest.raises(DriverError, match="Driver closed"):
        await driver.execute_query("RETURN 1")


async def test_acquisition_timeout_when_pool_is_full(
    server: FakeBoltServer,
) -> None:
    async with driver_for(
        server, max_connection_pool_size=1, connection_acquisition_timeout=0.2
    ) as driver:
        holder = driver.session(fetch_size=1)
        result = await holder.run("5")  # keeps the connection busy
        async with driver.session() as other:
            with pytest.raises(
                ConnectionAcquisitionTimeoutError,
                match=r"failed to obtain a connection from the pool within "
                r"0\.2s \(timeout\)",
            ):
                await other.run("1")
        assert await result.value() == [0, 1, 2, 3, 4]
        await holder.close()
        # the slot is free again
        async with driver.session() as other:
            assert await (await other.run("1")).value() == [0]
    assert len(server.connections) == 1


async def test_defunct_connection_is_never_reused() -> None:
    def die_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "die":
            return ["close"]
        return None

    with FakeBoltServer(Recorder({"RUN": die_on_run})) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with pytest.raises(ServiceUnavailable) as exc_info:
                    await session.run("die")
                assert isinstance(exc_info.value.__cause__, OSError)
                result = await session.run("1")
                assert await result.value() == [0]
        assert len(server.connections) == 2


async def test_server_failure_raises_and_connection_is_reset() -> None:
    def fail_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "bad":
            return [failure("Neo.ClientError.Statement.SyntaxError", "oops")]
        return None

    recorder = Recorder({"RUN": fail_on_run})
    with FakeBoltServer(recorder) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with pytest.raises(CypherSyntaxError) as exc_info:
                    await session.run("bad")
                assert exc_info.value.code == (
                    "Neo.ClientError.Statement.SyntaxError"
                )
                assert exc_info.value.message == "oops"
                result = await session.run("1")
                assert await result.value() == [0]
        names = server.requests()[0]
        assert names[2:6] == ["RUN", "PULL", "RESET", "RUN"]
        assert len(server.connections) == 1


async def test_execute_write_retries_with_backoff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(AsyncUtil, "sleep", fake_sleep)
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

    async def work(tx: t.Any, n: str) -> list[int]:
        calls.append(n)
        result = await tx.run(n)
        return t.cast("list[int]", await result.value())

    with FakeBoltServer(recorder) as server:
        async with (
            driver_for(
                server,
                initial_retry_delay=0.5,
                retry_delay_multiplier=3.0,
                retry_delay_jitter_factor=0.0,
            ) as driver,
            driver.session() as session,
        ):
            assert await session.execute_write(work, "3") == [0, 1, 2]
    assert calls == ["3", "3", "3"]
    assert sleeps == [0.5, 1.5]
    assert len(recorder.fields_of("BEGIN")) == 3


async def test_execute_write_gives_up_after_max_retry_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def fake_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(AsyncUtil, "sleep", fake_sleep)

    def always_fail(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        return [failure("Neo.TransientError.General.Busy", "busy")]

    recorder = Recorder({"COMMIT": always_fail})

    async def work(tx: t.Any) -> None:
        await (await tx.run("1")).consume()

    with FakeBoltServer(recorder) as server:
        async with driver_for(server, max_transaction_retry_time=0) as driver:
            async with driver.session() as session:
                with pytest.raises(TransientError, match="busy"):
                    await session.execute_write(work)
    assert len(recorder.fields_of("COMMIT")) == 2


async def test_non_driver_errors_are_not_retried(
    server: FakeBoltServer,
) -> None:
    attempts = []

    async def work(tx: t.Any) -> None:
        attempts.append(1)
        raise ValueError("user bug")

    async with driver_for(server) as driver, driver.session() as session:
        with pytest.raises(ValueError, match="user bug"):
            await session.execute_read(work)
    assert attempts == [1]
    assert "COMMIT" not in server.requests()[0]


async def test_managed_transaction_sends_begin_in_read_mode() -> None:
    recorder = Recorder()

    async def work(tx: t.Any) -> list[int]:
        return t.cast("list[int]", await (await tx.run("2")).value())

    with FakeBoltServer(recorder) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                assert await session.execute_read(work) == [0, 1]
    # access mode READ is sent in BEGIN
    assert recorder.fields_of("BEGIN")[0][0].get("mode") == "r"


def _begin_fails(
    conn: FakeConnection, fields: list[t.Any]
) -> list[Reply] | None:
    return [failure("Neo.ClientError.Database.DatabaseNotFound", "no db")]


async def test_failed_begin_never_calls_the_transaction_function() -> None:
    # BEGIN goes alone and its reply is awaited: the user's function must
    # not run (nor its RUN be sent) inside a transaction that never began
    recorder = Recorder({"BEGIN": _begin_fails})
    calls = []

    async def work(tx: t.Any) -> None:
        calls.append(1)
        await (await tx.run("1")).consume()

    with FakeBoltServer(recorder) as server:
        async with driver_for(server) as driver:
            async with driver.session(database="nope") as session:
                with pytest.raises(ClientError, match="no db"):
                    await session.execute_write(work)
    assert calls == []
    names = server.requests()[0]
    assert "BEGIN" in names
    assert "RUN" not in names
    assert names[names.index("BEGIN") + 1] == "RESET"


async def test_execute_query_pipelines_begin_with_run() -> None:
    # the driver's own work function: BEGIN, RUN and PULL share one round
    # trip (as in the official driver); a failed BEGIN still raises
    recorder = Recorder({"BEGIN": _begin_fails})
    with FakeBoltServer(recorder) as server:
        async with driver_for(server) as driver:
            with pytest.raises(ClientError, match="no db"):
                await driver.execute_query("1", database_="nope")
    names = server.requests()[0]
    begin = names.index("BEGIN")
    assert names[begin : begin + 4] == ["BEGIN", "RUN", "PULL", "RESET"]


async def test_bookmarks_chain_within_a_session() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        async with (
            driver_for(server) as driver,
            driver.session(
                bookmarks=Bookmarks.from_raw_values(["bm:start"])
            ) as session,
        ):
            async with await session.begin_transaction() as tx:
                await (await tx.run("1")).consume()
            first = await session.last_bookmarks()
            assert first.raw_values == frozenset({"bm:1"})
            async with await session.begin_transaction() as tx:
                await (await tx.run("1")).consume()
            second = await session.last_bookmarks()
            assert second.raw_values == frozenset({"bm:2"})
    begins = [fields[0] for fields in recorder.fields_of("BEGIN")]
    assert begins[0]["bookmarks"] == ["bm:start"]
    assert begins[1]["bookmarks"] == ["bm:1"]


async def test_bookmark_manager_chains_sessions() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        manager = AsyncGraphDatabase.bookmark_manager()
        async with driver_for(server) as driver:
            for _ in range(2):
                async with driver.session(bookmark_manager=manager) as s:
                    async with await s.begin_transaction() as tx:
                        await (await tx.run("1")).consume()
            assert await manager.get_bookmarks() == {"bm:2"}
            records, _, _ = await driver.execute_query("1")
            assert [r["x"] for r in records] == [0]
            bm = driver.execute_query_bookmark_manager
            assert await bm.get_bookmarks() == {"bm:3"}
    begins = [fields[0] for fields in recorder.fields_of("BEGIN")]
    assert "bookmarks" not in begins[0]
    assert begins[1]["bookmarks"] == ["bm:1"]


async def test_session_state_rules(server: FakeBoltServer) -> None:
    async with driver_for(server) as driver:
        session = driver.session()
        tx = await session.begin_transaction()
        with pytest.raises(
            TransactionError, match="Explicit transaction already open"
        ):
            await session.run("1")
        with pytest.raises(
            TransactionError, match="Explicit transaction already open"
        ):
            await session.begin_transaction()
        with pytest.raises(TypeError, match="only supported for session"):
            await tx.run(Query("RETURN 1"))  # type: ignore[arg-type]
        await tx.commit()
        with pytest.raises(TransactionError, match="Transaction closed"):
            await tx.commit()
        with pytest.raises(TransactionError, match="Transaction closed"):
            await tx.run("1")
        await session.close()
        assert session.closed()
        with pytest.raises(SessionError, match="Session closed"):
            await session.run("1")
        with pytest.raises(ValueError, match="empty query"):
            await driver.session().run("")


async def test_failed_transaction_rejects_more_work() -> None:
    def fail_on_run(
        conn: FakeConnection, fields: list[t.Any]
    ) -> list[Reply] | None:
        if fields[0] == "bad":
            return [failure("Neo.ClientError.Statement.SyntaxError")]
        return None

    with FakeBoltServer(Recorder({"RUN": fail_on_run})) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                tx = await session.begin_transaction()
                with pytest.raises(CypherSyntaxError):
                    await tx.run("bad")
                with pytest.raises(TransactionError, match="failed"):
                    await tx.run("1")
                with pytest.raises(TransactionError, match="failed"):
                    await tx.commit()
                await tx.close()
                assert await (await session.run("1")).value() == [0]


async def test_incomplete_commit() -> None:
    def die(conn: FakeConnection, fields: list[t.Any]) -> list[Reply]:
        return ["close"]

    with FakeBoltServer(Recorder({"COMMIT": die})) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                tx = await session.begin_transaction()
                await (await tx.run("1")).consume()
                with pytest.raises(IncompleteCommit) as exc_info:
                    await tx.commit()
                assert not exc_info.value.is_retryable()


async def test_result_rules(server: FakeBoltServer) -> None:
    async with driver_for(server) as driver, driver.session() as session:
        result = await session.run("2")
        with pytest.raises(ResultNotSingleError, match="More than one"):
            await result.single(strict=True)
        result = await session.run("0")
        with pytest.raises(ResultNotSingleError, match="No records"):
            await result.single(strict=True)
        result = await session.run("0")
        assert await result.single() is None
        result = await session.run("3")
        with pytest.warns(UserWarning, match="multiple"):
            record = await result.single()
        assert record is not None and record["x"] == 0
        result = await session.run("5")
        summary = await result.consume()
        assert summary.query == "5"
        assert await result.consume() is summary
        assert result.closed()
        with pytest.raises(ResultConsumedError, match="consumed"):
            await result.fetch(1)
        with pytest.raises(ResultConsumedError, match="consumed"):
            await result.peek()
        with pytest.raises(ResultConsumedError, match="consumed"):
            await result.to_eager_result()


async def test_transaction_results_out_of_scope(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server) as driver:
        async with driver.session(fetch_size=2) as session:

            async def work(tx: t.Any) -> t.Any:
                return await tx.run("6")

            result = await session.execute_read(work)
            with pytest.raises(ResultConsumedError, match="out of scope"):
                await result.fetch(1)


async def test_telemetry_follows_server_hint() -> None:
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
        async with driver_for(server) as driver:
            await driver.execute_query("1")
            async with driver.session() as session:
                await (await session.run("1")).consume()
                async with await session.begin_transaction() as tx:
                    await (await tx.run("1")).consume()
    assert [f[0] for f in recorder.fields_of("TELEMETRY")] == [3, 2, 1]
    with FakeBoltServer(Recorder({"HELLO": hello})) as server:
        async with driver_for(server, telemetry_disabled=True) as driver:
            await driver.execute_query("1")
        assert "TELEMETRY" not in server.requests()[0]


async def test_execute_query_parameters_and_transformer() -> None:
    recorder = Recorder()

    def transformer(result: t.Any) -> str:
        return "sync transformer"

    with FakeBoltServer(recorder) as server:
        async with driver_for(server) as driver:
            _, summary, keys = await driver.execute_query(
                Query("1", metadata={"app": "x"}, timeout=2.5),
                {"a": 1, "b": 2},
                routing_="r",
                database_="db1",
                b=3,
            )
            assert keys == ["x"]
            assert summary.query == "1"
            out = await driver.execute_query(
                "1", result_transformer_=transformer
            )
            assert out == "sync transformer"
            with pytest.raises(ValueError, match="Invalid routing control"):
                await driver.execute_query("1", routing_="x")
    begin = recorder.fields_of("BEGIN")[0][0]
    assert begin["tx_metadata"] == {"app": "x"}
    assert begin["tx_timeout"] == 2500
    assert begin["db"] == "db1"
    assert begin["mode"] == "r"
    assert recorder.fields_of("RUN")[0][1] == {"a": 1, "b": 3}


async def test_server_info_and_feature_queries(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server) as driver:
        info = await driver.get_server_info()
        assert info.agent == "Fake/1.0"
        assert info.protocol_version == (5, 4)
        assert await driver.supports_multi_db()
        assert await driver.supports_session_auth()
        assert await driver.verify_authentication() is True


async def test_session_auth_unsupported_on_old_protocol() -> None:
    with FakeBoltServer(version=(5, 0)) as server:
        async with driver_for(server) as driver:
            assert not await driver.supports_session_auth()
            async with driver.session(auth=("other", "pw")) as session:
                with pytest.raises(ConfigurationError, match="User switching"):
                    await session.run("1")


async def test_liveness_check_pings_idle_connections() -> None:
    recorder = Recorder()
    with FakeBoltServer(recorder) as server:
        async with driver_for(server, liveness_check_timeout=0) as driver:
            for _ in range(2):
                async with driver.session() as session:
                    await (await session.run("1")).consume()
    names = server.requests()[0]
    assert names.count("RESET") == 1
    assert names.index("RESET") > names.index("RUN")


async def test_max_connection_lifetime_zero_never_reuses(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server, max_connection_lifetime=0) as driver:
        for _ in range(2):
            async with driver.session() as session:
                await (await session.run("1")).consume()
    assert len(server.connections) == 2


async def test_unclosed_session_warns() -> None:
    with FakeBoltServer() as server:
        driver = driver_for(server)
        session = driver.session()
        with pytest.warns(ResourceWarning, match="unclosed"):
            session.__del__()
        await session.close()
        await driver.close()
