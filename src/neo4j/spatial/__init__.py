"""Spatial (point) values exchanged with the database."""

from __future__ import annotations

import threading
import typing as t


__all__ = [
    "CartesianPoint",
    "Point",
    "WGS84Point",
]


#: Maps a known SRID to ``(point class, number of dimensions)``.
_srid_table: dict[int, tuple[type[Point], int]] = {}
_srid_table_lock = threading.Lock()


class Point(tuple[float, ...]):
    """
    A point in some coordinate system, stored as a tuple of floats.

    Normally you will meet one of the subclasses (:class:`CartesianPoint`,
    :class:`WGS84Point`).  A bare :class:`Point` is what the driver
    returns for a spatial reference system it does not know; in that case
    its :attr:`srid` is set on the instance.

    :param iterable: the coordinates; each is converted with
        :class:`float`.
    """

    #: Spatial reference identifier: the number that names the
    #: coordinate system of this point (``None`` if not known).
    srid: int | None

    if t.TYPE_CHECKING:

        @property
        def x(self) -> float: ...

        @property
        def y(self) -> float: ...

        @property
        def z(self) -> float: ...

    def __new__(cls, iterable: t.Iterable[float]) -> Point:
        return tuple.__new__(cls, map(float, iterable))

    def __repr__(self) -> str:
        coords = ", ".join(map(repr, self))
        return f"{type(self).__name__}({coords})"

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        return tuple.__eq__(self, t.cast(tuple[float, ...], other))

    def __hash__(self) -> int:
        return hash(type(self)) ^ tuple.__hash__(self)


def _coordinate(index: int, name: str) -> property:
    """
    Build a read-only property returning one coordinate.

    :param index: position of the coordinate in the tuple
    :param name: attribute name reported when the point lacks it
    :returns: the property
    """

    def getter(self: Point) -> float:
        if index < len(self):
            return tuple.__getitem__(self, index)
        raise AttributeError(name)

    return property(getter)


def _srid_property(by_dimension: dict[int, int]) -> property:
    """The ``srid`` of a point class: looked up by the point's length."""

    def srid(self: Point) -> int | None:
        return by_dimension.get(len(self))

    return property(srid)


def point_type(
    name: str, fields: tuple[str, str, str], srid_map: dict[int, int]
) -> type[Point]:
    """
    Define a :class:`Point` subclass for one coordinate system.

    The SRIDs of the system (one per number of dimensions) are entered in
    the table the codec uses to pick the class of a received point.

    :param name: class name
    :param fields: names of the first, second and third coordinate;
        ``x``, ``y`` and ``z`` are offered as well where those names are
        not taken
    :param srid_map: number of dimensions -> SRID
    :returns: the new class
    """
    by_dimension = dict(srid_map)
    namespace: dict[str, t.Any] = {
        "__module__": __name__,
        "__qualname__": name,
        "srid": _srid_property(by_dimension),
    }
    # the system's own coordinate names win over the generic ones
    for position, attr in (*enumerate(fields), *enumerate("xyz")):
        if attr not in namespace:
            namespace[attr] = _coordinate(position, attr)
    cls = t.cast(type[Point], type(name, (Point,), namespace))
    entries = {
        srid: (cls, dimensions) for dimensions, srid in by_dimension.items()
    }
    with _srid_table_lock:
        _srid_table.update(entries)
    return cls


if t.TYPE_CHECKING:

    class CartesianPoint(Point):
        """A point in a Cartesian (flat) coordinate system."""

    class WGS84Point(Point):
        """A geographic point in the WGS-84 coordinate system."""

        @property
        def longitude(self) -> float: ...

        @property
        def latitude(self) -> float: ...

        @property
        def height(self) -> float: ...

else:
    CartesianPoint = point_type(
        "CartesianPoint", ("x", "y", "z"), {2: 7203, 3: 9157}
    )
    CartesianPoint.__doc__ = (
        "A point in a Cartesian (flat) coordinate system.\n\n"
        "SRID 7203 in 2D (``x``, ``y``) and 9157 in 3D (``x``, ``y``, "
        "``z``)."
    )
    WGS84Point = point_type(
        "WGS84Point", ("longitude", "latitude", "height"), {2: 4326, 3: 4979}
    )
    WGS84Point.__doc__ = (
        "A geographic point in the WGS-84 coordinate system.\n\n"
        "SRID 4326 in 2D and 4979 in 3D.  Coordinates are available as "
        "``longitude``/``latitude``/``height`` and as ``x``/``y``/``z``."
    )


def _hydrate_point(srid: int, *coordinates: float) -> Point:
    """
    Build the point for a decoded spatial structure (codec helper).

    :param srid: the spatial reference identifier
    :param coordinates: the coordinates (floats)
    :returns: a :class:`CartesianPoint`/:class:`WGS84Point`, or a bare
        :class:`Point` carrying ``srid`` for an unknown SRID
    :raises ValueError: if the number of coordinates does not fit a
        known SRID
    """
    entry = _srid_table.get(srid)
    if entry is None:
        point = Point(coordinates)
        point.srid = srid
        return point
    cls, dimensions = entry
    if len(coordinates) != dimensions:
        raise ValueError(
            f"SRID {srid} requires {dimensions} coordinates "
            f"({len(coordinates)} provided)"
        )
    return tuple.__new__(cls, map(float, coordinates))
