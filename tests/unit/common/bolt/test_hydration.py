from __future__ import annotations

import pytest

from neo4j._codec.packstream import Structure
from tests.unit.common.bolt._helpers import make, message, success


def _pull_one(conn_version: tuple[int, int], value: Structure) -> object:
    conn = make(conn_version)
    scope = conn.new_hydration_scope()
    conn.run("X", hydration_hooks=scope.hydration_hooks)
    pull = conn.pull(hydration_hooks=scope.hydration_hooks)
    conn.feed(success({"fields": ["v"]}) + message(0x71, [value]) + success())
    assert pull.done
    return pull.records[0][0]


def test_node_4_4_without_element_id() -> None:
    from neo4j.graph import Node

    node = _pull_one((4, 4), Structure(b"N", 7, ["L"], {"p": 1}))
    assert isinstance(node, Node)
    assert node.element_id == "7"
    assert node["p"] == 1


@pytest.mark.parametrize("version", [(5, 0), (5, 8), (6, 0)])
def test_node_5_with_element_id(version: tuple[int, int]) -> None:
    from neo4j.graph import Node

    node = _pull_one(version, Structure(b"N", 7, ["L"], {}, "4:abc:7"))
    assert isinstance(node, Node)
    assert node.element_id == "4:abc:7"


def test_utc_datetime_needs_patch_on_4_4() -> None:
    from neo4j.time import DateTime

    conn = make((4, 4), ready=False)
    conn.hello()
    conn.feed(success({"patch_bolt": ["utc"]}))
    scope = conn.new_hydration_scope()
    assert 0x49 in scope.hydration_hooks  # "I": UTC datetime
    conn.run("X", hydration_hooks=scope.hydration_hooks)
    pull = conn.pull(hydration_hooks=scope.hydration_hooks)
    conn.feed(
        success({"fields": ["v"]})
        + message(0x71, [Structure(b"I", 0, 0, 0)])
        + success()
    )
    value = pull.records[0][0]
    assert isinstance(value, DateTime)
    assert value.year == 1970


def test_vector_only_on_6_0() -> None:
    v6 = make((6, 0)).new_hydration_scope().hydration_hooks[0x56]
    v5 = make((5, 8)).new_hydration_scope().hydration_hooks[0x56]
    assert v6 is not v5
    # 6.0 turns a "V" struct into a Vector, 5.8 treats the tag as unknown
    assert type(v6(b"\xc6", b"\x00\x00\x80\x3f")).__name__ == "Vector"
    assert type(v5(b"\xc6", b"")).__name__ != "Vector"
