"""What cannot become an Arrow column, and how it is reported."""

from __future__ import annotations

import datetime as dt
import typing as t

import pytest

from neo4j._arrow import ArrowConversionError, iter_record_batches, to_arrow
from neo4j._codec.hydration._temporal import hydrate_datetime_utc
from neo4j._data import BrokenValue, record_factory
from neo4j.exceptions import BrokenRecordError
from neo4j.graph import Graph
from neo4j.spatial import CartesianPoint
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector


def convert(values: list[t.Any], key: str = "c") -> t.Any:
    make = record_factory((key,))
    return to_arrow([key], [make([value]) for value in values])


@pytest.mark.parametrize(
    ("values", "first", "second"),
    [
        ([1, "one"], "int", "str"),
        ([None, "x", 2], "str", "int"),
        ([True, 1], "bool", "int"),
        ([1.5, "x"], "float", "str"),
        ([[1], {"a": 1}], "list", "dict"),
        ([Date(2020, 1, 1), DateTime(2020, 1, 1)], "Date", "DateTime"),
        ([CartesianPoint((1.0, 2.0)), [1.0, 2.0]], "Point", "list"),
        ([Duration(days=1), "P1D"], "Duration", "str"),
        ([b"x", "x"], "bytes", "str"),
    ],
)
def test_mixed_kinds_name_the_column_and_both_kinds(
    values: list[t.Any], first: str, second: str
) -> None:
    with pytest.raises(ArrowConversionError) as caught:
        convert(values, "mixed")
    message = str(caught.value)
    assert message.startswith("column 'mixed': mixes ")
    assert f"mixes {first} and {second};" in message
    assert caught.value.path == "mixed"
    # both a TypeError and a ValueError
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, ValueError)


def test_nested_mixed_kinds_name_the_path() -> None:
    with pytest.raises(ArrowConversionError, match=r"'xs\[\]': mixes int and"):
        convert([[1, 2], ["a"]], "xs")
    with pytest.raises(ArrowConversionError, match=r"'m\.k': mixes str and"):
        convert([{"k": "a"}, {"k": 1}], "m")
    graph = Graph()
    nodes = [
        graph._make_node(1, ["P"], {"age": 1}, "a"),
        graph._make_node(2, ["P"], {"age": "old"}, "b"),
    ]
    with pytest.raises(
        ArrowConversionError, match=r"'n\.properties\.age': mixes int and str"
    ):
        convert(nodes, "n")


def test_int_not_exact_as_double_does_not_mix_with_floats() -> None:
    with pytest.raises(ArrowConversionError, match="not exact as a float64"):
        convert([0.5, 2**53 + 1])


def test_int_beyond_int64_in_a_hand_built_record() -> None:
    with pytest.raises(ArrowConversionError, match="does not fit int64"):
        convert([2**64])


def test_zoned_and_local_date_times_do_not_mix() -> None:
    values = [DateTime(2020, 1, 1), hydrate_datetime_utc(0, 0, "UTC")]
    with pytest.raises(
        ArrowConversionError, match="date-times with and without a time zone"
    ):
        convert(values)


def test_zoned_and_local_times_do_not_mix() -> None:
    values = [Time(1, 0, 0), Time(1, 0, 0, tzinfo=dt.timezone.utc)]
    with pytest.raises(ArrowConversionError, match="times with and without"):
        convert(values)


def test_date_time_outside_nanosecond_timestamps() -> None:
    with pytest.raises(ArrowConversionError, match="1677 to 2262"):
        convert([DateTime(2300, 1, 1)])
    with pytest.raises(ArrowConversionError, match="1677 to 2262"):
        convert([hydrate_datetime_utc(-(2**34), 0, "Europe/Paris")])


def test_duration_beyond_an_interval() -> None:
    with pytest.raises(ArrowConversionError, match="month_day_nano"):
        convert([Duration(seconds=2**62)])
    with pytest.raises(ArrowConversionError, match="month_day_nano"):
        convert([Duration(months=2**31)])


def test_vectors_of_two_element_types() -> None:
    values = [Vector([1.0], "f32"), Vector([1], "i8")]
    with pytest.raises(
        ArrowConversionError, match="mixes vectors of f32 and i8 elements"
    ):
        convert(values)


def test_a_class_arrow_cannot_hold() -> None:
    class Opaque:
        pass

    with pytest.raises(
        ArrowConversionError, match="cannot hold values of type Opaque"
    ):
        convert([Opaque(), None])


def test_an_unknown_class_next_to_a_known_one_is_named() -> None:
    class Opaque:
        pass

    with pytest.raises(ArrowConversionError, match="mixes int and Opaque"):
        convert([1, Opaque()])


def test_map_keys_must_be_strings() -> None:
    with pytest.raises(ArrowConversionError, match="keys must be strings"):
        convert([{1: "a"}])


def test_broken_value_raises_the_records_own_error() -> None:
    make = record_factory(("ok", "bad"))
    broken = BrokenValue(ValueError("unknown zone"))
    rows = [make([1, 2]), make([3, broken])]
    with pytest.raises(BrokenRecordError, match="broken data at 1") as caught:
        to_arrow(["ok", "bad"], rows)
    assert isinstance(caught.value.__cause__, ValueError)


def test_broken_value_in_a_plain_tuple() -> None:
    broken = BrokenValue(ValueError("x"))
    with pytest.raises(ArrowConversionError, match="could not be decoded"):
        to_arrow(["a"], [(broken,), (1,)])


def test_records_of_the_wrong_width() -> None:
    with pytest.raises(ArrowConversionError, match="3 values for 2 keys"):
        to_arrow(["a", "b"], [(1, 2), (1, 2, 3)])
    with pytest.raises(ArrowConversionError, match="sequences of values"):
        to_arrow(["a"], [1])  # type: ignore[list-item]


@pytest.mark.parametrize("size", [0, -1, 1.5, None, True])
def test_batch_size_must_be_a_positive_int(size: t.Any) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        iter_record_batches(["a"], [(1,)], size)


def test_to_arrow_batch_size_is_checked_before_reading() -> None:
    read = []

    def records() -> t.Iterator[tuple[int]]:
        read.append(1)
        yield (1,)

    with pytest.raises(ValueError, match="batch_size"):
        to_arrow(["a"], records(), batch_size=0)
    assert read == []
