# This file is generated from tests/unit/async_/test_io_shell_fidelity.py by bin/make-unasync; do not edit.
# make-unasync digest: 551b4bc524e98a7357e0455f3be5145e2b98fd869b0643cde725db36142a0964
"""The I/O shell behaves as with the official driver 6.4.1 (async twin).

Found by running the same scenarios on both drivers:

* options that third-party code sets on ``driver._pool.pool_config``
  after creating the driver (neo4j-graphrag sets ``user_agent``) reach
  the connections opened afterwards;
* closing the driver under open work: the work fails with
  :class:`ServiceUnavailable` worded as the official driver words it,
  and a session opened before the close can still run queries;
* the ``neo4j.pool`` and ``neo4j.io`` loggers report the same events;
* a refused connection is reported in the official wording.
"""

from __future__ import annotations

import logging
import socket
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ServiceUnavailable,
)

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler as _default_handler,
)


AUTH = ("neo4j", "pass")


class HelloRecorder:
    """Default replies; remembers the fields of every HELLO."""

    def __init__(self) -> None:
        self.hellos: list[dict[str, t.Any]] = []

    def __call__(
        self, conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "HELLO":
            self.hellos.append(fields[0])
        return _default_handler(conn, name, fields)


@pytest.fixture
def recorder() -> HelloRecorder:
    return HelloRecorder()


@pytest.fixture
def server(recorder: HelloRecorder) -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer(recorder) as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- pool options changed after the driver was created -------------------


def test_user_agent_set_on_pool_config_reaches_later_hellos(
    server: FakeBoltServer, recorder: HelloRecorder
) -> None:
    with driver_for(server) as driver:
        driver._pool.pool_config.user_agent = "graphrag/1.0"
        driver.verify_connectivity()
        # a second connection, opened while the first one is busy
        with driver.session(fetch_size=1) as holder:
            result = holder.run("5")
            driver._pool.pool_config.user_agent = "graphrag/2.0"
            with driver.session() as other:
                (other.run("1")).consume()
            result.consume()
    agents = [hello["user_agent"] for hello in recorder.hellos]
    assert agents == ["graphrag/1.0", "graphrag/2.0"]


def test_notification_filters_set_on_pool_config_reach_hello(
    server: FakeBoltServer, recorder: HelloRecorder
) -> None:
    with driver_for(server) as driver:
        config = driver._pool.pool_config
        config.notifications_min_severity = "OFF"
        config.notifications_disabled_classifications = ["HINT"]
        driver.verify_connectivity()
    (hello,) = recorder.hellos
    assert hello["notifications_minimum_severity"] == "OFF"
    # Bolt 5.4 still calls classifications categories
    assert hello["notifications_disabled_categories"] == ["HINT"]


def test_pool_size_set_on_pool_config_limits_later_acquisitions(
    server: FakeBoltServer,
) -> None:
    with driver_for(server, connection_acquisition_timeout=0.2) as driver:
        driver._pool.pool_config.max_connection_pool_size = 1
        with driver.session(fetch_size=1) as holder:
            result = holder.run("5")  # keeps the connection busy
            with driver.session() as other:
                with pytest.raises(ConnectionAcquisitionTimeoutError):
                    other.run("1")
            result.consume()
    assert len(server.connections) == 1


# -- closing the driver under open work -----------------------------------


def test_unread_result_after_driver_close(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    session = driver.session(fetch_size=1)
    result = session.run("50")
    result.__next__()
    driver.close()
    with pytest.raises(
        ServiceUnavailable,
        match=r"^Failed to (read from|write to) closed connection",
    ):
        for _ in result:
            pass
    session.close()


def test_open_transaction_after_driver_close(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    session = driver.session()
    tx = session.begin_transaction()
    (tx.run("1")).consume()
    driver.close()
    with pytest.raises(
        ServiceUnavailable, match=r"^Failed to write to closed connection"
    ):
        tx.run("1")
    tx.close()
    session.close()


def test_session_opened_before_close_still_runs(
    server: FakeBoltServer,
) -> None:
    driver = driver_for(server)
    session = driver.session()
    (session.run("1")).consume()
    driver.close()
    # the official driver opens a new connection (no DriverError)
    result = session.run("2")
    assert result.value() == [0, 1]
    session.close()
    assert server.connections[-1].closed or len(server.connections) == 2


# -- log events ------------------------------------------------------------


def _events(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str, str]]:
    return [(r.name, r.levelname, r.getMessage()) for r in caplog.records]


def _has(
    events: list[tuple[str, str, str]], logger: str, level: str, text: str
) -> bool:
    return any(
        name == logger and lvl == level and text in message
        for name, lvl, message in events
    )


def test_direct_pool_log_events(
    server: FakeBoltServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")
    with driver_for(server) as driver:
        driver.verify_connectivity()
        with driver.session() as session:
            (session.run("1")).consume()
    events = _events(caplog)
    for logger, text in [
        ("neo4j.pool", "[#0000]  _: <POOL> created, direct address "),
        ("neo4j.pool", "[#0000]  _: <POOL> acquire direct connection, "),
        ("neo4j.pool", "[#0000]  _: <POOL> trying to hand out new "),
        ("neo4j.pool", "_: <POOL> picked existing connection c1"),
        ("neo4j.pool", "_: <POOL> handing out existing connection"),
        ("neo4j.pool", "_: <POOL> released c1"),
        ("neo4j.pool", "[#0000]  _: <POOL> close"),
        ("neo4j.io", "[#0000]  _: <RESOLVE> in: 127.0.0.1:"),
        ("neo4j.io", "[#0000]  _: <RESOLVE> dns resolver out: 127.0.0.1:"),
        ("neo4j.io", "[#0000]  C: <OPEN> 127.0.0.1:"),
    ]:
        assert _has(events, logger, "DEBUG", text), (logger, text, events)
    # lines of a connection start with its local port
    released = [m for n, _, m in events if "<POOL> released" in m]
    assert released
    assert all(m[:2] == "[#" and m[6:9] == "]  " for m in released)
    assert not any(m.startswith("[#0000]") for m in released)


def _routing_handler(port: int) -> t.Callable[..., list[Reply]]:
    address = f"127.0.0.1:{port}"

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "ROUTE":
            servers = [
                {"role": role, "addresses": [address]}
                for role in ("ROUTE", "READ", "WRITE")
            ]
            table = {"ttl": 300, "db": "neo4j", "servers": servers}
            return [(SUCCESS, {"rt": table})]
        return _default_handler(conn, name, fields)

    return handler


def test_routing_pool_log_events(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")
    with FakeBoltServer() as server:
        server.handler = _routing_handler(server.port)
        uri = f"neo4j://127.0.0.1:{server.port}"
        with GraphDatabase.driver(uri, auth=AUTH) as driver:
            with driver.session(database="neo4j") as session:
                (session.run("1")).consume()
            with driver.session(database="neo4j") as session:
                (session.run("1")).consume()
    events = _events(caplog)
    for text in [
        "[#0000]  _: <POOL> created, routing address ",
        "[#0000]  _: <POOL> attempting to update routing table from ",
        "[#0000]  _: <POOL> acquire router connection, database='neo4j'",
        "[#0000]  _: <ROUTING> updated table=",
        "[#0000]  _: <POOL> update routing table from address=",
        "[#0000]  _: <POOL> acquire routing connection, access_mode=",
        "[#0000]  _: <POOL> using existing routing table ",
        "[#0000]  _: <POOL> acquire address, database='neo4j' address=",
    ]:
        assert _has(events, "neo4j.pool", "DEBUG", text), (text, events)


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connection_in_official_wording(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")
    port = _unused_port()
    uri = f"bolt://127.0.0.1:{port}"
    with GraphDatabase.driver(uri, auth=AUTH) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            driver.verify_connectivity()
    assert "\nFailed to establish connection to ResolvedIPv4Address" in str(
        info.value
    )
    # the socket error's own text (asyncio words it differently)
    assert "(reason [Errno 111] " in str(info.value)
    cause = info.value.__cause__
    assert isinstance(cause, ServiceUnavailable)
    assert isinstance(cause.__cause__, ConnectionRefusedError)
    events = _events(caplog)
    assert _has(events, "neo4j.io", "DEBUG", "[#0000]  C: <OPEN> 127.0.0.1")
    assert _has(
        events,
        "neo4j.io",
        "DEBUG",
        "[#0000]  S: <CONNECTION FAILED> 127.0.0.1:"
        f"{port} ServiceUnavailable: Failed to establish connection to ",
    )


def test_routing_failure_logged_at_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo4j")
    uri = f"neo4j://127.0.0.1:{_unused_port()}"
    with GraphDatabase.driver(uri, auth=AUTH) as driver:
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()
    events = _events(caplog)
    assert _has(events, "neo4j.pool", "DEBUG", "failed to fetch routing info")
    assert _has(events, "neo4j.pool", "DEBUG", "deactivating address ")
    assert (
        "neo4j.pool",
        "ERROR",
        "Unable to retrieve routing information",
    ) in events
