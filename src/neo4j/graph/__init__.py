"""
Graph values (nodes, relationships, paths) returned by the database.

Layout notes: entities keep their element id in ``_eid`` and the end
nodes of a relationship in ``_start``/``_end``.  ``Node._properties``
(the property dict) and ``Node._labels`` (a frozenset) keep their names
because third-party libraries read them; for the same reason
``Graph._nodes``/``Graph._relationships`` (dicts keyed by element id) and
``Path._relationships`` are read-only aliases.  Pickling goes through the
slot list of the class (see :func:`_slot_items`), and all reprs are
produced from a per-class table of shown fields (see :func:`_tagged`).
"""

from __future__ import annotations

import typing as t
import warnings
from collections.abc import Mapping


__all__ = [
    "Graph",
    "Node",
    "Path",
    "Relationship",
]


_T = t.TypeVar("_T")


def _drop_nulls(properties: t.Mapping[str, t.Any] | None) -> dict[str, t.Any]:
    """Copy a property mapping without the entries whose value is None."""
    if not properties:
        return {}
    return {k: v for k, v in properties.items() if v is not None}


def _adopt(properties: dict[str, t.Any] | None) -> dict[str, t.Any]:
    """
    Take over a freshly decoded property dict.

    The dict is used as it is unless it holds nulls, which a graph
    entity never shows as properties.
    """
    if not properties:
        return {}
    if None in properties.values():
        return _drop_nulls(properties)
    return properties


def _tagged(tag: str, shown: t.Iterable[tuple[str, object]]) -> str:
    """Render ``<tag name=repr(value) ...>``."""
    body = " ".join(f"{label}={value!r}" for label, value in shown)
    return f"<{tag} {body}>"


def _slot_items(obj: object) -> t.Iterator[tuple[str, t.Any]]:
    """Yield ``(slot, value)`` for every filled slot of ``obj``."""
    for klass in type(obj).__mro__:
        for slot in klass.__dict__.get("__slots__", ()):
            if slot == "__weakref__" or not hasattr(obj, slot):
                continue
            yield slot, getattr(obj, slot)


def _make_relationship_class(name: str) -> type[Relationship]:
    """Create the class standing for one relationship type."""
    return t.cast(
        type[Relationship],
        type(str(name), (Relationship,), {"__slots__": ()}),
    )


class Graph:
    """
    A self-contained collection of nodes and relationships.

    Entities received within one result share a graph; use
    :meth:`.Result.graph` (or :meth:`.AsyncResult.graph`) to obtain it.
    """

    __slots__ = (
        "__weakref__",
        "_node_map",
        "_rel_classes",
        "_rel_map",
        "_views",
    )

    _node_map: dict[str, Node]
    _rel_map: dict[str, Relationship]
    _rel_classes: dict[str, type[Relationship]]
    _views: tuple[EntitySetView[Node], EntitySetView[Relationship]]

    def __init__(self) -> None:
        # one graph is made per result: keep this cheap
        self._rel_classes = {}
        nodes: dict[str, Node] = {}
        rels: dict[str, Relationship] = {}
        self._node_map, self._rel_map = nodes, rels
        self._views = (EntitySetView(nodes), EntitySetView(rels))

    @property
    def nodes(self) -> EntitySetView[Node]:
        """View of the nodes of this graph, keyed by element id."""
        return self._views[0]

    @property
    def relationships(self) -> EntitySetView[Relationship]:
        """View of the relationships of this graph, keyed by element id."""
        return self._views[1]

    def relationship_type(self, name: str) -> type[Relationship]:
        """
        Get the class that stands for a relationship type in this graph.

        Every graph has its own subclass of :class:`Relationship` per type
        name; the class is created on first use.

        :param name: the relationship type name
        :returns: the class, whose ``__name__`` is ``name``
        """
        try:
            return self._rel_classes[name]
        except KeyError:
            made = _make_relationship_class(name)
            self._rel_classes[name] = made
            return made

    # -- names third-party code reads (``graph._nodes.values()``) ---------

    @property
    def _nodes(self) -> dict[str, Node]:
        """The nodes keyed by element id (read-only alias, do not mutate)."""
        return self._node_map

    @property
    def _relationships(self) -> dict[str, Relationship]:
        """The relationships keyed by element id (read-only alias)."""
        return self._rel_map

    # -- pickling -----------------------------------------------------------

    def __reduce__(
        self,
    ) -> tuple[
        t.Callable[[tuple[str, ...]], Graph],
        tuple[tuple[str, ...]],
        dict[str, t.Any],
    ]:
        state = {"nodes": self._node_map, "relationships": self._rel_map}
        return _restore_graph, (tuple(self._rel_classes),), state

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        self._node_map.update(state["nodes"])
        self._rel_map.update(state["relationships"])

    # -- hydration helpers (used by the codec) ------------------------------

    def _make_node(
        self,
        id_: int,
        labels: t.Iterable[str] | None,
        properties: dict[str, t.Any] | None,
        element_id: str | None = None,
    ) -> Node:
        """
        Get or create the node with the given identity in this graph.

        A node first seen as the end of a relationship has no labels or
        properties yet; seeing it again adds them.

        :param id_: legacy integer id
        :param labels: labels of the node
        :param properties: properties of the node; the dict may be kept
        :param element_id: element id; ``str(id_)`` if missing (Bolt 4)
        :returns: the node
        """
        eid = str(id_) if element_id is None else element_id
        known = self._node_map.get(eid)
        if known is not None:
            known._absorb(labels, properties)
            return known
        node = Node.__new__(Node)
        _fill(node, self, eid, id_, _adopt(properties))
        node._labels = frozenset(labels or ())
        self._node_map[eid] = node
        return node

    def _hydrate_unbound_relationship(
        self,
        id_: int,
        type_: str,
        properties: dict[str, t.Any] | None,
        element_id: str | None = None,
    ) -> Relationship:
        """
        Get or create a relationship without touching its end nodes.

        :param id_: legacy integer id
        :param type_: relationship type name
        :param properties: properties; the dict may be kept
        :param element_id: element id; ``str(id_)`` if missing (Bolt 4)
        :returns: the relationship
        """
        eid = str(id_) if element_id is None else element_id
        known = self._rel_map.get(eid)
        if known is not None:
            return known
        cls = self.relationship_type(type_)
        rel = cls.__new__(cls)
        _fill(rel, self, eid, id_, _adopt(properties))
        rel._start = rel._end = None
        self._rel_map[eid] = rel
        return rel

    def _make_relationship(
        self,
        id_: int,
        start_id: int,
        end_id: int,
        type_: str,
        properties: dict[str, t.Any] | None,
        element_id: str | None = None,
        start_element_id: str | None = None,
        end_element_id: str | None = None,
    ) -> Relationship:
        """
        Get or create a relationship and (re)bind its end nodes.

        Hydrating an element id twice returns the same object; the end
        nodes are updated, the properties are kept from the first time.

        :param id_: legacy id of the relationship
        :param start_id: legacy id of the start node
        :param end_id: legacy id of the end node
        :param type_: relationship type name
        :param properties: properties; the dict may be kept
        :param element_id: element id (default ``str(id_)``)
        :param start_element_id: start node element id
            (default ``str(start_id)``)
        :param end_element_id: end node element id
            (default ``str(end_id)``)
        :returns: the relationship
        """
        rel = self._hydrate_unbound_relationship(
            id_, type_, properties, element_id
        )
        rel._start = self._make_node(start_id, None, None, start_element_id)
        rel._end = self._make_node(end_id, None, None, end_element_id)
        return rel

    def _hydrate_path(
        self,
        nodes: t.Sequence[Node],
        relationships: t.Sequence[Relationship],
        sequence: t.Sequence[int],
    ) -> Path:
        """
        Build a path from the compact form of the Bolt ``P`` structure.

        :param nodes: the distinct nodes of the path
        :param relationships: the distinct (unbound) relationships
        :param sequence: alternating relationship index (1-based, negative
            when traversed backwards) and node index
        :returns: the path
        :raises ValueError: if the structure is malformed
        """
        if not nodes or len(sequence) % 2:
            raise ValueError("Malformed path structure")
        last = nodes[0]
        steps: list[Relationship] = []
        for i in range(0, len(sequence), 2):
            rel_index = sequence[i]
            following = nodes[sequence[i + 1]]
            if rel_index > 0:
                rel = relationships[rel_index - 1]
                rel._start = last
                rel._end = following
            elif rel_index < 0:
                rel = relationships[-rel_index - 1]
                rel._start = following
                rel._end = last
            else:
                raise ValueError("Malformed path structure")
            steps.append(rel)
            last = following
        path = Path.__new__(Path)
        path._steps = tuple(steps)
        path._nodes = _path_nodes(nodes[0], path._steps)
        return path


def _restore_graph(type_names: tuple[str, ...]) -> Graph:
    """Recreate an empty graph with fresh relationship type classes."""
    graph = Graph()
    for name in type_names:
        graph.relationship_type(name)
    return graph


def _fill(
    entity: Entity,
    graph: Graph,
    eid: str,
    legacy_id: int,
    properties: dict[str, t.Any],
) -> None:
    """Set the fields every entity has (``properties`` is kept as is)."""
    entity._graph = graph
    entity._eid = eid
    entity._id = legacy_id
    entity._properties = properties


class Entity(t.Mapping[str, t.Any]):
    """
    Common base of :class:`Node` and :class:`Relationship`.

    An entity belongs to a :class:`Graph` and is a read-only mapping of
    its properties.  Looking up a missing property returns ``None``.
    """

    __slots__ = ("__weakref__", "_eid", "_graph", "_id", "_properties")

    #: name in the repr, and (label, attribute) pairs shown there
    _tag: t.ClassVar[str] = "Entity"
    _shown: t.ClassVar[tuple[tuple[str, str], ...]] = (
        ("element_id", "_eid"),
        ("properties", "_properties"),
    )

    _graph: Graph
    _eid: str
    _id: int
    _properties: dict[str, t.Any]

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        properties: dict[str, t.Any] | None,
    ) -> None:
        _fill(self, graph, element_id, id_, _drop_nulls(properties))

    def __repr__(self) -> str:
        return _tagged(
            self._tag,
            ((label, getattr(self, attr)) for label, attr in self._shown),
        )

    # equality is identity within one graph, whatever the properties say
    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and other._graph is self._graph
            and other._eid == self._eid
        )

    def __hash__(self) -> int:
        return hash(self._eid)

    # -- the mapping of properties (missing names read as None) -------------

    def __getitem__(self, name: str) -> t.Any:
        return self.get(name)

    def get(self, name: str, default: object = None) -> t.Any:
        """
        Look up a property.

        :param name: property name
        :param default: returned if the property is absent
        :returns: the property value or ``default``
        """
        return self._properties.get(name, default)

    def __contains__(self, name: object) -> bool:
        return self._properties.__contains__(name)

    def __len__(self) -> int:
        return self._properties.__len__()

    def __iter__(self) -> t.Iterator[str]:
        yield from self._properties

    def keys(self) -> t.KeysView[str]:
        """:returns: the property names"""
        return self._properties.keys()

    def items(self) -> t.ItemsView[str, t.Any]:
        """:returns: the ``(name, value)`` property pairs"""
        return self._properties.items()

    def values(self) -> t.ValuesView[t.Any]:
        """:returns: the property values"""
        return self._properties.values()

    # -- identity ------------------------------------------------------------

    @property
    def element_id(self) -> str:
        """
        Identifier of the entity within its :class:`Graph`.

        Only meaningful within one transaction: the database may reuse
        it afterwards.
        """
        return self._eid

    @property
    def id(self) -> int:
        """
        Legacy integer id of the entity.

        .. deprecated:: 5.0
            Use :attr:`element_id`; this value may be reused by the
            database and must not be kept across transactions.
        """
        warnings.warn(
            "`id` is deprecated, use `element_id` instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._id

    @property
    def graph(self) -> Graph:
        """The :class:`Graph` this entity belongs to."""
        return self._graph

    # -- pickling: the filled slots of the whole class hierarchy ------------

    def __getstate__(self) -> dict[str, t.Any]:
        return dict(_slot_items(self))

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        for slot in state:
            object.__setattr__(self, slot, state[slot])


class EntitySetView(Mapping[str, _T], t.Generic[_T]):
    """
    Read-only view of the nodes or relationships of a :class:`Graph`.

    Index it with an element id; iterating yields the entities (not the
    ids).
    """

    __slots__ = ("_entities",)

    def __init__(self, entity_dict: dict[str, _T]) -> None:
        self._entities = entity_dict

    def __getitem__(self, e_id: str) -> _T:
        return self._entities[e_id]

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> t.Iterator[_T]:  # type: ignore[override]
        return iter(self._entities.values())


class Node(Entity):
    """A node of a graph: labels plus properties."""

    __slots__ = ("_labels",)

    _tag = "Node"
    _shown = (
        ("element_id", "_eid"),
        ("labels", "_labels"),
        ("properties", "_properties"),
    )

    _labels: frozenset[str]

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        n_labels: t.Iterable[str] | None = None,
        properties: dict[str, t.Any] | None = None,
    ) -> None:
        # labels first: a node is never seen without its label set
        self._labels = frozenset(()) if not n_labels else frozenset(n_labels)
        super().__init__(graph, element_id, id_, properties)

    def _absorb(
        self,
        more_labels: t.Iterable[str] | None,
        more_properties: t.Mapping[str, t.Any] | None,
    ) -> None:
        """Merge what a later sighting of this node tells about it."""
        if more_labels:
            self._labels = self._labels | frozenset(more_labels)
        if more_properties:
            self._properties.update(_drop_nulls(more_properties))

    @property
    def labels(self) -> frozenset[str]:
        """What kinds of thing this node is (may be empty)."""
        return self._labels


class Relationship(Entity):
    """
    A relationship of a graph: type, end nodes and properties.

    Within a graph, each relationship type has its own subclass, so
    ``type(rel).__name__`` is the type name (see :attr:`type`).
    """

    __slots__ = ("_end", "_start")

    _tag = "Relationship"
    _shown = (
        ("element_id", "_eid"),
        ("nodes", "nodes"),
        ("type", "type"),
        ("properties", "_properties"),
    )

    _start: Node | None
    _end: Node | None

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        properties: dict[str, t.Any],
    ) -> None:
        super().__init__(graph, element_id, id_, properties)
        self._start = self._end = None

    def __reduce__(
        self,
    ) -> tuple[
        t.Callable[[Graph, str], Relationship],
        tuple[Graph, str],
        dict[str, t.Any],
    ]:
        state = self.__getstate__()
        return _restore_relationship, (self._graph, self.type), state

    @property
    def type(self) -> str:
        """Type name; the same as ``type(self).__name__``."""
        return type(self).__name__

    @property
    def start_node(self) -> Node | None:
        """Where the relationship comes from (``None`` while unbound)."""
        return self._start

    @property
    def end_node(self) -> Node | None:
        """Where the relationship points to (``None`` while unbound)."""
        return self._end

    @property
    def nodes(self) -> tuple[Node | None, Node | None]:
        """Both ends at once, start first."""
        return (self.start_node, self.end_node)


def _restore_relationship(graph: Graph, type_name: str) -> Relationship:
    """Create an empty relationship of the graph's class for a type."""
    cls = graph.relationship_type(type_name)
    return cls.__new__(cls)


def _path_nodes(
    start_node: Node, relationships: tuple[Relationship, ...]
) -> tuple[Node, ...]:
    """Walk the relationships from ``start_node`` and list the nodes."""
    nodes = [start_node]
    last = start_node
    for number, rel in enumerate(relationships, start=1):
        start, end = rel._start, rel._end
        if start is not None and start == last:
            last = t.cast(Node, end)
        elif end is not None and end == last:
            last = t.cast(Node, start)
        else:
            raise ValueError(
                f"Relationship {number} does not connect to the last node"
            )
        nodes.append(last)
    return tuple(nodes)


_ABSENT: t.Final = object()


class Path:
    """
    A walk through a graph: alternating nodes and relationships.

    ``len(path)`` is the number of relationships, and iterating yields
    the relationships in order.

    :param start_node: first node
    :param relationships: the relationships, each sharing a node with
        the previous step
    :raises ValueError: if a relationship does not continue the path
    """

    __slots__ = ("__weakref__", "_nodes", "_steps")

    #: every node visited (``len(_steps) + 1`` of them)
    _nodes: tuple[Node, ...]
    #: the relationships walked, in order
    _steps: tuple[Relationship, ...]

    def __init__(self, start_node: Node, *relationships: Relationship) -> None:
        if not isinstance(start_node, Node):
            raise TypeError(
                f"start_node must be a Node, not {type(start_node).__name__}"
            )
        for rel in relationships:
            if not isinstance(rel, Relationship):
                raise TypeError(
                    "relationships must be Relationship objects, not "
                    f"{type(rel).__name__}"
                )
        self._nodes = _path_nodes(start_node, relationships)
        self._steps = relationships

    def __repr__(self) -> str:
        shown = (
            ("start", self.start_node),
            ("end", self.end_node),
            ("size", len(self)),
        )
        return _tagged("Path", shown)

    # Paths compare with anything that has a start node and relationships.
    def __eq__(self, other: object) -> bool:
        begin = getattr(other, "start_node", _ABSENT)
        walked = getattr(other, "relationships", _ABSENT)
        if _ABSENT in (begin, walked):
            return NotImplemented
        if self._steps != walked:
            return False
        return bool(self._nodes[0] == begin)

    def __hash__(self) -> int:
        mixed = hash(self._nodes[0])
        for step in self._steps:
            mixed ^= hash(step)
        return mixed

    def __iter__(self) -> t.Iterator[Relationship]:
        yield from self._steps

    def __len__(self) -> int:
        return self._steps.__len__()

    def __getstate__(self) -> dict[str, t.Any]:
        return dict(_slot_items(self))

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        for slot in state:
            object.__setattr__(self, slot, state[slot])

    @property
    def start_node(self) -> Node:
        """Where the walk begins."""
        return self._nodes[0]

    @property
    def end_node(self) -> Node:
        """Where the walk ends (the start node for an empty path)."""
        return self._nodes[-1]

    @property
    def nodes(self) -> tuple[Node, ...]:
        """Every node visited, in order; a node may appear twice."""
        return self._nodes

    @property
    def relationships(self) -> tuple[Relationship, ...]:
        """Every relationship walked, in order."""
        return self._steps

    @property
    def _relationships(self) -> tuple[Relationship, ...]:
        # the name third-party code reads next to ``_nodes``
        return self._steps

    @property
    def graph(self) -> Graph:
        """The :class:`Graph` holding the path's nodes and relationships."""
        return self.start_node.graph
