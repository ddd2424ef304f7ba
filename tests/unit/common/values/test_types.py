from __future__ import annotations

import copy
import pickle

import pytest

import neo4j._optional_deps as deps
import neo4j.types
from neo4j.types import UnsupportedType


def test_all() -> None:
    assert neo4j.types.__all__ == ["UnsupportedType"]


def test_unsupported_type() -> None:
    u = UnsupportedType._new("Foo", (6, 1), None)
    assert u.name == "Foo"
    assert u.minimum_protocol_version == (6, 1)
    assert u.message is None
    assert repr(u) == (
        "<UnsupportedType name='Foo' minimum_protocol_version=(6, 1)>"
    )
    assert str(u) == "UnsupportedType<Foo>"
    m = UnsupportedType._new("Bar", (7, 0), "needs upgrade")
    assert repr(m) == (
        "<UnsupportedType name='Bar' minimum_protocol_version=(7, 0) "
        "message='needs upgrade'>"
    )
    assert u != UnsupportedType._new("Foo", (6, 1), None)
    for clone in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m)):
        assert repr(clone) == repr(m)


def test_no_public_constructor_arguments() -> None:
    with pytest.raises(TypeError):
        UnsupportedType("a", (1, 2), None)  # type: ignore[call-arg]


def test_optional_deps() -> None:
    import numpy
    import pandas
    import pyarrow

    assert deps.np is numpy
    assert deps.pd is pandas
    assert deps.pa is pyarrow
    assert deps.pa_compute is not None
    assert deps.HAS_NUMPY and deps.HAS_PANDAS and deps.HAS_PYARROW
