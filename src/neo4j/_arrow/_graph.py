"""
Points, nodes, relationships and paths as structs.

* ``Point`` -> ``struct<srid: int32, x: double, y: double, z: double>``
  (``z`` null for 2D points; for WGS-84 points ``x`` is the longitude
  and ``y`` the latitude).
* ``Node`` -> ``struct<element_id: string, labels: list<string>,
  properties: struct<...>>`` (labels sorted; the properties follow the
  map rule of :mod:`._nested`: one field per property key seen in the
  column).
* ``Relationship`` -> ``struct<element_id: string, type: string,
  start_element_id: string, end_element_id: string, properties:
  struct<...>>``.
* ``Path`` -> ``struct<nodes: list<node struct>, relationships:
  list<relationship struct>>``.
"""

from __future__ import annotations

import typing as t
from itertools import repeat

import pyarrow as pa

from ..spatial import CartesianPoint
from . import _nested
from ._buffers import assemble, has_null, validity


if t.TYPE_CHECKING:
    from ._convert import Options


__all__ = ["nodes", "paths", "points", "relationships"]

_POINT: t.Final = pa.struct(
    [
        ("srid", pa.int32()),
        ("x", pa.float64()),
        ("y", pa.float64()),
        ("z", pa.float64()),
    ]
)
_BLANK: t.Final = CartesianPoint((0.0, 0.0))
_item: t.Final = tuple.__getitem__


def points(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Point structs ``{srid, x, y, z}``."""
    # nulls read as a blank point: the struct's validity hides them
    filled = (
        values
        if not has_null(values)
        else [_BLANK if v is None else v for v in values]
    )
    widths = set(map(len, filled))
    if widths == {2}:
        zs = pa.nulls(len(values), pa.float64())
    else:
        zs = pa.array(
            [v[2] if len(v) > 2 else None for v in filled], pa.float64()
        )
    children = [
        pa.array([v.srid for v in filled], pa.int32()),
        pa.array(list(map(_item, filled, repeat(0))), pa.float64()),
        pa.array(list(map(_item, filled, repeat(1))), pa.float64()),
        zs,
    ]
    return assemble(_POINT, len(values), [validity(values)], children)


def _strings(values: t.Iterable[str | None]) -> t.Any:
    return pa.array(list(values), pa.string())


def _properties(values: list[t.Any]) -> list[t.Any]:
    return [None if v is None else v._properties for v in values]


def nodes(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Node structs ``{element_id, labels, properties}``."""
    return _nested.struct_of(
        values,
        [
            (
                "element_id",
                _strings(None if v is None else v.element_id for v in values),
            ),
            (
                "labels",
                pa.array(
                    [None if v is None else sorted(v.labels) for v in values],
                    pa.list_(pa.string()),
                ),
            ),
            ("properties", _properties(values)),
        ],
        path,
        options,
    )


def _end_id(node: t.Any) -> str | None:
    return None if node is None else node.element_id


def relationships(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Relationship structs ``{element_id, type, start_element_id,
    end_element_id, properties}``."""
    return _nested.struct_of(
        values,
        [
            (
                "element_id",
                _strings(None if v is None else v.element_id for v in values),
            ),
            ("type", _strings(None if v is None else v.type for v in values)),
            (
                "start_element_id",
                _strings(
                    None if v is None else _end_id(v.start_node)
                    for v in values
                ),
            ),
            (
                "end_element_id",
                _strings(
                    None if v is None else _end_id(v.end_node) for v in values
                ),
            ),
            ("properties", _properties(values)),
        ],
        path,
        options,
    )


def paths(values: list[t.Any], path: str, options: Options) -> t.Any:
    """Path structs ``{nodes: list<node>, relationships: list<rel>}``."""
    return _nested.struct_of(
        values,
        [
            ("nodes", [None if v is None else v.nodes for v in values]),
            (
                "relationships",
                [None if v is None else v.relationships for v in values],
            ),
        ],
        path,
        options,
    )
