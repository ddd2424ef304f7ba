"""Routing decisions (pure): refresh order, table acceptance, least
connected choice, home-database cache and its keys."""

from __future__ import annotations

import math
import sys
import typing as t

import pytest

from neo4j._addressing import Address
from neo4j._shared.routing_policy import (
    HomeDbCache,
    combine_errors,
    home_db_key,
    least_connected,
    refresh_order,
    rejection,
)
from neo4j._shared.routing_table import RoutingTable
from neo4j.exceptions import (
    ReadServiceUnavailable,
    RoutingServiceUnavailable,
    ServiceUnavailable,
)


def A(text: str) -> Address:
    return Address.parse(text, default_port=7687)


SEED = A("seed")


def table(
    routers: t.Sequence[str] = (),
    readers: t.Sequence[str] = (),
    writers: t.Sequence[str] = (),
) -> RoutingTable:
    return RoutingTable(
        database="db",
        routers=map(A, routers),
        readers=map(A, readers),
        writers=map(A, writers),
        ttl=10,
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# -- refresh order ---------------------------------------------------------


def test_no_table_asks_the_seed_first_and_only() -> None:
    assert refresh_order(None, SEED) == (True, [])


def test_known_routers_first_seed_excluded() -> None:
    rt = table(["b", "seed", "a"], ["a"], ["b"])
    assert refresh_order(rt, SEED) == (False, [A("b"), A("a")])


def test_table_without_writers_prefers_the_seed() -> None:
    rt = table(["a", "b"], ["a"], [])
    assert refresh_order(rt, SEED) == (True, [A("a"), A("b")])


def test_writers_removed_later_do_not_change_the_order() -> None:
    rt = table(["a"], ["a"], ["a"])
    rt.remove_writer(A("a"))
    assert refresh_order(rt, SEED) == (False, [A("a")])


# -- acceptance ------------------------------------------------------------


def test_rejects_table_without_routers() -> None:
    problem = rejection(table([], ["a"], ["a"]))
    assert isinstance(problem, RoutingServiceUnavailable)
    assert str(problem) == "Rejected routing table: no routers"


def test_rejects_table_without_readers() -> None:
    problem = rejection(table(["a"], [], ["a"]))
    assert isinstance(problem, ReadServiceUnavailable)
    assert str(problem) == "Rejected routing table: no readers"


def test_accepts_table_without_writers() -> None:
    assert rejection(table(["a"], ["a"], [])) is None
    assert rejection(table(["a"], ["a"], ["b"])) is None


# -- least connected ---------------------------------------------------------


def test_least_connected_empty() -> None:
    assert least_connected([], []) is None


def test_least_connected_single_minimum() -> None:
    def never(_: t.Sequence[Address]) -> Address:
        raise AssertionError("no tie to break")

    cands = [A("a"), A("b"), A("c")]
    assert least_connected(cands, [3, 1, 2], choice=never) == A("b")


def test_least_connected_ties_go_to_choice() -> None:
    seen: list[list[Address]] = []

    def last(tied: t.Sequence[Address]) -> Address:
        seen.append(list(tied))
        return tied[-1]

    cands = [A("a"), A("b"), A("c")]
    assert least_connected(cands, [0, 5, 0], choice=last) == A("c")
    assert seen == [[A("a"), A("c")]]


def test_least_connected_random_tie_break_reaches_all() -> None:
    cands = [A("a"), A("b")]
    picked = {least_connected(cands, [0, 0]) for _ in range(200)}
    assert picked == {A("a"), A("b")}


def test_least_connected_length_mismatch_is_a_bug() -> None:
    with pytest.raises(ValueError):
        least_connected([A("a"), A("b")], [0])


# -- errors ------------------------------------------------------------------


def test_combine_errors() -> None:
    assert combine_errors([]) is None
    first = ServiceUnavailable("one")
    second = ValueError("two")
    combined = combine_errors([first, second])
    if sys.version_info >= (3, 11):
        assert isinstance(combined, ExceptionGroup)  # noqa: F821
        assert combined.exceptions == (first, second)
        assert combined.message == "All routing table requests failed"
    else:
        assert combined is second


# -- home database cache ------------------------------------------------------


def test_home_db_key() -> None:
    basic = {"scheme": "basic", "principal": "bob", "credentials": "x"}
    assert home_db_key("alice", basic) == "alice"
    assert home_db_key(None, basic) == "bob"
    assert home_db_key(None, None) == (None,)
    bearer = {"scheme": "bearer", "credentials": "tok"}
    key = home_db_key(None, bearer)
    assert key == (("credentials", "tok"), ("scheme", "bearer"))
    hash(key)
    custom = {"scheme": "x", "parameters": {"b": [1, 2], "a": 1}}
    key = home_db_key(None, custom)
    assert key == (
        ("parameters", (("a", 1), ("b", (1, 2)))),
        ("scheme", "x"),
    )
    hash(key)
    # the same auth written in another key order is the same user
    assert home_db_key(None, dict(reversed(custom.items()))) == key


def test_cache_get_set_forget() -> None:
    cache = HomeDbCache()
    assert cache.get("u") is None
    cache.set("u", "db1")
    cache.set((None,), "db0")
    assert cache.get("u") == "db1"
    assert cache.get((None,)) == "db0"
    assert len(cache) == 2
    cache.set("u", None)
    assert cache.get("u") is None
    assert len(cache) == 1
    cache.clear()
    assert len(cache) == 0


def test_cache_ttl() -> None:
    clock = FakeClock()
    cache = HomeDbCache(ttl=10, clock=clock)
    cache.set("u", "db")
    clock.now = 9.9
    assert cache.get("u") == "db"
    clock.now = 10.0
    assert cache.get("u") is None
    assert len(cache) == 0


def test_cache_max_size_drops_oldest() -> None:
    clock = FakeClock()
    cache = HomeDbCache(max_size=20, clock=clock)
    for i in range(20):
        clock.now = i
        cache.set(f"u{i}", f"db{i}")
    assert len(cache) == 20
    cache.set("u0", "again")  # refreshing moves it to the young end
    cache.set("new", "dbn")
    # a tenth of the limit (2 entries) is dropped at once, oldest first
    assert len(cache) == 19
    assert cache.get("u1") is None
    assert cache.get("u2") is None
    assert cache.get("u3") == "db3"
    assert cache.get("u0") == "again"
    assert cache.get("new") == "dbn"


def test_cache_size_one() -> None:
    cache = HomeDbCache(max_size=1)
    cache.set("a", "x")
    cache.set("b", "y")
    assert cache.get("a") is None
    assert cache.get("b") == "y"


@pytest.mark.parametrize("ttl", [0, -1, math.nan])
def test_cache_rejects_bad_ttl(ttl: float) -> None:
    with pytest.raises(ValueError, match="ttl"):
        HomeDbCache(ttl=ttl)


def test_cache_rejects_bad_size() -> None:
    with pytest.raises(ValueError, match="max_size"):
        HomeDbCache(max_size=0)
