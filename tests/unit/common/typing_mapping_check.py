"""Checked by mypy (see test_mapping_typing.py), never run.

Mapping functions return the class they are given: ``as_objects(...,
Person)`` is ``list[Person]`` to a type checker.  Every
``# type: ignore[...]`` below marks a mistake mypy must report: with
``--warn-unused-ignores`` (part of ``--strict``), an ignore that is not
needed is itself an error.
"""

from __future__ import annotations

import dataclasses
import typing as t

from typing_extensions import assert_type

import neo4j
from neo4j.mapping import (
    as_object,
    as_objects,
    async_as_objects,
    async_objects_transformer,
    objects_transformer,
    to_parameters,
)


@dataclasses.dataclass
class Person:
    name: str


class Row(t.TypedDict):
    name: str


class Pair(t.NamedTuple):
    left: int


def sync_usage(
    driver: neo4j.Driver, record: neo4j.Record, result: neo4j.Result
) -> None:
    assert_type(as_object(record, Person), Person)
    assert_type(as_object(record, Row), Row)
    assert_type(as_object({"left": 1}, Pair), Pair)
    assert_type(as_objects([record], Person), list[Person])
    assert_type(as_objects(result, Person), list[Person])
    eager = driver.execute_query("RETURN 1")
    assert_type(as_objects(eager, Person), list[Person])
    assert_type(as_objects(eager.records, Row), list[Row])
    people = driver.execute_query(
        "MATCH (p) RETURN p", result_transformer_=objects_transformer(Person)
    )
    assert_type(to_parameters(Person("a")), dict[str, t.Any])
    wrong: list[Pair] = as_objects([record], Person)  # type: ignore[arg-type]
    as_object(record, "Person")  # type: ignore[arg-type]
    del people, wrong


async def async_usage(
    driver: neo4j.AsyncDriver, result: neo4j.AsyncResult
) -> None:
    assert_type(await async_as_objects(result, Person), list[Person])
    transform = async_objects_transformer(Person)
    assert_type(await transform(result), list[Person])
    people = await driver.execute_query(
        "MATCH (p) RETURN p", result_transformer_=transform
    )
    as_objects(result, Person)  # type: ignore[arg-type]
    del people
