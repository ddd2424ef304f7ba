"""Routing tables with entries of the wrong type: ``RoutingTable.parse``
rejects them with its ``ValueError`` instead of coercing them."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._addressing import Address
from neo4j._shared.routing_table import RoutingTable


def _rt(**changes: t.Any) -> dict[str, t.Any]:
    rt: dict[str, t.Any] = {
        "ttl": 300,
        "db": "neo4j",
        "servers": [
            {"role": "ROUTE", "addresses": ["r1:7687"]},
            {"role": "READ", "addresses": ["rd1:7687"]},
            {"role": "WRITE", "addresses": ["w1:7687"]},
        ],
    }
    rt.update(changes)
    return rt


@pytest.mark.parametrize(
    ("rt", "cause"),
    [
        (_rt(ttl="300"), "ttl must be a number, got '300'"),
        (_rt(ttl=True), "ttl must be a number, got True"),
        (_rt(ttl=None), "ttl must be a number, got None"),
        (
            _rt(servers={"role": "READ"}),
            "servers must be a list, got {'role': 'READ'}",
        ),
        (_rt(servers=("x",)), "servers must be a list, got ('x',)"),
        (_rt(servers=["ROUTE"]), "a server entry must be a map, got 'ROUTE'"),
        (
            _rt(servers=[{"role": 1, "addresses": ["a:1"]}]),
            "role must be a string, got 1",
        ),
        (
            _rt(servers=[{"addresses": ["a:1"]}]),
            "role must be a string, got None",
        ),
        (
            _rt(servers=[{"role": "READ", "addresses": "a:1"}]),
            "addresses must be a list of strings, got 'a:1'",
        ),
        (
            _rt(servers=[{"role": "READ", "addresses": [7687]}]),
            "addresses must be a list of strings, got [7687]",
        ),
        (
            # a server of an unknown role (a newer server's) is skipped
            # with whatever it holds
            _rt(servers=[{"role": "OTHER", "addresses": None}]),
            None,
        ),
    ],
)
def test_wrong_types_are_rejected(
    rt: dict[str, t.Any], cause: str | None
) -> None:
    if cause is None:
        table = RoutingTable.parse("db", rt)
        assert table.servers() == set()
        return
    with pytest.raises(ValueError, match="Invalid routing table") as info:
        RoutingTable.parse("db", rt)
    assert isinstance(info.value.__cause__, TypeError)
    assert str(info.value.__cause__) == cause


def test_float_ttl_and_missing_addresses_are_accepted() -> None:
    rt = _rt(
        ttl=1.5,
        servers=[
            {"role": "ROUTE", "addresses": ["r1:7687"]},
            {"role": "READ"},
        ],
    )
    table = RoutingTable.parse("db", rt)
    assert table.ttl == 1.5
    assert table.routers == [Address.parse("r1:7687")]
    assert table.readers == []


def test_integer_ttl_becomes_a_float() -> None:
    table = RoutingTable.parse("db", _rt())
    assert table.ttl == 300.0
    assert type(table.ttl) is float
