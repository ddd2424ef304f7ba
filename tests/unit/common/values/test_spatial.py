from __future__ import annotations

import copy
import pickle

import pytest

import neo4j.spatial as spatial
from neo4j.spatial import (
    CartesianPoint,
    Point,
    WGS84Point,
    _hydrate_point,
    _srid_table,
)


def test_all() -> None:
    assert spatial.__all__ == ["CartesianPoint", "Point", "WGS84Point"]


def test_srid_table() -> None:
    assert _srid_table == {
        7203: (CartesianPoint, 2),
        9157: (CartesianPoint, 3),
        4326: (WGS84Point, 2),
        4979: (WGS84Point, 3),
    }


def test_generic_point() -> None:
    p = Point([1, 2])
    assert p == Point((1.0, 2.0))
    assert repr(p) == "Point(1.0, 2.0)"
    assert isinstance(p, tuple)
    assert all(type(c) is float for c in p)
    with pytest.raises(AttributeError):
        p.srid  # noqa: B018
    with pytest.raises(AttributeError):
        p.x  # noqa: B018
    with pytest.raises(ValueError):
        Point([1, "x"])  # type: ignore[list-item]


def test_cartesian() -> None:
    p2 = CartesianPoint((1, 2))
    p3 = CartesianPoint((1, 2, 3))
    assert repr(p2) == "CartesianPoint(1.0, 2.0)"
    assert (p2.srid, p3.srid) == (7203, 9157)
    assert (p3.x, p3.y, p3.z) == (1.0, 2.0, 3.0)
    with pytest.raises(AttributeError) as exc:
        p2.z  # noqa: B018
    assert exc.value.args == ("z",)
    assert CartesianPoint((1,)).srid is None
    assert CartesianPoint.__module__ == "neo4j.spatial"


def test_wgs84() -> None:
    p = WGS84Point((12.5, 55.6, 10))
    assert p.srid == 4979
    assert WGS84Point((1, 2)).srid == 4326
    assert (p.longitude, p.latitude, p.height) == (12.5, 55.6, 10.0)
    assert (p.x, p.y, p.z) == (12.5, 55.6, 10.0)
    with pytest.raises(AttributeError) as exc:
        WGS84Point((1, 2)).height  # noqa: B018
    assert exc.value.args == ("height",)


def test_equality_and_hash() -> None:
    assert CartesianPoint((1, 2)) == CartesianPoint([1.0, 2.0])
    assert not (CartesianPoint((1, 2)) == WGS84Point((1, 2)))  # noqa: SIM201
    assert not (CartesianPoint((1, 2)) == Point((1, 2)))  # noqa: SIM201
    assert not (Point((1, 2)) == (1.0, 2.0))  # noqa: SIM201
    assert CartesianPoint((1, 2)).__eq__(5) is False
    p = CartesianPoint((1, 2))
    assert hash(p) == hash(CartesianPoint) ^ hash((1.0, 2.0))
    assert len({p, CartesianPoint((1, 2)), WGS84Point((1, 2))}) == 2


def test_hydrate_point() -> None:
    p = _hydrate_point(7203, 1.0, 2.0)
    assert type(p) is CartesianPoint
    assert p == CartesianPoint((1, 2))
    w = _hydrate_point(4979, 1.0, 2.0, 3.0)
    assert type(w) is WGS84Point
    assert w.height == 3.0
    u = _hydrate_point(1234, 1.0, 2.0)
    assert type(u) is Point
    assert u.srid == 1234
    with pytest.raises(
        ValueError, match=r"^SRID 7203 requires 2 coordinates \(3 provided\)$"
    ):
        _hydrate_point(7203, 1.0, 2.0, 3.0)


@pytest.mark.parametrize(
    "point",
    [
        CartesianPoint((1, 2)),
        WGS84Point((1, 2, 3)),
        _hydrate_point(1234, 1.0, 2.0),
    ],
)
def test_pickle_and_copy(point: Point) -> None:
    for clone in (pickle.loads(pickle.dumps(point)), copy.deepcopy(point)):
        assert clone == point
        assert type(clone) is type(point)
        assert clone.srid == point.srid
