# This file is generated from tests/stub/async_/test_fault_matrix.py by bin/make-unasync; do not edit.
# make-unasync digest: e40f92e0b3d277c90d906d73556f3d79cdfd93f59bcbe1357584c5a74aab72f5
"""The fault matrix (issue 12): every way a server can fail a query, each
ending in a typed error within its bound, with no connection left in
use or open (sockets counted too), and a healthy query right after on
the same driver.  The storms are in ``tests/stub/asyncio_only``
(cancellation) and ``tests/stub/threads`` (threads).

``tests/stub/sync/test_fault_matrix.py`` is generated from this file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j._exceptions import BoltProtocolError
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ResponseTimeoutError,
    ServiceUnavailable,
    TokenExpired,
    TransientError,
)
from tests.stub.server import StubServers
from tests.stub.sockets import settle_sockets, open_sockets


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
!: ALLOW CONCURRENT
"""

#: a connection that answers the follow-up query
HEALTHY = """\
C: RUN "RETURN 1" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {}
"""

_RUN = 'C: RUN "FAULT" {} {}\nC: PULL {"n": 1000}\n'
_TX = "C: BEGIN {}\nS: SUCCESS {}\n" + _RUN
_FAILURE = (
    'S: FAILURE {"code": "Neo.TransientError.General.Whatever", '
    '"message": "busy"}\n   IGNORED\n'
)


def _security_failure(name: str) -> str:
    return (
        f'S: FAILURE {{"code": "Neo.ClientError.Security.{name}", '
        '"message": "expired"}\n   IGNORED\n'
    )


#: name -> (script of the faulty connection, work, expected error)
FAULTS: dict[str, tuple[str, str, type[BaseException]]] = {
    "killed before reply": (_RUN + "S: <EXIT>\n", "run", ServiceUnavailable),
    "killed mid-stream": (
        _RUN + 'S: SUCCESS {"fields": ["n"]}\n   RECORD [1]\n   <EXIT>\n',
        "run",
        ServiceUnavailable,
    ),
    "killed mid-message": (
        _RUN + "S: <RAW> 00 10 B1 70 A1\nS: <EXIT>\n",
        "run",
        ServiceUnavailable,
    ),
    "killed mid-commit": (
        _TX
        + 'S: SUCCESS {"fields": ["n"]}\n   RECORD [1]\n   SUCCESS {}\n'
        + "C: COMMIT\nS: <EXIT>\n",
        "tx",
        IncompleteCommit,
    ),
    "garbage reply": (
        _RUN + "S: <RAW> 00 04 FF FF FF FF 00 00\n",
        "run",
        BoltProtocolError,
    ),
    "truncated struct": (
        _RUN + "S: <RAW> 00 02 B3 70 00 00\n",
        "run",
        BoltProtocolError,
    ),
    "unexpected message": (
        _RUN + "S: <RAW> 00 02 B0 55 00 00\n",
        "run",
        BoltProtocolError,
    ),
    "record of wrong length": (
        _RUN + 'S: SUCCESS {"fields": ["n", "m"]}\n   RECORD [1]\n',
        "run",
        BoltProtocolError,
    ),
    "malformed metadata": (
        _RUN + 'S: SUCCESS {"fields": 5}\n',
        "run",
        BoltProtocolError,
    ),
    # the connection survives a server failure: it serves the next query
    "server failure": (
        _RUN + _FAILURE + HEALTHY,
        "run",
        TransientError,
    ),
    # expired credentials: the error, then the connection re-authenticates
    # (AuthorizationExpired) or carries on (TokenExpired), as the
    # official driver does
    "token expired": (
        _RUN + _security_failure("TokenExpired") + HEALTHY,
        "run",
        TokenExpired,
    ),
    "authorization expired": (
        _RUN
        + _security_failure("AuthorizationExpired")
        + "C: LOGOFF\nS: SUCCESS {}\n"
        + 'C: LOGON {"scheme": "basic", ...}\nS: SUCCESS {}\n'
        + HEALTHY,
        "run",
        TransientError,
    ),
    "no reply to reset": (
        _RUN + _FAILURE + "C: RESET\nS: <SLEEP 3>\n",
        "run",
        TransientError,
    ),
    "silent server": (_RUN + "S: <SLEEP 3>\n", "run", ResponseTimeoutError),
}


def _do(driver: Driver, work: str) -> None:
    with driver.session() as session:
        if work == "run":
            result = session.run("FAULT")
            for _ in result:
                pass
        else:
            tx = session.begin_transaction()
            result = tx.run("FAULT")
            for _ in result:
                pass
            tx.commit()


def _open_connections(driver: Driver) -> int:
    pool = t.cast(t.Any, driver)._pool
    return len(pool._state.all_connections())


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault(
    stub_server: StubServers, make_driver: MakeDriver, fault: str
) -> None:
    script, work, expected = FAULTS[fault]
    server = stub_server.start(
        HEADER + "|{\n" + script + "}|{\n" + HEALTHY + "}\n"
    )
    sockets_before = open_sockets()
    driver = make_driver(
        server, max_connection_pool_size=1, response_timeout=1.0
    )
    with pytest.raises(expected) as info:
        _do(driver, work)
    assert isinstance(info.value, (DriverError, Neo4jError, BoltProtocolError))
    pool = t.cast(t.Any, driver)._pool
    assert pool.in_use_count(pool.address) == 0
    if not isinstance(info.value, Neo4jError):
        # the faulty connection is gone: no socket left open
        assert _open_connections(driver) == 0
    with driver.session() as session:
        result = session.run("RETURN 1")
        assert [r["n"] for r in result] == [1]
    assert pool.in_use_count(pool.address) == 0
    driver.close()
    assert _open_connections(driver) == 0
    assert settle_sockets(sockets_before) == sockets_before


def test_pool_exhaustion_with_waiters(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(HEADER + HEALTHY)
    sockets_before = open_sockets()
    driver = make_driver(
        server, max_connection_pool_size=1, connection_acquisition_timeout=0.3
    )
    holder = driver.session()
    holder.run("RETURN 1")  # keeps the only connection
    for _ in range(3):
        with driver.session() as waiter:
            with pytest.raises(ConnectionAcquisitionTimeoutError):
                waiter.run("RETURN 1")
    holder.close()
    pool = t.cast(t.Any, driver)._pool
    assert pool.in_use_count(pool.address) == 0
    assert _open_connections(driver) == 1
    driver.close()
    assert _open_connections(driver) == 0
    assert settle_sockets(sockets_before) == sockets_before
