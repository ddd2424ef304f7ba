# This file is generated from tests/unit/async_/test_driver_fixes.py by bin/make-unasync; do not edit.
# make-unasync digest: 5983f424151f4c6529f4b69b8a8462539d3e14aea311d99b1946f342a9aebd19
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Regression tests for driver bugs reported by other suites (see the
shell owner's report): each failed before its fix."""

from __future__ import annotations

import logging
import ssl
import typing as t
import warnings

import pytest

import neo4j._debug
from neo4j._addressing import Address, ResolvedAddress
from neo4j._api import NotificationMinimumSeverity
from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._sync.io import resolve_address
from neo4j._sync.work.session import Session
from neo4j._async_compat import Util
from neo4j._shared.conf import SessionConfig
from neo4j.exceptions import (
    ConfigurationError,
    ServiceUnavailable,
    SessionExpired,
    TokenExpired,
    TransientError,
)

from .fake_bolt import (
    FAILURE,
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- B1: a given ssl_context is used even without encrypted=True --------


def test_ssl_context_used_without_encrypted() -> None:
    context = ssl.create_default_context()
    driver = GraphDatabase.driver("bolt://localhost:7687", ssl_context=context)
    try:
        assert driver.encrypted is False
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is context
    finally:
        driver.close()


def test_ssl_context_used_by_routing_driver() -> None:
    context = ssl.create_default_context()
    driver = GraphDatabase.driver(
        "neo4j://localhost:7687", ssl_context=context, encrypted=False
    )
    try:
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is context
    finally:
        driver.close()


def test_no_tls_without_ssl_context_or_encrypted() -> None:
    driver = GraphDatabase.driver("bolt://localhost:7687")
    try:
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is None
    finally:
        driver.close()


# -- B2: warn_notification_severity defaults and validation --------------


def _warn_severity(driver: Driver) -> t.Any:
    return driver._session_defaults.warn_notification_severity


@pytest.mark.parametrize(
    ("dev_mode", "value", "expected"),
    [
        (False, None, None),
        (True, None, NotificationMinimumSeverity.INFORMATION),
        (False, "OFF", None),
        (True, "OFF", None),
        (True, NotificationMinimumSeverity.OFF, None),
        (False, "WARNING", "WARNING"),
        (False, NotificationMinimumSeverity.WARNING, "WARNING"),
        (True, NotificationMinimumSeverity.INFORMATION, "INFORMATION"),
    ],
)
def test_warn_notification_severity_driver_level(
    monkeypatch: pytest.MonkeyPatch,
    dev_mode: bool,
    value: t.Any,
    expected: t.Any,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", dev_mode)
    driver = GraphDatabase.driver(
        "bolt://localhost:7687", warn_notification_severity=value
    )
    try:
        assert _warn_severity(driver) == expected
        if expected is None:
            assert _warn_severity(driver) is None
    finally:
        driver.close()


@pytest.mark.parametrize("value", ["bogus", 3, "warning"])
def test_warn_notification_severity_invalid(value: t.Any) -> None:
    with pytest.raises(ValueError) as info:
        GraphDatabase.driver(
            "bolt://localhost:7687", warn_notification_severity=value
        )
    assert str(info.value) == (
        "Invalid value for configuration warn_notification_severity: "
        f"{value}. Should be None, a NotificationMinimumSeverity, or a "
        "string representing a NotificationMinimumSeverity."
    )


def test_warn_notification_severity_ignored_per_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", False)
    driver = GraphDatabase.driver(
        "bolt://localhost:7687", warn_notification_severity="WARNING"
    )
    try:
        session = driver.session(warn_notification_severity="bogus")
        assert session._config.warn_notification_severity == "WARNING"
        session.close()
    finally:
        driver.close()


def _notifying_handler(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    if name == "PULL":
        default_handler(conn, name, fields)
        return [
            (
                SUCCESS,
                {
                    "type": "r",
                    "notifications": [
                        {
                            "code": "Neo.ClientNotification.Statement.X",
                            "title": "a title",
                            "description": "a description",
                            "severity": "INFORMATION",
                            "category": "GENERIC",
                        }
                    ],
                },
            )
        ]
    return default_handler(conn, name, fields)


def test_dev_mode_warns_on_information_notifications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", True)
    with FakeBoltServer(_notifying_handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.warns(Warning, match="a description"):
                    result = session.run("RETURN 1")
                    result.consume()


def test_no_warning_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", False)
    with FakeBoltServer(_notifying_handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    result = session.run("RETURN 1")
                    result.consume()


# -- B3: session.run retries a RUN the server marks idempotent ----------


def _run_failing(
    times: int, idempotent: t.Any
) -> tuple[list[int], t.Callable[..., list[Reply]]]:
    count = [0]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not conn.failed and count[0] < times:
            count[0] += 1
            conn.failed = True
            record: dict[str, t.Any] = {
                "OPERATION": "",
                "OPERATION_CODE": "0",
                "CURRENT_SCHEMA": "/",
            }
            if idempotent is not None:
                record["_idempotent"] = idempotent
            return [
                (
                    FAILURE,
                    {
                        "neo4j_code": "Neo.TransientError.General.Boom",
                        "message": "boom",
                        "gql_status": "50N42",
                        "description": "error: general processing exception",
                        "diagnostic_record": record,
                    },
                )
            ]
        return default_handler(conn, name, fields)

    return count, handler


def test_run_retried_once_when_idempotent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    count, handler = _run_failing(1, True)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with caplog.at_level(logging.WARNING, logger="neo4j"):
                    result = session.run("3")
                assert [r["x"] for r in result] == [0, 1, 2]
    assert count[0] == 1
    assert "Auto-commit transaction failed and will be retried" in caplog.text
    # retry logs go to the session logger, as in the official driver
    assert {r.name for r in caplog.records} == {"neo4j.session"}
    runs = [name for name in server.requests()[0] if name == "RUN"]
    assert len(runs) == 2


def test_run_retried_at_most_once() -> None:
    count, handler = _run_failing(2, True)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 2


@pytest.mark.parametrize("idempotent", [None, False, "true"])
def test_run_not_retried_unless_idempotent(idempotent: t.Any) -> None:
    count, handler = _run_failing(1, idempotent)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 1


@pytest.mark.parametrize("level", ["driver", "session"])
def test_run_retries_can_be_disabled(level: str) -> None:
    count, handler = _run_failing(1, True)
    driver_config: dict[str, t.Any] = {}
    session_config: dict[str, t.Any] = {}
    if level == "driver":
        driver_config["disable_auto_commit_retries"] = True
        session_config["disable_auto_commit_retries"] = None
    else:
        session_config["disable_auto_commit_retries"] = True
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server, **driver_config) as driver:
            with driver.session(**session_config) as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 1


def test_disable_auto_commit_retries_is_a_known_key() -> None:
    driver = GraphDatabase.driver(
        "bolt://localhost:7687", disable_auto_commit_retries=True
    )
    try:
        session = driver.session()
        assert session._config.disable_auto_commit_retries is True
        session.close()
        with pytest.raises(ConfigurationError):
            driver.session(no_such_option=True)
    finally:
        driver.close()


# -- B7: execute_query with impersonated_user_ on a routing driver --------


def _routing_handler(
    calls: list[tuple[str, list[t.Any]]],
) -> t.Callable[..., list[Reply]]:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        calls.append((name, fields))
        if name == "ROUTE":
            address = f"127.0.0.1:{conn.server.port}"
            return [
                (
                    SUCCESS,
                    {
                        "rt": {
                            "ttl": 1000,
                            "db": "adb",
                            "servers": [
                                {"addresses": [address], "role": role}
                                for role in ("ROUTE", "READ", "WRITE")
                            ],
                        }
                    },
                )
            ]
        return default_handler(conn, name, fields)

    return handler


def test_execute_query_impersonated_user_routes_as_that_user() -> None:
    calls: list[tuple[str, list[t.Any]]] = []
    with FakeBoltServer(_routing_handler(calls), version=(5, 0)) as server:
        uri = f"neo4j://127.0.0.1:{server.port}"
        with GraphDatabase.driver(uri, auth=AUTH) as driver:
            result = driver.execute_query(
                "RETURN 1 AS n", impersonated_user_="that-other-dude"
            )
            assert [record["x"] for record in result.records] == [
                "RETURN 1 AS n"
            ]
            # the driver's own home database is not that user's one
            with driver.session() as session:
                (session.run("1")).consume()
    routes = [fields for name, fields in calls if name == "ROUTE"]
    assert routes[0][2] == {"imp_user": "that-other-dude"}
    assert routes[1][2] == {}
    begins = [fields for name, fields in calls if name == "BEGIN"]
    assert begins == [[{"imp_user": "that-other-dude", "db": "adb"}]]


# -- S5: a resolved address is passed through, never re-resolved ---------


def test_resolve_address_keeps_a_resolved_address() -> None:
    calls: list[Address] = []

    def resolver(address: Address) -> list[tuple[str, int]]:
        # ignores its input: would send every connection to one host
        calls.append(address)
        return [("127.0.0.1", 1)]

    target = ResolvedAddress(("127.0.0.2", 7687), host_name="router-2")
    resolved = resolve_address(target, resolver)
    assert resolved == [target]
    assert resolved[0] is target
    assert resolved[0]._resolved_from == "router-2"
    assert calls == []
    # an unresolved address still goes through the resolver
    resolved = resolve_address(Address(("router-2", 7687)), resolver)
    assert resolved == [("127.0.0.1", 1)]
    assert calls == [("router-2", 7687)]


# -- S6: deactivate closes idle connections only -------------------------


def test_deactivate_closes_only_idle_connections() -> None:
    with FakeBoltServer() as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            busy = pool.acquire(timeout=5)
            idle = pool.acquire(timeout=5)
            pool.release(idle)
            assert not idle.closed
            pool.deactivate(pool.address)
            assert idle.closed
            # the connection in use keeps working until released
            assert not busy.closed
            assert busy.stale
            pool.release(busy)
            assert busy.closed
            # the server is usable again: a fresh connection
            again = pool.acquire(timeout=5)
            assert again is not busy
            assert again is not idle
            pool.release(again)
        assert len(server.connections) == 3


# -- S7: a connection killed by a socket error is marked lost ------------


def _hang_up_on_reset(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    if name == "RESET":
        return ["close"]
    return default_handler(conn, name, fields)


def test_socket_error_marks_the_connection_lost() -> None:
    with FakeBoltServer(_hang_up_on_reset) as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            conn = pool.acquire(timeout=5)
            assert conn.lost is False
            with pytest.raises(ServiceUnavailable):
                conn.reset()
            assert conn.lost is True
            assert conn.closed
            pool.kill_connection(conn)


def test_own_kill_and_close_do_not_mark_lost() -> None:
    with FakeBoltServer() as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            killed = pool.acquire(timeout=5)
            pool.kill_connection(killed)
            with pytest.raises(ServiceUnavailable):
                killed.reset()
            assert killed.lost is False
            closed = pool.acquire(timeout=5)
            closed.close()
            assert closed.lost is False
            pool.kill_connection(closed)


# -- S8/S9: home database pinning ---------------------------------------


class _RoutingLikePool:
    """A direct pool dressed as a routing pool: records what the session
    asks for and plays the home database resolution."""

    is_direct_pool = False

    def __init__(self, inner: t.Any, resolved: t.Any) -> None:
        self.inner = inner
        #: what resolution reports (``...``: no resolution, a guess)
        self.resolved = resolved
        self.acquires: list[dict[str, t.Any]] = []
        self.remembered: list[tuple[t.Any, ...]] = []

    def acquire(self, **kwargs: t.Any) -> t.Any:
        self.acquires.append(kwargs)
        callback = kwargs["database_callback"]
        if callback is not None and self.resolved is not ...:
            callback(self.resolved)
        return self.inner.acquire(timeout=5)

    def release(self, conn: t.Any) -> None:
        self.inner.release(conn)

    def kill_connection(self, conn: t.Any) -> None:
        self.inner.kill_connection(conn)

    def remember_home_database(
        self, imp_user: t.Any, auth: t.Any, database: str
    ) -> None:
        self.remembered.append((imp_user, auth, database))


def _run_db_handler(
    reported: str | None,
) -> t.Callable[[FakeConnection, str, list[t.Any]], list[Reply]]:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        replies = default_handler(conn, name, fields)
        if name in {"RUN", "BEGIN"} and reported is not None:
            tag, metadata = replies[0]
            replies[0] = (tag, {**metadata, "db": reported})
        return replies

    return handler


def _session_runs(session: Session, count: int) -> None:
    for _ in range(count):
        result = session.run("x")
        result.consume()


def test_home_database_without_name_is_pinned() -> None:
    # ROUTE answered without a database name (ArcadeDB): the session is
    # pinned anyway, so the pool is not asked to resolve it again
    with FakeBoltServer() as server:
        with driver_for(server) as driver:
            pool = _RoutingLikePool(driver._pool, None)
            session = Session(pool, SessionConfig())
            with session:
                _session_runs(session, 2)
    first, second = pool.acquires
    assert first["database"] is None
    assert first["database_callback"] is not None
    assert second["database"] is None
    assert second["database_callback"] is None
    assert pool.remembered == []


def test_database_reported_by_run_success_pins_the_session() -> None:
    # an optimistic guess (no resolution): RUN's SUCCESS names the home
    # database; the session pins it and corrects the pool's cache
    recorder: list[list[t.Any]] = []
    handler = _run_db_handler("home")

    def recording(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name in {"RUN", "BEGIN"}:
            recorder.append(fields)
        return handler(conn, name, fields)

    with FakeBoltServer(recording) as server:
        with driver_for(server) as driver:
            pool = _RoutingLikePool(driver._pool, ...)
            session = Session(
                pool, SessionConfig({"impersonated_user": "amy"})
            )
            with session:
                _session_runs(session, 2)
    assert pool.remembered == [("amy", None, "home")]
    assert "db" not in recorder[0][2]
    assert recorder[1][2]["db"] == "home"
    assert pool.acquires[1]["database"] == "home"
    assert pool.acquires[1]["database_callback"] is None


def test_database_reported_by_begin_success_pins_the_session() -> None:
    with FakeBoltServer(_run_db_handler("home")) as server:
        with driver_for(server) as driver:
            pool = _RoutingLikePool(driver._pool, ...)
            session = Session(pool, SessionConfig())
            with session:
                tx = session.begin_transaction()
                tx.commit()
                _session_runs(session, 1)
    assert pool.remembered == [(None, None, "home")]
    assert pool.acquires[1]["database"] == "home"


def test_named_database_is_pinned_from_the_start() -> None:
    with FakeBoltServer(_run_db_handler("other")) as server:
        with driver_for(server) as driver:
            pool = _RoutingLikePool(driver._pool, ...)
            session = Session(pool, SessionConfig({"database": "neo4j"}))
            with session:
                _session_runs(session, 1)
    assert pool.remembered == []
    assert pool.acquires[0]["database_callback"] is None
    assert pool.acquires[0]["database"] == "neo4j"


# -- S14: a failed auto-commit result is dropped by the session ----------


def _first_run_fails() -> t.Callable[
    [FakeConnection, str, list[t.Any]], list[Reply]
]:
    runs = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not conn.failed:
            runs.append(1)
            if len(runs) == 1:
                return [
                    (
                        FAILURE,
                        {
                            "code": "Neo.ClientError.Security.TokenExpired",
                            "message": "expired",
                        },
                    )
                ]
        return default_handler(conn, name, fields)

    return handler


def test_failed_auto_commit_does_not_poison_the_session() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TokenExpired):
                    session.run("x")
                tx = session.begin_transaction()
                result = tx.run("y")
                assert result.value() == ["y"]
                tx.commit()
                result = session.run("z")
                assert result.value() == ["z"]
                bookmarks = session.last_bookmarks()
    assert len(bookmarks.raw_values) == 1
    names = [n for conn in server.requests() for n in conn]
    assert names.count("BEGIN") == 1
    assert names.count("COMMIT") == 1


def test_failed_auto_commit_then_last_bookmarks() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TokenExpired):
                    session.run("x")
                bookmarks = session.last_bookmarks()
                assert bookmarks.raw_values == frozenset()
                result = session.run("z")
                assert result.value() == ["z"]


# -- S11: a hang-up during the greeting is SessionExpired, also bolt:// ---


def test_hang_up_during_hello_is_session_expired() -> None:
    hellos = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "HELLO":
            hellos.append(1)
            if len(hellos) == 1:
                return ["close"]
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(SessionExpired) as info:
                    session.run("x")
                assert type(info.value) is SessionExpired
                assert str(info.value).startswith(
                    "Failed to read from defunct connection"
                )
                result = session.run("y")
                assert result.value() == ["y"]
    assert len(server.connections) == 2


# -- S15: TELEMETRY counts as sent once the server answered it ----------


def _telemetry_server(
    on_telemetry: t.Callable[[int], list[Reply] | None],
    on_begin: t.Callable[[int], list[Reply] | None],
) -> tuple[t.Any, list[str]]:
    calls: list[str] = []
    counts = {"TELEMETRY": 0, "BEGIN": 0}

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        calls.append(name)
        if name == "HELLO":
            return [
                (
                    SUCCESS,
                    {
                        "server": "Fake/1.0",
                        "connection_id": f"c{conn.number}",
                        "hints": {"telemetry.enabled": True},
                    },
                )
            ]
        if name in counts and not conn.failed:
            counts[name] += 1
            hook = on_telemetry if name == "TELEMETRY" else on_begin
            replies = hook(counts[name])
            if replies is not None:
                return replies
        return default_handler(conn, name, fields)

    return handler, calls


def test_unanswered_telemetry_is_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", no_sleep)
    handler, calls = _telemetry_server(
        lambda n: ["close"] if n == 1 else None, lambda n: None
    )
    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            records, _, _ = driver.execute_query("q")
    assert [r[0] for r in records] == ["q"]
    assert calls.count("TELEMETRY") == 2


def test_answered_telemetry_is_not_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", no_sleep)
    transient = (
        FAILURE,
        {"code": "Neo.TransientError.General.Busy", "message": "busy"},
    )
    handler, calls = _telemetry_server(
        lambda n: None, lambda n: [transient] if n == 1 else None
    )

    def work(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", (tx.run("w")).value())

    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                assert session.execute_write(work) == ["w"]
    assert calls.count("BEGIN") == 2
    assert calls.count("TELEMETRY") == 1
