"""Objects as query parameters: ``to_parameters`` and the round trip."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import typing as t

import attrs
import pydantic
import pytest

from neo4j import Record
from neo4j.graph import Graph
from neo4j.mapping import (
    ElementId,
    Key,
    Labels,
    as_object,
    to_parameters,
)
from neo4j.time import DateTime


class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Address:
    city: str
    lines: tuple[str, ...] = ()


@dataclasses.dataclass
class Person:
    id: t.Annotated[str, ElementId]
    labels: t.Annotated[frozenset[str], Labels]
    name: str
    first: t.Annotated[str, Key("first name")]
    colour: Colour
    born: datetime.datetime
    address: Address
    previous: list[Address] = dataclasses.field(default_factory=list)
    tags: set[str] = dataclasses.field(default_factory=set)


def person() -> Person:
    return Person(
        id="4:x:1",
        labels=frozenset({"Person"}),
        name="Ann",
        first="A",
        colour=Colour.RED,
        born=datetime.datetime(2000, 1, 2, tzinfo=datetime.timezone.utc),
        address=Address("Malmö", ("a", "b")),
        previous=[Address("Lund")],
        tags={"x"},
    )


def test_dataclass_to_a_nested_parameter_map() -> None:
    assert to_parameters(person()) == {
        "name": "Ann",
        "first name": "A",
        "colour": "red",
        "born": datetime.datetime(2000, 1, 2, tzinfo=datetime.timezone.utc),
        "address": {"city": "Malmö", "lines": ["a", "b"]},
        "previous": [{"city": "Lund", "lines": []}],
        "tags": ["x"],
    }


def test_round_trip_through_a_node() -> None:
    original = person()
    properties = to_parameters(original)
    # what the server would store and send back
    node = Graph()._make_node(1, ("Person",), properties, "4:x:1")

    assert as_object(Record({"p": node}), Person) == original


@attrs.define
class AttrsThing:
    _secret: str
    count: int = 0


class Model(pydantic.BaseModel):
    full_name: str = pydantic.Field(alias="fullName")
    address: Address | None = None


class Pair(t.NamedTuple):
    left: int
    right: AttrsThing


class TypedThing(t.TypedDict):
    when: DateTime
    inner: list[Pair]


def test_attrs_pydantic_named_tuple_and_typed_dict() -> None:
    value: TypedThing = {
        "when": DateTime(2024, 1, 1),
        "inner": [Pair(1, AttrsThing("s", 2))],
    }

    assert to_parameters(value) == {
        "when": DateTime(2024, 1, 1),
        "inner": [{"left": 1, "right": {"secret": "s", "count": 2}}],
    }
    model = Model(fullName="Ann B", address=Address("X"))
    assert to_parameters(model) == {
        "fullName": "Ann B",
        "address": {"city": "X", "lines": []},
    }


def test_parameters_map_back_onto_the_same_classes() -> None:
    model = Model(fullName="Ann B", address=None)
    thing = AttrsThing("s", 2)

    assert as_object(to_parameters(model), Model) == model
    assert as_object(to_parameters(thing), AttrsThing) == thing


@dataclasses.dataclass
class WithInitVar:
    name: str
    factor: dataclasses.InitVar[int] = 1


def test_init_vars_are_not_written() -> None:
    assert to_parameters(WithInitVar("a", 3)) == {"name": "a"}


@pytest.mark.parametrize("value", [1, "x", [1], None, object()])
def test_other_values_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="to_parameters"):
        to_parameters(value)
