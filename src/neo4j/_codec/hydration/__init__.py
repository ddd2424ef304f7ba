"""Turning PackStream structures into driver values and back.

A handler holds the tables of one protocol family; a scope
(:meth:`~HydrationHandlerV1.new_hydration_scope`) is made per result and
owns the :class:`neo4j.graph.Graph` its nodes and relationships share.
Hydration hooks never raise: a struct that cannot be hydrated (unknown
tag, unknown time zone id, malformed fields) becomes a
:class:`BrokenHydrationObject`, which ``Record`` reports as
:exc:`neo4j.exceptions.BrokenRecordError` when the field is read.
"""

from __future__ import annotations

from .._broken import (
    BrokenHydrationObject,
    BrokenValue,
)
from ._handlers import (
    HydrationHandlerV1,
    HydrationHandlerV2,
    HydrationHandlerV3,
    HydrationHandlerV4,
)
from ._scope import (
    HydrationHandlerBase,
    HydrationScope,
)


__all__ = [
    "BrokenHydrationObject",
    "BrokenValue",
    "HydrationHandlerBase",
    "HydrationHandlerV1",
    "HydrationHandlerV2",
    "HydrationHandlerV3",
    "HydrationHandlerV4",
    "HydrationScope",
]
