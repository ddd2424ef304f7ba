"""Graph values (nodes, relationships, paths) returned by the database."""

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
        "_node_view",
        "_nodes",
        "_relationship_types",
        "_relationship_view",
        "_relationships",
    )

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self._relationships: dict[str, Relationship] = {}
        self._relationship_types: dict[str, type[Relationship]] = {}
        self._node_view: EntitySetView[Node] = EntitySetView(self._nodes)
        self._relationship_view: EntitySetView[Relationship] = EntitySetView(
            self._relationships
        )

    @property
    def nodes(self) -> EntitySetView[Node]:
        """View of the nodes of this graph, keyed by element id."""
        return self._node_view

    @property
    def relationships(self) -> EntitySetView[Relationship]:
        """View of the relationships of this graph, keyed by element id."""
        return self._relationship_view

    def relationship_type(self, name: str) -> type[Relationship]:
        """
        Get the class that stands for a relationship type in this graph.

        Every graph has its own subclass of :class:`Relationship` per type
        name; the class is created on first use.

        :param name: the relationship type name
        :returns: the class, whose ``__name__`` is ``name``
        """
        cls = self._relationship_types.get(name)
        if cls is None:
            cls = _make_relationship_class(name)
            self._relationship_types[name] = cls
        return cls

    # -- pickling -----------------------------------------------------------

    def __reduce__(
        self,
    ) -> tuple[
        t.Callable[[tuple[str, ...]], Graph],
        tuple[tuple[str, ...]],
        dict[str, t.Any],
    ]:
        state = {
            "nodes": self._nodes,
            "relationships": self._relationships,
        }
        return _restore_graph, (tuple(self._relationship_types),), state

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        self._nodes.update(state["nodes"])
        self._relationships.update(state["relationships"])

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
        if element_id is None:
            element_id = str(id_)
        node = self._nodes.get(element_id)
        if node is None:
            node = Node.__new__(Node)
            node._graph = self
            node._element_id = element_id
            node._id = id_
            if properties:
                if None in properties.values():
                    properties = _drop_nulls(properties)
                node._properties = properties
            else:
                node._properties = {}
            node._labels = frozenset(labels) if labels else frozenset()
            self._nodes[element_id] = node
            return node
        if labels:
            node._labels = node._labels.union(labels)
        if properties:
            node._properties.update(_drop_nulls(properties))
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
        if element_id is None:
            element_id = str(id_)
        rel = self._relationships.get(element_id)
        if rel is not None:
            return rel
        cls = self._relationship_types.get(type_)
        if cls is None:
            cls = self.relationship_type(type_)
        rel = cls.__new__(cls)
        rel._graph = self
        rel._element_id = element_id
        rel._id = id_
        if properties:
            if None in properties.values():
                properties = _drop_nulls(properties)
            rel._properties = properties
        else:
            rel._properties = {}
        rel._start_node = None
        rel._end_node = None
        self._relationships[element_id] = rel
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
        rel._start_node = self._make_node(
            start_id, None, None, start_element_id
        )
        rel._end_node = self._make_node(end_id, None, None, end_element_id)
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
                rel._start_node = last
                rel._end_node = following
            elif rel_index < 0:
                rel = relationships[-rel_index - 1]
                rel._start_node = following
                rel._end_node = last
            else:
                raise ValueError("Malformed path structure")
            steps.append(rel)
            last = following
        path = Path.__new__(Path)
        path._relationships = tuple(steps)
        path._nodes = _path_nodes(nodes[0], path._relationships)
        return path


def _restore_graph(type_names: tuple[str, ...]) -> Graph:
    """Recreate an empty graph with fresh relationship type classes."""
    graph = Graph()
    for name in type_names:
        graph.relationship_type(name)
    return graph


class Entity(t.Mapping[str, t.Any]):
    """
    Common base of :class:`Node` and :class:`Relationship`.

    An entity belongs to a :class:`Graph` and is a read-only mapping of
    its properties.  Looking up a missing property returns ``None``.
    """

    __slots__ = ("__weakref__", "_element_id", "_graph", "_id", "_properties")

    _graph: Graph
    _element_id: str
    _id: int
    _properties: dict[str, t.Any]

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        properties: dict[str, t.Any] | None,
    ) -> None:
        self._graph = graph
        self._element_id = element_id
        self._id = id_
        self._properties = _drop_nulls(properties)

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        return self._graph is other._graph and (
            self._element_id == other._element_id
        )

    def __hash__(self) -> int:
        return hash(self._element_id)

    def __len__(self) -> int:
        return len(self._properties)

    def __getitem__(self, name: str) -> t.Any:
        return self._properties.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._properties

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._properties)

    def __getstate__(self) -> dict[str, t.Any]:
        return {
            name: getattr(self, name)
            for cls in type(self).__mro__
            for name in getattr(cls, "__slots__", ())
            if name != "__weakref__" and hasattr(self, name)
        }

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def graph(self) -> Graph:
        """The :class:`Graph` this entity belongs to."""
        return self._graph

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
    def element_id(self) -> str:
        """
        Identifier of the entity within its :class:`Graph`.

        Only meaningful within one transaction: the database may reuse
        it afterwards.
        """
        return self._element_id

    def get(self, name: str, default: object = None) -> t.Any:
        """
        Look up a property.

        :param name: property name
        :param default: returned if the property is absent
        :returns: the property value or ``default``
        """
        return self._properties.get(name, default)

    def keys(self) -> t.KeysView[str]:
        """:returns: the property names"""
        return self._properties.keys()

    def values(self) -> t.ValuesView[t.Any]:
        """:returns: the property values"""
        return self._properties.values()

    def items(self) -> t.ItemsView[str, t.Any]:
        """:returns: the ``(name, value)`` property pairs"""
        return self._properties.items()


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

    _labels: frozenset[str]

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        n_labels: t.Iterable[str] | None = None,
        properties: dict[str, t.Any] | None = None,
    ) -> None:
        Entity.__init__(self, graph, element_id, id_, properties)
        self._labels = frozenset(n_labels or ())

    def __repr__(self) -> str:
        return (
            f"<Node element_id={self._element_id!r} "
            f"labels={self._labels!r} properties={self._properties!r}>"
        )

    @property
    def labels(self) -> frozenset[str]:
        """The labels of this node."""
        return self._labels


class Relationship(Entity):
    """
    A relationship of a graph: type, end nodes and properties.

    Within a graph, each relationship type has its own subclass, so
    ``type(rel).__name__`` is the type name (see :attr:`type`).
    """

    __slots__ = ("_end_node", "_start_node")

    _start_node: Node | None
    _end_node: Node | None

    def __init__(
        self,
        graph: Graph,
        element_id: str,
        id_: int,
        properties: dict[str, t.Any],
    ) -> None:
        Entity.__init__(self, graph, element_id, id_, properties)
        self._start_node = None
        self._end_node = None

    def __repr__(self) -> str:
        return (
            f"<Relationship element_id={self._element_id!r} "
            f"nodes={self.nodes!r} type={self.type!r} "
            f"properties={self._properties!r}>"
        )

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
    def nodes(self) -> tuple[Node | None, Node | None]:
        """The ``(start node, end node)`` pair."""
        return self._start_node, self._end_node

    @property
    def start_node(self) -> Node | None:
        """The node this relationship starts at."""
        return self._start_node

    @property
    def end_node(self) -> Node | None:
        """The node this relationship ends at."""
        return self._end_node

    @property
    def type(self) -> str:
        """Type name; the same as ``type(self).__name__``."""
        return type(self).__name__


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
        start, end = rel._start_node, rel._end_node
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

    __slots__ = ("__weakref__", "_nodes", "_relationships")

    _nodes: tuple[Node, ...]
    _relationships: tuple[Relationship, ...]

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
        self._relationships = relationships

    def __repr__(self) -> str:
        return (
            f"<Path start={self.start_node!r} end={self.end_node!r} "
            f"size={len(self)}>"
        )

    def __eq__(self, other: object) -> bool:
        try:
            start = getattr(other, "start_node")  # noqa: B009
            relationships = getattr(other, "relationships")  # noqa: B009
        except AttributeError:
            return NotImplemented
        return bool(
            self._nodes[0] == start and self._relationships == relationships
        )

    def __hash__(self) -> int:
        value = hash(self._nodes[0])
        for rel in self._relationships:
            value ^= hash(rel)
        return value

    def __len__(self) -> int:
        return len(self._relationships)

    def __iter__(self) -> t.Iterator[Relationship]:
        return iter(self._relationships)

    def __getstate__(self) -> dict[str, t.Any]:
        return {"nodes": self._nodes, "relationships": self._relationships}

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        self._nodes = state["nodes"]
        self._relationships = state["relationships"]

    @property
    def graph(self) -> Graph:
        """The :class:`Graph` the path's entities belong to."""
        return self._nodes[0]._graph

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes along the path, start to end (may repeat)."""
        return self._nodes

    @property
    def start_node(self) -> Node:
        """The first node."""
        return self._nodes[0]

    @property
    def end_node(self) -> Node:
        """The last node."""
        return self._nodes[-1]

    @property
    def relationships(self) -> tuple[Relationship, ...]:
        """The relationships along the path, in order."""
        return self._relationships
