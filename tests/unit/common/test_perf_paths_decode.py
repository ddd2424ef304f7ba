"""The decoder's and the hydration's fast paths agree with the slow ones.

The frequent structures (``D``, ``I``, ``E``, ``X``/``Y``, Bolt 5 ``N``
and ``R``) have hooks that build their value in one frame and hand
anything unusual to the general (guarded) hook; the decoder reads
fixed-size numbers and 8-bit-size strings inline and may build records
without calling the record factory.  Each test compares a fast path with
the general path on the values near its edges.
"""

from __future__ import annotations

import math
import typing as t

import pytest

from neo4j._codec.hydration import (
    BrokenValue,
    HydrationHandlerV1,
    HydrationHandlerV2,
    _spatial,
    _temporal,
)
from neo4j._codec.hydration._scope import guard
from neo4j._codec.packstream import (
    PackStreamDecodeError,
    Structure,
    pack,
    unpack,
    unpack_chunked,
)
from neo4j._data import RecordLengthError, record_factory
from neo4j.graph import Graph, Node, Relationship


def _enc(value: t.Any) -> bytes:
    buf = bytearray()
    pack(buf, value)
    return bytes(buf)


def _same(fast: t.Any, slow: t.Any) -> None:
    assert type(fast) is type(slow)
    if isinstance(slow, BrokenValue):
        assert type(fast.error) is type(slow.error)
        assert str(fast.error) == str(slow.error)
        assert fast.raw_data == slow.raw_data
        return
    assert fast == slow
    assert repr(fast) == repr(slow)
    if hasattr(slow, "tzinfo"):
        assert fast.tzinfo == slow.tzinfo
        assert fast.utcoffset() == slow.utcoffset()
    for slot in ("_ordinal", "_year", "_month", "_day", "_fold"):
        if hasattr(slow, slot):
            assert getattr(fast, slot) == getattr(slow, slot)


def _pair(tag: int, hook: t.Any, make: t.Any) -> tuple[t.Any, t.Any]:
    slow = guard(tag, hook)
    return make(slow), slow


_BIG = 2**63


@pytest.mark.parametrize(
    "fields",
    [
        [0],
        [19_000],
        [-1],
        [-719_162],  # 0001-01-01
        [-719_163],  # ordinal 0: the slow path decides
        [2_932_896],  # 9999-12-31
        [2_932_897],  # past the end
        [True],
        [1.0],
        ["1"],
        [],
        [1, 2],
    ],
)
def test_fast_date_matches_slow(fields: list[t.Any]) -> None:
    fast, slow = _pair(0x44, _temporal.hydrate_date, _temporal.fast_date)
    _same(fast(*fields), slow(*fields))


@pytest.mark.parametrize(
    "fields",
    [
        [1_700_000_000, 123_456_789, 3_600],
        [1_700_000_000, 0, 0],
        [0, 0, -3_600],
        [-1, 999_999_999, 7_200],
        [-62_135_596_800, 0, 0],  # 0001-01-01T00:00Z
        [-62_135_596_800, 0, -60],  # the day before: slow path
        [253_402_300_799, 999_999_999, 0],  # 9999-12-31T23:59:59Z
        [253_402_300_799, 999_999_999, 60],
        [1_700_000_000, 1_000_000_000, 0],
        [1_700_000_000, -1, 0],
        [1_700_000_000, 0, 86_400],  # offset out of range
        [1_700_000_000, 0, True],
        [1_700_000_000, 0.5, 0],
        [1_700_000_000, 0, "Europe/Stockholm"],
        [1_700_000_000, 0],
    ],
)
def test_fast_datetime_matches_slow(fields: list[t.Any]) -> None:
    fast, slow = _pair(
        0x49, _temporal.hydrate_datetime_utc, _temporal.fast_datetime_utc
    )
    expected = slow(*fields)  # also fills the offset cache
    _same(fast(*fields), expected)
    _temporal._OFFSETS.clear()
    _same(fast(*fields), expected)


@pytest.mark.parametrize(
    "fields",
    [
        [1, 2, 3, 500],
        [0, 0, 0, 0],
        [-5, -6, -7, 0],
        [0, 0, -7, 5],  # to normalise: slow path
        [0, 0, 7, 999_999_999],
        [0, 0, 7, 1_000_000_000],
        [0, 0, 7, -1],
        [_BIG - 1, 0, 0, 0],
        [_BIG, 0, 0, 0],
        [-_BIG, 0, 0, 0],
        [0, 0, _BIG - 1, 0],
        [0, 0, _BIG, 0],
        [3_507_324_295_433, 0, 0, 0],  # months in range, seconds not
        [0, True, 0, 0],
        [0, 0, 1.5, 0],
        [0, 0, 0],
    ],
)
def test_fast_duration_matches_slow(fields: list[t.Any]) -> None:
    fast, slow = _pair(
        0x45, _temporal.hydrate_duration, _temporal.fast_duration
    )
    _same(fast(*fields), slow(*fields))


@pytest.mark.parametrize(
    "fields",
    [
        [4326, 12.5, 55.75],
        [7203, 1.0, 2.0],
        [4979, 1.0, 2.0, 3.0],
        [9157, -1.0, math.inf, 0.0],
        [4326, 1, 2.0],  # int coordinate: converted by the slow path
        [4326, 1.0, 2.0, 3.0],  # wrong dimension
        [4979, 1.0, 2.0],
        [1234, 1.0, 2.0],  # unknown SRID
        [4326.0, 1.0, 2.0],
        [[4326], 1.0, 2.0],
        [4326, "1", 2.0],
        [],
    ],
)
def test_fast_point_matches_slow(fields: list[t.Any]) -> None:
    fast, slow = _pair(0x58, _spatial.hydrate_point, _spatial.fast_point)
    result = fast(*fields)
    expected = slow(*fields)
    _same(result, expected)
    if not isinstance(expected, BrokenValue):
        assert result.srid == expected.srid
        assert list(map(type, result)) == list(map(type, expected))


def test_handlers_use_the_fast_hooks() -> None:
    hooks = HydrationHandlerV2().new_hydration_scope().hydration_hooks
    for tag in (0x44, 0x49, 0x69, 0x45, 0x58, 0x59):
        assert not hooks[tag].__qualname__.startswith("guarded")
    # without a fast version the guard stays
    assert hooks[0x54].__qualname__.startswith("guarded")
    legacy = HydrationHandlerV1().new_hydration_scope().hydration_hooks
    assert legacy[0x46].__qualname__.startswith("guarded")


def test_decoded_temporal_values_in_a_record() -> None:
    hooks = HydrationHandlerV2().new_hydration_scope().hydration_hooks
    row = [
        Structure(b"D", 19_000),
        Structure(b"I", 1_700_000_000, 5, 3_600),
        Structure(b"E", 1, 2, 3, 4),
        Structure(b"X", 4326, 1.5, 2.5),
        Structure(b"D", "bad"),
    ]
    values = [unpack(_enc(struct), hooks) for struct in row]
    assert unpack(_enc(row[:4]), hooks) == values[:4]
    slow = HydrationHandlerV2()
    for value, struct in zip(values, row, strict=True):
        tag = struct.tag[0]
        expected = guard(tag, slow.struct_hooks[tag])(*struct.fields)
        _same(value, expected)


# --- graph ---------------------------------------------------------------


def _node(i: int, labels: t.Any, props: t.Any) -> Structure:
    return Structure(b"N", i, labels, props, f"4:x:{i}")


def _rel(i: int, a: int, b: int, props: t.Any) -> Structure:
    return Structure(
        b"R", i, a, b, "KNOWS", props, f"5:x:{i}", f"4:x:{a}", f"4:x:{b}"
    )


def _hydrate(rows: list[t.Any]) -> tuple[list[t.Any], Graph]:
    # one value at a time: a broken one would spoil a whole list
    scope = HydrationHandlerV2().new_hydration_scope()
    hooks = scope.hydration_hooks
    return [unpack(_enc(v), hooks) for v in rows], scope.get_graph()


def _reference(rows: list[t.Any]) -> tuple[list[t.Any], Graph]:
    # the graph's own (general) methods, structure by structure
    graph = Graph()

    def make(value: t.Any) -> t.Any:
        if isinstance(value, list):
            return [make(v) for v in value]
        fields = list(value.fields)
        try:
            if value.tag == b"N":
                return graph._make_node(*fields)
            return graph._make_relationship(*fields)
        except Exception as exc:
            return BrokenValue(exc, Structure(value.tag, *fields))

    return [make(v) for v in rows], graph


def _describe(value: t.Any) -> t.Any:
    if isinstance(value, list):
        return [_describe(v) for v in value]
    if isinstance(value, BrokenValue):
        return ("broken", type(value.error), value.raw_data)
    if isinstance(value, Node):
        return ("N", value.element_id, value._id, value.labels, dict(value))
    assert isinstance(value, Relationship)
    return (
        "R",
        value.element_id,
        value._id,
        value.type,
        dict(value),
        _describe(value.start_node),
        _describe(value.end_node),
    )


def _graph_state(graph: Graph) -> t.Any:
    return (
        sorted(map(repr, graph.nodes)),
        sorted(map(repr, graph.relationships)),
    )


@pytest.mark.parametrize(
    "rows",
    [
        [_node(1, ["A"], {"x": 1}), _rel(7, 1, 2, {"w": 1})],
        # the end node first seen as a placeholder, then in full
        [_rel(7, 1, 2, {}), _node(2, ["B", "C"], {"y": None, "z": 3})],
        [_node(1, ["A"], {"a": None}), _node(1, ["B"], {"b": 2, "n": None})],
        [_node(1, [], {}), _node(1, [], {}), _node(1, ["A", "A"], {})],
        [_node(1, ["A", "B"], {}), _node(1, ["B"], {"x": 1})],
        [_rel(7, 1, 2, {}), _node(2, [["x"]], {"p": 1})],
        [_rel(7, 1, 1, {"n": None}), _rel(7, 3, 4, {"m": 1})],
        [_node(1, [["x"]], {}), _node(1, ["A"], {})],  # unhashable label
        [_node(1, "AB", {}), _node(2, ["A"], [1])],  # odd field types
        [Structure(b"N", 1, ["A"], {}), Structure(b"N", 1, ["B"], {})],
        [
            Structure(b"R", 7, 1, 2, 3, {}, "5:x:7", "4:x:1", "4:x:2"),
            Structure(b"R", 8, 1, 2, "T", {}, 8, "4:x:1", "4:x:2"),
            Structure(b"R", 9, 1, 2, "T", {}, "5:x:9"),
        ],
    ],
)
def test_fast_graph_hooks_match_the_graph_methods(rows: list[t.Any]) -> None:
    got, graph = _hydrate(rows)
    expected, ref = _reference(rows)
    assert _describe(got) == _describe(expected)
    assert _graph_state(graph) == _graph_state(ref)
    for value in got:
        if isinstance(value, (Node, Relationship)):
            assert value.graph is graph


def test_fast_graph_hooks_share_identity_and_label_sets() -> None:
    rows = [
        [_node(1, ["P"], {"a": 1}), _rel(5, 1, 2, {}), _node(2, ["P"], {})],
        [_node(2, ["P", "Q"], {"b": 2}), _rel(5, 1, 2, {}), _node(1, [], {})],
    ]
    (first, second), _ = _hydrate(rows)
    a, r, b = first
    b2, r2, a2 = second
    assert a is a2 and b is b2 and r is r2
    assert r.start_node is a and r.end_node is b
    assert a.labels == frozenset({"P"}) and b.labels == {"P", "Q"}
    assert dict(b) == {"b": 2}
    assert type(r).__name__ == "KNOWS" and r.type == "KNOWS"
    # nodes with the same label list share one frozenset
    (x, y), _ = _hydrate([_node(1, ["L"], {}), _node(2, ["L"], {})])
    assert x.labels is y.labels
    # also a node first seen as the end of a relationship
    (x, r, y), _ = _hydrate(
        [_node(1, ["L"], {}), _rel(5, 1, 2, {}), _node(2, ["L"], {})]
    )
    assert r.end_node is y and x.labels is y.labels


# --- decoder -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        -17,
        -129,
        200,
        -32_769,
        40_000,
        -(2**31) - 1,
        2**31,
        -(2**63),
        2**63 - 1,
        0.5,
        -0.0,
        "x" * 16,
        "é" * 100,
        "x" * 255,
        None,
        True,
    ],
)
def test_inline_scalars_in_lists_maps_and_structs(value: t.Any) -> None:
    data = [value, [value], {"k": value}, Structure(b"Z", value, value)]
    got = unpack(_enc(data))
    assert got[:3] == [value, [value], {"k": value}]
    assert got[3] == Structure(b"Z", value, value)
    if isinstance(value, float):
        assert math.copysign(1, got[1][0]) == math.copysign(1, value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x92\xd0\x05ab",  # string of 5 announced, 2 bytes there
        b"\x91\xd0",
        b"\x92\xca\x00\x00",
        b"\xa1\x81k\xc1\x00",
        b"\xb2\x5a\xcb\x00\x00\x00",
    ],
)
def test_inline_reads_of_truncated_values_fail(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError):
        unpack(data)


def _records(rows: list[list[t.Any]]) -> bytes:
    out = bytearray()
    for row in rows:
        body = bytearray()
        pack(body, Structure(b"\x71", row))
        out += len(body).to_bytes(2, "big") + body + b"\x00\x00"
    return bytes(out)


def test_records_built_by_the_row_type_shortcut() -> None:
    factory = record_factory(("a", "b"))
    data = _records([[1, "x"], [2, "y"]])
    rows, other, end = unpack_chunked(data, 0, len(data), None, factory)
    assert other is None and end == len(data)
    assert [type(r) for r in rows] == [type(factory([0, 0]))] * 2
    assert [r["b"] for r in rows] == ["x", "y"]
    assert rows[0] == factory([1, "x"])


def test_wrong_record_width_still_raises() -> None:
    factory = record_factory(("a", "b"))
    data = _records([[1, "x"], [2]])
    with pytest.raises(RecordLengthError):
        unpack_chunked(data, 0, len(data), None, factory)


def test_plain_factories_are_called_per_record() -> None:
    seen: list[list[t.Any]] = []

    def factory(values: list[t.Any]) -> tuple[t.Any, ...]:
        seen.append(values)
        return tuple(values)

    data = _records([[1], [2, 3]])
    rows, _, _ = unpack_chunked(data, 0, len(data), None, factory)
    assert rows == [(1,), (2, 3)] and seen == [[1], [2, 3]]
    rows, _, _ = unpack_chunked(data, 0, len(data), None, None)
    assert rows == [[1], [2, 3]]
