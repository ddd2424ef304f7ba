"""Mapping whole results: lists, EagerResult, iterators, transformers."""

from __future__ import annotations

import dataclasses
import typing as t

import pytest

from neo4j import EagerResult, Record
from neo4j._mapping import _plans
from neo4j.mapping import (
    MappingError,
    as_object,
    as_objects,
    async_as_objects,
    async_objects_transformer,
    objects_transformer,
)


@dataclasses.dataclass
class Person:
    name: str
    age: int = 0


def records(count: int) -> list[Record]:
    return [Record({"name": f"n{i}", "age": i}) for i in range(count)]


def expected(count: int) -> list[Person]:
    return [Person(f"n{i}", i) for i in range(count)]


class FakeResult:
    """Iterates its records once, like a result."""

    def __init__(self, items: list[Record]) -> None:
        self._items = items
        self.consumed = False

    def __iter__(self) -> t.Iterator[Record]:
        yield from self._items
        self.consumed = True


class FakeAsyncResult:
    """Iterates its records once, like an async result."""

    def __init__(self, items: list[Record]) -> None:
        self._items = items

    async def __aiter__(self) -> t.AsyncIterator[Record]:
        for item in self._items:
            yield item


def test_list_of_records() -> None:
    assert as_objects(records(3), Person) == expected(3)


def test_empty_input() -> None:
    assert as_objects([], Person) == []


def test_eager_result_maps_its_records() -> None:
    eager = EagerResult(records(2), t.cast(t.Any, None), ["name", "age"])

    assert as_objects(eager, Person) == expected(2)


def test_iterator_of_records_with_changing_keys() -> None:
    mixed = [Record({"name": "a"}), Record({"age": 1, "name": "b"})] * 2

    mapped = as_objects(iter(mixed), Person)

    assert mapped == [Person("a"), Person("b", 1)] * 2


def test_list_with_changing_keys() -> None:
    mixed = [Record({"name": "a"}), Record({"name": "b", "age": 1})]

    assert as_objects(mixed, Person) == [Person("a"), Person("b", 1)]


def test_sync_transformer_consumes_the_result() -> None:
    result = FakeResult(records(4))

    mapped = objects_transformer(Person)(result)

    assert mapped == expected(4)
    assert result.consumed


async def test_async_transformer() -> None:
    transform = async_objects_transformer(Person)

    assert await transform(FakeAsyncResult(records(3))) == expected(3)


async def test_async_as_objects_with_changing_keys() -> None:
    mixed = [Record({"name": "a"}), Record({"age": 2, "name": "b"})]

    mapped = await async_as_objects(FakeAsyncResult(mixed), Person)

    assert mapped == [Person("a"), Person("b", 2)]


async def test_async_errors_are_mapping_errors() -> None:
    bad = [Record({"name": 1})]

    with pytest.raises(MappingError):
        await async_as_objects(FakeAsyncResult(bad), Person)


@dataclasses.dataclass
class Counted:
    name: str
    age: int


def test_plan_is_built_once_per_class_and_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[tuple[str, ...]] = []
    generate = _plans._generate_record_build

    def counting(plan: _plans.ClassPlan, keys: tuple[str, ...]) -> t.Any:
        built.append(keys)
        return generate(plan, keys)

    monkeypatch.setattr(_plans, "_generate_record_build", counting)
    many = [Record({"name": "a", "age": i}) for i in range(50)]
    other = [Record({"age": 1, "name": "b"})]

    as_objects(many, Counted)
    as_objects(many + other, Counted)
    for record in many:
        as_object(record, Counted)

    assert built == [("name", "age"), ("age", "name")]


def test_plans_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_plans, "_CACHE_SIZE", 4)
    for number in range(10):
        as_object(
            Record({"name": "x", "age": 1, f"extra{number}": 0}), Counted
        )

    assert len(_plans._builders) <= 4
