"""Point structures: ``X`` (2D) and ``Y`` (3D)."""

from __future__ import annotations

import typing as t

from ...spatial import (
    Point,
    _hydrate_point,
)
from ..packstream import Structure


__all__ = ["dehydrate_point", "hydrate_point"]


def hydrate_point(srid: int, *coordinates: float) -> Point:
    """Build a point from ``X``/``Y`` fields.

    :param srid: spatial reference id
    :param coordinates: 2 or 3 coordinates
    :returns: the matching :class:`~neo4j.spatial.Point` subclass
    """
    return _hydrate_point(srid, *coordinates)


def dehydrate_point(value: Point) -> Structure:
    """Encode a point as ``X`` (2D) or ``Y`` (3D).

    :param value: the point (must carry an SRID)
    :returns: the structure
    :raises ValueError: for other dimensions or a point without SRID
    """
    srid: t.Any = getattr(value, "srid", None)
    if srid is None:
        raise ValueError("Cannot send a Point without an SRID")
    dim = len(value)
    if dim == 2:
        return Structure(b"X", srid, *map(float, value))
    if dim == 3:
        return Structure(b"Y", srid, *map(float, value))
    raise ValueError(f"Cannot send a Point with {dim} dimensions")
