# This file is generated from tests/integration/async_/test_neo4j_http.py by bin/make-unasync; do not edit.
# make-unasync digest: 27ac2963c5e6589cc86c11f677f90bb1d7b9e499e267b234d45c1f74cefc79a7
"""The Query API (HTTP) driver against the embedded Neo4j's HTTP
connector (``tests/servers/neo4j.py`` enables it next to Bolt).

The same calls as the Bolt examples: ``execute_query``, ``session.run``,
managed and explicit transactions, errors, and values of every type
the Query API carries, round-tripped through the server.
"""

from __future__ import annotations

import datetime
import typing as t
import uuid
import warnings

import pytest

import neo4j
from neo4j import GraphDatabase
from neo4j._sync.driver import HttpDriver
from neo4j.exceptions import ClientError, ConfigurationError
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from neo4j.warnings import PreviewWarning
from tests.servers.neo4j import Neo4jServer


DB = "neo4j"


@pytest.fixture
def http_driver(
    neo4j_server: Neo4jServer,
) -> t.Iterator[HttpDriver]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        driver = GraphDatabase.driver(
            neo4j_server.http_uri, auth=neo4j_server.auth
        )
    assert isinstance(driver, HttpDriver)
    with driver:
        yield driver


def tag() -> str:
    return f"Http{uuid.uuid4().hex[:10]}"


def test_connectivity_and_server_info(
    http_driver: HttpDriver, neo4j_server: Neo4jServer
) -> None:
    http_driver.verify_connectivity()
    info = http_driver.get_server_info()
    assert info.agent == f"Neo4j/{neo4j_server.version}"
    assert info.protocol_version == (0, 0)
    assert http_driver.verify_authentication() is True
    assert (
        http_driver.verify_authentication(("neo4j", "wrong-password")) is False
    )


def test_execute_query_write_then_read(
    http_driver: HttpDriver,
) -> None:
    label = tag()
    _, summary, _ = http_driver.execute_query(
        f"CREATE (:{label} {{n: $n}}), (:{label} {{n: $n + 1}})",
        n=1,
        database_=DB,
    )
    assert summary.counters.nodes_created == 2
    assert summary.counters.properties_set == 2
    assert summary.database == DB
    records, _, keys = http_driver.execute_query(
        f"MATCH (x:{label}) RETURN x.n AS n ORDER BY n",
        database_=DB,
        routing_=neo4j.RoutingControl.READ,
    )
    assert keys == ["n"]
    assert [r["n"] for r in records] == [1, 2]


def test_session_run_and_bookmarks(
    http_driver: HttpDriver,
) -> None:
    with http_driver.session(database=DB, fetch_size=2) as session:
        result = session.run("UNWIND range(1, 5) AS i RETURN i")
        seen = [record["i"] for record in result]
        result.consume()
        bookmarks = session.last_bookmarks()
    assert seen == [1, 2, 3, 4, 5]
    assert bookmarks.raw_values
    with http_driver.session(database=DB, bookmarks=bookmarks) as session:
        result = session.run("RETURN 1 AS one")
        assert (result.single(strict=True))["one"] == 1


def test_managed_and_explicit_transactions(
    http_driver: HttpDriver,
) -> None:
    label = tag()

    def create(tx: t.Any, n: int) -> int:
        result = tx.run(f"CREATE (x:{label} {{n: $n}}) RETURN x.n AS n", n=n)
        record = result.single(strict=True)
        return int(record["n"])

    def count(tx: t.Any) -> int:
        result = tx.run(f"MATCH (x:{label}) RETURN count(x) AS c")
        record = result.single(strict=True)
        return int(record["c"])

    with http_driver.session(database=DB) as session:
        assert session.execute_write(create, 1) == 1
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label} {{n: 2}})")).consume()
        tx.rollback()
        tx = session.begin_transaction()
        first = tx.run(f"CREATE (:{label} {{n: 3}}) RETURN 3 AS n")
        second = tx.run("RETURN 4 AS n")
        assert (second.single())["n"] == 4
        assert (first.single())["n"] == 3
        tx.commit()
        assert session.execute_read(count) == 2


def test_errors(http_driver: HttpDriver) -> None:
    with pytest.raises(ClientError) as caught:
        http_driver.execute_query("RETURN nonsense(", database_=DB)
    assert caught.value.code == "Neo.ClientError.Statement.SyntaxError"
    with pytest.raises(ClientError, match=r"not found|does not exist"):
        http_driver.execute_query("RETURN 1", database_="nowhere")
    with pytest.raises(ConfigurationError, match="Home database"):
        http_driver.execute_query("RETURN 1")
    with http_driver.session(database=DB) as session:
        tx = session.begin_transaction()
        with pytest.raises(ClientError, match="/ by zero"):
            # the error may come with the keys or after them
            (tx.run("RETURN 1 / 0")).consume()
        tx.close()
        # the session goes on after the failed transaction
        result = session.run("RETURN 2 AS two")
        assert (result.single())["two"] == 2


VALUES = [
    None,
    True,
    -(2**63),
    2**63 - 1,
    1.5,
    float("inf"),
    "text ✓",
    b"\x00\xffbytes",
    [1, "two", [3.0]],
    {"k": [1, {"nested": None}]},
    Date(2024, 2, 29),
    Time(12, 30, 15, 123456789),
    Time(12, 30, 15, 0, datetime.timezone(datetime.timedelta(hours=-5))),
    DateTime(2024, 5, 1, 12, 0, 0, 5),
    DateTime(2024, 5, 1, 12, 0, 0, 0, datetime.timezone.utc),
    Duration(months=14, days=3, seconds=7, nanoseconds=500),
    CartesianPoint((1.0, 2.0)),
    WGS84Point((12.5, 55.6, 10.0)),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_round_trip(http_driver: HttpDriver, value: t.Any) -> None:
    records, _, _ = http_driver.execute_query(
        "RETURN $v AS v", v=value, database_=DB
    )
    assert records[0]["v"] == value


def test_zoned_datetime_round_trip(
    http_driver: HttpDriver,
) -> None:
    records, _, _ = http_driver.execute_query(
        "RETURN datetime({year: 2024, month: 7, day: 1, hour: 9, "
        "timezone: 'Europe/Stockholm'}) AS v",
        database_=DB,
    )
    value = records[0]["v"]
    assert value.tzinfo is not None
    assert value.utcoffset() == datetime.timedelta(hours=2)
    back, _, _ = http_driver.execute_query(
        "RETURN $v = datetime({year: 2024, month: 7, day: 1, hour: 9, "
        "timezone: 'Europe/Stockholm'}) AS same",
        v=value,
        database_=DB,
    )
    assert back[0]["same"] is True


def test_graph_values(http_driver: HttpDriver) -> None:
    label = tag()
    records, _, _ = http_driver.execute_query(
        f"CREATE p = (a:{label} {{name: 'a'}})-[r:KNOWS {{w: 1}}]->"
        f"(b:{label} {{name: 'b'}}) RETURN a, r, p",
        database_=DB,
    )
    a, r, p = records[0]["a"], records[0]["r"], records[0]["p"]
    assert isinstance(a, Node) and a["name"] == "a"
    assert isinstance(r, Relationship) and r.type == "KNOWS"
    assert r.start_node is a
    assert isinstance(p, Path) and p.end_node["name"] == "b"


def test_vector_parameters_are_refused(
    http_driver: HttpDriver,
) -> None:
    with pytest.raises(ConfigurationError, match="Vector"):
        http_driver.execute_query(
            "RETURN $v",
            v=neo4j.vector.Vector([1.0, 2.0], "f64"),
            database_=DB,
        )
