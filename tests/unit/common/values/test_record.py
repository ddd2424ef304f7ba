from __future__ import annotations

import copy
import pickle
import typing as t

import pytest
from hypothesis import given, strategies as st

from neo4j._data import BrokenValue, Record, record_factory
from neo4j.exceptions import BrokenRecordError
from neo4j.graph import Graph, Path
from neo4j.spatial import CartesianPoint


@pytest.fixture
def rec() -> Record:
    return Record({"a": 1, "b": 2})


def test_construction_from_dict_and_pairs() -> None:
    r1 = Record({"a": 1, "b": "x"})
    r2 = Record([("a", 1), ("b", "x")])
    r3 = Record(iter([("a", 1), ("b", "x")]))
    assert r1 == r2 == r3
    assert r1.keys() == ["a", "b"]
    assert tuple(r1) == (1, "x")
    assert isinstance(r1, Record)
    assert isinstance(r1, tuple)
    assert isinstance(r1, t.Mapping)


def test_empty_record() -> None:
    r = Record()
    assert repr(r) == "<Record >"
    assert len(r) == 0
    assert r.keys() == []
    with pytest.raises(TypeError, match="reduce"):
        hash(r)


def test_bad_construction() -> None:
    with pytest.raises(TypeError):
        Record([1, 2])  # type: ignore[list-item]


def test_repr_and_str(rec: Record) -> None:
    assert repr(rec) == "<Record a=1 b=2>"
    assert str(rec) == "<Record a=1 b=2>"
    r = Record({"s": "str", "f": 1.5, "l": [1, "a"], "n": None})
    assert repr(r) == "<Record s='str' f=1.5 l=[1, 'a'] n=None>"


def test_factory_records() -> None:
    make = record_factory(("x", "y"))
    r = make([10, 20])
    assert isinstance(r, Record)
    assert type(r).__name__ == "Record"
    assert repr(r) == "<Record x=10 y=20>"
    assert r["y"] == 20
    assert r.keys() == ["x", "y"]
    assert record_factory(("x", "y")) is make  # cached
    assert make([1, 2]) == Record({"x": 1, "y": 2})


def test_getitem(rec: Record) -> None:
    assert rec[0] == 1
    assert rec[1] == 2
    assert rec["a"] == 1
    assert rec["b"] == 2
    assert rec[True] == 2
    # out of range (and negative) indexes give None, like the official
    assert rec[5] is None
    assert rec[-1] is None
    with pytest.raises(KeyError) as exc:
        rec["c"]
    assert exc.value.args == ("c",)
    with pytest.raises(TypeError) as exc2:
        rec[1.5]  # type: ignore[index]
    assert exc2.value.args == (1.5,)


def test_slices(rec: Record) -> None:
    sub = rec[0:1]
    assert isinstance(sub, Record)
    assert repr(sub) == "<Record a=1>"
    assert repr(rec[::-1]) == "<Record b=2 a=1>"
    assert repr(rec[5:]) == "<Record >"


def test_index(rec: Record) -> None:
    assert rec.index("a") == 0
    assert rec.index(1) == 1
    for bad, exc_type in (
        ("c", KeyError),
        (5, IndexError),
        (-1, IndexError),
        (1.5, TypeError),
        (None, TypeError),
    ):
        with pytest.raises(exc_type) as exc:
            rec.index(bad)  # type: ignore[arg-type]
        assert exc.value.args == (bad,)


def test_get(rec: Record) -> None:
    assert rec.get("a") == 1
    assert rec.get("x") is None
    assert rec.get("x", 3) == 3
    assert rec.get(t.cast(t.Any, 0)) is None
    odd: t.Any = {1: 2}
    assert Record(odd).get(t.cast(t.Any, 1)) is None


def test_value(rec: Record) -> None:
    assert rec.value() == 1
    assert rec.value("b") == 2
    assert rec.value(1) == 2
    assert rec.value("x", 7) == 7
    assert rec.value(9, 7) == 7
    assert rec.value(-1) is None
    with pytest.raises(TypeError):
        rec.value(None)  # type: ignore[arg-type]


def test_values_items_data(rec: Record) -> None:
    assert rec.values() == [1, 2]
    assert rec.values("b", "x", 0) == [2, None, 1]
    assert rec.items() == [("a", 1), ("b", 2)]
    assert rec.items("b", "x", 0) == [("b", 2), ("x", None), ("a", 1)]
    assert rec.data() == {"a": 1, "b": 2}
    assert rec.data("a", "x") == {"a": 1, "x": None}
    assert rec.data(0) == {"a": 1}
    for method in (rec.values, rec.items, rec.data):
        with pytest.raises(IndexError) as exc:
            method(9)
        assert exc.value.args == (9,)
    with pytest.raises(TypeError):
        rec.values(1.5)  # type: ignore[arg-type]


def test_duplicate_keys() -> None:
    r = Record(zip(["a", "a"], [1, 2], strict=False))
    assert repr(r) == "<Record a=1 a=2>"
    assert r["a"] == 1
    assert r.data() == {"a": 2}
    assert r != {"a": 2}


def test_contains_is_by_value(rec: Record) -> None:
    assert 1 in rec
    assert "a" not in rec


def test_equality(rec: Record) -> None:
    assert rec == (1, 2)
    assert rec == [1, 2]
    assert rec == {"a": 1, "b": 2}
    assert rec == {"b": 2, "a": 1}
    assert rec == Record({"a": 1, "b": 2})
    assert rec != Record({"b": 2, "a": 1})
    assert rec != (2, 1)
    assert rec != {"a": 1}
    assert rec.__eq__(5) is NotImplemented
    assert rec != 5
    assert not (rec == object())  # noqa: SIM201


def test_hash(rec: Record) -> None:
    assert hash(rec) == hash(("a", 1)) ^ hash(("b", 2))
    assert hash(Record({"a": 1})) == hash(("a", 1))
    assert hash(rec) == hash(Record([("a", 1), ("b", 2)]))
    with pytest.raises(TypeError, match="unhashable"):
        hash(Record({"a": [1]}))


def test_tuple_behaviour(rec: Record) -> None:
    assert len(rec) == 2
    assert list(rec) == [1, 2]
    a, b = rec
    assert (a, b) == (1, 2)
    assert rec + (3,) == (1, 2, 3)  # noqa: RUF005
    assert rec.count(1) == 1
    assert dict(rec) == {"a": 1, "b": 2}


def test_pickle_and_copy(rec: Record) -> None:
    for clone in (
        pickle.loads(pickle.dumps(rec)),
        copy.copy(rec),
        copy.deepcopy(rec),
        pickle.loads(pickle.dumps(record_factory(("a", "b"))([1, 2]))),
    ):
        assert isinstance(clone, Record)
        assert repr(clone) == "<Record a=1 b=2>"
        assert clone.keys() == ["a", "b"]


def test_new_checks_lengths() -> None:
    assert repr(Record._new(["x"], [1])) == "<Record x=1>"
    with pytest.raises(ValueError, match="different length"):
        Record._new(["x", "y"], [1])


def test_data_graph_conversion() -> None:
    g = Graph()
    alice = g._make_node(1, ["Person"], {"name": "Alice"}, "n1")
    bob = g._make_node(2, ["Person"], {"name": "Bob"}, "n2")
    knows = g._make_relationship(
        10, 1, 2, "KNOWS", {"since": 1999}, "r10", "n1", "n2"
    )
    path = Path(alice, knows)
    point = CartesianPoint((1, 2))
    r = Record(
        {
            "n": alice,
            "r": knows,
            "p": path,
            "nested": {"x": [bob, (1, 2)], "s": {3}},
            "pt": point,
            "b": b"\x00\x01",
        }
    )
    data = r.data()
    assert data == {
        "n": {"name": "Alice"},
        "r": ({"name": "Alice"}, "KNOWS", {"name": "Bob"}),
        "p": [{"name": "Alice"}, "KNOWS", {"name": "Bob"}],
        "nested": {"x": [{"name": "Bob"}, (1, 2)], "s": {3}},
        "pt": point,
        "b": b"\x00\x01",
    }
    assert data["pt"] is point
    assert type(data["nested"]["x"][1]) is tuple


class TestBrokenValues:
    @pytest.fixture
    def broken(self) -> tuple[Record, ValueError]:
        error = ValueError("unknown time zone")
        make = record_factory(("ok", "bad"))
        return make([1, BrokenValue(error, b"raw")]), error

    def test_other_fields_work(
        self, broken: tuple[Record, ValueError]
    ) -> None:
        r, _ = broken
        assert r[0] == 1
        assert r["ok"] == 1
        assert r.get("ok") == 1
        assert r.value("ok") == 1
        assert r.values("ok") == [1]
        assert r.data("ok") == {"ok": 1}
        assert len(r) == 2
        assert r.keys() == ["ok", "bad"]
        assert repr(r).startswith("<Record ok=1 bad=<BrokenValue error=")

    @pytest.mark.parametrize(
        "access",
        [
            lambda r: r[1],
            lambda r: r["bad"],
            lambda r: r.get("bad"),
            lambda r: r.value("bad"),
            lambda r: r.values(),
            lambda r: r.values("bad"),
            lambda r: r.items(),
            lambda r: r.data(),
            lambda r: list(r),
            lambda r: hash(r),
            lambda r: r == (1, 2),
        ],
    )
    def test_broken_field_raises(
        self, broken: tuple[Record, ValueError], access: t.Any
    ) -> None:
        r, error = broken
        with pytest.raises(BrokenRecordError) as exc:
            access(r)
        assert str(exc.value) == "Record contains broken data at 1 ('bad')"
        assert exc.value.__cause__ is error

    def test_broken_value_attributes(self) -> None:
        error = KeyError("x")
        value = BrokenValue(error, b"raw")
        assert value.error is error
        assert value.raw_data == b"raw"
        clone = pickle.loads(pickle.dumps(value))
        assert isinstance(clone, BrokenValue)
        assert clone.raw_data == b"raw"


_keys = st.lists(
    st.text(min_size=1, max_size=5), min_size=0, max_size=6, unique=True
)
_scalars = st.one_of(st.integers(), st.text(max_size=5), st.none())


@given(st.data())
def test_equality_laws(data: st.DataObject) -> None:
    keys = data.draw(_keys)
    values = data.draw(
        st.lists(_scalars, min_size=len(keys), max_size=len(keys))
    )
    r1 = Record(zip(keys, values, strict=False))
    r2 = record_factory(tuple(keys))(list(values))
    # reflexive, symmetric, consistent with hash
    assert r1 == r1
    assert r1 == r2
    assert r2 == r1
    assert r1 == tuple(values)
    assert r1 == dict(zip(keys, values, strict=False))
    if keys:
        assert hash(r1) == hash(r2)
    other = data.draw(st.lists(_scalars, max_size=6))
    assert (r1 == other) == (list(values) == other)
    assert (r1 == tuple(other)) == (r1 == other)
