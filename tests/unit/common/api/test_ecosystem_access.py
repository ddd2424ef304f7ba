"""
Private names that popular packages depending on ``neo4j`` use.

Each test names the package (and the file) that reads the name; the
behaviour expected is what the official 6.4.1 driver does when run.
"""

from __future__ import annotations

import importlib
from unittest.mock import MagicMock

import pytest

import neo4j
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DatabaseError,
    GqlError,
    GqlErrorClassification,
    Neo4jError,
    TransientError,
)
from neo4j.graph import Graph, Node, Path, Relationship


def _small_graph() -> tuple[Graph, Node, Node, Relationship, Path]:
    graph = Graph()
    alice = graph._make_node(1, ["Person"], {"name": "Alice"}, "4:x:1")
    bob = graph._make_node(2, ["Person"], {"name": "Bob"}, "4:x:2")
    knows = graph._make_relationship(
        7, 1, 2, "KNOWS", {"since": 1999}, "5:x:7", "4:x:1", "4:x:2"
    )
    return graph, alice, bob, knows, Path(alice, knows)


# -- neomodel/util.py: get_graph_entity_properties ---------------------------


def test_entity_properties_dict() -> None:
    _, alice, _, knows, _ = _small_graph()
    assert alice._properties == {"name": "Alice"}
    assert knows._properties == {"since": 1999}
    assert isinstance(alice._properties, dict)


def test_node_labels() -> None:
    # networkx conversion recipes: ``list(node._labels)[0]``
    _, alice, _, _, _ = _small_graph()
    assert alice._labels == frozenset({"Person"})


# -- networkx recipes: results.graph()._nodes / ._relationships --------------


def test_graph_private_entity_dicts() -> None:
    graph, alice, bob, knows, _ = _small_graph()
    assert isinstance(graph._nodes, dict)
    assert isinstance(graph._relationships, dict)
    assert graph._nodes == {"4:x:1": alice, "4:x:2": bob}
    assert graph._relationships == {"5:x:7": knows}
    assert list(graph._nodes.values()) == [alice, bob]
    assert [r.type for r in graph._relationships.values()] == ["KNOWS"]


def test_graph_private_dicts_follow_hydration() -> None:
    graph, *_ = _small_graph()
    carol = graph._make_node(3, ["Person"], {}, "4:x:3")
    assert graph._nodes["4:x:3"] is carol


def test_path_private_sequences() -> None:
    _, alice, bob, knows, path = _small_graph()
    assert path._nodes == (alice, bob)
    assert path._relationships == (knows,)
    assert path._relationships == path.relationships


# -- neomodel and langchain-neo4j tests: Neo4jError._basic_hydrate ----------


@pytest.mark.parametrize(
    ("base", "code", "cls", "retryable"),
    [
        (
            Neo4jError,
            "Neo.ClientError.Procedure.ProcedureNotFound",
            ClientError,
            False,
        ),
        (
            Neo4jError,
            "Neo.ClientError.General.OtherError",
            ClientError,
            False,
        ),
        (
            Neo4jError,
            "Neo.DatabaseError.Statement.ExecutionFailed",
            DatabaseError,
            False,
        ),
        (
            ClientError,
            "Neo.ClientError.Schema.ConstraintValidationFailed",
            ConstraintError,
            False,
        ),
        (
            Neo4jError,
            "Neo.TransientError.Transaction.DeadlockDetected",
            TransientError,
            True,
        ),
    ],
)
def test_basic_hydrate(
    base: type[Neo4jError], code: str, cls: type[Neo4jError], retryable: bool
) -> None:
    err = base._basic_hydrate(neo4j_code=code, message="the message")
    assert type(err) is cls
    assert err.code == code
    assert err.message == "the message"
    assert err.is_retryable() is retryable
    assert err.gql_status == "50N42"
    assert err == err
    with pytest.raises(cls) as caught:
        raise err
    assert caught.value is err


def test_basic_hydrate_str_shows_the_unknown_gql_message() -> None:
    # as the official driver renders it: .message is the given message,
    # str() shows the GQL message, which _basic_hydrate leaves unknown
    err = Neo4jError._basic_hydrate(
        neo4j_code="Neo.ClientError.Procedure.ProcedureNotFound",
        message="Procedure not found",
    )
    unknown = (
        "50N42: Unexpected error has occurred. See debug log for details."
    )
    assert str(err) == (
        "{neo4j_code: Neo.ClientError.Procedure.ProcedureNotFound} "
        f"{{message: {unknown}}} {{gql_status: 50N42}} "
        "{gql_status_description: error: general processing exception - "
        "unexpected error}"
    )
    assert GqlError.__str__(err) == (
        "{gql_status: 50N42} {gql_status_description: error: general "
        f"processing exception - unexpected error}} {{message: {unknown}}} "
        "{diagnostic_record: {'OPERATION': '', 'OPERATION_CODE': '0', "
        "'CURRENT_SCHEMA': '/'}} {raw_classification: None}"
    )
    assert err.message == "Procedure not found"
    assert GqlError.message.__get__(err) == "Procedure not found"


def test_server_error_str_shows_the_server_message() -> None:
    # a pre-GQL server FAILURE: the message is shown as sent
    err = Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Statement.SyntaxError", message="bad syntax"
    )
    assert "{message: bad syntax}" in str(err)


# -- langchain-neo4j tests ---------------------------------------------------


def test_private_summary_module_for_mock_spec() -> None:
    summary_module = importlib.import_module("neo4j._work.summary")
    assert summary_module.ResultSummary is neo4j.ResultSummary
    mock = MagicMock(spec=summary_module.ResultSummary)
    for name in ("notifications", "gql_status_objects"):
        assert hasattr(mock, name)


def test_client_error_from_message() -> None:
    err = ClientError("Mock ClientError")
    assert str(err) == "Mock ClientError"
    assert err.args == ("Mock ClientError",)


# -- neo4j-graphrag retrievers: neo4j.Record built from a dict --------------


def test_record_from_dict() -> None:
    record = neo4j.Record({"content": "c", "tool_name": "t", "metadata": {}})
    assert record.keys() == ["content", "tool_name", "metadata"]
    assert record["content"] == "c"
    assert record.data() == {"content": "c", "tool_name": "t", "metadata": {}}


# -- private module paths imported by applications ---------------------------


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("neo4j._async.driver", "AsyncDriver"),
        ("neo4j._async.driver", "AsyncGraphDatabase"),
        ("neo4j._sync.driver", "Driver"),
        ("neo4j._sync.driver", "GraphDatabase"),
        ("neo4j._sync.work.transaction", "ManagedTransaction"),
        ("neo4j._work", "Query"),
        ("neo4j._work.summary", "ResultSummary"),
    ],
)
def test_private_module_paths(module: str, name: str) -> None:
    found = getattr(importlib.import_module(module), name)
    public = getattr(neo4j, name, None)
    if public is not None:
        assert found is public


# -- application test suites: Neo4jError._hydrate_neo4j / _hydrate_gql ------


def test_hydrate_neo4j() -> None:
    err = Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Schema.IndexNotFound", message="No such index"
    )
    assert type(err) is ClientError
    assert err.code == "Neo.ClientError.Schema.IndexNotFound"
    assert err.message == "No such index"
    assert err.gql_status_description == (
        "error: general processing exception - unexpected error. No such index"
    )
    assert "{message: No such index}" in str(err)


def test_hydrate_gql_reads_the_classification_key() -> None:
    # the diagnostic record key servers (and testkit) send
    err = Neo4jError._hydrate_gql(
        gql_status="22007",
        message="bad date",
        description="error: data exception - invalid date",
        neo4j_code="Neo.ClientError.Statement.SyntaxError",
        diagnostic_record={
            "_classification": "CLIENT_ERROR",
            "OPERATION": "",
            "CURRENT_SCHEMA": "/",
        },
    )
    assert err.gql_status == "22007"
    assert err.gql_raw_classification == "CLIENT_ERROR"
    assert err.gql_classification is GqlErrorClassification.CLIENT_ERROR
