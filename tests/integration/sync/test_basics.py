# This file is generated from tests/integration/async_/test_basics.py by bin/make-unasync; do not edit.
# make-unasync digest: 63ee87948472de1e4cb4aef93d5f784023fbc27d94476a7003f4a20bc1592471
"""First end-to-end tests of the direct driver (ArcadeDB and Neo4j).

Every test passes the ``db`` fixture as the database (``test`` on
ArcadeDB, where a database chosen by a query sticks to the connection;
``neo4j`` on Neo4j).  The TLS tests use the ArcadeDB TLS server.
"""

from __future__ import annotations

import asyncio
import datetime
import typing as t
import uuid

import pytest

from neo4j._api import TrustAll, TrustCustomCAs
from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import Util
from neo4j.exceptions import (
    AuthError,
    CypherSyntaxError,
    ResultConsumedError,
    ServiceUnavailable,
    TransactionError,
)
from neo4j.graph import Node, Relationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from tests.integration.sync._util import DB


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target
    from tests.servers import TlsServer


def _label() -> str:
    return f"T{uuid.uuid4().hex[:12]}"


@pytest.fixture
def driver(bolt_uri: str, auth: tuple[str, str]) -> t.Iterator[Driver]:
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
        yield driver


def test_verify_connectivity_and_server_info(
    driver: Driver, server: Target
) -> None:
    driver.verify_connectivity()
    info = driver.get_server_info()
    if server.is_neo4j:
        # the manifest handshake: the newest version both sides speak
        assert info.protocol_version >= (6, 0)
        assert info.agent.startswith("Neo4j/")
    else:
        assert info.protocol_version == (5, 4)
        assert "ArcadeDB" in info.agent
    assert info.address.port == server.bolt_port
    assert driver.supports_multi_db() is True
    assert driver.supports_session_auth() is True
    assert driver.encrypted is False


def test_return_1(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run("RETURN 1 AS n")
        assert result.keys() == ["n"]
        record = result.single(strict=True)
        assert record["n"] == 1
        summary = result.consume()
        assert summary.query == "RETURN 1 AS n"


def test_streaming_in_batches(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=7) as session:
        result = session.run("UNWIND range(1, 100) AS x RETURN x")
        values = [record["x"] for record in result]
        assert values == list(range(1, 101))
        # iterating an exhausted result ends immediately
        assert [record for record in result] == []


def test_result_helpers(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=3) as session:
        result = session.run("UNWIND range(1, 10) AS x RETURN x, x * 2 AS y")
        peeked = result.peek()
        assert peeked is not None and peeked["x"] == 1
        first = result.fetch(4)
        assert [r["x"] for r in first] == [1, 2, 3, 4]
        assert result.values("y") == [[y] for y in range(10, 21, 2)]
        result = session.run("UNWIND [1, 2] AS x RETURN x")
        assert result.data() == [{"x": 1}, {"x": 2}]
        result = session.run("UNWIND [1, 2] AS x RETURN x")
        assert result.value() == [1, 2]
        result = session.run("UNWIND [1, 2] AS x RETURN x")
        eager = result.to_eager_result()
        assert [r["x"] for r in eager.records] == [1, 2]
        assert eager.keys == ["x"]
        with pytest.raises(ResultConsumedError):
            result.fetch(1)
        assert result.closed()


def test_unconsumed_result_is_buffered(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=2) as session:
        first = session.run("UNWIND range(1, 5) AS x RETURN x")
        second = session.run("RETURN 'b' AS y")
        assert second.value() == ["b"]
        assert first.value() == [1, 2, 3, 4, 5]


def test_value_types_round_trip(driver: Driver, db: str) -> None:
    values: dict[str, t.Any] = {
        "null": None,
        "bool": True,
        "int": -(2**40),
        "float": 1.5,
        "str": "héllo",
        "bytes": b"\x00\x01\xff",
        "list": [1, "a", None, [2.5]],
        "map": {"a": 1, "b": {"c": [True]}},
        "date": Date(2024, 2, 29),
        "time": Time(12, 34, 56, 789000000, tzinfo=datetime.timezone.utc),
        "local_time": Time(1, 2, 3, 4),
        "datetime": DateTime(
            2024, 3, 1, 10, 0, 0, 123456789, tzinfo=datetime.timezone.utc
        ),
        "local_datetime": DateTime(2020, 1, 2, 3, 4, 5, 6),
        "duration": Duration(months=1, days=2, seconds=3, nanoseconds=4),
        "point2d": CartesianPoint((1.0, 2.0)),
        "point3d": WGS84Point((12.5, 56.0, 100.0)),
    }
    with driver.session(database=db) as session:
        for key, value in values.items():
            result = session.run("RETURN $v AS v", v=value)
            record = result.single(strict=True)
            assert record["v"] == value, key


def test_graph_values(driver: Driver, db: str) -> None:
    label = _label()
    with driver.session(database=db) as session:
        result = session.run(
            f"CREATE (a:{label} {{name: 'a'}})-[r:GV_REL {{w: 1}}]->(b:GvB) "
            "RETURN a, r, b"
        )
        record = result.single(strict=True)
        a, r = record["a"], record["r"]
        assert isinstance(a, Node)
        assert a["name"] == "a" and label in a.labels
        assert isinstance(r, Relationship)
        assert r.type == "GV_REL" and r["w"] == 1
        result = session.run(f"MATCH (a:{label})-[r]->(b) RETURN a, r, b")
        graph = result.graph()
        assert len(graph.nodes) == 2
        assert len(graph.relationships) == 1


def test_explicit_transaction_commit_and_rollback(
    driver: Driver,
    db: str,
) -> None:
    label = _label()
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        tx.run(f"CREATE (:{label} {{v: 'rolled back'}})")
        tx.rollback()
        assert tx.closed()
        with pytest.raises(TransactionError, match="Transaction closed"):
            tx.run("RETURN 1")
        with session.begin_transaction() as tx2:
            result = tx2.run(f"CREATE (n:{label} {{v: 'kept'}})")
            result.consume()
        bookmarks = session.last_bookmarks()
        assert bookmarks
        result = session.run(f"MATCH (n:{label}) RETURN n.v AS v")
        assert result.value() == ["kept"]


def test_result_out_of_scope_after_commit(driver: Driver, db: str) -> None:
    with driver.session(database=db, fetch_size=1) as session:
        tx = session.begin_transaction()
        result = tx.run("UNWIND range(1, 10) AS x RETURN x")
        tx.commit()
        with pytest.raises(ResultConsumedError, match="out of scope"):
            result.fetch(1)


def test_two_open_results_in_one_transaction(
    driver: Driver,
    db: str,
) -> None:
    session = driver.session(database=db, fetch_size=2)
    with session, session.begin_transaction() as tx:
        first = tx.run("UNWIND range(1, 5) AS x RETURN x")
        second = tx.run("UNWIND range(6, 9) AS x RETURN x")
        assert first.fetch(1) == [(1,)]
        assert second.value() == [6, 7, 8, 9]
        assert first.value() == [2, 3, 4, 5]


def test_execute_write_and_read(driver: Driver, db: str) -> None:
    def create(tx: t.Any, name: str) -> str:
        result = tx.run(
            "CREATE (p:ExecPerson {name: $name}) RETURN p.name AS name",
            name=name,
        )
        record = result.single(strict=True)
        return t.cast(str, record["name"])

    def count(tx: t.Any) -> int:
        result = tx.run("MATCH (p:ExecPerson) RETURN count(p) AS c")
        record = result.single(strict=True)
        return t.cast(int, record["c"])

    with driver.session(database=db) as session:
        assert session.execute_write(create, "Alice") == "Alice"
        assert session.execute_read(count) >= 1


def test_execute_query(driver: Driver, db: str) -> None:
    records, summary, keys = driver.execute_query(
        "RETURN $a + $b AS s", {"a": 1}, b=2, database_=db
    )
    assert keys == ["s"]
    assert records[0]["s"] == 3
    assert summary.query == "RETURN $a + $b AS s"

    def transformer(result: t.Any) -> list[int]:
        return t.cast("list[int]", result.value())

    values = driver.execute_query(
        "UNWIND [1, 2, 3] AS x RETURN x",
        database_=db,
        routing_="r",
        result_transformer_=transformer,
    )
    assert values == [1, 2, 3]
    with pytest.raises(ValueError, match="single '_'"):
        driver.execute_query("RETURN 1", database_=db, foo_=1)


def test_syntax_error_is_mapped(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError) as exc_info:
            session.run("RETRN 1")
        assert exc_info.value.code == "Neo.ClientError.Statement.SyntaxError"
        # the session (and its connection) still work
        result = session.run("RETURN 2 AS n")
        assert result.value() == [2]


def test_wrong_password(bolt_uri: str) -> None:
    with GraphDatabase.driver(
        bolt_uri, auth=("root", "definitely-wrong")
    ) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()
        assert driver.verify_authentication() is False


def test_verify_authentication(driver: Driver, auth: tuple[str, str]) -> None:
    assert driver.verify_authentication() is True
    assert driver.verify_authentication(auth) is True
    assert driver.verify_authentication(("root", "nope-nope")) is False


def test_session_auth(driver: Driver, auth: tuple[str, str], db: str) -> None:
    with driver.session(database=db, auth=auth) as session:
        result = session.run("RETURN 1 AS n")
        assert result.value() == [1]
    with driver.session(
        database=db, auth=("root", "not-the-password")
    ) as session:
        with pytest.raises(AuthError):
            session.run("RETURN 1 AS n")


def test_unreachable_server() -> None:
    with GraphDatabase.driver(
        "bolt://127.0.0.1:1", auth=("a", "b"), connection_timeout=2
    ) as driver:
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()


def test_tls_with_custom_ca(arcadedb_tls: TlsServer) -> None:
    with GraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(arcadedb_tls.ca_pem)),
    ) as driver:
        assert driver.encrypted is True
        with driver.session(database=DB) as session:
            result = session.run("RETURN 'tls' AS x")
            assert result.value() == ["tls"]


def test_tls_trust_all(arcadedb_tls: TlsServer) -> None:
    with GraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustAll(),
    ) as driver:
        driver.verify_connectivity()
    uri = arcadedb_tls.uri.replace("bolt://", "bolt+ssc://")
    with GraphDatabase.driver(uri, auth=arcadedb_tls.auth) as driver:
        driver.verify_connectivity()


def test_concurrent_sessions(driver: Driver, db: str) -> None:
    def work(n: int) -> list[int]:
        with driver.session(database=db) as session:
            result = session.run("UNWIND range(1, $n) AS x RETURN x", n=n)
            return t.cast("list[int]", result.value())

    if Util.is_async_code:
        results = asyncio.gather(*(work(n) for n in range(1, 9)))
    else:
        results = [work(n) for n in range(1, 9)]
    assert results == [list(range(1, n + 1)) for n in range(1, 9)]


def test_routing_driver_against_single_server(server: Target, db: str) -> None:
    with GraphDatabase.driver(server.routing_uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query(
            "RETURN 5 AS n", database_=db, routing_="r"
        )
        assert records[0]["n"] == 5
        with driver.session(database=db) as session:
            result = session.run("RETURN 6 AS n")
            assert result.value() == [6]
