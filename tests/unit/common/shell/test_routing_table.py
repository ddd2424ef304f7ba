"""Routing tables parsed from ROUTE answers."""

from __future__ import annotations

import pytest

from neo4j._addressing import Address
from neo4j._shared.routing_table import RoutingTable


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


RT = {
    "ttl": 300,
    "db": "neo4j",
    "servers": [
        {"role": "ROUTE", "addresses": ["r1:7687", "r2:7688"]},
        {"role": "READ", "addresses": ["rd1:7687", "rd1:7687"]},
        {"role": "WRITE", "addresses": ["w1"]},
        {"role": "OTHER", "addresses": ["x:1"]},
    ],
}


def test_parse() -> None:
    table = RoutingTable.parse(None, RT, clock=FakeClock())
    assert table.database == "neo4j"
    assert table.routers == [Address(("r1", 7687)), Address(("r2", 7688))]
    assert table.readers == [Address(("rd1", 7687))]
    assert table.writers == [Address(("w1", 7687))]
    assert table.ttl == 300.0
    assert table.servers() == {
        Address(("r1", 7687)),
        Address(("r2", 7688)),
        Address(("rd1", 7687)),
        Address(("w1", 7687)),
    }


@pytest.mark.parametrize("bad", [{}, {"ttl": "x", "servers": []}, []])
def test_parse_rejects_malformed(bad: object) -> None:
    with pytest.raises(ValueError, match="Invalid routing table"):
        RoutingTable.parse(None, bad)  # type: ignore[arg-type]


def test_freshness_and_purge() -> None:
    clock = FakeClock()
    table = RoutingTable.parse("db", RT, clock=clock)
    assert table.is_fresh(readonly=True)
    assert table.is_fresh(readonly=False)
    clock.now = 300.0
    assert not table.is_fresh(readonly=True)
    assert not table.should_be_purged(30.0)
    clock.now = 330.0
    assert table.should_be_purged(30.0)


def test_remove_and_remove_writer() -> None:
    table = RoutingTable.parse("db", RT, clock=FakeClock())
    table.remove_writer(Address(("w1", 7687)))
    assert table.writers == []
    assert not table.is_fresh(readonly=False)
    assert table.is_fresh(readonly=True)
    table.remove(Address(("r1", 7687)))
    table.remove(Address(("rd1", 7687)))
    assert table.routers == [Address(("r2", 7688))]
    assert not table.is_fresh(readonly=True)
