# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Session options that override the driver's (async twin):
``max_transaction_retry_time`` and ``connection_acquisition_timeout``
given to ``driver.session()`` win over the driver's values, in both
directions.

The retry budget starts at the first failure (as in the official
driver): with 0 a transaction function is tried twice (the second
failure finds the time used up), with a large budget it is tried until
it succeeds.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    TransientError,
)

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler as _default,
    failure,
)


AUTH = ("neo4j", "pass")

#: immediate retries, so that only the budget decides
FAST_RETRY: dict[str, t.Any] = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}

#: attempts that fail before one succeeds
FAILURES = 4


class _FlakyServer:
    """Fails the first :data:`FAILURES` runs of ``"flaky"`` with a
    transient error."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(
        self, conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and fields[0] == "flaky":
            self.runs += 1
            if self.runs <= FAILURES:
                return [failure("Neo.TransientError.General.Busy")]
        return _default(conn, name, fields)


@pytest.fixture
def flaky() -> t.Iterator[tuple[FakeBoltServer, _FlakyServer]]:
    handler = _FlakyServer()
    with FakeBoltServer(handler) as srv:
        yield srv, handler


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def _driver(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


async def _work(tx: t.Any) -> list[t.Any]:
    return t.cast("list[t.Any]", await (await tx.run("flaky")).value())


# -- max_transaction_retry_time ---------------------------------------------


async def test_session_retry_time_longer_than_the_drivers(
    flaky: tuple[FakeBoltServer, _FlakyServer],
) -> None:
    server, handler = flaky
    async with _driver(server, max_transaction_retry_time=0) as driver:
        async with driver.session(
            max_transaction_retry_time=3600, **FAST_RETRY
        ) as session:
            assert await session.execute_write(_work) == ["flaky"]
    assert handler.runs == FAILURES + 1


async def test_session_retry_time_shorter_than_the_drivers(
    flaky: tuple[FakeBoltServer, _FlakyServer],
) -> None:
    server, handler = flaky
    async with _driver(server, max_transaction_retry_time=3600) as driver:
        async with driver.session(
            max_transaction_retry_time=0, **FAST_RETRY
        ) as session:
            with pytest.raises(TransientError):
                await session.execute_write(_work)
    assert handler.runs == 2


async def test_driver_retry_time_applies_without_session_override(
    flaky: tuple[FakeBoltServer, _FlakyServer],
) -> None:
    server, handler = flaky
    async with (
        _driver(server, max_transaction_retry_time=0, **FAST_RETRY) as driver,
        driver.session() as session,
    ):
        with pytest.raises(TransientError):
            await session.execute_read(_work)
    assert handler.runs == 2


# -- connection_acquisition_timeout -----------------------------------------


@pytest.mark.parametrize(
    ("driver_timeout", "session_timeout"), [(5, 0.2), (0.1, 0.25)]
)
async def test_session_acquisition_timeout_wins(
    server: FakeBoltServer, driver_timeout: float, session_timeout: float
) -> None:
    async with _driver(
        server,
        max_connection_pool_size=1,
        connection_acquisition_timeout=driver_timeout,
    ) as driver:
        holder = driver.session()
        tx = await holder.begin_transaction()  # holds the only slot
        async with driver.session(
            connection_acquisition_timeout=session_timeout
        ) as session:
            with pytest.raises(ConnectionAcquisitionTimeoutError) as info:
                await session.run("1")
        assert str(info.value) == (
            "failed to obtain a connection from the pool within "
            f"{session_timeout!r}s (timeout)"
        )
        await tx.commit()
        await holder.close()
    assert len(server.connections) == 1


async def test_driver_acquisition_timeout_applies_without_override(
    server: FakeBoltServer,
) -> None:
    async with _driver(
        server,
        max_connection_pool_size=1,
        connection_acquisition_timeout=0.15,
    ) as driver:
        holder = driver.session()
        tx = await holder.begin_transaction()
        async with driver.session() as session:
            with pytest.raises(ConnectionAcquisitionTimeoutError) as info:
                await session.run("1")
        assert str(info.value) == (
            "failed to obtain a connection from the pool within 0.15s "
            "(timeout)"
        )
        await tx.commit()
        await holder.close()
