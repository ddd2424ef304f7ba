"""The default bookmark manager (``AsyncGraphDatabase.bookmark_manager``).

``tests/unit/sync/test_bookmark_manager.py`` is generated from this file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import AsyncGraphDatabase
from neo4j._async.bookmark_manager import AsyncNeo4jBookmarkManager
from neo4j.api import AsyncBookmarkManager, Bookmarks


def bms(*values: str) -> Bookmarks:
    return Bookmarks.from_raw_values(values)


async def test_starts_empty() -> None:
    manager = AsyncNeo4jBookmarkManager()
    assert isinstance(manager, AsyncBookmarkManager)
    assert await manager.get_bookmarks() == set()


async def test_initial_bookmarks() -> None:
    manager = AsyncNeo4jBookmarkManager(initial_bookmarks=bms("a", "b"))
    assert await manager.get_bookmarks() == {"a", "b"}


async def test_get_returns_a_new_set_each_time() -> None:
    manager = AsyncNeo4jBookmarkManager(initial_bookmarks=bms("a"))
    first = await manager.get_bookmarks()
    first.add("mutated")
    assert await manager.get_bookmarks() == {"a"}
    assert await manager.get_bookmarks() is not await manager.get_bookmarks()


async def test_update_replaces_previous_by_new() -> None:
    manager = AsyncNeo4jBookmarkManager(initial_bookmarks=bms("a", "b"))
    await manager.update_bookmarks(["a"], ["c"])
    assert await manager.get_bookmarks() == {"b", "c"}
    # previous bookmarks the manager does not hold are ignored
    await manager.update_bookmarks(["x", "b"], ["d", "e"])
    assert await manager.get_bookmarks() == {"c", "d", "e"}


async def test_update_without_new_bookmarks_changes_nothing() -> None:
    seen: list[Bookmarks] = []
    manager = AsyncNeo4jBookmarkManager(
        initial_bookmarks=bms("a"), bookmarks_consumer=seen.append
    )
    await manager.update_bookmarks(["a"], [])
    assert await manager.get_bookmarks() == {"a"}
    assert seen == []


@pytest.mark.parametrize("is_async", [True, False])
async def test_consumer_gets_all_bookmarks_after_update(
    is_async: bool,
) -> None:
    seen: list[Bookmarks] = []

    async def awaitable_consumer(bookmarks: Bookmarks) -> None:
        seen.append(bookmarks)

    consumer: t.Any = awaitable_consumer if is_async else seen.append
    manager = AsyncNeo4jBookmarkManager(
        initial_bookmarks=bms("a", "b"), bookmarks_consumer=consumer
    )
    await manager.update_bookmarks(["a"], ["c"])
    await manager.update_bookmarks(["c"], ["d"])
    assert all(isinstance(item, Bookmarks) for item in seen)
    assert [item.raw_values for item in seen] == [
        frozenset({"b", "c"}),
        frozenset({"b", "d"}),
    ]


@pytest.mark.parametrize("is_async", [True, False])
async def test_supplier_adds_to_but_is_not_stored(is_async: bool) -> None:
    calls = []

    def supplier() -> Bookmarks:
        calls.append(1)
        return bms("s1", "a")

    async def awaitable_supplier() -> Bookmarks:
        return supplier()

    manager = AsyncNeo4jBookmarkManager(
        initial_bookmarks=bms("a"),
        bookmarks_supplier=awaitable_supplier if is_async else supplier,
    )
    assert await manager.get_bookmarks() == {"a", "s1"}
    assert len(calls) == 1
    seen: list[Bookmarks] = []
    manager2 = AsyncNeo4jBookmarkManager(
        bookmarks_supplier=supplier, bookmarks_consumer=seen.append
    )
    await manager2.update_bookmarks([], ["own"])
    # the consumer sees only the managed bookmarks, not the supplier's
    assert seen[-1].raw_values == frozenset({"own"})
    assert await manager2.get_bookmarks() == {"own", "s1", "a"}


async def test_update_survives_a_failing_consumer() -> None:
    def consumer(bookmarks: Bookmarks) -> None:
        raise RuntimeError("consumer broke")

    manager = AsyncNeo4jBookmarkManager(bookmarks_consumer=consumer)
    with pytest.raises(RuntimeError, match="consumer broke"):
        await manager.update_bookmarks([], ["a"])
    # the update itself took place before the consumer ran
    assert await manager.get_bookmarks() == {"a"}


async def test_driver_factory_accepts_raw_strings_with_warning() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        manager = AsyncGraphDatabase.bookmark_manager(["a", "b"])
    assert await manager.get_bookmarks() == {"a", "b"}
    manager = AsyncGraphDatabase.bookmark_manager(bms("c"))
    assert await manager.get_bookmarks() == {"c"}
