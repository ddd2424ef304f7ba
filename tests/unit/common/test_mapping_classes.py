"""Records onto each kind of class, and which record keys feed which field.

Records, nodes and relationships are built in memory, the way the
decoder builds them; no server is involved.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import typing as t

import attrs
import pydantic
import pytest
import typing_extensions as te

from neo4j import Record
from neo4j.graph import Graph, Node, Relationship
from neo4j.mapping import (
    ElementId,
    EndElementId,
    Key,
    Labels,
    MappingError,
    RelationshipType,
    StartElementId,
    as_object,
    as_objects,
)
from neo4j.time import DateTime


def node(
    properties: dict[str, t.Any],
    labels: tuple[str, ...] = ("Person",),
    number: int = 1,
) -> Node:
    return Graph()._make_node(number, labels, properties, f"4:db:{number}")


def relationship(
    properties: dict[str, t.Any], type_: str = "KNOWS"
) -> Relationship:
    return Graph()._make_relationship(
        7, 1, 2, type_, properties, "5:db:7", "4:db:1", "4:db:2"
    )


# -- one class of each kind, same fields ----------------------------------


@dataclasses.dataclass
class DataPerson:
    name: str
    age: int = 0


@attrs.define
class AttrsPerson:
    name: str
    age: int = 0


class PydanticPerson(pydantic.BaseModel):
    name: str
    age: int = 0


class TypedPerson(t.TypedDict):
    name: str
    age: te.NotRequired[int]


class TuplePerson(t.NamedTuple):
    name: str
    age: int = 0


class PlainPerson:
    def __init__(self, name: str, age: int = 0) -> None:
        self.name = name
        self.age = age


CLASSES = [DataPerson, AttrsPerson, PydanticPerson, TuplePerson, PlainPerson]


@pytest.mark.parametrize("cls", CLASSES)
def test_every_kind_of_class_maps_by_name(cls: type[t.Any]) -> None:
    person = as_object(Record({"name": "Ann", "age": 33}), cls)

    assert type(person) is cls
    assert (person.name, person.age) == ("Ann", 33)


@pytest.mark.parametrize("cls", CLASSES)
def test_every_kind_of_class_takes_its_default(cls: type[t.Any]) -> None:
    person = as_object(Record({"name": "Ann"}), cls)

    assert (person.name, person.age) == ("Ann", 0)


@pytest.mark.parametrize("cls", CLASSES)
def test_every_kind_of_class_maps_from_a_node(cls: type[t.Any]) -> None:
    person = as_object(Record({"p": node({"name": "Ann", "age": 5})}), cls)

    assert (person.name, person.age) == ("Ann", 5)


def test_typed_dict_builds_a_dict_without_absent_optional_keys() -> None:
    full = as_object(Record({"name": "Ann", "age": 33}), TypedPerson)
    partial = as_object(Record({"name": "Bob"}), TypedPerson)

    assert full == {"name": "Ann", "age": 33}
    assert partial == {"name": "Bob"}
    assert type(partial) is dict


# -- which keys feed which fields ------------------------------------------


def test_extra_record_keys_are_ignored() -> None:
    record = Record({"age": 4, "name": "Ann", "unused": [1, 2]})

    assert as_object(record, DataPerson) == DataPerson("Ann", 4)


def test_single_key_that_is_no_field_maps_from_its_value() -> None:
    record = Record({"p": {"name": "Ann", "age": 2}})

    assert as_object(record, DataPerson) == DataPerson("Ann", 2)


@dataclasses.dataclass
class Wrapper:
    p: DataPerson


def test_single_key_that_is_a_field_maps_by_name() -> None:
    record = Record({"p": node({"name": "Ann"})})

    assert as_object(record, Wrapper) == Wrapper(DataPerson("Ann"))


@dataclasses.dataclass
class Count:
    n: int


def test_single_scalar_key_maps_by_name() -> None:
    assert as_object(Record({"n": 3}), Count) == Count(3)


def test_relationship_maps_from_its_properties() -> None:
    record = Record({"r": relationship({"name": "via", "age": 1})})

    assert as_object(record, DataPerson) == DataPerson("via", 1)


def test_node_or_map_can_be_mapped_directly() -> None:
    assert as_object(node({"name": "Ann"}), DataPerson) == DataPerson("Ann")
    assert as_object({"name": "Bo", "age": 1}, DataPerson) == DataPerson(
        "Bo", 1
    )


def test_duplicate_record_keys_use_the_first() -> None:
    record = Record._new(["name", "name"], ["first", "second"])

    assert as_object(record, DataPerson).name == "first"


# -- entity parts and keys ---------------------------------------------------


@dataclasses.dataclass
class TaggedPerson:
    id: t.Annotated[str, ElementId]
    kinds: t.Annotated[frozenset[str], Labels]
    name: str
    first_name: t.Annotated[str | None, Key("first name")] = None


def test_element_id_labels_and_renamed_key_of_a_node() -> None:
    value = node({"name": "Ann", "first name": "A."}, ("Person", "Admin"))

    person = as_object(Record({"p": value}), TaggedPerson)

    assert person == TaggedPerson(
        "4:db:1", frozenset({"Person", "Admin"}), "Ann", "A."
    )


@dataclasses.dataclass
class Knows:
    id: t.Annotated[str, ElementId]
    type: t.Annotated[str, RelationshipType]
    start: t.Annotated[str, StartElementId]
    end: t.Annotated[str, EndElementId]
    since: int


def test_relationship_parts() -> None:
    record = Record({"r": relationship({"since": 1999})})

    assert as_object(record, Knows) == Knows(
        "5:db:7", "KNOWS", "4:db:1", "4:db:2", 1999
    )


@dataclasses.dataclass
class LabelList:
    labels: t.Annotated[list[str], Labels]


def test_labels_into_a_list() -> None:
    labels = as_object(node({}, ("B",)), LabelList).labels

    assert labels == ["B"]


def test_entity_parts_of_a_plain_map_are_missing() -> None:
    with pytest.raises(MappingError) as caught:
        as_object(Record({"p": {"name": "Ann"}}), TaggedPerson)

    assert caught.value.field == "id"
    assert caught.value.actual == "missing"


def test_entity_part_fields_read_a_record_key_of_their_name() -> None:
    record = Record({"id": "x", "kinds": ["A"], "name": "N"})

    assert as_object(record, TaggedPerson) == TaggedPerson(
        "x", frozenset({"A"}), "N"
    )


class AliasedModel(pydantic.BaseModel):
    full_name: str = pydantic.Field(alias="fullName")
    born: int | None = None


def test_pydantic_alias_is_the_key() -> None:
    record = Record({"fullName": "Ann Smith", "born": 1990})

    assert as_object(record, AliasedModel) == AliasedModel(
        fullName="Ann Smith", born=1990
    )


class Constrained(pydantic.BaseModel):
    age: int = pydantic.Field(gt=0)


def test_pydantic_validation_errors_propagate_unchanged() -> None:
    with pytest.raises(pydantic.ValidationError):
        as_object(Record({"age": -1}), Constrained)


@attrs.define
class PrivateAttrs:
    _secret: str
    shown: int = attrs.field(default=1)


def test_attrs_private_attribute_reads_its_init_name() -> None:
    mapped = as_object(Record({"secret": "s", "shown": 2}), PrivateAttrs)

    assert mapped == PrivateAttrs("s", 2)


class Positional:
    def __init__(self, a: int, /, b: str = "x", *, c: float = 1.0) -> None:
        self.values = (a, b, c)


def test_plain_class_with_positional_only_and_keyword_only() -> None:
    assert as_object(Record({"a": 1}), Positional).values == (1, "x", 1.0)
    record = Record({"c": 2, "b": "y", "a": 3})
    assert as_object(record, Positional).values == (3, "y", 2.0)


class VarArgs:
    def __init__(self, name: str, *args: t.Any, **kwargs: t.Any) -> None:
        self.name = name
        self.rest = (args, kwargs)


def test_plain_class_variadic_parameters_are_not_filled() -> None:
    mapped = as_object(Record({"name": "n", "other": 1}), VarArgs)

    assert (mapped.name, mapped.rest) == ("n", ((), {}))


@dataclasses.dataclass
class WithInitVar:
    name: str
    scale: dataclasses.InitVar[int] = 1
    scaled: int = dataclasses.field(init=False, default=0)

    def __post_init__(self, scale: int) -> None:
        self.scaled = len(self.name) * scale


def test_dataclass_init_var_is_filled_and_init_false_field_not() -> None:
    mapped = as_object(
        Record({"name": "abc", "scale": 2, "scaled": 9}), WithInitVar
    )

    assert mapped.scaled == 6


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Frozen:
    a: int
    b: str = "b"


def test_frozen_slotted_keyword_only_dataclass() -> None:
    assert as_objects(
        [Record({"a": 1}), Record({"a": 2, "b": "c"})], Frozen
    ) == [
        Frozen(a=1),
        Frozen(a=2, b="c"),
    ]


class OddKeys(t.TypedDict):
    first_name: t.Annotated[str, Key("first name")]
    klass: t.Annotated[str, Key("class")]


def test_typed_dict_keys_are_the_declared_names() -> None:
    record = Record({"first name": "A", "class": "B"})

    assert as_object(record, OddKeys) == {"first_name": "A", "klass": "B"}


class KeywordNamed(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)
    from_: int = pydantic.Field(alias="from")


def test_keyword_that_is_not_an_identifier_is_passed_by_dict() -> None:
    assert as_object(Record({"from": 3}), KeywordNamed).from_ == 3


@dataclasses.dataclass
class Outer:
    @dataclasses.dataclass
    class Inner:
        v: int

    inner: Inner


def test_annotation_naming_a_class_of_the_class_body() -> None:
    mapped = as_object(Record({"inner": {"v": 1}}), Outer)

    assert mapped == Outer(Outer.Inner(1))


class Priced(pydantic.BaseModel):
    amount: decimal.Decimal
    when: datetime.datetime


def test_pydantic_validates_annotations_mapping_does_not_know() -> None:
    # Decimal is no driver value: the model converts the string itself,
    # while the driver DateTime still becomes a datetime first
    record = Record({"amount": "1.50", "when": DateTime(2024, 1, 2)})

    priced = as_object(record, Priced)

    assert priced.amount == decimal.Decimal("1.50")
    assert priced.when == datetime.datetime(2024, 1, 2)


@dataclasses.dataclass
class MarkedInUnion:
    first: t.Annotated[str, Key("first name")] | None = None


def test_markers_on_a_member_of_an_optional() -> None:
    mapped = as_object({"first name": "A"}, MarkedInUnion)

    assert mapped.first == "A"
