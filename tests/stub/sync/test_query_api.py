# This file is generated from tests/stub/async_/test_query_api.py by bin/make-unasync; do not edit.
# make-unasync digest: b217285f4737da6e16f02c94185c62b2a066cbc01f9af941212652216b4cc16d
"""The Query API (HTTP) driver against the scripted Query API server
(async twin; ``tests/stub/sync/test_query_api.py`` is generated).

Each test scripts the exact HTTP exchanges the official driver makes
for the same calls (paths, typed JSON bodies, headers) and checks what
the driver returns or raises.
"""

from __future__ import annotations

import sys
import typing as t
import warnings

import pytest

import neo4j
from neo4j import Auth, bearer_auth
from neo4j._sync.driver import GraphDatabase, HttpDriver
from neo4j.exceptions import (
    ClientError,
    ConfigurationError,
    Neo4jError,
    TransactionError,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.vector import Vector
from neo4j.warnings import PreviewWarning
from tests.queryapi_stub import (
    ANY,
    Exchange,
    QueryApiStub,
    error_reply,
    query_reply,
)


AUTH = ("neo4j", "pass")
#: base64 of neo4j:pass
BASIC = "Basic bmVvNGo6cGFzcw=="
AUTO = "/db/neo4j/query/v2"
BEGIN = "/db/neo4j/query/v2/tx"
TX = "/db/neo4j/query/v2/tx/tx-1"
AFFINITY = {"neo4j-cluster-affinity": "member-2"}


def integer(value: int) -> dict[str, t.Any]:
    return {"$type": "Integer", "_value": str(value)}


def text(value: str) -> dict[str, t.Any]:
    return {"$type": "String", "_value": value}


def begun(tx_id: str = "tx-1") -> Exchange:
    return Exchange(
        "POST",
        BEGIN,
        ANY,
        202,
        {"transaction": {"id": tx_id, "expires": "2030-01-01T00:00:00Z"}},
        headers=AFFINITY,
    )


@pytest.fixture
def stub() -> t.Iterator[QueryApiStub]:
    with QueryApiStub() as server:
        yield server


@pytest.fixture
def driver(stub: QueryApiStub) -> t.Iterator[HttpDriver]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        made = GraphDatabase.driver(stub.uri, auth=AUTH)
    assert isinstance(made, HttpDriver)
    yield made
    made.close()


def test_driver_for_http_uri_is_a_preview(stub: QueryApiStub) -> None:
    with pytest.warns(PreviewWarning, match="Query API/HTTP"):
        made = GraphDatabase.driver(stub.uri, auth=AUTH)
    assert type(made) is HttpDriver
    assert made.address == ("127.0.0.1", stub.port)
    assert not made.encrypted
    made.close()
    with pytest.warns(PreviewWarning, match="HttpDriver is part of"):
        assert neo4j.HttpDriver is HttpDriver


def test_default_ports_are_the_web_ones() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        plain = GraphDatabase.driver("http://example.com", auth=AUTH)
        secure = GraphDatabase.driver("https://example.com", auth=AUTH)
    assert isinstance(plain, HttpDriver)
    assert isinstance(secure, HttpDriver)
    assert plain.address.port == 80
    assert secure.address.port == 443
    assert secure.encrypted
    plain.close()
    secure.close()


def test_missing_extra_names_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in list(sys.modules):
        if name.startswith("neo4j._sync.http"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "httpx", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        with pytest.raises(ModuleNotFoundError, match=r"neo4j\[http\]"):
            GraphDatabase.driver("http://localhost:7474", auth=AUTH)


def test_execute_query(stub: QueryApiStub, driver: HttpDriver) -> None:
    stub.add(
        Exchange("POST", BEGIN, {}, 202, begun().reply, headers=AFFINITY),
        Exchange(
            "POST",
            TX,
            {
                "statement": "RETURN $x AS x, $s AS s",
                "includeCounters": True,
                "parameters": {"x": integer(1), "s": text("a")},
            },
            reply=query_reply(
                ["x", "s"],
                [[integer(1), text("a")]],
                counters={"nodesCreated": 0, "containsUpdates": False},
            ),
            expect_headers=AFFINITY,
        ),
        Exchange(
            "POST",
            TX + "/commit",
            None,
            reply={"bookmarks": ["bm:1"]},
            expect_headers=AFFINITY,
        ),
    )
    records, summary, keys = driver.execute_query(
        "RETURN $x AS x, $s AS s", {"x": 1}, s="a", database_="neo4j"
    )
    stub.assert_done()
    assert keys == ["x", "s"]
    assert [r.data() for r in records] == [{"x": 1, "s": "a"}]
    assert summary.database == "neo4j"
    assert summary.counters.contains_updates is False
    assert summary.server.agent == "Neo4j/2026.08.1"
    assert summary.server.protocol_version == (0, 0)
    assert summary.query_type is None
    assert stub.auth_headers == [BASIC] * 3
    bookmarks = driver.execute_query_bookmark_manager.get_bookmarks()
    assert set(bookmarks) == {"bm:1"}


def test_execute_query_read_sends_access_mode_and_bookmarks(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        begun(),
        Exchange("POST", TX, ANY, reply=query_reply(["n"], [])),
        Exchange("POST", TX + "/commit", reply={"bookmarks": ["bm:1"]}),
        Exchange(
            "POST",
            BEGIN,
            {"accessMode": "Read", "bookmarks": ["bm:1"]},
            202,
            begun("tx-2").reply,
        ),
        Exchange(
            "POST",
            "/db/neo4j/query/v2/tx/tx-2",
            ANY,
            reply=query_reply(["n"], [[integer(7)]]),
        ),
        Exchange("POST", "/db/neo4j/query/v2/tx/tx-2/commit", reply={}),
    )
    driver.execute_query("CREATE ()", database_="neo4j")
    records, _, _ = driver.execute_query(
        "RETURN 7 AS n", database_="neo4j", routing_="r"
    )
    stub.assert_done()
    assert records[0]["n"] == 7


def test_session_run_streams_in_fetch_size_batches(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    notification = {
        "code": "Neo.ClientNotification.Statement.CartesianProduct",
        "title": "cartesian",
        "description": "a cartesian product",
        "severity": "INFORMATION",
        "category": "PERFORMANCE",
        "position": None,
    }
    stub.add(
        Exchange(
            "POST",
            AUTO,
            {"statement": "UNWIND range(1, 3) AS n RETURN n",
             "includeCounters": True},
            reply=query_reply(
                ["n"],
                [[integer(1)], [integer(2)], [integer(3)]],
                counters={"nodesCreated": 2, "propertiesSet": 4},
                bookmarks=["bm:auto"],
                notifications=[notification],
                resultAvailableAfter=3,
                resultConsumedAfter=5,
                queryType="READ_WRITE",
            ),
        )
    )  # fmt: skip
    with driver.session(database="neo4j", fetch_size=2) as session:
        result = session.run("UNWIND range(1, 3) AS n RETURN n")
        assert result.keys() == ["n"]
        seen = [record["n"] for record in result]
        summary = result.consume()
        bookmarks = session.last_bookmarks()
    stub.assert_done()
    assert seen == [1, 2, 3]
    assert summary.counters.nodes_created == 2
    assert summary.counters.properties_set == 4
    assert summary.result_available_after == 3
    assert summary.result_consumed_after == 5
    assert summary.query_type == "rw"
    [status] = [
        s
        for s in summary.gql_status_objects
        if s.classification.name == "PERFORMANCE"
    ]
    assert status.status_description == "a cartesian product"
    assert bookmarks.raw_values == frozenset({"bm:auto"})


def test_session_bookmarks_and_impersonation_go_into_the_query(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        Exchange(
            "POST",
            "/db/movies/query/v2",
            {
                "statement": "RETURN 1",
                "includeCounters": True,
                "accessMode": "Read",
                "bookmarks": ["bm:0"],
                "impersonatedUser": "alice",
            },
            reply=query_reply(["1"], [[integer(1)]]),
        )
    )
    with driver.session(
        database="movies",
        default_access_mode=neo4j.READ_ACCESS,
        bookmarks=neo4j.Bookmarks.from_raw_values(["bm:0"]),
        impersonated_user="alice",
    ) as session:
        result = session.run("RETURN 1")
        assert (result.single(strict=True))[0] == 1
    stub.assert_done()


def test_explicit_transaction_commit_and_rollback(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        begun(),
        Exchange(
            "POST",
            TX,
            {"statement": "CREATE (n) RETURN 1 AS one",
             "includeCounters": True},
            reply=query_reply(
                ["one"], [[integer(1)]], counters={"nodesCreated": 1}
            ),
        ),
        Exchange("POST", TX, ANY, reply=query_reply(["two"], [[integer(2)]])),
        Exchange("POST", TX + "/commit", reply={"bookmarks": ["bm:tx"]}),
        begun("tx-2"),
        Exchange("DELETE", "/db/neo4j/query/v2/tx/tx-2", reply={}),
    )  # fmt: skip
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        first = tx.run("CREATE (n) RETURN 1 AS one")
        second = tx.run("RETURN 2 AS two")
        assert (second.single())["two"] == 2
        assert (first.single())["one"] == 1
        tx.commit()
        assert (session.last_bookmarks()).raw_values == frozenset({"bm:tx"})
        tx = session.begin_transaction()
        tx.rollback()
        assert tx.closed()
    stub.assert_done()


def test_managed_transactions_retry_transient_errors(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        begun(),
        Exchange(
            "POST",
            TX,
            ANY,
            400,
            error_reply(
                "Neo.TransientError.Transaction.DeadlockDetected", "deadlock"
            ),
        ),
        begun("tx-2"),
        Exchange(
            "POST",
            "/db/neo4j/query/v2/tx/tx-2",
            ANY,
            reply=query_reply(["n"], [[integer(5)]]),
        ),
        Exchange("POST", "/db/neo4j/query/v2/tx/tx-2/commit", reply={}),
    )
    calls = []

    def work(tx: t.Any) -> int:
        calls.append(tx)
        result = tx.run("RETURN 5 AS n")
        record = result.single()
        return int(record["n"])

    with driver.session(database="neo4j", initial_retry_delay=0.0) as session:
        assert session.execute_write(work) == 5
    stub.assert_done()
    assert len(calls) == 2


def test_query_error_maps_to_neo4j_error_with_gql_data(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        Exchange(
            "POST",
            AUTO,
            ANY,
            400,
            error_reply(
                "Neo.ClientError.Statement.SyntaxError", "Invalid input 'X'"
            ),
        )
    )
    with driver.session(database="neo4j") as session:
        with pytest.raises(ClientError) as caught:
            session.run("X")
    stub.assert_done()
    error = caught.value
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.message == "Invalid input 'X'"
    assert error.gql_status == "50N42"
    assert not error.is_retryable()


def test_error_after_records_fails_the_stream(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    body = query_reply(["n"], [[integer(1)], [integer(0)]])
    body.update(error_reply("Neo.ClientError.Statement.ArithmeticError", "/0"))
    stub.add(Exchange("POST", AUTO, ANY, 400, body))
    with driver.session(database="neo4j") as session:
        result = session.run("UNWIND [1, 0] AS n RETURN 1 / n AS n")
        assert result.keys() == ["n"]
        with pytest.raises(Neo4jError, match="/0") as caught:
            result.fetch(5)
    assert caught.value.code == "Neo.ClientError.Statement.ArithmeticError"
    stub.assert_done()


def test_expired_transaction_fails_the_next_request(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        begun(),
        Exchange(
            "POST",
            TX,
            ANY,
            404,
            error_reply(
                "Neo.ClientError.Request.Invalid",
                "Transaction with Id: tx-1 was not found. It may have timed "
                "out and therefore rolled back or the routing header was "
                "not set",
            ),
        ),
    )
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        with pytest.raises(ClientError, match="was not found"):
            tx.run("RETURN 1")
        with pytest.raises(TransactionError, match="failed"):
            tx.run("RETURN 2")
        tx.close()
    stub.assert_done()


def test_graph_values_share_the_results_graph(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    alice = {
        "$type": "Node",
        "_value": {
            "_element_id": "4:a:0",
            "_labels": ["Person"],
            "_properties": {"name": text("Alice")},
        },
    }
    bob = {
        "$type": "Node",
        "_value": {
            "_element_id": "4:a:1",
            "_labels": ["Person"],
            "_properties": {"name": text("Bob")},
        },
    }
    knows = {
        "$type": "Relationship",
        "_value": {
            "_element_id": "5:a:0",
            "_start_node_element_id": "4:a:0",
            "_end_node_element_id": "4:a:1",
            "_type": "KNOWS",
            "_properties": {"since": integer(2020)},
        },
    }
    path = {"$type": "Path", "_value": [alice, knows, bob]}
    stub.add(
        Exchange(
            "POST",
            AUTO,
            ANY,
            reply=query_reply(["a", "r", "p"], [[alice, knows, path]]),
        )
    )
    with driver.session(database="neo4j") as session:
        result = session.run("MATCH p = (a)-[r]->() RETURN a, r, p")
        record = result.single()
        graph = result.graph()
    stub.assert_done()
    node, rel, walk = record["a"], record["r"], record["p"]
    assert isinstance(node, Node)
    assert isinstance(rel, Relationship)
    assert isinstance(walk, Path)
    assert node.element_id == "4:a:0"
    assert set(node.labels) == {"Person"}
    assert node["name"] == "Alice"
    assert rel.type == "KNOWS"
    assert rel["since"] == 2020
    assert rel.start_node is node
    assert rel.end_node is not None and rel.end_node["name"] == "Bob"
    assert walk.start_node is node and walk.relationships == (rel,)
    assert set(graph.nodes) == {node, rel.end_node}


def test_verify_connectivity_pings_the_system_database(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    ping = Exchange(
        "POST",
        "/db/system/query/v2",
        {
            "statement": "CALL db.ping()",
            "includeCounters": True,
            "accessMode": "Read",
        },
        reply=query_reply(["success"], [[{"$type": "Boolean",
                                          "_value": True}]]),
    )  # fmt: skip
    stub.add(ping, ping, ping)
    driver.verify_connectivity()
    info = driver.get_server_info()
    assert driver.supports_multi_db() is True
    stub.assert_done()
    assert info.agent == "Neo4j/2026.08.1"
    assert info.protocol_version == (0, 0)
    # the discovery document is reused
    assert stub.discoveries == 1


def test_verify_authentication_false_for_rejected_credentials(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    stub.add(
        Exchange(
            "POST",
            "/db/system/query/v2",
            ANY,
            401,
            error_reply(
                "Neo.ClientError.Security.Unauthorized", "Invalid password"
            ),
        )
    )
    assert driver.verify_authentication(("neo4j", "wrong")) is False
    stub.assert_done()
    assert stub.auth_headers == ["Basic bmVvNGo6d3Jvbmc="]


def test_bearer_auth(stub: QueryApiStub) -> None:
    stub.add(Exchange("POST", AUTO, ANY, reply=query_reply([], [])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        driver = GraphDatabase.driver(stub.uri, auth=bearer_auth("tok3n"))
    with driver, driver.session(database="neo4j") as session:
        (session.run("CREATE ()")).consume()
    stub.assert_done()
    assert stub.auth_headers == ["Bearer tok3n"]


@pytest.mark.parametrize(
    ("auth", "match"),
    [
        (Auth("kerberos", "", "ticket"), "'kerberos' is not supported"),
        (("us:er", "pw"), "cannot contain a colon"),
        (("user", "pw", "realm"), "'realm' is not supported"),
    ],
)
def test_unsupported_auth(stub: QueryApiStub, auth: t.Any, match: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        driver = GraphDatabase.driver(stub.uri, auth=auth)
    with driver:
        with pytest.raises(ConfigurationError, match=match):
            driver.execute_query("RETURN 1", database_="neo4j")
    stub.assert_done()
    assert stub.requests == []


def test_features_the_query_api_lacks(
    stub: QueryApiStub, driver: HttpDriver
) -> None:
    with pytest.raises(ConfigurationError, match="Home database"):
        driver.execute_query("RETURN 1")
    with driver.session(database="neo4j") as session:
        with pytest.raises(ConfigurationError, match="Vector"):
            session.run("RETURN $v", v=Vector([1.0], "f32"))
        with pytest.raises(ConfigurationError, match="metadata"):
            session.begin_transaction(metadata={"app": "x"})
        with pytest.raises(ConfigurationError, match="timeouts"):
            session.run(neo4j.Query("RETURN 1", timeout=5))
    with driver.session(
        database="neo4j", notifications_min_severity="OFF"
    ) as session:
        with pytest.raises(ConfigurationError, match="Notification"):
            session.run("RETURN 1")
    stub.assert_done()
    assert stub.requests == []
