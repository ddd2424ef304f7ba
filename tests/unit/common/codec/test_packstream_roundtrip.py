from __future__ import annotations

import math
import typing as t

from hypothesis import (
    given,
    settings,
    strategies as st,
)

from neo4j._codec.packstream import (
    PackStreamDecodeError,
    Structure,
    pack,
    unpack,
)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
)


def _structs(children: st.SearchStrategy[t.Any]) -> st.SearchStrategy[t.Any]:
    return st.builds(
        lambda tag, fields: Structure(bytes([tag]), *fields),
        st.integers(0, 255),
        st.lists(children, max_size=15),
    )


values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=20)
        | st.dictionaries(st.text(), children, max_size=20)
        | _structs(children)
    ),
    max_leaves=60,
)


def _same(a: t.Any, b: t.Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, Structure):
        return a.tag == b.tag and _same(a.fields, b.fields)
    return bool(a == b)


@given(values)
@settings(max_examples=400)
def test_roundtrip(value: t.Any) -> None:
    buf = bytearray()
    pack(buf, value)
    assert _same(unpack(bytes(buf)), value)


@given(st.lists(st.tuples(st.integers(-1000, 1000), st.text(max_size=3))))
def test_tuples_become_lists(value: list[tuple[int, str]]) -> None:
    buf = bytearray()
    pack(buf, value)
    assert unpack(buf) == [list(x) for x in value]


@given(values)
@settings(max_examples=200)
def test_every_strict_prefix_is_rejected(value: t.Any) -> None:
    buf = bytearray()
    pack(buf, value)
    data = bytes(buf)
    for cut in range(len(data)):
        try:
            unpack(data[:cut])
        except PackStreamDecodeError:
            continue
        raise AssertionError(f"prefix {data[:cut]!r} decoded")


@given(st.binary(max_size=64))
@settings(max_examples=2000)
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        unpack(data)
    except PackStreamDecodeError:
        pass


def test_nan_in_container() -> None:
    buf = bytearray()
    pack(buf, {"x": [math.nan, -math.inf]})
    out = unpack(buf)
    assert math.isnan(out["x"][0]) and out["x"][1] == -math.inf
