"""
Records to objects, and objects to parameters.

Map records onto your own classes instead of writing
``Person(**record["p"])`` loops::

    from dataclasses import dataclass
    from typing import Annotated

    from neo4j.mapping import ElementId, as_objects


    @dataclass
    class Person:
        id: Annotated[str, ElementId]
        name: str
        born: int | None = None


    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN p")
    people = as_objects(records, Person)  # list[Person]

Supported classes: dataclasses, attrs classes, pydantic v2 models,
``TypedDict``, ``NamedTuple`` and classes with an annotated
``__init__``.  The rules (which record keys feed which fields, what
converts to what, when errors are raised) are in the documentation
page "Records to objects" (``docs/mapping.rst``).

.. versionadded:: 6.4
"""

from __future__ import annotations

import typing as t

from ._data import Record
from ._mapping import (
    ElementId,
    EndElementId,
    Key,
    Labels,
    MappingError,
    RelationshipType,
    StartElementId,
    builder_for,
    to_parameters,
)
from ._work.eager_result import EagerResult


__all__ = [
    "ElementId",
    "EndElementId",
    "Key",
    "Labels",
    "MappingError",
    "RelationshipType",
    "StartElementId",
    "as_object",
    "as_objects",
    "async_as_objects",
    "async_objects_transformer",
    "objects_transformer",
    "to_parameters",
]


_T = t.TypeVar("_T")


def as_object(record: Record | t.Mapping[str, t.Any], cls: type[_T]) -> _T:
    """
    Build one object from a record (or from a node, relationship or map).

    A record whose single key is not a field's key maps from that key's
    value (``RETURN p`` onto ``Person``); any other record maps its keys
    onto fields by name.  A node or relationship maps from its
    properties, a map from its entries.

    :param record: a :class:`.Record`, or a node, relationship or map
    :param cls: the class to build
    :returns: the new instance
    :raises MappingError: a value is missing or does not fit its field
    :raises TypeError: ``cls`` cannot be mapped onto (unsupported kind
        of class, a field without annotation or with an annotation that
        cannot be satisfied)
    :raises neo4j.exceptions.BrokenRecordError: a field the object
        needs could not be decoded
    """
    build = builder_for(cls, type(record))
    return t.cast(_T, build(record))


def as_objects(
    records: t.Iterable[Record] | EagerResult, cls: type[_T]
) -> list[_T]:
    """
    Build one object per record.

    The plan that maps records of the same keys is made once, not per
    record.

    :param records: records: a list, an :class:`.EagerResult` (its
        records), or a :class:`.Result` (its remaining records are
        consumed)
    :param cls: the class to build
    :returns: the objects, in the order of the records
    :raises MappingError: see :func:`as_object`
    :raises TypeError: see :func:`as_object`
    """
    if isinstance(records, EagerResult):
        records = records.records
    if type(records) is list:
        kinds = set(map(type, records))
        if len(kinds) == 1:  # the common case: one key set
            return list(map(builder_for(cls, kinds.pop()), records))
    out: list[_T] = []
    append = out.append
    last: type[t.Any] | None = None
    build = None
    for record in records:
        if type(record) is not last:
            last = type(record)
            build = builder_for(cls, last)
        append(t.cast(t.Callable[[Record], _T], build)(record))
    return out


async def async_as_objects(
    records: t.AsyncIterable[Record], cls: type[_T]
) -> list[_T]:
    """
    Build one object per record of an :class:`.AsyncResult`.

    The ``async`` twin of :func:`as_objects`.

    :param records: the result (its remaining records are consumed)
    :param cls: the class to build
    :returns: the objects, in the order of the records
    :raises MappingError: see :func:`as_object`
    :raises TypeError: see :func:`as_object`
    """
    out: list[_T] = []
    append = out.append
    last: type[t.Any] | None = None
    build = None
    async for record in records:
        if type(record) is not last:
            last = type(record)
            build = builder_for(cls, last)
        append(t.cast(t.Callable[[Record], _T], build)(record))
    return out


def objects_transformer(
    cls: type[_T],
) -> t.Callable[[t.Iterable[Record]], list[_T]]:
    """
    A result transformer for :meth:`.Driver.execute_query`.

    ``driver.execute_query(query, result_transformer_=
    objects_transformer(Person))`` returns ``list[Person]``.

    :param cls: the class to build from each record
    :returns: a function mapping every record of a result
    """

    def transform(result: t.Iterable[Record]) -> list[_T]:
        return as_objects(result, cls)

    return transform


def async_objects_transformer(
    cls: type[_T],
) -> t.Callable[[t.AsyncIterable[Record]], t.Awaitable[list[_T]]]:
    """
    A result transformer for :meth:`.AsyncDriver.execute_query`.

    The ``async`` twin of :func:`objects_transformer`.

    :param cls: the class to build from each record
    :returns: a coroutine function mapping every record of a result
    """

    async def transform(result: t.AsyncIterable[Record]) -> list[_T]:
        return await async_as_objects(result, cls)

    return transform
