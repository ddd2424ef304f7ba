# This file is generated from tests/stub/async_/test_idle_connection_logs.py by bin/make-unasync; do not edit.
# make-unasync digest: 0c333e475cbdf8b0dedb5ce22874b21110a6b445c4a9700d0390d493b54b7efb
"""An idle pooled connection that the server closed (async twin).

The next acquisition drops it and opens a new one, logging it in the
words of the official driver 6.4.1 (``neo4j.io``: ``defunct: reached
EOF``; ``neo4j.pool``: ``found unhealthy connection`` and ``remove
connection from pool``).
"""

from __future__ import annotations

import logging
import typing as t

import pytest

from neo4j._sync.driver import Driver
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

QUERY = (
    'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
    'C: PULL {"n": 1000}\n'
    'S: SUCCESS {"fields": ["x"]}\n'
    "   RECORD [1]\n"
    '   SUCCESS {"type": "r"}\n'
)


def _query(driver: Driver) -> int:
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN 1 AS x")
        record = result.single(strict=True)
        return int(record["x"])


def test_idle_connection_closed_by_server_is_logged(
    stub_server: StubServers,
    make_driver: MakeDriver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = stub_server.start(HEADER + QUERY + "S: <EXIT>\n", HEADER + QUERY)
    driver = make_driver(server)
    assert _query(driver) == 1
    server.wait_hung_up(1)
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="neo4j")
    assert _query(driver) == 1
    driver.close()
    server.done()
    assert server.connection_count == 2
    lines = [
        (record.name, record.getMessage())
        for record in caplog.records
        if "unhealthy" in record.getMessage()
        or "reached EOF" in record.getMessage()
        or "remove connection" in record.getMessage()
    ]
    assert len(lines) == 3, lines
    (io_name, eof), (pool_name, found), (pool_name_2, removed) = lines
    assert io_name == "neo4j.io"
    assert pool_name == pool_name_2 == "neo4j.pool"
    port = eof[2:6]  # "[#XXXX]"
    assert eof == f"[#{port}]  _: <CONNECTION> defunct: reached EOF"
    assert found == (
        f"[#{port}]  _: <POOL> found unhealthy connection bolt-1 "
        "(closed=False, defunct=True, stale=False, in_use=True)"
    )
    host, number = server.address.rsplit(":", 1)
    assert removed == (
        f"[#{port}]  _: <POOL> remove connection from pool "
        f"IPv4Address(({host!r}, {number})) bolt-1"
    )
    assert int(port, 16) != 0
