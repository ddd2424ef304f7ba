"""Hydration scopes and the shared machinery of the handlers."""

from __future__ import annotations

import typing as t

from ...graph import (
    Graph,
    Node,
    Path,
    Relationship,
)
from .._broken import BrokenValue
from ..packstream import (
    DehydrationHooks,
    Structure,
    UnsupportedTypeError,
)


__all__ = [
    "HydrationHandlerBase",
    "HydrationScope",
]


_Hook = t.Callable[..., t.Any]

_NODE = 0x4E  # N
_RELATIONSHIP = 0x52  # R
_UNBOUND_RELATIONSHIP = 0x72  # r
_PATH = 0x50  # P


def guard(tag: int, hook: _Hook) -> _Hook:
    """Wrap a hook so failures become a :class:`BrokenValue`.

    :param tag: the struct tag the hook serves (kept in the raw data)
    :param hook: the hydration function
    :returns: a hook that never raises :class:`Exception`
    """
    tag_byte = bytes((tag,))

    def guarded(*fields: t.Any) -> t.Any:
        try:
            return hook(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(tag_byte, *fields))

    guarded.__qualname__ = f"guarded[{tag_byte!r}]"
    return guarded


def _unknown(tag: int) -> _Hook:
    tag_byte = bytes((tag,))

    def unknown(*fields: t.Any) -> t.Any:
        error = ValueError(
            f"Protocol error: unknown structure tag {tag_byte!r}"
        )
        return BrokenValue(error, Structure(tag_byte, *fields))

    return unknown


class _GraphHooks:
    """The graph-entity hooks of one scope, bound to its graph.

    Methods of a small object rather than closures built per scope: a
    scope is created per query, so its construction is on the round-trip
    path.  Like :func:`guard`, failures become a :class:`BrokenValue`.
    """

    __slots__ = ("graph",)

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def node(self, *fields: t.Any) -> t.Any:
        try:
            return self.graph._make_node(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(b"N", *fields))

    def relationship(self, *fields: t.Any) -> t.Any:
        try:
            return self.graph._make_relationship(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(b"R", *fields))

    def unbound_relationship(self, *fields: t.Any) -> t.Any:
        try:
            return self.graph._hydrate_unbound_relationship(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(b"r", *fields))

    def path(self, *fields: t.Any) -> t.Any:
        try:
            return self.graph._hydrate_path(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(b"P", *fields))


def _reject_graph_type(value: t.Any) -> t.NoReturn:
    raise UnsupportedTypeError(
        f"{type(value).__name__} values (graph entities) cannot be sent "
        "as parameters; pass their element_id or properties instead"
    )


class HydrationScope:
    """Hooks for decoding and encoding the values of one result.

    Graph entities of one result share a :class:`neo4j.graph.Graph`, so
    the scope owns one.

    :param struct_hooks: complete hook table (tag as int -> hook) without
        the graph hooks
    :param dehydration_hooks: encoding rules for parameters
    :param element_ids: ``True`` if the protocol sends element ids
        (Bolt 5+); only documents the scope, the hooks accept both forms
    """

    __slots__ = ("_graph", "dehydration_hooks", "hydration_hooks")

    hydration_hooks: dict[int, _Hook]
    dehydration_hooks: DehydrationHooks

    def __init__(
        self,
        struct_hooks: dict[int, _Hook],
        dehydration_hooks: DehydrationHooks,
    ) -> None:
        graph = Graph()
        self._graph = graph
        hooks = struct_hooks.copy()
        entities = _GraphHooks(graph)
        hooks[_NODE] = entities.node
        hooks[_RELATIONSHIP] = entities.relationship
        hooks[_UNBOUND_RELATIONSHIP] = entities.unbound_relationship
        hooks[_PATH] = entities.path
        self.hydration_hooks = hooks
        self.dehydration_hooks = dehydration_hooks

    def get_graph(self) -> Graph:
        """Return the graph collecting this result's nodes and relationships.

        :returns: the graph
        """
        return self._graph


class HydrationHandlerBase:
    """Per-protocol-version hook tables; creates a scope per result.

    Subclasses fill :attr:`struct_hooks` (unguarded functions keyed by
    tag) and :attr:`dehydration_hooks` in ``__init__``; the full guarded
    table is built lazily on the first scope.
    """

    struct_hooks: dict[int, _Hook]
    dehydration_hooks: DehydrationHooks
    _table: dict[int, _Hook] | None

    def __init__(self) -> None:
        self.struct_hooks = {}
        self.dehydration_hooks = DehydrationHooks(
            subtypes={
                Node: _reject_graph_type,
                Relationship: _reject_graph_type,
                Path: _reject_graph_type,
            }
        )
        self._table = None

    def _build_table(self) -> dict[int, _Hook]:
        table = {tag: _unknown(tag) for tag in range(256)}
        for tag, hook in self.struct_hooks.items():
            table[tag] = guard(tag, hook)
        return table

    def new_hydration_scope(self) -> HydrationScope:
        """Create the hooks for one result.

        :returns: a fresh scope with its own graph
        """
        table = self._table
        if table is None:
            table = self._table = self._build_table()
        return HydrationScope(table, self.dehydration_hooks)
