"""Mapping errors: what is refused, when, and what the error says."""

from __future__ import annotations

import dataclasses
import decimal
import typing as t

import pytest

from neo4j import Record
from neo4j._data import BrokenValue, record_factory
from neo4j.exceptions import BrokenRecordError, DriverError
from neo4j.graph import Graph
from neo4j.mapping import MappingError, as_object, as_objects


@dataclasses.dataclass
class Address:
    city: str


@dataclasses.dataclass
class Person:
    name: str
    age: int
    nickname: str | None
    address: Address | None = None


def test_mapping_error_is_a_driver_error_and_a_value_error() -> None:
    assert issubclass(MappingError, DriverError)
    assert issubclass(MappingError, ValueError)


def test_ill_typed_value_names_class_field_and_key() -> None:
    record = Record({"name": "Ann", "age": "33", "nickname": None})

    with pytest.raises(MappingError) as caught:
        as_object(record, Person)

    error = caught.value
    assert error.target is Person
    assert (error.field, error.key, error.path) == ("age", "age", "age")
    assert (error.expected, error.actual) == ("int", "str")
    assert str(error) == (
        "cannot map record key 'age' to Person.age: expected int, got str"
    )


def test_error_messages_never_show_values() -> None:
    record = Record({"name": "Ann", "age": "secret-ish", "nickname": None})

    with pytest.raises(MappingError) as caught:
        as_object(record, Person)

    assert "secret-ish" not in str(caught.value)


def test_missing_record_key_is_refused_even_for_an_optional_field() -> None:
    # record keys are chosen by the query: a missing one is a mistake
    with pytest.raises(MappingError) as caught:
        as_object(Record({"name": "Ann", "age": 1}), Person)

    error = caught.value
    assert (error.field, error.key, error.actual) == (
        "nickname",
        "nickname",
        "missing",
    )
    assert "the record has keys 'name', 'age'" in str(error)


def test_missing_key_fails_again_on_every_call() -> None:
    record = Record({"name": "Ann"})
    for _ in range(2):
        with pytest.raises(MappingError):
            as_object(record, Person)


def test_missing_property_of_an_optional_field_is_none() -> None:
    # Neo4j stores no null properties: a missing one is a null
    node = Graph()._make_node(1, ("P",), {"name": "Ann", "age": 3}, "4:x:1")

    person = as_object(Record({"p": node}), Person)

    assert person == Person("Ann", 3, None)


def test_missing_property_of_a_required_field() -> None:
    node = Graph()._make_node(1, ("P",), {"name": "Ann"}, "4:x:1")

    with pytest.raises(MappingError) as caught:
        as_object(Record({"p": node}), Person)

    error = caught.value
    assert (error.field, error.key, error.path) == ("age", "p", "p.age")
    assert error.actual == "missing"
    assert str(error) == (
        "cannot map record key 'p', at p.age to Person.age: "
        "missing (expected int)"
    )


def test_nested_error_names_the_inner_class_and_field() -> None:
    record = Record(
        {"name": "A", "age": 1, "nickname": None, "address": {"city": 1}}
    )

    with pytest.raises(MappingError) as caught:
        as_object(record, Person)

    error = caught.value
    assert (error.field, error.key, error.path) == (
        "address",
        "address",
        "address.city",
    )
    assert "(Address.city)" in str(error)


def test_a_value_that_is_no_map_for_a_class() -> None:
    with pytest.raises(MappingError) as caught:
        as_object(Record({"p": 42}), Person)

    error = caught.value
    assert (error.field, error.key, error.actual) == (None, "p", "int")
    assert "node, relationship or map" in error.expected


def test_a_value_given_directly_that_is_no_map() -> None:
    with pytest.raises(MappingError) as caught:
        as_object(t.cast(t.Any, [1]), Person)

    assert caught.value.field is None


def test_error_of_a_map_given_directly_names_the_property() -> None:
    with pytest.raises(MappingError) as caught:
        as_object({"name": "A", "age": None, "nickname": None}, Person)

    error = caught.value
    assert (error.field, error.key, error.actual) == ("age", "age", "null")


def test_broken_field_raises_the_broken_record_error() -> None:
    make = record_factory(("name", "age", "nickname"))
    broken = BrokenValue(ValueError("bad zone"))
    record = make(["Ann", broken, None])

    with pytest.raises(BrokenRecordError):
        as_object(record, Person)


def test_broken_field_under_any_is_refused_too() -> None:
    @dataclasses.dataclass
    class Loose:
        v: t.Any

    make = record_factory(("v",))
    with pytest.raises(BrokenRecordError):
        as_object(make([BrokenValue(ValueError("x"))]), Loose)


def test_broken_single_field_that_is_mapped_from() -> None:
    make = record_factory(("p",))
    with pytest.raises(BrokenRecordError):
        as_object(make([BrokenValue(ValueError("x"))]), Person)


def test_as_objects_raises_for_the_first_bad_record() -> None:
    records = [
        Record({"name": "A", "age": 1, "nickname": None}),
        Record({"name": "B", "age": 2.5, "nickname": None}),
    ]

    with pytest.raises(MappingError) as caught:
        as_objects(records, Person)

    assert caught.value.field == "age"


def test_constructor_errors_propagate_unchanged() -> None:
    @dataclasses.dataclass
    class Checked:
        age: int

        def __post_init__(self) -> None:
            if self.age < 0:
                raise ValueError("negative age")

    with pytest.raises(ValueError, match="negative age") as caught:
        as_object(Record({"age": -1}), Checked)

    assert not isinstance(caught.value, MappingError)


# -- plan time: refused classes and annotations -------------------------------


class Unannotated:
    def __init__(self, name) -> None:  # type: ignore[no-untyped-def]
        self.name = name


class NoInit:
    name: str


@dataclasses.dataclass
class BadAnnotation:
    name: str
    amount: decimal.Decimal


@dataclasses.dataclass
class BadInner:
    city: t.Callable[[], None]


@dataclasses.dataclass
class HasBadInner:
    inner: BadInner


@dataclasses.dataclass
class IntKeys:
    v: dict[int, str]


@pytest.mark.parametrize(
    ("cls", "fragments"),
    [
        (Unannotated, ["Unannotated", "'name'", "no annotation"]),
        (NoInit, ["NoInit", "no __init__"]),
        (BadAnnotation, ["BadAnnotation", "'amount'", "Decimal"]),
        (HasBadInner, ["HasBadInner", "'inner'", "BadInner", "'city'"]),
        (IntKeys, ["IntKeys", "'v'", "map keys are str"]),
        (int, ["int"]),
        (list[int], ["list[int]"]),
    ],
)
def test_bad_classes_raise_type_error_naming_class_and_field(
    cls: t.Any, fragments: list[str]
) -> None:
    with pytest.raises(TypeError) as caught:
        as_object(Record({"name": "x"}), cls)

    assert not isinstance(caught.value, MappingError)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_unresolvable_annotation_is_a_type_error() -> None:
    @dataclasses.dataclass
    class Local:
        v: Undefined  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(TypeError, match="Local"):
        as_object(Record({"v": 1}), Local)


def test_bad_annotation_is_refused_before_any_value_is_read() -> None:
    with pytest.raises(TypeError):
        as_objects([Record({"name": "x", "amount": None})], BadAnnotation)
