"""Routing tables (pure): parsing, freshness by access mode, purging,
removal of servers."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._addressing import Address
from neo4j._shared.routing_table import RoutingTable


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def A(text: str) -> Address:
    return Address.parse(text, default_port=7687)


RT: dict[str, t.Any] = {
    "ttl": 300,
    "db": "neo4j",
    "servers": [
        {"role": "ROUTE", "addresses": ["r1:7687", "r2:7688"]},
        {"role": "READ", "addresses": ["rd1:7687", "rd1:7687", "rd2"]},
        {"role": "WRITE", "addresses": ["w1"]},
        {"role": "OTHER", "addresses": ["x:1"]},
    ],
}


def test_parse_keeps_order_drops_duplicates_and_unknown_roles() -> None:
    table = RoutingTable.parse(None, RT, clock=FakeClock())
    assert table.database == "neo4j"
    assert table.routers == [A("r1:7687"), A("r2:7688")]
    assert table.readers == [A("rd1:7687"), A("rd2:7687")]
    assert table.writers == [A("w1:7687")]
    assert table.ttl == 300.0
    assert table.last_updated == 100.0
    assert not table.initialized_without_writers
    assert table.servers() == {
        A("r1:7687"),
        A("r2:7688"),
        A("rd1:7687"),
        A("rd2:7687"),
        A("w1:7687"),
    }


def test_parse_without_db_uses_requested_name() -> None:
    rt = {k: v for k, v in RT.items() if k != "db"}
    assert RoutingTable.parse("movies", rt).database == "movies"
    assert RoutingTable.parse(None, rt).database is None
    assert RoutingTable.parse("x", {**rt, "db": 7}).database == "x"


def test_parse_ipv6_address() -> None:
    rt = {
        "ttl": 1,
        "servers": [{"role": "ROUTE", "addresses": ["[::1]:9000"]}],
    }
    table = RoutingTable.parse("db", rt)
    assert table.routers == [Address(("::1", 9000, 0, 0))]


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"ttl": 1},
        {"ttl": "x", "servers": []},
        {"ttl": 1, "servers": [1]},
        {"ttl": 1, "servers": None},
        [],
    ],
)
def test_parse_rejects_malformed(bad: t.Any) -> None:
    with pytest.raises(ValueError, match="Invalid routing table"):
        RoutingTable.parse(None, bad)


def test_without_writers_is_flagged() -> None:
    rt = {
        "ttl": 10,
        "servers": [
            {"role": "ROUTE", "addresses": ["r"]},
            {"role": "READ", "addresses": ["r"]},
        ],
    }
    table = RoutingTable.parse("db", rt, clock=FakeClock())
    assert table.initialized_without_writers
    assert table.is_fresh(readonly=True)
    assert not table.is_fresh(readonly=False)


def test_freshness_expires_with_ttl() -> None:
    clock = FakeClock()
    table = RoutingTable.parse("db", RT, clock=clock)
    clock.now = 399.9
    assert table.is_fresh(readonly=True)
    assert table.is_fresh(readonly=False)
    assert not table.is_expired()
    clock.now = 400.0
    assert table.is_expired()
    assert not table.is_fresh(readonly=True)
    assert not table.is_fresh(readonly=False)


def test_freshness_needs_a_router() -> None:
    table = RoutingTable.parse("db", RT, clock=FakeClock())
    table.remove(A("r1:7687"))
    assert table.is_fresh(readonly=True)
    table.remove(A("r2:7688"))
    assert not table.is_fresh(readonly=True)
    assert not table.is_fresh(readonly=False)


def test_purge_after_ttl_plus_delay() -> None:
    clock = FakeClock()
    table = RoutingTable.parse("db", RT, clock=clock)
    clock.now = 429.9
    assert not table.should_be_purged(30.0)
    clock.now = 430.0
    assert table.should_be_purged(30.0)
    assert table.should_be_purged(0.0)


def test_remove_from_every_role_and_remove_writer() -> None:
    rt = {
        "ttl": 10,
        "servers": [
            {"role": "ROUTE", "addresses": ["a", "b"]},
            {"role": "READ", "addresses": ["a", "b"]},
            {"role": "WRITE", "addresses": ["a"]},
        ],
    }
    table = RoutingTable.parse("db", rt, clock=FakeClock())
    table.remove_writer(A("a"))
    assert table.writers == []
    assert table.readers == [A("a"), A("b")]
    assert table.routers == [A("a"), A("b")]
    table.remove_writer(A("a"))  # absent: no error
    table.remove(A("a"))
    assert table.routers == [A("b")]
    assert table.readers == [A("b")]
    table.remove(A("zzz"))  # absent: no error
    assert table.servers() == {A("b")}


def test_repr_names_everything() -> None:
    table = RoutingTable(
        database="db", routers=[A("r")], readers=[A("r")], ttl=5
    )
    assert repr(table) == (
        "<RoutingTable database='db' routers=[IPv4Address(('r', 7687))] "
        "readers=[IPv4Address(('r', 7687))] writers=[] ttl=5>"
    )
