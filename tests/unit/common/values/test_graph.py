from __future__ import annotations

import copy
import pickle
import warnings

import pytest

from neo4j.graph import Graph, Node, Path, Relationship


@pytest.fixture
def graph() -> Graph:
    return Graph()


def _sample(g: Graph) -> tuple[Node, Node, Relationship]:
    a = g._make_node(1, ["Person"], {"name": "Alice", "gone": None}, "n1")
    b = g._make_node(2, ["Person"], {"name": "Bob"}, "n2")
    r = g._make_relationship(
        10, 1, 2, "KNOWS", {"since": 1999}, "r10", "n1", "n2"
    )
    return a, b, r


def test_node_basics(graph: Graph) -> None:
    a, _, _ = _sample(graph)
    assert a.element_id == "n1"
    assert a.labels == frozenset({"Person"})
    assert a.graph is graph
    assert dict(a) == {"name": "Alice"}  # None properties dropped
    assert a["name"] == "Alice"
    assert a["missing"] is None
    assert a.get("missing", 3) == 3
    assert len(a) == 1
    assert "name" in a
    assert "gone" not in a
    assert list(a.keys()) == ["name"]
    assert list(a.values()) == ["Alice"]
    assert list(a.items()) == [("name", "Alice")]
    assert repr(a) == (
        "<Node element_id='n1' labels=frozenset({'Person'}) "
        "properties={'name': 'Alice'}>"
    )


def test_id_is_deprecated(graph: Graph) -> None:
    a, _, _ = _sample(graph)
    with pytest.warns(
        DeprecationWarning,
        match="`id` is deprecated, use `element_id` instead",
    ):
        assert a.id == 1


def test_element_id_defaults_to_str_id(graph: Graph) -> None:
    n = graph._make_node(7, [], {}, None)
    assert n.element_id == "7"
    r = graph._make_relationship(8, 7, 9, "T", {})
    assert r.element_id == "8"
    assert r.start_node is n
    assert r.end_node is not None
    assert r.end_node.element_id == "9"
    assert set(graph.nodes) == {n, r.end_node}


def test_relationship(graph: Graph) -> None:
    a, b, r = _sample(graph)
    assert type(r).__name__ == "KNOWS"
    assert r.type == "KNOWS"
    assert isinstance(r, Relationship)
    assert type(r) is graph.relationship_type("KNOWS")
    assert r.start_node is a
    assert r.end_node is b
    assert r.nodes == (a, b)
    assert dict(r) == {"since": 1999}
    assert repr(r) == (
        f"<Relationship element_id='r10' nodes=({a!r}, {b!r}) "
        "type='KNOWS' properties={'since': 1999}>"
    )
    # other graphs get other classes
    assert Graph().relationship_type("KNOWS") is not type(r)


def test_plain_relationship_constructor(graph: Graph) -> None:
    r = Relationship(graph, "e", 5, None)  # type: ignore[arg-type]
    assert r.type == "Relationship"
    assert r.nodes == (None, None)
    assert repr(r) == (
        "<Relationship element_id='e' nodes=(None, None) "
        "type='Relationship' properties={}>"
    )
    n = Node(graph, "x", 1)
    assert n.labels == frozenset()
    assert repr(n) == "<Node element_id='x' labels=frozenset() properties={}>"


def test_rehydration_returns_same_objects(graph: Graph) -> None:
    a, b, r = _sample(graph)
    again = graph._make_node(1, ["Other"], {"age": 3}, "n1")
    assert again is a
    assert a.labels == frozenset({"Person", "Other"})
    assert dict(a) == {"name": "Alice", "age": 3}
    r2 = graph._make_relationship(
        10, 2, 1, "KNOWS", {"since": 2000}, "r10", "n2", "n1"
    )
    assert r2 is r
    assert r.nodes == (b, a)  # end nodes rebound
    assert dict(r) == {"since": 1999}  # properties kept


def test_equality_and_hash(graph: Graph) -> None:
    a, b, r = _sample(graph)
    assert a == Node(graph, "n1", 99)
    assert a != b
    assert a != Node(Graph(), "n1", 1)
    assert hash(a) == hash("n1")
    assert a != 5
    assert a.__eq__(5) is False
    assert r != a
    assert hash(r) == hash("r10")
    with pytest.raises(TypeError):
        a < b  # type: ignore[operator]  # noqa: B015


def test_entity_set_view(graph: Graph) -> None:
    a, b, r = _sample(graph)
    assert len(graph.nodes) == 2
    assert list(graph.nodes) == [a, b]
    assert graph.nodes["n1"] is a
    assert graph.relationships["r10"] is r
    assert "n1" in graph.nodes
    assert a not in graph.nodes
    with pytest.raises(KeyError):
        graph.nodes[1]  # type: ignore[index]


def test_path(graph: Graph) -> None:
    a, b, r = _sample(graph)
    p = Path(a, r)
    assert len(p) == 1
    assert list(p) == [r]
    assert p.nodes == (a, b)
    assert p.relationships == (r,)
    assert p.start_node is a
    assert p.end_node is b
    assert p.graph is graph
    assert p == Path(a, r)
    assert p != Path(b, r)
    assert p.__eq__(5) is NotImplemented
    assert hash(p) == hash(a) ^ hash(r)
    assert repr(p) == f"<Path start={a!r} end={b!r} size=1>"
    # traversal against the direction and back
    assert Path(b, r).nodes == (b, a)
    assert Path(a, r, r).nodes == (a, b, a)
    empty = Path(a)
    assert len(empty) == 0
    assert empty.start_node is empty.end_node is a


def test_path_rejects_gaps(graph: Graph) -> None:
    a, _, r = _sample(graph)
    c = graph._make_node(3, [], {}, "n3")
    with pytest.raises(
        ValueError, match="Relationship 1 does not connect to the last node"
    ):
        Path(c, r)
    with pytest.raises(
        ValueError, match="Relationship 2 does not connect to the last node"
    ):
        Path(
            a,
            r,
            graph._make_relationship(11, 3, 3, "X", {}, "r11", "n3", "n3"),
        )


def test_hydrate_path(graph: Graph) -> None:
    a = graph._make_node(1, [], {}, "n1")
    b = graph._make_node(2, [], {}, "n2")
    c = graph._make_node(3, [], {}, "n3")
    r1 = graph._hydrate_unbound_relationship(10, "A", {}, "r1")
    r2 = graph._hydrate_unbound_relationship(11, "B", {}, "r2")
    # a -[r1]-> b <-[r2]- c
    p = graph._hydrate_path([a, b, c], [r1, r2], [1, 1, -2, 2])
    assert p.nodes == (a, b, c)
    assert p.relationships == (r1, r2)
    assert r1.nodes == (a, b)
    assert r2.nodes == (c, b)
    with pytest.raises(ValueError):
        graph._hydrate_path([a], [r1], [0, 0])


def test_pickle_and_deepcopy(graph: Graph) -> None:
    a, _, r = _sample(graph)
    p = Path(a, r)
    for clone_r in (pickle.loads(pickle.dumps(r)), copy.deepcopy(r)):
        assert type(clone_r).__name__ == "KNOWS"
        assert type(clone_r) is not type(r)
        assert issubclass(type(clone_r), Relationship)
        assert clone_r.element_id == "r10"
        assert dict(clone_r) == {"since": 1999}
        assert clone_r.start_node is not None
        assert clone_r.start_node.element_id == "n1"
        assert clone_r.start_node.graph is clone_r.graph
        assert type(clone_r) is clone_r.graph.relationship_type("KNOWS")
        assert clone_r != r  # different graph
    g2 = pickle.loads(pickle.dumps(graph))
    assert sorted(n.element_id for n in g2.nodes) == ["n1", "n2"]
    assert g2.relationships["r10"].start_node is g2.nodes["n1"]
    p2 = pickle.loads(pickle.dumps(p))
    assert repr(p2) == repr(p)
    assert p2.graph is not graph
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert pickle.loads(pickle.dumps(a)).id == 1


def test_private_attributes_read_by_other_libraries(graph: Graph) -> None:
    # third-party code reads these two directly: keep name and type
    a, _, r = _sample(graph)
    assert a._properties == {"name": "Alice"}
    assert type(a._properties) is dict
    assert a._labels == frozenset({"Person"})
    assert type(a._labels) is frozenset
    assert r._properties == {"since": 1999}
    n = Node(graph, "x", 1, ["A", "B"], {"k": 1, "gone": None})
    assert n._labels == frozenset({"A", "B"})
    assert n._properties == {"k": 1}
