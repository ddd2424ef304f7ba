"""The Arrow type of every kind of driver value (records built in memory).

Values are made the way the decoder makes them (``Graph`` helpers,
``hydrate_*`` for zoned date-times), so what is checked is what a
query's result would give.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid
import zoneinfo

import pyarrow as pa
import pytest

from neo4j._arrow import to_arrow
from neo4j._arrow._nested import MAX_STRUCT_FIELDS
from neo4j._codec.hydration._temporal import (
    hydrate_datetime_utc,
    hydrate_time,
)
from neo4j._data import record_factory
from neo4j.graph import Graph, Node, Path, Relationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.vector import Vector


def table(**columns: list[t.Any]) -> pa.Table:
    """The Arrow table of records with these columns (as the driver
    would hand them over: ``Record`` objects)."""
    keys = tuple(columns)
    make = record_factory(keys)
    rows = [
        make(list(values)) for values in zip(*columns.values(), strict=True)
    ]
    return to_arrow(list(keys), rows)


def column(values: list[t.Any]) -> pa.Array:
    got = table(c=values).column("c")
    assert got.num_chunks == 1
    return got.chunk(0)


# -- scalars ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "arrow_type"),
    [
        ([1, -(2**63), 2**63 - 1, None], pa.int64()),
        ([1.5, float("inf"), None], pa.float64()),
        (["a", "", "ü", None], pa.string()),
        ([b"\x00\xff", b"", None], pa.binary()),
        ([True, False, None], pa.bool_()),
        ([None, None], pa.null()),
    ],
)
def test_scalars(values: list[t.Any], arrow_type: pa.DataType) -> None:
    got = column(values)
    assert got.type == arrow_type
    assert got.to_pylist() == values


def test_nan_stays_a_value_not_a_null() -> None:
    got = column([float("nan"), None])
    assert got.null_count == 1
    assert got[0].as_py() != got[0].as_py()  # NaN


def test_ints_and_floats_make_a_double_column() -> None:
    got = column([1, 2.5, None, -(2**53)])
    assert got.type == pa.float64()
    assert got.to_pylist() == [1.0, 2.5, None, -(2.0**53)]


def test_empty_result_has_null_columns_of_the_keys() -> None:
    got = to_arrow(["a", "b"], [])
    assert got.column_names == ["a", "b"]
    assert got.num_rows == 0
    assert got.schema.types == [pa.null(), pa.null()]


def test_plain_tuples_and_lists_are_records_too() -> None:
    got = to_arrow(["a", "b"], [(1, "x"), [2, "y"]])
    assert got.to_pydict() == {"a": [1, 2], "b": ["x", "y"]}


# -- lists and maps ---------------------------------------------------------


def test_lists_infer_their_item_type() -> None:
    got = column([[1, 2], [], None, [3]])
    assert got.type == pa.list_(pa.int64())
    assert got.to_pylist() == [[1, 2], [], None, [3]]


def test_nested_lists() -> None:
    got = column([[["a"], []], [None, ["b", "c"]]])
    assert got.type == pa.list_(pa.list_(pa.string()))
    assert got.to_pylist() == [[["a"], []], [None, ["b", "c"]]]


def test_only_empty_lists_give_list_of_null() -> None:
    assert column([[], []]).type == pa.list_(pa.null())


def test_maps_with_the_same_keys_are_structs() -> None:
    got = column([{"a": 1, "b": "x"}, None, {"a": 2, "b": "y"}])
    assert got.type == pa.struct([("a", pa.int64()), ("b", pa.string())])
    assert got.to_pylist() == [{"a": 1, "b": "x"}, None, {"a": 2, "b": "y"}]


def test_maps_with_other_keys_take_the_union_missing_is_null() -> None:
    got = column([{"a": 1}, {"b": [1.5]}, {}])
    assert got.type == pa.struct(
        [("a", pa.int64()), ("b", pa.list_(pa.float64()))]
    )
    assert got.to_pylist() == [
        {"a": 1, "b": None},
        {"a": None, "b": [1.5]},
        {"a": None, "b": None},
    ]


def test_maps_with_very_many_keys_become_a_map_type() -> None:
    rows = [{f"k{i}": i} for i in range(MAX_STRUCT_FIELDS + 1)]
    got = column([*rows, None])
    assert got.type == pa.map_(pa.string(), pa.int64())
    assert got[0].as_py() == [("k0", 0)]
    assert got[MAX_STRUCT_FIELDS].as_py() == [(f"k{MAX_STRUCT_FIELDS}", 256)]
    assert not got[MAX_STRUCT_FIELDS + 1].is_valid


# -- temporal ---------------------------------------------------------------


def test_dates_are_date32() -> None:
    got = column([Date(2024, 2, 29), Date(1, 1, 1), None])
    assert got.type == pa.date32()
    assert got.to_pylist() == [dt.date(2024, 2, 29), dt.date(1, 1, 1), None]


def test_local_date_times_keep_nanoseconds() -> None:
    value = DateTime(2024, 5, 6, 7, 8, 9, 123456789)
    got = column([value, None])
    assert got.type == pa.timestamp("ns")
    seconds = dt.datetime(2024, 5, 6, 7, 8, 9) - dt.datetime(1970, 1, 1)
    assert got.cast(pa.int64()).to_pylist() == [
        int(seconds.total_seconds()) * 10**9 + 123456789,
        None,
    ]


def test_zoned_date_times_of_one_zone_keep_it() -> None:
    summer = hydrate_datetime_utc(1_720_000_000, 1, "Europe/Stockholm")
    winter = hydrate_datetime_utc(
        1_700_000_000, 999_999_999, "Europe/Stockholm"
    )
    got = column([summer, winter, None])
    assert got.type == pa.timestamp("ns", "Europe/Stockholm")
    # Arrow stores the UTC instant
    assert got.cast(pa.int64()).to_pylist() == [
        1_720_000_000 * 10**9 + 1,
        1_700_000_000 * 10**9 + 999_999_999,
        None,
    ]


def test_a_zone_of_varying_offsets_is_asked_per_value() -> None:
    # one tzinfo object (not the decoder's per-state zones) whose offset
    # differs between winter (+01:00) and summer (+02:00)
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    winter = DateTime(2024, 1, 15, 12, 0, 0, 5, tzinfo=berlin)
    summer = DateTime(2024, 7, 15, 12, 0, 0, 6, tzinfo=berlin)
    got = column([winter, summer])
    assert got.type == pa.timestamp("ns", "Europe/Berlin")
    expected = [
        int(dt.datetime(2024, 1, 15, 11, tzinfo=dt.timezone.utc).timestamp())
        * 10**9
        + 5,
        int(dt.datetime(2024, 7, 15, 10, tzinfo=dt.timezone.utc).timestamp())
        * 10**9
        + 6,
    ]
    assert got.cast(pa.int64()).to_pylist() == expected


def test_fixed_offsets_name_the_column_zone() -> None:
    got = column([hydrate_datetime_utc(0, 0, 5400)])
    assert got.type == pa.timestamp("ns", "+01:30")
    got = column([DateTime(2020, 1, 1, tzinfo=dt.timezone.utc)])
    assert got.type == pa.timestamp("ns", "UTC")


def test_mixed_zones_become_utc_instants() -> None:
    values = [
        hydrate_datetime_utc(1_000, 5, "Europe/Stockholm"),
        hydrate_datetime_utc(2_000, 6, "America/New_York"),
        hydrate_datetime_utc(3_000, 7, -3600),
    ]
    got = column(values)
    assert got.type == pa.timestamp("ns", "UTC")
    assert got.cast(pa.int64()).to_pylist() == [
        1_000 * 10**9 + 5,
        2_000 * 10**9 + 6,
        3_000 * 10**9 + 7,
    ]


def test_times() -> None:
    local = Time(23, 59, 59, 999_999_999)
    got = column([local, None])
    assert got.type == pa.time64("ns")
    assert got.cast(pa.int64())[0].as_py() == 86_400 * 10**9 - 1


def test_zoned_times_are_kept_in_utc() -> None:
    # 01:30 at +02:00 is 23:30 UTC the day before
    value = hydrate_time((1 * 3600 + 30 * 60) * 10**9 + 7, 7200)
    got = column([value])
    assert got.type == pa.time64("ns")
    assert got.cast(pa.int64())[0].as_py() == (23 * 3600 + 30 * 60) * 10**9 + 7


def test_durations_are_month_day_nano_intervals() -> None:
    value = Duration(months=14, days=-3, seconds=5, nanoseconds=6)
    got = column([value, None])
    assert got.type == pa.month_day_nano_interval()
    interval = got[0].as_py()
    assert (interval.months, interval.days, interval.nanoseconds) == (
        14,
        -3,
        5_000_000_006,
    )
    assert not got[1].is_valid


# -- spatial, graph, vectors, UUIDs -----------------------------------------


def test_points() -> None:
    got = column(
        [CartesianPoint((1.0, 2.0)), WGS84Point((3.0, 4.0, 5.0)), None]
    )
    assert got.type == pa.struct(
        [
            ("srid", pa.int32()),
            ("x", pa.float64()),
            ("y", pa.float64()),
            ("z", pa.float64()),
        ]
    )
    assert got.to_pylist() == [
        {"srid": 7203, "x": 1.0, "y": 2.0, "z": None},
        {"srid": 4979, "x": 3.0, "y": 4.0, "z": 5.0},
        None,
    ]


def _graph() -> tuple[Node, Node, Relationship, Path]:
    graph = Graph()
    alice = graph._make_node(1, ["Person", "Admin"], {"name": "Alice"}, "n1")
    bob = graph._make_node(2, ["Person"], {"name": "Bob", "age": 33}, "n2")
    knows = graph._make_relationship(
        7, 1, 2, "KNOWS", {"since": 2020}, "r7", "n1", "n2"
    )
    path = graph._hydrate_path([alice, bob], [knows], [1, 1])
    return alice, bob, knows, path


ALICE = {
    "element_id": "n1",
    "labels": ["Admin", "Person"],
    "properties": {"name": "Alice", "age": None},
}
BOB = {
    "element_id": "n2",
    "labels": ["Person"],
    "properties": {"name": "Bob", "age": 33},
}
NODE_TYPE = pa.struct(
    [
        ("element_id", pa.string()),
        ("labels", pa.list_(pa.string())),
        (
            "properties",
            pa.struct([("name", pa.string()), ("age", pa.int64())]),
        ),
    ]
)
KNOWS = {
    "element_id": "r7",
    "type": "KNOWS",
    "start_element_id": "n1",
    "end_element_id": "n2",
    "properties": {"since": 2020},
}


def test_nodes_are_structs_of_the_union_of_properties() -> None:
    alice, bob, _, _ = _graph()
    got = column([alice, bob, None])
    assert got.type == NODE_TYPE
    assert got.to_pylist() == [ALICE, BOB, None]


def test_relationships_of_several_types_share_a_column() -> None:
    graph = Graph()
    a = graph._make_relationship(1, 1, 2, "A", {}, "r1", "n1", "n2")
    b = graph._make_relationship(2, 2, 1, "B", {"w": 1.5}, "r2", "n2", "n1")
    got = column([a, b])
    assert [row["type"] for row in got.to_pylist()] == ["A", "B"]
    assert got.type.field("properties").type == pa.struct(
        [("w", pa.float64())]
    )


def test_relationships_and_paths() -> None:
    _, _, knows, path = _graph()
    got = table(r=[knows], p=[path])
    assert got.column("r").to_pylist() == [KNOWS]
    assert got.column("p").to_pylist() == [
        {"nodes": [ALICE, BOB], "relationships": [KNOWS]}
    ]
    path_type = got.schema.field("p").type
    assert path_type.field("nodes").type == pa.list_(NODE_TYPE)
    assert path_type.field("relationships").type == pa.list_(
        got.schema.field("r").type
    )


def test_vector_elements_and_nulls() -> None:
    values = [Vector([1, -2, 3], "i16"), None, Vector([4, 5, 6], "i16")]
    got = column(values)
    assert got.type == pa.list_(pa.int16(), 3)
    assert got.to_pylist() == [[1, -2, 3], None, [4, 5, 6]]


@pytest.mark.parametrize(
    ("dtype", "arrow_type"),
    [
        ("f32", pa.float32()),
        ("f64", pa.float64()),
        ("i8", pa.int8()),
        ("i32", pa.int32()),
        ("i64", pa.int64()),
    ],
)
def test_vector_element_types(dtype: str, arrow_type: pa.DataType) -> None:
    elements = [1.0, 2.0] if dtype.startswith("f") else [1, 2]
    got = column([Vector(elements, dtype)])  # type: ignore[call-overload]
    assert got.type == pa.list_(arrow_type, 2)
    assert got.to_pylist() == [elements]


def test_vectors_of_several_lengths_make_a_list() -> None:
    got = column([Vector([1.0], "f64"), Vector([2.0, 3.0], "f64"), None])
    assert got.type == pa.list_(pa.float64())
    assert got.to_pylist() == [[1.0], [2.0, 3.0], None]


def test_uuids() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    got = column([value, None])
    storage = got.storage if isinstance(got, pa.ExtensionArray) else got
    assert storage.type == pa.binary(16)
    assert storage.to_pylist() == [value.bytes, None]


def test_python_values_use_pyarrow_inference() -> None:
    got = column([dt.date(2020, 1, 2), None])
    assert got.type == pa.date32()
