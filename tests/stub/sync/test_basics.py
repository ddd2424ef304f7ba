# This file is generated from tests/stub/async_/test_basics.py by bin/make-unasync; do not edit.
# make-unasync digest: 70ad27dec95a29f74b3461a3f41bbdeb8617849b434fb94e87d58e52c2fc9178
"""First driver tests against the stub server (async twin).

``tests/stub/sync/test_basics.py`` is generated from this file.  They
pin what the driver says on the wire for a plain query on each handshake
form and protocol family, and how it reacts to a failure and to a server
that hangs up.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import ClientError, ServiceUnavailable
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]


def _greeting(version: str) -> str:
    """HELLO (and LOGON from 5.1 on) with the test credentials."""
    if version in {"4.4", "5.0"}:
        return (
            'C: HELLO {"user_agent": *, "scheme": "basic", '
            '"principal": "neo4j", "credentials": "pass", ...}\n'
            'S: SUCCESS {"server": "Neo4j/5.0.0", "connection_id": "b-1"}\n'
        )
    return (
        'C: HELLO {"user_agent": *, "bolt_agent": {"product": *, ...}, ...}\n'
        'S: SUCCESS {"server": "Neo4j/5.8.0", "connection_id": "b-1"}\n'
        'C: LOGON {"scheme": "basic", "principal": "neo4j", '
        '"credentials": "pass"}\n'
        "S: SUCCESS {}\n"
    )


QUERY = """\
C: RUN "RETURN $x AS x" {"x": 1} {"db": "neo4j"}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   RECORD [Node(7, ["Person"], {"name": "Ada"}, "4:db:7")]
   SUCCESS {"type": "r", "db": "neo4j"}
"""


@pytest.mark.parametrize(
    ("header", "version"),
    [
        ("!: BOLT 4.4", "4.4"),
        ("!: BOLT 5.0", "5.0"),
        ("!: BOLT 5.4", "5.4"),
        ("!: BOLT 5.0-5.8\n!: MANIFEST", "5.8"),
    ],
)
def test_run_and_stream(
    stub_server: StubServers,
    make_driver: MakeDriver,
    header: str,
    version: str,
) -> None:
    server = stub_server.start(
        f"{header}\n!: AUTO GOODBYE\n{_greeting(version)}{QUERY}"
        "*C: RESET\nS: SUCCESS {}\n"
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN $x AS x", x=1)
        records = [record for record in result]
        summary = result.consume()
    assert [record.keys() for record in records] == [["x"], ["x"]]
    assert records[0]["x"] == 1
    node = records[1]["x"]
    assert (node.element_id, set(node.labels), dict(node)) == (
        "4:db:7",
        {"Person"},
        {"name": "Ada"},
    )
    assert summary.database == "neo4j"
    driver.close()
    server.done()


def test_failure_raises_client_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n!: AUTO GOODBYE\n"
        + _greeting("5.4")
        + 'C: RUN "RETURN" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: FAILURE {"code": "Neo.ClientError.Statement.SyntaxError", '
        '"message": "Invalid input"}\n'
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        with pytest.raises(ClientError) as info:
            result = session.run("RETURN")
            result.consume()
    assert info.value.code == "Neo.ClientError.Statement.SyntaxError"
    assert info.value.message == "Invalid input"
    driver.close()
    server.done()


def test_server_hanging_up_raises_service_unavailable(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n"
        + _greeting("5.4")
        + 'C: RUN "RETURN 1" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        "S: <EXIT>\n"
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable):
            result = session.run("RETURN 1")
            result.consume()
    driver.close()
    server.done()
