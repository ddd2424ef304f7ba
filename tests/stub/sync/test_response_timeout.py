# This file is generated from tests/stub/async_/test_response_timeout.py by bin/make-unasync; do not edit.
# make-unasync digest: b45999d03d2b634c23a53c65b4aedeb5c4e59dbbb2280d6afa5a5c77e423a34f
"""The ``response_timeout`` extension against servers that stall: a
silent server, a trickling one, one stopping mid-message (issue 12).

``tests/stub/sync/test_response_timeout.py`` is generated from this
file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import (
    ConfigurationError,
    ResponseTimeoutError,
    ServiceUnavailable,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
!: ALLOW CONCURRENT
"""

#: the first connection stalls as given, the second one answers
STALLING_THEN_ANSWERING = (
    HEADER
    + """\
|{
  C: RUN "STALL" {} {}
  C: PULL {"n": 1000}
  %s
}|{
  C: RUN "RETURN 1" {} {}
  C: PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {}
}
"""
)

SILENT = "S: <SLEEP 5>"
#: a SUCCESS whose 16-byte chunk arrives one byte every 0.2 s: every
#: read gets data, only the deadline ends the wait
TRICKLING = "\n  ".join(
    ["S: <RAW> 00 10 B1 70 A1 86"] + ["S: <SLEEP 0.2>\n  S: <RAW> 41"] * 12
)
MID_MESSAGE = "S: <RAW> 00 10 B1 70 A1 86 66 69 65\n  S: <SLEEP 5>"


@pytest.mark.parametrize(
    "stall", [SILENT, TRICKLING, MID_MESSAGE], ids=["silent", "trickle", "cut"]
)
def test_stalled_reply_ends_with_typed_error_and_frees_the_slot(
    stub_server: StubServers, make_driver: MakeDriver, stall: str
) -> None:
    server = stub_server.start(STALLING_THEN_ANSWERING % stall)
    driver = make_driver(
        server, response_timeout=0.5, max_connection_pool_size=1
    )
    with driver.session() as session:
        with pytest.raises(ResponseTimeoutError) as exc_info:
            session.run("STALL")
    error = exc_info.value
    assert isinstance(error, ServiceUnavailable)
    assert not error.is_retryable()
    assert "response_timeout of 0.5s" in str(error)
    # the only slot is free again: the next query gets a new connection
    with driver.session() as session:
        result = session.run("RETURN 1")
        assert [r["n"] for r in result] == [1]
    driver.close()
    assert server.connection_count == 2


def test_transaction_functions_do_not_retry_a_response_timeout(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + """\
C: BEGIN {}
S: SUCCESS {}
C: RUN "STALL" {} {}
C: PULL {"n": 1000}
S: <SLEEP 5>
"""
    )
    driver = make_driver(server)
    calls = 0

    def work(tx: t.Any) -> None:
        nonlocal calls
        calls += 1
        tx.run("STALL")

    with driver.session(response_timeout=0.3) as session:
        with pytest.raises(ResponseTimeoutError):
            session.execute_write(work)
    assert calls == 1
    driver.close()


def test_session_setting_overrides_the_driver_default(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + """\
C: RUN "SLOW" {} {}
C: PULL {"n": 1000}
S: <SLEEP 0.6>
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {}
"""
    )
    driver = make_driver(server, response_timeout=0.2)
    with driver.session(response_timeout=5) as session:
        result = session.run("SLOW")
        assert [r["n"] for r in result] == [1]
    driver.close()


def test_no_timeout_by_default(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + """\
C: RUN "SLOW" {} {}
C: PULL {"n": 1000}
S: <SLEEP 0.6>
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {}
"""
    )
    driver = make_driver(server)
    with driver.session() as session:
        result = session.run("SLOW")
        assert [r["n"] for r in result] == [1]
    driver.close()


@pytest.mark.parametrize("value", [0, -1, "1", float("inf"), True])
def test_invalid_values_are_refused(
    stub_server: StubServers, make_driver: MakeDriver, value: object
) -> None:
    server = stub_server.start(HEADER)
    with pytest.raises(ConfigurationError, match="response_timeout"):
        make_driver(server, response_timeout=value)
    driver = make_driver(server)
    with pytest.raises(ConfigurationError, match=repr(value)):
        driver.session(response_timeout=value)
    driver.close()
