"""Point structures: ``X`` (2D) and ``Y`` (3D)."""

from __future__ import annotations

import typing as t

from ...spatial import (
    Point,
    _hydrate_point,
    _srid_table,
)
from ..packstream import Structure


__all__ = ["dehydrate_point", "fast_point", "hydrate_point"]


def hydrate_point(srid: int, *coordinates: float) -> Point:
    """Build a point from ``X``/``Y`` fields.

    :param srid: spatial reference id
    :param coordinates: 2 or 3 coordinates
    :returns: the matching :class:`~neo4j.spatial.Point` subclass
    """
    return _hydrate_point(srid, *coordinates)


_new_tuple = tuple.__new__


def fast_point(slow: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """The ``X``/``Y`` hook: :func:`hydrate_point` in one frame.

    Takes a known SRID with the right number of float coordinates; hands
    anything else to ``slow`` (the guarded :func:`hydrate_point`).

    :param slow: the guarded general hook
    :returns: the hook
    """
    table = _srid_table

    def point_hook(*fields: t.Any) -> t.Any:
        if fields and fields[0].__class__ is int:
            entry = table.get(fields[0])
            if entry is not None and len(fields) == entry[1] + 1:
                coordinates = fields[1:]
                for value in coordinates:
                    if value.__class__ is not float:
                        break
                else:
                    return _new_tuple(entry[0], coordinates)
        return slow(*fields)

    return point_hook


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
