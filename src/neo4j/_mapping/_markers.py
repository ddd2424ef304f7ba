"""
Markers that say where a field's value comes from.

They go into :data:`typing.Annotated` metadata, which every supported
kind of class keeps (dataclasses, attrs, pydantic, ``TypedDict``,
``NamedTuple`` and plain ``__init__`` annotations alike)::

    id: Annotated[str, ElementId]
    born: Annotated[int, Key("year of birth")]
"""

from __future__ import annotations

import typing as t


__all__ = [
    "ElementId",
    "EndElementId",
    "EntityPart",
    "Key",
    "Labels",
    "RelationshipType",
    "StartElementId",
]


class EntityPart:
    """
    A part of a node or relationship other than its properties.

    Use the instances (:data:`ElementId`, :data:`Labels`...), never
    this class.
    """

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        """The marker's name (``"ElementId"``)."""
        return self._name

    def __repr__(self) -> str:
        return f"neo4j.mapping.{self._name}"

    def __reduce__(self) -> str:
        return self._name


#: The field receives the element id of the node or relationship.
ElementId: t.Final = EntityPart("ElementId")
#: The field receives the labels of the node (a :class:`frozenset`; annotate
#: ``frozenset[str]``, ``set[str]``, ``list[str]`` or ``tuple[str, ...]``).
Labels: t.Final = EntityPart("Labels")
#: The field receives the type name of the relationship.
RelationshipType: t.Final = EntityPart("RelationshipType")
#: The field receives the element id of the relationship's start node.
StartElementId: t.Final = EntityPart("StartElementId")
#: The field receives the element id of the relationship's end node.
EndElementId: t.Final = EntityPart("EndElementId")


class Key:
    """
    Read the field from another key or property name.

    For names that are not Python identifiers, or differ by convention
    (``Annotated[str, Key("first name")]``).  :func:`to_parameters`
    writes the field under the same name.

    :param name: the record key or property name
    """

    __module__ = "neo4j.mapping"
    __slots__ = ("name",)

    name: str

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"Key name must be a str, not {type(name)}")
        self.name = name

    def __repr__(self) -> str:
        return f"Key({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and other.name == self.name

    def __hash__(self) -> int:
        return hash((Key, self.name))
