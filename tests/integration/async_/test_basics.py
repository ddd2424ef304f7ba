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
from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil
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
from tests.integration.async_._util import DB


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target
    from tests.servers import TlsServer


def _label() -> str:
    return f"T{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def driver(
    bolt_uri: str, auth: tuple[str, str]
) -> t.AsyncIterator[AsyncDriver]:
    async with AsyncGraphDatabase.driver(bolt_uri, auth=auth) as driver:
        yield driver


async def test_verify_connectivity_and_server_info(
    driver: AsyncDriver, server: Target
) -> None:
    await driver.verify_connectivity()
    info = await driver.get_server_info()
    if server.is_neo4j:
        # the manifest handshake: the newest version both sides speak
        assert info.protocol_version >= (6, 0)
        assert info.agent.startswith("Neo4j/")
    else:
        assert info.protocol_version == (5, 4)
        assert "ArcadeDB" in info.agent
    assert info.address.port == server.bolt_port
    assert await driver.supports_multi_db() is True
    assert await driver.supports_session_auth() is True
    assert driver.encrypted is False


async def test_return_1(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run("RETURN 1 AS n")
        assert result.keys() == ["n"]
        record = await result.single(strict=True)
        assert record["n"] == 1
        summary = await result.consume()
        assert summary.query == "RETURN 1 AS n"


async def test_streaming_in_batches(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db, fetch_size=7) as session:
        result = await session.run("UNWIND range(1, 100) AS x RETURN x")
        values = [record["x"] async for record in result]
        assert values == list(range(1, 101))
        # iterating an exhausted result ends immediately
        assert [record async for record in result] == []


async def test_result_helpers(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db, fetch_size=3) as session:
        result = await session.run(
            "UNWIND range(1, 10) AS x RETURN x, x * 2 AS y"
        )
        peeked = await result.peek()
        assert peeked is not None and peeked["x"] == 1
        first = await result.fetch(4)
        assert [r["x"] for r in first] == [1, 2, 3, 4]
        assert await result.values("y") == [[y] for y in range(10, 21, 2)]
        result = await session.run("UNWIND [1, 2] AS x RETURN x")
        assert await result.data() == [{"x": 1}, {"x": 2}]
        result = await session.run("UNWIND [1, 2] AS x RETURN x")
        assert await result.value() == [1, 2]
        result = await session.run("UNWIND [1, 2] AS x RETURN x")
        eager = await result.to_eager_result()
        assert [r["x"] for r in eager.records] == [1, 2]
        assert eager.keys == ["x"]
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
        assert result.closed()


async def test_unconsumed_result_is_buffered(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=2) as session:
        first = await session.run("UNWIND range(1, 5) AS x RETURN x")
        second = await session.run("RETURN 'b' AS y")
        assert await second.value() == ["b"]
        assert await first.value() == [1, 2, 3, 4, 5]


async def test_value_types_round_trip(driver: AsyncDriver, db: str) -> None:
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
    async with driver.session(database=db) as session:
        for key, value in values.items():
            result = await session.run("RETURN $v AS v", v=value)
            record = await result.single(strict=True)
            assert record["v"] == value, key


async def test_graph_values(driver: AsyncDriver, db: str) -> None:
    label = _label()
    async with driver.session(database=db) as session:
        result = await session.run(
            f"CREATE (a:{label} {{name: 'a'}})-[r:GV_REL {{w: 1}}]->(b:GvB) "
            "RETURN a, r, b"
        )
        record = await result.single(strict=True)
        a, r = record["a"], record["r"]
        assert isinstance(a, Node)
        assert a["name"] == "a" and label in a.labels
        assert isinstance(r, Relationship)
        assert r.type == "GV_REL" and r["w"] == 1
        result = await session.run(
            f"MATCH (a:{label})-[r]->(b) RETURN a, r, b"
        )
        graph = await result.graph()
        assert len(graph.nodes) == 2
        assert len(graph.relationships) == 1


async def test_explicit_transaction_commit_and_rollback(
    driver: AsyncDriver,
    db: str,
) -> None:
    label = _label()
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        await tx.run(f"CREATE (:{label} {{v: 'rolled back'}})")
        await tx.rollback()
        assert tx.closed()
        with pytest.raises(TransactionError, match="Transaction closed"):
            await tx.run("RETURN 1")
        async with await session.begin_transaction() as tx2:
            result = await tx2.run(f"CREATE (n:{label} {{v: 'kept'}})")
            await result.consume()
        bookmarks = await session.last_bookmarks()
        assert bookmarks
        result = await session.run(f"MATCH (n:{label}) RETURN n.v AS v")
        assert await result.value() == ["kept"]


async def test_result_out_of_scope_after_commit(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db, fetch_size=1) as session:
        tx = await session.begin_transaction()
        result = await tx.run("UNWIND range(1, 10) AS x RETURN x")
        await tx.commit()
        with pytest.raises(ResultConsumedError, match="out of scope"):
            await result.fetch(1)


async def test_two_open_results_in_one_transaction(
    driver: AsyncDriver,
    db: str,
) -> None:
    session = driver.session(database=db, fetch_size=2)
    async with session, await session.begin_transaction() as tx:
        first = await tx.run("UNWIND range(1, 5) AS x RETURN x")
        second = await tx.run("UNWIND range(6, 9) AS x RETURN x")
        assert await first.fetch(1) == [(1,)]
        assert await second.value() == [6, 7, 8, 9]
        assert await first.value() == [2, 3, 4, 5]


async def test_execute_write_and_read(driver: AsyncDriver, db: str) -> None:
    async def create(tx: t.Any, name: str) -> str:
        result = await tx.run(
            "CREATE (p:ExecPerson {name: $name}) RETURN p.name AS name",
            name=name,
        )
        record = await result.single(strict=True)
        return t.cast(str, record["name"])

    async def count(tx: t.Any) -> int:
        result = await tx.run("MATCH (p:ExecPerson) RETURN count(p) AS c")
        record = await result.single(strict=True)
        return t.cast(int, record["c"])

    async with driver.session(database=db) as session:
        assert await session.execute_write(create, "Alice") == "Alice"
        assert await session.execute_read(count) >= 1


async def test_execute_query(driver: AsyncDriver, db: str) -> None:
    records, summary, keys = await driver.execute_query(
        "RETURN $a + $b AS s", {"a": 1}, b=2, database_=db
    )
    assert keys == ["s"]
    assert records[0]["s"] == 3
    assert summary.query == "RETURN $a + $b AS s"

    async def transformer(result: t.Any) -> list[int]:
        return t.cast("list[int]", await result.value())

    values = await driver.execute_query(
        "UNWIND [1, 2, 3] AS x RETURN x",
        database_=db,
        routing_="r",
        result_transformer_=transformer,
    )
    assert values == [1, 2, 3]
    with pytest.raises(ValueError, match="single '_'"):
        await driver.execute_query("RETURN 1", database_=db, foo_=1)


async def test_syntax_error_is_mapped(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError) as exc_info:
            await session.run("RETRN 1")
        assert exc_info.value.code == "Neo.ClientError.Statement.SyntaxError"
        # the session (and its connection) still work
        result = await session.run("RETURN 2 AS n")
        assert await result.value() == [2]


async def test_wrong_password(bolt_uri: str) -> None:
    async with AsyncGraphDatabase.driver(
        bolt_uri, auth=("root", "definitely-wrong")
    ) as driver:
        with pytest.raises(AuthError):
            await driver.verify_connectivity()
        assert await driver.verify_authentication() is False


async def test_verify_authentication(
    driver: AsyncDriver, auth: tuple[str, str]
) -> None:
    assert await driver.verify_authentication() is True
    assert await driver.verify_authentication(auth) is True
    assert await driver.verify_authentication(("root", "nope-nope")) is False


async def test_session_auth(
    driver: AsyncDriver, auth: tuple[str, str], db: str
) -> None:
    async with driver.session(database=db, auth=auth) as session:
        result = await session.run("RETURN 1 AS n")
        assert await result.value() == [1]
    async with driver.session(
        database=db, auth=("root", "not-the-password")
    ) as session:
        with pytest.raises(AuthError):
            await session.run("RETURN 1 AS n")


async def test_unreachable_server() -> None:
    async with AsyncGraphDatabase.driver(
        "bolt://127.0.0.1:1", auth=("a", "b"), connection_timeout=2
    ) as driver:
        with pytest.raises(ServiceUnavailable):
            await driver.verify_connectivity()


async def test_tls_with_custom_ca(arcadedb_tls: TlsServer) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(arcadedb_tls.ca_pem)),
    ) as driver:
        assert driver.encrypted is True
        async with driver.session(database=DB) as session:
            result = await session.run("RETURN 'tls' AS x")
            assert await result.value() == ["tls"]


async def test_tls_trust_all(arcadedb_tls: TlsServer) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustAll(),
    ) as driver:
        await driver.verify_connectivity()
    uri = arcadedb_tls.uri.replace("bolt://", "bolt+ssc://")
    async with AsyncGraphDatabase.driver(
        uri, auth=arcadedb_tls.auth
    ) as driver:
        await driver.verify_connectivity()


async def test_concurrent_sessions(driver: AsyncDriver, db: str) -> None:
    async def work(n: int) -> list[int]:
        async with driver.session(database=db) as session:
            result = await session.run(
                "UNWIND range(1, $n) AS x RETURN x", n=n
            )
            return t.cast("list[int]", await result.value())

    if AsyncUtil.is_async_code:
        results = await asyncio.gather(*(work(n) for n in range(1, 9)))
    else:
        results = [await work(n) for n in range(1, 9)]
    assert results == [list(range(1, n + 1)) for n in range(1, 9)]


async def test_routing_driver_against_single_server(
    server: Target, db: str
) -> None:
    async with AsyncGraphDatabase.driver(
        server.routing_uri, auth=server.auth
    ) as driver:
        records, _, _ = await driver.execute_query(
            "RETURN 5 AS n", database_=db, routing_="r"
        )
        assert records[0]["n"] == 5
        async with driver.session(database=db) as session:
            result = await session.run("RETURN 6 AS n")
            assert await result.value() == [6]
