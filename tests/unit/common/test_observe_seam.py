"""The observation seam: the no-op base classes and ``fan_out``."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._shared.observe import (
    GLOBAL_FACTORIES,
    Observer,
    Scope,
    fan_out,
)


class _RecordingScope(Scope):
    __slots__ = ("calls", "name", "parent")

    def __init__(self, name: str, parent: Scope | None) -> None:
        self.name = name
        self.parent = parent
        self.calls: list[tuple[t.Any, ...]] = []

    def set_server(self, host: str, port: int) -> None:
        self.calls.append(("server", host, port))

    def set_database(self, database: str | None) -> None:
        self.calls.append(("database", database))

    def finish(
        self,
        error: BaseException | None = None,
        outcome: str | None = None,
    ) -> None:
        self.calls.append(("finish", error, outcome))


class _RecordingObserver(Observer):
    __slots__ = ("events", "scopes")

    def __init__(self) -> None:
        self.events: list[tuple[t.Any, ...]] = []
        self.scopes: list[_RecordingScope] = []

    def start(
        self,
        kind: str,
        *,
        database: str | None = None,
        query: str | None = None,
        access_mode: str | None = None,
        parent: Scope | None = None,
    ) -> Scope:
        self.events.append(("start", kind, database, query, access_mode))
        scope = _RecordingScope(kind, parent)
        self.scopes.append(scope)
        return scope

    def retry(self, kind: str, error: BaseException) -> None:
        self.events.append(("retry", kind, error))

    def routing_refresh(self, database: str | None) -> None:
        self.events.append(("refresh", database))

    def pool_event(
        self,
        address: tuple[str, int],
        event: str,
        seconds: float | None = None,
    ) -> None:
        self.events.append(("pool", address, event, seconds))


def test_base_observer_does_nothing_and_shares_one_scope() -> None:
    observer = Observer()
    first = observer.start("query", query="RETURN 1", database="neo4j")
    second = observer.start("transaction", parent=first)
    assert first is second
    assert type(first) is Scope
    # every method exists and accepts the contract's arguments
    first.set_server("localhost", 7687)
    first.set_database("neo4j")
    first.finish()
    first.finish(ValueError("x"), "rolled_back")
    observer.retry("transaction", ValueError("x"))
    observer.routing_refresh(None)
    observer.pool_event(("h", 1), "acquired", 0.5)
    # still the same stateless scope afterwards
    assert observer.start("acquire") is first


def test_base_scope_has_no_state() -> None:
    scope = Scope()
    with pytest.raises(AttributeError):
        scope.anything = 1  # type: ignore[attr-defined]


def test_fan_out_of_nothing_is_none() -> None:
    assert fan_out([]) is None
    assert fan_out([None, None]) is None


def test_fan_out_of_one_is_that_observer() -> None:
    observer = _RecordingObserver()
    assert fan_out([observer]) is observer
    assert fan_out([None, observer, None]) is observer


def test_fan_out_forwards_every_call_in_order() -> None:
    one, two = _RecordingObserver(), _RecordingObserver()
    joined = fan_out([one, two])
    assert joined is not None
    error = RuntimeError("boom")
    joined.retry("transaction", error)
    joined.routing_refresh("db")
    joined.pool_event(("h", 1), "released", 0.25)
    scope = joined.start(
        "query", database="db", query="RETURN 1", access_mode="READ"
    )
    scope.set_server("h", 1)
    scope.set_database("other")
    scope.finish(error, None)
    for observer in (one, two):
        assert observer.events == [
            ("retry", "transaction", error),
            ("refresh", "db"),
            ("pool", ("h", 1), "released", 0.25),
            ("start", "query", "db", "RETURN 1", "READ"),
        ]
        (own,) = observer.scopes
        assert own.calls == [
            ("server", "h", 1),
            ("database", "other"),
            ("finish", error, None),
        ]


def test_fan_out_gives_each_observer_its_own_parent() -> None:
    one, two = _RecordingObserver(), _RecordingObserver()
    joined = fan_out([one, two])
    assert joined is not None
    outer = joined.start("execute_query")
    inner = joined.start("transaction", parent=outer)
    inner.finish(outcome="committed")
    for observer in (one, two):
        outer_own, inner_own = observer.scopes
        assert inner_own.parent is outer_own
        assert inner_own.calls == [("finish", None, "committed")]


def test_fan_out_passes_a_foreign_parent_to_everyone() -> None:
    one, two = _RecordingObserver(), _RecordingObserver()
    joined = fan_out([one, two])
    assert joined is not None
    foreign = Scope()
    joined.start("acquire", parent=foreign)
    assert [o.scopes[0].parent for o in (one, two)] == [foreign, foreign]


def test_global_factories_start_empty() -> None:
    # instrumentors append to it; a test suite that leaves one behind
    # would observe every later driver
    assert isinstance(GLOBAL_FACTORIES, list)
    assert GLOBAL_FACTORIES == []
