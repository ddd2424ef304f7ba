"""What each annotation accepts and what it turns values into."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import typing as t
import uuid
import zoneinfo
from collections.abc import Mapping, Sequence

import pytest

from neo4j import Record
from neo4j.graph import Graph, Node, Path, Relationship
from neo4j.mapping import MappingError, as_object
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector


_T = t.TypeVar("_T")


def one(value: t.Any, cls: type[_T]) -> _T:
    """Map a record with a single field ``v`` onto ``cls``."""
    return as_object(Record({"v": value}), cls)


def make_node(properties: dict[str, t.Any], number: int = 1) -> Node:
    return Graph()._make_node(number, ("L",), properties, f"4:db:{number}")


# -- scalars -----------------------------------------------------------------


@dataclasses.dataclass
class Scalars:
    s: str
    i: int
    f: float
    b: bool
    raw: bytes


def test_scalars_pass_unchanged() -> None:
    record = Record({"s": "x", "i": 1, "f": 0.5, "b": True, "raw": b"\x00"})

    assert as_object(record, Scalars) == Scalars("x", 1, 0.5, True, b"\x00")


def test_float_accepts_an_integer_as_float() -> None:
    record = Record({"s": "x", "i": 1, "f": 2, "b": False, "raw": b""})

    mapped = as_object(record, Scalars)

    assert mapped.f == 2.0
    assert type(mapped.f) is float


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("i", True),  # a boolean is not an integer here
        ("i", 1.0),
        ("s", 1),
        ("b", 1),
        ("f", "1.0"),
        ("raw", "bytes"),
    ],
)
def test_scalars_of_another_type_are_refused(field: str, value: t.Any) -> None:
    values = {"s": "x", "i": 1, "f": 0.5, "b": True, "raw": b""}
    values[field] = value

    with pytest.raises(MappingError) as caught:
        as_object(Record(values), Scalars)

    assert caught.value.field == field
    assert caught.value.actual == type(value).__qualname__


@dataclasses.dataclass
class Anything:
    v: t.Any


@dataclasses.dataclass
class AnyObject:
    v: object


@pytest.mark.parametrize("cls", [Anything, AnyObject])
@pytest.mark.parametrize("value", [None, 1, "x", [1, "a"], {"k": None}])
def test_any_takes_every_value(cls: type[t.Any], value: t.Any) -> None:
    assert one(value, cls).v == value


# -- optional, union, literal, enum, NewType ---------------------------------


@dataclasses.dataclass
class Optional:
    v: int | None


@dataclasses.dataclass
class OldOptional:
    v: t.Optional[int]  # noqa: UP045 (the typing spelling is supported too)


@pytest.mark.parametrize("cls", [Optional, OldOptional])
def test_optional_accepts_null(cls: type[t.Any]) -> None:
    assert one(None, cls).v is None
    assert one(5, cls).v == 5


@dataclasses.dataclass
class NotOptional:
    v: int


def test_null_for_a_field_without_none_is_refused() -> None:
    with pytest.raises(MappingError) as caught:
        one(None, NotOptional)

    assert caught.value.actual == "null"


@dataclasses.dataclass
class NullToDefault:
    v: int = 7


def test_null_for_a_field_with_a_default_takes_the_default() -> None:
    assert one(None, NullToDefault).v == 7


@dataclasses.dataclass
class Union:
    v: int | str | list[int]


@pytest.mark.parametrize("value", [1, "one", [1, 2]])
def test_union_takes_any_member(value: t.Any) -> None:
    assert one(value, Union).v == value


def test_union_refuses_what_no_member_takes() -> None:
    with pytest.raises(MappingError) as caught:
        one(1.5, Union)

    assert caught.value.expected == "int | str | list[int]"


@dataclasses.dataclass
class FloatOrInt:
    v: float | int


def test_union_takes_an_exact_type_match_as_it_is() -> None:
    value = one(3, FloatOrInt).v

    assert type(value) is int


@dataclasses.dataclass
class WithLiteral:
    v: t.Literal["a", "b", 1]


def test_literal() -> None:
    assert one("a", WithLiteral).v == "a"
    assert one(1, WithLiteral).v == 1
    with pytest.raises(MappingError):
        one("c", WithLiteral)
    with pytest.raises(MappingError):
        one(True, WithLiteral)  # equal to 1, but not an int


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class WithEnums:
    colour: Colour
    level: Level


def test_enum_from_member_values() -> None:
    record = Record({"colour": "blue", "level": 2})

    assert as_object(record, WithEnums) == WithEnums(Colour.BLUE, Level.HIGH)


def test_enum_refuses_an_unknown_value() -> None:
    with pytest.raises(MappingError) as caught:
        as_object(Record({"colour": "green", "level": 1}), WithEnums)

    assert caught.value.field == "colour"


UserId = t.NewType("UserId", str)


@dataclasses.dataclass
class WithNewType:
    v: UserId


def test_new_type_maps_as_its_supertype() -> None:
    assert one("u1", WithNewType).v == "u1"
    with pytest.raises(MappingError):
        one(1, WithNewType)


# -- temporal values ---------------------------------------------------------


@dataclasses.dataclass
class Native:
    at: datetime.datetime
    day: datetime.date
    clock: datetime.time
    span: datetime.timedelta


@dataclasses.dataclass
class Driver:
    at: DateTime
    day: Date
    clock: Time
    span: Duration


def temporal_record() -> Record:
    zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    return Record(
        {
            "at": DateTime(2024, 3, 31, 1, 30, 0, 123456789, tzinfo=zone),
            "day": Date(2024, 2, 29),
            "clock": Time(12, 34, 56, 789000000),
            "span": Duration(days=2, seconds=5, nanoseconds=1500),
        }
    )


def test_driver_temporal_values_convert_to_native_ones() -> None:
    mapped = as_object(temporal_record(), Native)

    zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    assert mapped.at == datetime.datetime(
        2024, 3, 31, 1, 30, 0, 123456, tzinfo=zone
    )
    assert mapped.at.tzinfo is not None
    assert mapped.day == datetime.date(2024, 2, 29)
    assert mapped.clock == datetime.time(12, 34, 56, 789000)
    assert mapped.span == datetime.timedelta(days=2, seconds=5, microseconds=1)


def test_driver_temporal_annotations_keep_driver_values() -> None:
    record = temporal_record()

    mapped = as_object(record, Driver)

    assert mapped.at is record["at"]
    assert mapped.span is record["span"]


@dataclasses.dataclass
class Span:
    v: datetime.timedelta


def test_negative_duration_truncates_toward_zero() -> None:
    value = one(Duration(seconds=-1, nanoseconds=-1500), Span).v

    assert value == -datetime.timedelta(seconds=1, microseconds=1)


def test_duration_with_months_is_not_a_timedelta() -> None:
    with pytest.raises(MappingError) as caught:
        one(Duration(months=1), Span)

    assert "without months" in caught.value.expected


@dataclasses.dataclass
class Day:
    v: datetime.date


def test_date_time_is_not_a_date() -> None:
    with pytest.raises(MappingError):
        one(DateTime(2024, 1, 1), Day)


# -- graph, spatial and other driver values -----------------------------------


@dataclasses.dataclass
class GraphValues:
    n: Node
    r: Relationship
    path: Path
    where: Point
    flat: CartesianPoint
    id: uuid.UUID


def test_driver_values_pass_with_their_subclasses() -> None:
    graph = Graph()
    start = graph._make_node(1, ("A",), {}, "4:db:1")
    end = graph._make_node(2, ("B",), {}, "4:db:2")
    rel = graph._make_relationship(
        3, 1, 2, "R", {}, "5:db:3", "4:db:1", "4:db:2"
    )
    path = graph._hydrate_path([start, end], [rel], [1, 1])
    values = {
        "n": start,
        "r": rel,
        "path": path,
        "where": WGS84Point((1.0, 2.0)),
        "flat": CartesianPoint((1.0, 2.0)),
        "id": uuid.uuid4(),
    }

    mapped = as_object(Record(values), GraphValues)

    assert all(getattr(mapped, key) is value for key, value in values.items())


def test_wrong_kind_of_point_is_refused() -> None:
    values = {"where": WGS84Point((1.0, 2.0)), "flat": WGS84Point((1.0, 2.0))}

    @dataclasses.dataclass
    class Points:
        where: Point
        flat: CartesianPoint

    with pytest.raises(MappingError) as caught:
        as_object(Record(values), Points)

    assert caught.value.field == "flat"


# -- collections -----------------------------------------------------------


@dataclasses.dataclass
class Collections:
    names: list[str]
    numbers: tuple[int, ...]
    pair: tuple[str, float]
    unique: set[int]
    frozen: frozenset[str]
    seq: Sequence[int]
    plain: list  # type: ignore[type-arg]
    bare_tuple: tuple  # type: ignore[type-arg]


def test_lists_become_the_annotated_collections() -> None:
    record = Record(
        {
            "names": ["a", "b"],
            "numbers": [1, 2],
            "pair": ["x", 1],
            "unique": [1, 1, 2],
            "frozen": ["a"],
            "seq": [3],
            "plain": [1, "a"],
            "bare_tuple": [None],
        }
    )

    mapped = as_object(record, Collections)

    assert mapped == Collections(
        ["a", "b"],
        (1, 2),
        ("x", 1.0),
        {1, 2},
        frozenset({"a"}),
        [3],
        [1, "a"],
        (None,),
    )
    assert type(mapped.pair[1]) is float


def test_a_mapped_list_is_a_copy() -> None:
    names = ["a"]

    mapped = as_object(
        Record(
            {
                "names": names,
                "numbers": [],
                "pair": ["x", 1.0],
                "unique": [],
                "frozen": [],
                "seq": [],
                "plain": [],
                "bare_tuple": [],
            }
        ),
        Collections,
    )

    assert mapped.names == names
    assert mapped.names is not names


@dataclasses.dataclass
class Nested:
    v: list[list[float]]


def test_nested_lists_convert_each_element() -> None:
    grid = one([[1, 2.5], []], Nested).v

    assert grid == [[1.0, 2.5], []]
    assert type(grid[0][0]) is float


def test_element_errors_name_the_index() -> None:
    with pytest.raises(MappingError) as caught:
        one([[1.0], [2.0, "x"]], Nested)

    assert caught.value.path == "v[1][1]"
    assert caught.value.key == "v"


def test_fixed_tuple_needs_its_length() -> None:
    @dataclasses.dataclass
    class Pair:
        v: tuple[int, int]

    assert one([1, 2], Pair).v == (1, 2)
    with pytest.raises(MappingError):
        one([1, 2, 3], Pair)


@dataclasses.dataclass
class Vectors:
    v: list[float]


def test_a_vector_maps_onto_a_list() -> None:
    vector = Vector([1.0, 2.5], "f64")

    assert one(vector, Vectors).v == [1.0, 2.5]


@dataclasses.dataclass
class Maps:
    scores: dict[str, float]
    props: Mapping[str, t.Any]
    plain: dict  # type: ignore[type-arg]


def test_maps_convert_their_values() -> None:
    record = Record({"scores": {"a": 1}, "props": {"x": [1]}, "plain": {}})

    mapped = as_object(record, Maps)

    assert mapped == Maps({"a": 1.0}, {"x": [1]}, {})
    assert type(mapped.scores["a"]) is float


def test_a_node_maps_onto_a_dict_as_its_properties() -> None:
    record = Record({"scores": {}, "props": make_node({"k": 1}), "plain": {}})

    assert as_object(record, Maps).props == {"k": 1}


def test_map_value_errors_name_the_map_key() -> None:
    with pytest.raises(MappingError) as caught:
        as_object(
            Record({"scores": {"a": "x"}, "props": {}, "plain": {}}), Maps
        )

    assert caught.value.path == "scores['a']"


# -- nested classes --------------------------------------------------------


@dataclasses.dataclass
class Address:
    city: str
    zip: str | None = None


@dataclasses.dataclass
class Person:
    name: str
    address: Address
    previous: list[Address] = dataclasses.field(default_factory=list)


def test_nested_class_from_a_map_or_node() -> None:
    record = Record(
        {
            "p": make_node(
                {"name": "Ann", "address": {"city": "Malmö"}}, number=3
            )
        }
    )

    person = as_object(record, Person)

    assert person == Person("Ann", Address("Malmö"))


def test_list_of_nested_classes() -> None:
    record = Record(
        {
            "name": "Ann",
            "address": make_node({"city": "A"}),
            "previous": [{"city": "B", "zip": "1"}, make_node({"city": "C"})],
        }
    )

    person = as_object(record, Person)

    assert person.previous == [Address("B", "1"), Address("C")]


def test_missing_nested_property_of_an_optional_field_is_none() -> None:
    person = as_object(Record({"name": "A", "address": {"city": "X"}}), Person)

    assert person.address.zip is None


@dataclasses.dataclass
class Tree:
    label: str
    children: list[Tree] = dataclasses.field(default_factory=list)


def test_a_class_can_contain_itself() -> None:
    value = {
        "label": "root",
        "children": [
            {"label": "a"},
            {"label": "b", "children": [{"label": "c"}]},
        ],
    }

    tree = one(value, Tree)

    assert tree == Tree("root", [Tree("a"), Tree("b", [Tree("c")])])


def test_a_recursive_error_names_the_whole_path() -> None:
    value = {
        "label": "root",
        "children": [{"label": "a", "children": [{"label": 5}]}],
    }

    with pytest.raises(MappingError) as caught:
        one(value, Tree)

    error = caught.value
    assert (error.target, error.field, error.key) == (Tree, "children", "v")
    assert error.path == "v.children[0].children[0].label"
    assert "Tree.label" in str(error)
