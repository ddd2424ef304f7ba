"""
Records to objects: the pure core behind :mod:`neo4j.mapping`.

Modules, from the bottom up:

* :mod:`._errors`: :class:`MappingError` and the internal ``_Mismatch``
  signal that carries a failure's location outwards;
* :mod:`._markers`: ``Annotated`` markers (``ElementId``, ``Key``...);
* :mod:`._targets`: reads any supported class into fields;
* :mod:`._converters`: one converter per annotation;
* :mod:`._plans`: per-class and per-key-set plans, generated code;
* :mod:`._params`: objects back to parameter maps.

Nothing here does I/O or knows results: :mod:`neo4j.mapping` iterates
records and the twins' result methods call it.
"""

from __future__ import annotations

from ._errors import MappingError
from ._markers import (
    ElementId,
    EndElementId,
    Key,
    Labels,
    RelationshipType,
    StartElementId,
)
from ._params import to_parameters
from ._plans import builder_for


__all__ = [
    "ElementId",
    "EndElementId",
    "Key",
    "Labels",
    "MappingError",
    "RelationshipType",
    "StartElementId",
    "builder_for",
    "to_parameters",
]
