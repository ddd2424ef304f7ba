# This file is generated from tests/unit/async_/test_session_home_database.py by bin/make-unasync; do not edit.
# make-unasync digest: 575a1a33facaa983fecbec2ab4d82f9dbbe32201df971e145535cfd92b27e448
"""Home database pinning in sessions: resolution, databases reported by
RUN/BEGIN success, and databases named up front."""

from __future__ import annotations

import typing as t

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._sync.work.session import Session
from neo4j._shared.conf import SessionConfig

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


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
