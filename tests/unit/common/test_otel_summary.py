"""``db.query.summary``, span names and error attributes (pure helpers)."""

from __future__ import annotations

import pytest

from neo4j._otel._attributes import (
    error_attributes,
    span_name,
    summarize_query,
)
from neo4j.exceptions import Neo4jError, SessionExpired


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("MATCH (n:Person {name: 'Ada'}) RETURN n", "MATCH RETURN"),
        ("match (n) where n.x = 'MATCH' return n.set AS x", "MATCH RETURN"),
        ("CALL db.labels() YIELD label RETURN label", "CALL db.labels RETURN"),
        ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS", "CALL"),
        ("CALL (x) { CREATE (y) } RETURN 1", "CALL RETURN"),
        (
            (
                "MERGE (n:A {id: $id}) ON CREATE SET n.x = 1 "
                "ON MATCH SET n.y = 2 RETURN n"
            ),
            "MERGE RETURN",
        ),
        ("UNWIND $rows AS row CREATE (n) SET n = row", "UNWIND CREATE SET"),
        ("SHOW INDEXES YIELD name", "SHOW INDEXES"),
        ("CREATE INDEX idx FOR (n:A) ON (n.x)", "CREATE INDEX"),
        (
            "// MATCH\nOPTIONAL MATCH (n) DETACH DELETE n",
            "OPTIONAL MATCH DETACH DELETE",
        ),
        ("/*WITH*/RETURN 1 UNION ALL RETURN 2", "RETURN UNION ALL RETURN"),
        ("CYPHER 25 MATCH (n) RETURN n", "MATCH RETURN"),
        ("EXPLAIN MATCH (a) MATCH (b) WITH a RETURN a", "MATCH WITH RETURN"),
        ("LOAD CSV FROM 'file:///x' AS line CREATE (n)", "LOAD CSV CREATE"),
        ("MATCH (n) RETURN n ORDER BY n.x LIMIT 10", "MATCH RETURN"),
        ("RETURN `MATCH`, \"it's \\\"CREATE\\\"\"", "RETURN"),
        ("x", None),
        ("", None),
    ],
)  # fmt: skip
def test_summary(query: str, summary: str | None) -> None:
    assert summarize_query(query) == summary


def test_summary_never_contains_values() -> None:
    query = (
        "MATCH (p:Person {email: 'ada@example.com'}) "
        'WHERE p.age > 36 AND p.name = "Lovelace" '
        "SET p.token = 'secret' RETURN p"
    )
    summary = summarize_query(query)
    assert summary == "MATCH SET RETURN"


def test_summary_is_bounded() -> None:
    summary = summarize_query("MATCH (n) CREATE (m) " * 200)
    assert summary is not None
    assert len(summary) <= 255
    assert summary.endswith(("MATCH", "CREATE"))


@pytest.mark.parametrize(
    ("kind", "summary", "database", "name"),
    [
        ("query", "MATCH RETURN", "neo4j", "MATCH RETURN"),
        ("query", None, "neo4j", "RUN neo4j"),
        ("query", None, None, "RUN"),
        ("execute_query", "MATCH RETURN", "neo4j", "EXECUTE_QUERY neo4j"),
        ("transaction", None, None, "TRANSACTION"),
        ("acquire", None, "neo4j", "ACQUIRE CONNECTION"),
    ],
)
def test_span_name(
    kind: str, summary: str | None, database: str | None, name: str
) -> None:
    assert span_name(kind, summary, database) == name


def test_error_attributes() -> None:
    gql = Neo4jError._from_gql_failure(
        gql_status="42001",
        message="syntax",
        description="invalid syntax",
        neo4j_code="Neo.ClientError.Statement.SyntaxError",
    )
    assert error_attributes(gql) == ("42001", "42001")
    unknown = Neo4jError._from_neo4j_failure(message="?")
    assert error_attributes(unknown) == ("50N42", "50N42")
    assert error_attributes(SessionExpired("x")) == (
        "neo4j.exceptions.SessionExpired",
        None,
    )
    assert error_attributes(KeyError("k")) == ("KeyError", None)
