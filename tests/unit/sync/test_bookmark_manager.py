# This file is generated from tests/unit/async_/test_bookmark_manager.py by bin/make-unasync; do not edit.
# make-unasync digest: 30a84e269a8c6e2c3fd3a1ca0106374e691ae2333c91490749651fb3611f6030
"""The default bookmark manager (``GraphDatabase.bookmark_manager``).

``tests/unit/sync/test_bookmark_manager.py`` is generated from this file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import GraphDatabase
from neo4j._sync.bookmark_manager import Neo4jBookmarkManager
from neo4j.api import BookmarkManager, Bookmarks


def bms(*values: str) -> Bookmarks:
    return Bookmarks.from_raw_values(values)


def test_starts_empty() -> None:
    manager = Neo4jBookmarkManager()
    assert isinstance(manager, BookmarkManager)
    assert manager.get_bookmarks() == set()


def test_initial_bookmarks() -> None:
    manager = Neo4jBookmarkManager(initial_bookmarks=bms("a", "b"))
    assert manager.get_bookmarks() == {"a", "b"}


def test_get_returns_a_new_set_each_time() -> None:
    manager = Neo4jBookmarkManager(initial_bookmarks=bms("a"))
    first = manager.get_bookmarks()
    first.add("mutated")
    assert manager.get_bookmarks() == {"a"}
    assert manager.get_bookmarks() is not manager.get_bookmarks()


def test_update_replaces_previous_by_new() -> None:
    manager = Neo4jBookmarkManager(initial_bookmarks=bms("a", "b"))
    manager.update_bookmarks(["a"], ["c"])
    assert manager.get_bookmarks() == {"b", "c"}
    # previous bookmarks the manager does not hold are ignored
    manager.update_bookmarks(["x", "b"], ["d", "e"])
    assert manager.get_bookmarks() == {"c", "d", "e"}


def test_update_without_new_bookmarks_changes_nothing() -> None:
    seen: list[Bookmarks] = []
    manager = Neo4jBookmarkManager(
        initial_bookmarks=bms("a"), bookmarks_consumer=seen.append
    )
    manager.update_bookmarks(["a"], [])
    assert manager.get_bookmarks() == {"a"}
    assert seen == []


@pytest.mark.parametrize("is_async", [True, False])
def test_consumer_gets_all_bookmarks_after_update(
    is_async: bool,
) -> None:
    seen: list[Bookmarks] = []

    def awaitable_consumer(bookmarks: Bookmarks) -> None:
        seen.append(bookmarks)

    consumer: t.Any = awaitable_consumer if is_async else seen.append
    manager = Neo4jBookmarkManager(
        initial_bookmarks=bms("a", "b"), bookmarks_consumer=consumer
    )
    manager.update_bookmarks(["a"], ["c"])
    manager.update_bookmarks(["c"], ["d"])
    assert all(isinstance(item, Bookmarks) for item in seen)
    assert [item.raw_values for item in seen] == [
        frozenset({"b", "c"}),
        frozenset({"b", "d"}),
    ]


@pytest.mark.parametrize("is_async", [True, False])
def test_supplier_adds_to_but_is_not_stored(is_async: bool) -> None:
    calls = []

    def supplier() -> Bookmarks:
        calls.append(1)
        return bms("s1", "a")

    def awaitable_supplier() -> Bookmarks:
        return supplier()

    manager = Neo4jBookmarkManager(
        initial_bookmarks=bms("a"),
        bookmarks_supplier=awaitable_supplier if is_async else supplier,
    )
    assert manager.get_bookmarks() == {"a", "s1"}
    assert len(calls) == 1
    seen: list[Bookmarks] = []
    manager2 = Neo4jBookmarkManager(
        bookmarks_supplier=supplier, bookmarks_consumer=seen.append
    )
    manager2.update_bookmarks([], ["own"])
    # the consumer sees only the managed bookmarks, not the supplier's
    assert seen[-1].raw_values == frozenset({"own"})
    assert manager2.get_bookmarks() == {"own", "s1", "a"}


def test_update_survives_a_failing_consumer() -> None:
    def consumer(bookmarks: Bookmarks) -> None:
        raise RuntimeError("consumer broke")

    manager = Neo4jBookmarkManager(bookmarks_consumer=consumer)
    with pytest.raises(RuntimeError, match="consumer broke"):
        manager.update_bookmarks([], ["a"])
    # the update itself took place before the consumer ran
    assert manager.get_bookmarks() == {"a"}


def test_driver_factory_accepts_raw_strings_with_warning() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        manager = GraphDatabase.bookmark_manager(["a", "b"])
    assert manager.get_bookmarks() == {"a", "b"}
    manager = GraphDatabase.bookmark_manager(bms("c"))
    assert manager.get_bookmarks() == {"c"}
