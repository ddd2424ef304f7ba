"""Hydration scopes and the shared machinery of the handlers."""

from __future__ import annotations

import typing as t

from ...graph import (
    Graph,
    Node,
    Path,
    Relationship,
    _drop_nulls,
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


_new = object.__new__
_NO_LABELS: t.Final[frozenset[str]] = frozenset()
_LABEL_SETS_MAX: t.Final = 64


def _placeholder(
    graph: Graph, nodes: dict[str, Node], eid: str, id_: int
) -> Node:
    # a node first seen as the end of a relationship (no labels and
    # properties yet), as ``Graph._make_node(id_, None, None, eid)``
    node = _new(Node)
    node._graph = graph
    node._eid = eid
    node._id = id_
    node._properties = {}
    node._labels = _NO_LABELS
    nodes[eid] = node
    return node


class _GraphHooks:
    """The graph-entity hooks of one scope, bound to its graph.

    Methods of a small object rather than closures built per scope: a
    scope is created per query, so its construction is on the round-trip
    path.  Like :func:`guard`, failures become a :class:`BrokenValue`.
    """

    __slots__ = ("graph", "label_sets")

    graph: Graph
    #: one frozenset per label list seen (shared by the nodes: fewer
    #: objects for the garbage collector to walk)
    label_sets: dict[tuple[t.Any, ...], frozenset[str]]

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.label_sets = {}

    def node(self, *fields: t.Any) -> t.Any:
        try:
            if len(fields) == 4:
                # Bolt 5 with the usual field types: Graph._make_node
                # in one frame (same steps, same outcome)
                id_, labels, properties, eid = fields
                if (
                    eid.__class__ is str
                    and labels.__class__ is list
                    and properties.__class__ is dict
                ):
                    graph = self.graph
                    nodes = graph._node_map
                    known = nodes.get(eid)
                    if known is None or (labels and not known._labels):
                        # one frozenset per label list (see label_sets)
                        key = tuple(labels)
                        label_sets = self.label_sets
                        label_set = label_sets.get(key)
                        if label_set is None:
                            label_set = frozenset(key)
                            if len(label_sets) < _LABEL_SETS_MAX:
                                label_sets[key] = label_set
                        if known is None:
                            if None in properties.values():
                                properties = _drop_nulls(properties)
                            node = _new(Node)
                            node._graph = graph
                            node._eid = eid
                            node._id = id_
                            node._properties = properties
                            node._labels = label_set
                            nodes[eid] = node
                            return node
                        known._labels = label_set
                    elif labels:
                        have = known._labels
                        if not have.issuperset(labels):
                            known._labels = have.union(labels)
                    # seen before (perhaps as a relationship's end): the
                    # rest of what Node._absorb does, without the copies
                    if properties:
                        if None in properties.values():
                            properties = _drop_nulls(properties)
                        known._properties.update(properties)
                    return known
            return self.graph._make_node(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(b"N", *fields))

    def relationship(self, *fields: t.Any) -> t.Any:
        try:
            if len(fields) == 8:
                # Bolt 5 with the usual field types: as
                # Graph._make_relationship, in one frame
                id_, start_id, end_id, type_, properties, eid, sid, enid = (
                    fields
                )
                if (
                    eid.__class__ is str
                    and sid.__class__ is str
                    and enid.__class__ is str
                    and type_.__class__ is str
                    and properties.__class__ is dict
                ):
                    graph = self.graph
                    rels = graph._rel_map
                    rel = rels.get(eid)
                    if rel is None:
                        cls = graph._rel_classes.get(type_)
                        if cls is None:
                            cls = graph.relationship_type(type_)
                        if None in properties.values():
                            properties = _drop_nulls(properties)
                        rel = _new(cls)
                        rel._start = rel._end = None
                        rel._graph = graph
                        rel._eid = eid
                        rel._id = id_
                        rel._properties = properties
                        rels[eid] = rel
                    nodes = graph._node_map
                    start = nodes.get(sid)
                    if start is None:
                        start = _placeholder(graph, nodes, sid, start_id)
                    end = nodes.get(enid)
                    if end is None:
                        end = _placeholder(graph, nodes, enid, end_id)
                    rel._start = start
                    rel._end = end
                    return rel
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
    #: hook -> factory of a faster hook doing the same; the factory gets
    #: the guarded hook to fall back to (see ``_temporal.fast_date``)
    fast_hooks: dict[_Hook, t.Callable[[_Hook], _Hook]]
    dehydration_hooks: DehydrationHooks
    _table: dict[int, _Hook] | None

    def __init__(self) -> None:
        self.struct_hooks = {}
        self.fast_hooks = {}
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
        fast = self.fast_hooks
        for tag, hook in self.struct_hooks.items():
            guarded = guard(tag, hook)
            make = fast.get(hook)
            table[tag] = guarded if make is None else make(guarded)
        return table

    def new_hydration_scope(self) -> HydrationScope:
        """Create the hooks for one result.

        :returns: a fresh scope with its own graph
        """
        table = self._table
        if table is None:
            table = self._table = self._build_table()
        return HydrationScope(table, self.dehydration_hooks)
