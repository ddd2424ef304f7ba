from __future__ import annotations

import collections
import logging
import typing as t

import pytest

from neo4j._bolt.errors import DecodeError
from neo4j._bolt.protocol import PROTOCOL_CLASSES
from neo4j._bolt.responses import Response, ServerState
from neo4j._codec.packstream import Structure
from neo4j._exceptions import BoltProtocolError
from neo4j.exceptions import (
    AuthError,
    ClientError,
    CypherSyntaxError,
    GqlError,
    Neo4jError,
    TransientError,
)
from tests.unit.common.bolt._helpers import (
    failure,
    ignored,
    make,
    message,
    record,
    sent,
    success,
)


ALL = [(4, 4), *((5, m) for m in range(9)), (6, 0)]
S = ServerState

SYNTAX = {
    "code": "Neo.ClientError.Statement.SyntaxError",
    "message": "Invalid input",
}


# -- greeting -----------------------------------------------------------------


@pytest.mark.parametrize("version", ALL)
def test_hello_states(version: tuple[int, int]) -> None:
    conn = make(version, ready=False)
    assert conn.state is S.CONNECTED
    response = conn.hello()
    conn.take_outgoing()
    conn.feed(success({"server": "Neo4j/5.26.0", "connection_id": "bolt-7"}))
    if conn.AUTH_IN_HELLO:
        assert response.message == "hello"
        assert response.done
        assert conn.state is S.READY
    else:
        assert response.message == "logon"
        assert not response.done
        assert conn.state is S.AUTHENTICATION
        conn.feed(success())
        assert response.done
        assert conn.state is S.READY
    assert conn.server_agent == "Neo4j/5.26.0"
    assert conn.connection_id == "bolt-7"
    assert conn.is_reset
    assert not conn.needs_reset


def test_hello_utc_patch_accepted_4_4() -> None:
    conn = make((4, 4), ready=False)
    conn.hello()
    assert sent(conn)[0][1][0]["patch_bolt"] == ["utc"]
    conn.feed(success({"server": "Neo4j/4.4.0", "patch_bolt": ["utc"]}))
    assert conn.utc_patch
    assert "patch_bolt" not in conn.server_metadata


def test_hello_utc_patch_not_accepted_4_4() -> None:
    conn = make((4, 4), ready=False)
    conn.hello()
    conn.feed(success({"server": "Neo4j/4.4.0"}))
    assert not conn.utc_patch


@pytest.mark.parametrize("version", [(4, 4), (5, 0), (5, 1), (5, 7)])
def test_hello_failure_makes_defunct(version: tuple[int, int]) -> None:
    conn = make(version, ready=False, auth={"scheme": "basic"})
    response = conn.hello()
    conn.take_outgoing()
    meta = {
        "code": "Neo.ClientError.Security.Unauthorized",
        "message": "bad creds",
    }
    if version >= (5, 7):
        meta = {
            "neo4j_code": meta["code"],
            "message": "bad creds",
            "gql_status": "42NFF",
            "description": "error: auth",
        }
    if version >= (5, 1):
        # HELLO succeeds, LOGON fails
        conn.feed(success())
    conn.feed(failure(meta))
    assert response.done
    assert isinstance(response.error, AuthError)
    assert response.error.message == "bad creds"
    assert conn.defunct
    assert conn.state is S.DEFUNCT
    assert not conn.needs_reset


def test_hello_failure_fails_pending_logon() -> None:
    conn = make((5, 1), ready=False)
    response = conn.hello()
    conn.feed(failure({"code": "Neo.ClientError.General.X"}))
    assert response.done
    assert isinstance(response.error, ClientError)
    assert response.error.message == (
        "Connection initialisation failed due to an unknown error"
    )
    assert conn.pending_count == 0
    assert conn.defunct


# -- hints --------------------------------------------------------------------


def _hello_with(version: tuple[int, int], metadata: dict[str, t.Any]) -> t.Any:
    conn = make(version, ready=False)
    conn.hello()
    conn.take_outgoing()
    conn.feed(success(metadata))
    if not conn.AUTH_IN_HELLO:
        conn.feed(success())
    return conn


def test_recv_timeout_hint() -> None:
    conn = _hello_with(
        (5, 0), {"hints": {"connection.recv_timeout_seconds": 120}}
    )
    assert conn.recv_timeout == 120
    assert conn.hints == {"connection.recv_timeout_seconds": 120}
    assert "hints" not in conn.server_metadata


@pytest.mark.parametrize("value", [0, -1, 1.5, "10", True, None])
def test_invalid_recv_timeout_hint(
    value: t.Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="neo4j.io"):
        conn = _hello_with(
            (4, 4), {"hints": {"connection.recv_timeout_seconds": value}}
        )
    assert conn.recv_timeout is None
    assert [r.getMessage() for r in caplog.records] == [
        (
            "[#0ABC]  _: <CONNECTION> Server supplied an invalid value for "
            f"connection.recv_timeout_seconds ({value!r}). Make sure the "
            "server and network is set up correctly."
        )
    ]


@pytest.mark.parametrize(
    ("version", "hint", "disabled", "sent_"),
    [
        ((5, 3), True, False, False),
        ((5, 4), True, False, True),
        ((5, 4), False, False, False),
        ((5, 4), "true", False, False),
        ((5, 4), None, False, False),
        ((5, 4), True, True, False),
        ((5, 8), True, False, True),
        ((6, 0), True, False, True),
    ],
)
def test_telemetry_gating(
    version: tuple[int, int], hint: t.Any, disabled: bool, sent_: bool
) -> None:
    conn = make(version, ready=False, telemetry_disabled=disabled)
    conn.hello()
    conn.take_outgoing()
    hints = {} if hint is None else {"telemetry.enabled": hint}
    conn.feed(success({"hints": hints}) + success())
    response = conn.telemetry(1)
    assert conn.telemetry_enabled is sent_
    if sent_:
        assert response is not None
        assert sent(conn) == [(0x54, [1])]
        conn.feed(success())
        assert response.done
        assert conn.state is S.READY
    else:
        assert response is None
        assert conn.take_outgoing() == b""


@pytest.mark.parametrize(
    ("version", "hint", "enabled"),
    [
        ((5, 7), True, False),
        ((5, 8), True, True),
        ((5, 8), False, False),
        ((5, 8), 1, False),
        ((6, 0), True, True),
    ],
)
def test_ssr_hint(
    version: tuple[int, int], hint: t.Any, enabled: bool
) -> None:
    conn = _hello_with(version, {"hints": {"ssr.enabled": hint}})
    assert conn.ssr_enabled is enabled


# -- results ------------------------------------------------------------------


def test_auto_commit_states_and_records() -> None:
    conn = make((5, 8))
    keys: list[str] = []
    run = conn.run("RETURN 1", on_success=lambda m: keys.extend(m["fields"]))
    sink: collections.deque[t.Any] = collections.deque()
    pull = conn.pull(n=2, records=sink, record_factory=tuple)
    conn.take_outgoing()
    conn.feed(success({"fields": ["a", "b"], "t_first": 1}))
    assert run.done
    assert keys == ["a", "b"]
    assert conn.state is S.STREAMING
    conn.feed(record(1, "x") + record(2, "y"))
    assert list(sink) == [(1, "x"), (2, "y")]
    assert not pull.done
    conn.feed(success({"has_more": True}))
    assert pull.done
    assert conn.state is S.STREAMING
    pull2 = conn.pull(n=2, records=sink, record_factory=tuple)
    conn.feed(record(3, None) + success({"bookmark": "bm", "db": "neo4j"}))
    assert pull2.done
    assert pull2.metadata == {"bookmark": "bm", "db": "neo4j"}
    assert list(sink) == [(1, "x"), (2, "y"), (3, None)]
    assert conn.state is S.READY


def test_record_factory_set_from_run_success() -> None:
    conn = make((5, 0))
    pull: Response

    def on_run(metadata: dict[str, t.Any]) -> None:
        keys = tuple(metadata["fields"])
        pull.record_factory = lambda values: dict(
            zip(keys, values, strict=True)
        )

    conn.run("X", on_success=on_run)
    pull = conn.pull()
    data = success({"fields": ["n"]}) + record(1) + record(2) + success()
    assert conn.feed(data) == 2
    assert pull.records == [{"n": 1}, {"n": 2}]


def test_default_pull_sink_is_list_of_value_lists() -> None:
    conn = make((5, 0))
    conn.run("X")
    pull = conn.pull()
    conn.feed(success({"fields": ["n"]}) + record([1, 2]) + success())
    assert pull.records == [[[1, 2]]]


def test_hydration_hooks_per_response() -> None:
    conn = make((5, 0))
    conn.run("X", hydration_hooks={0x58: lambda *f: ("run-hook", *f)})
    pull_a = conn.pull(hydration_hooks={0x58: lambda *f: ("a", *f)})
    pull_b = conn.pull()
    data = success({"fields": ["v"]})
    data += message(0x71, [Structure(b"X", 1)])
    data += success({"has_more": True})
    data += message(0x71, [Structure(b"X", 2)])
    data += success()
    conn.feed(data)
    assert pull_a.records == [[("a", 1)]]
    assert pull_b.records == [[Structure(b"X", 2)]]


@pytest.mark.parametrize("version", ALL)
def test_every_split_point_of_a_response_stream(
    version: tuple[int, int],
) -> None:
    stream = (
        success({"fields": ["n"], "qid": 0})
        + b"\x00\x00"
        + record(1)
        + record("x" * 70_000)
        + record([1, 2, 3])
        + success({"has_more": False})
    )
    expected = [[1], ["x" * 70_000], [[1, 2, 3]]]
    for split in (
        list(range(200))
        + list(range(200, len(stream) + 1, 4999))
        + list(range(len(stream) - 200, len(stream) + 1))
    ):
        conn = make(version)
        conn.run("X")
        pull = conn.pull()
        done = conn.feed(stream[:split])
        done += conn.feed(stream[split:])
        assert done == 2
        assert pull.records == expected, split
        assert conn.state is S.READY
        assert conn.pending_count == 0


def test_one_byte_feeds() -> None:
    conn = make((5, 8))
    conn.run("X")
    pull = conn.pull()
    stream = success({"fields": ["n"]}) + record(1) + record(2) + success()
    done = sum(conn.feed(stream[i : i + 1]) for i in range(len(stream)))
    assert done == 2
    assert pull.records == [[1], [2]]


def test_memoryview_feeds() -> None:
    conn = make((5, 8))
    conn.run("X")
    pull = conn.pull()
    buf = bytearray(success({"fields": ["n"]}) + record(1) + success())
    conn.feed(memoryview(buf)[:5])
    conn.feed(memoryview(buf)[5:])
    assert pull.records == [[1]]


# -- transactions -------------------------------------------------------------


def test_transaction_states_with_two_open_results() -> None:
    conn = make((5, 0))
    conn.begin()
    conn.feed(success())
    assert conn.state is S.TX_READY
    assert conn.in_transaction
    conn.run("A")
    conn.run("B")
    conn.feed(success({"qid": 0}) + success({"qid": 1}))
    assert conn.state is S.TX_STREAMING
    conn.pull(qid=0)
    conn.feed(success())
    assert conn.state is S.TX_STREAMING
    conn.discard(qid=1)
    conn.feed(success())
    assert conn.state is S.TX_READY
    conn.commit()
    assert not conn.in_transaction
    commit = conn.take_outgoing()
    assert commit[-6:] == bytes.fromhex("0002B0120000")
    conn.feed(success({"bookmark": "bm:1"}))
    assert conn.state is S.READY


@pytest.mark.parametrize("version", [(4, 4), (5, 6)])
def test_failure_ignored_reset(version: tuple[int, int]) -> None:
    conn = make(version)
    failures: list[Neo4jError] = []
    summaries: list[str] = []
    begin = conn.begin(on_summary=lambda: summaries.append("begin"))
    run = conn.run(
        "X",
        on_failure=failures.append,
        on_summary=lambda: summaries.append("run"),
    )
    ignored_meta: list[dict[str, t.Any]] = []
    pull = conn.pull(
        on_ignored=ignored_meta.append,
        on_summary=lambda: summaries.append("pull"),
    )
    conn.take_outgoing()
    assert conn.pending_count == 3
    assert conn.feed(success() + failure(dict(SYNTAX)) + ignored()) == 3
    assert begin.done and begin.error is None
    assert run.done
    assert isinstance(run.error, CypherSyntaxError)
    assert failures == [run.error]
    assert run.error.code == "Neo.ClientError.Statement.SyntaxError"
    assert run.error.message == "Invalid input"
    assert pull.done and pull.ignored and pull.error is None
    assert ignored_meta == [{}]
    assert summaries == ["begin", "run", "pull"]
    assert conn.state is S.FAILED
    assert conn.needs_reset
    assert not conn.is_reset
    assert conn.last_failure is run.error

    reset = conn.reset()
    assert conn.state is S.INTERRUPTED
    assert not conn.needs_reset
    assert conn.is_reset
    assert not conn.in_transaction
    assert conn.take_outgoing() == bytes.fromhex("0002B00F0000")
    conn.feed(success())
    assert reset.done
    assert conn.state is S.READY
    assert conn.last_failure is None
    assert conn.is_reset


def test_reset_while_streaming_ignores_and_stays_interrupted() -> None:
    conn = make((5, 0))
    conn.run("X")
    pull = conn.pull(n=1)
    conn.reset()
    conn.run("Y")  # queued after RESET
    conn.take_outgoing()
    conn.feed(success({"fields": []}))
    assert conn.state is S.INTERRUPTED
    conn.feed(record(1) + success({"has_more": True}))
    assert pull.done
    assert conn.state is S.INTERRUPTED
    conn.feed(success())
    assert conn.state is S.READY
    conn.feed(success({"fields": []}))
    assert conn.state is S.STREAMING


def test_failure_while_interrupted_does_not_fail_state() -> None:
    conn = make((5, 0))
    run = conn.run("X")
    conn.reset()
    conn.feed(failure(dict(SYNTAX)))
    assert run.error is not None
    assert conn.state is S.INTERRUPTED
    conn.feed(success())
    assert conn.state is S.READY


@pytest.mark.parametrize("answer", ["failure", "ignored"])
def test_reset_not_succeeding_is_defunct(
    answer: str, caplog: pytest.LogCaptureFixture
) -> None:
    conn = make((5, 0))
    reset = conn.reset()
    data = failure(dict(SYNTAX)) if answer == "failure" else ignored()
    with caplog.at_level(logging.WARNING, logger="neo4j.io"):
        conn.feed(data)
    assert reset.done
    assert conn.defunct
    assert conn.state is S.DEFUNCT
    assert caplog.records[0].getMessage() == (
        f"[#0ABC]  _: <CONNECTION> RESET received {answer.upper()} "
        "(unexpected response) => dropping connection"
    )


def test_goodbye_makes_defunct() -> None:
    conn = make((5, 0))
    conn.goodbye()
    assert conn.defunct
    assert conn.pending_count == 0
    assert conn.take_outgoing() == bytes.fromhex("0002B0020000")


def test_logoff_logon_states() -> None:
    conn = make((5, 1))
    conn.logoff()
    logon = conn.logon({"scheme": "none"})
    conn.feed(success())
    assert conn.state is S.AUTHENTICATION
    conn.feed(success())
    assert logon.done
    assert conn.state is S.READY


def test_logon_failure_defunct() -> None:
    conn = make((5, 1))
    conn.logoff()
    logon = conn.logon({"scheme": "none"})
    conn.feed(success() + failure(dict(SYNTAX)))
    assert logon.error is not None
    assert conn.defunct


def test_route_response() -> None:
    conn = make((5, 0))
    route = conn.route("neo4j")
    rt = {"ttl": 300, "db": "neo4j", "servers": []}
    conn.feed(success({"rt": rt}))
    assert route.metadata == {"rt": rt}
    assert conn.state is S.READY


# -- GQL ----------------------------------------------------------------------


def test_gql_error_with_cause_chain() -> None:
    conn = make((5, 7))
    run = conn.run("X")
    conn.feed(
        failure(
            {
                "gql_status": "01N00",
                "description": "outer description",
                "message": "outer message",
                "neo4j_code": "Neo.TransientError.General.Foo",
                "diagnostic_record": {"_classification": "TRANSIENT_ERROR"},
                "cause": {
                    "gql_status": "02N00",
                    "description": "inner description",
                    "message": "inner message",
                    "cause": {
                        "gql_status": "03N00",
                        "description": "innermost",
                        "message": "innermost message",
                        "diagnostic_record": {"OPERATION": "x"},
                    },
                },
            }
        )
    )
    error = run.error
    assert isinstance(error, TransientError)
    assert error.code == "Neo.TransientError.General.Foo"
    assert error.gql_status == "01N00"
    assert error.message == "outer message"
    assert error.diagnostic_record == {
        "_classification": "TRANSIENT_ERROR",
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }
    cause = error.__cause__
    assert isinstance(cause, GqlError)
    assert cause.gql_status == "02N00"
    assert cause.message == "inner message"
    assert cause.diagnostic_record == {
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }
    inner = cause.__cause__
    assert isinstance(inner, GqlError)
    assert inner.gql_status == "03N00"
    assert inner.diagnostic_record == {
        "OPERATION": "x",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }
    assert inner.__cause__ is None


def test_pre_gql_failure_on_5_6_uses_code() -> None:
    conn = make((5, 6))
    run = conn.run("X")
    conn.feed(failure(dict(SYNTAX)))
    assert isinstance(run.error, CypherSyntaxError)
    assert run.error.gql_status == "50N42"


def test_invalid_error_diagnostic_record_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    conn = make((5, 7))
    run = conn.run("X")
    with caplog.at_level(logging.INFO, logger="neo4j.io"):
        conn.feed(
            failure(
                {
                    "gql_status": "01N00",
                    "description": "d",
                    "message": "m",
                    "neo4j_code": "Neo.ClientError.General.Foo",
                    "diagnostic_record": 1,
                }
            )
        )
    assert isinstance(run.error, ClientError)
    assert any(
        "invalid error diagnostic record (1)" in r.getMessage()
        for r in caplog.records
    )


def test_invalid_status_diagnostic_record_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    conn = make((5, 6))
    conn.run("X")
    pull = conn.pull()
    status = {"gql_status": "00000", "diagnostic_record": "oops"}
    conn.feed(success({"fields": []}))
    with caplog.at_level(logging.INFO, logger="neo4j.io"):
        conn.feed(success({"statuses": [status]}))
    assert pull.metadata["statuses"][0]["diagnostic_record"] == "oops"
    expected = (
        "[#0ABC]  _: <CONNECTION> a status came with a diagnostic record "
        "that is not a map, left as is: 'oops'"
    )
    assert [r.getMessage() for r in caplog.records] == [expected]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ((5, 4), {"gql_status": "00000", "status_description": "d"}),
        (
            (5, 5),
            {
                "gql_status": "00000",
                "status_description": "d",
                "description": "d",
                "diagnostic_record": {
                    "OPERATION": "",
                    "OPERATION_CODE": "0",
                    "CURRENT_SCHEMA": "/",
                },
            },
        ),
        (
            (5, 6),
            {
                "gql_status": "00000",
                "status_description": "d",
                "diagnostic_record": {
                    "OPERATION": "",
                    "OPERATION_CODE": "0",
                    "CURRENT_SCHEMA": "/",
                },
            },
        ),
    ],
)
def test_status_enrichment(
    version: tuple[int, int], expected: dict[str, t.Any]
) -> None:
    conn = make(version)
    conn.run("X")
    pull = conn.pull()
    conn.feed(
        success({"fields": []})
        + success(
            {"statuses": [{"gql_status": "00000", "status_description": "d"}]}
        )
    )
    assert pull.metadata == {"statuses": [expected]}


def test_status_with_partial_diagnostic_record() -> None:
    conn = make((6, 0))
    discard = conn.discard()
    conn.feed(
        success({"statuses": [{"diagnostic_record": {"OPERATION": "op"}}, 1]})
    )
    assert discard.metadata == {
        "statuses": [
            {
                "diagnostic_record": {
                    "OPERATION": "op",
                    "OPERATION_CODE": "0",
                    "CURRENT_SCHEMA": "/",
                }
            },
            1,
        ]
    }


# -- protocol violations ------------------------------------------------------


def test_record_without_pull() -> None:
    conn = make((5, 0))
    conn.run("X")
    with pytest.raises(BoltProtocolError, match="RECORD without a pending"):
        conn.feed(record(1))
    assert conn.defunct
    assert conn.state is S.DEFUNCT


def test_record_with_nothing_pending() -> None:
    conn = make((5, 0))
    with pytest.raises(BoltProtocolError, match="RECORD without a pending"):
        conn.feed(record(1))


def test_success_with_nothing_pending() -> None:
    conn = make((5, 0))
    with pytest.raises(BoltProtocolError, match="no request pending"):
        conn.feed(success())
    assert conn.defunct


def test_unexpected_tag() -> None:
    conn = make((5, 0))
    conn.run("X")
    with pytest.raises(BoltProtocolError) as exc_info:
        conn.feed(message(0x42, {}))
    assert str(exc_info.value) == (
        "Unexpected response message with signature 42"
    )
    assert conn.defunct


def test_decode_error() -> None:
    conn = make((5, 0), address=("db", 7687))
    conn.run("X")
    with pytest.raises(BoltProtocolError, match="Failed to decode") as info:
        conn.feed(b"\x00\x02\xb1\x70\x00\x00")  # SUCCESS missing its field
    assert info.value.address == ("db", 7687)
    assert conn.defunct


def test_decode_error_is_also_a_value_error() -> None:
    # the official driver surfaces its decoder's ValueError
    conn = make((5, 0))
    conn.run("X")
    with pytest.raises(
        ValueError, match="Unknown PackStream marker C7"
    ) as info:
        conn.feed(b"\x00\x04\xb1\x71\x91\xc7\x00\x00")
    assert isinstance(info.value, BoltProtocolError)
    assert isinstance(info.value, DecodeError)
    assert conn.defunct


def test_summary_metadata_not_a_map() -> None:
    conn = make((5, 0))
    conn.run("X")
    with pytest.raises(BoltProtocolError, match="must be a map"):
        conn.feed(message(0x70, [1]))


def test_callback_exception_makes_defunct() -> None:
    conn = make((5, 0))

    def boom(metadata: dict[str, t.Any]) -> None:
        raise RuntimeError("boom")

    conn.run("X", on_success=boom)
    with pytest.raises(RuntimeError, match="boom"):
        conn.feed(success())
    assert conn.defunct


# -- logging ------------------------------------------------------------------


def test_debug_log_lines_and_redaction(
    caplog: pytest.LogCaptureFixture,
) -> None:
    auth = {"scheme": "basic", "principal": "neo4j", "credentials": "s3cr3t"}
    with caplog.at_level(logging.DEBUG, logger="neo4j.io"):
        conn = PROTOCOL_CLASSES[(5, 0)](
            user_agent="ua", auth=auth, local_port=0x1F
        )
        conn.hello()
        conn.feed(success({"server": "Neo4j/5.0.0"}))
        conn.run("RETURN $x", {"x": 1}, db="neo4j")
        conn.pull(n=5)
        conn.feed(success({"fields": ["x"]}) + record(1) + success())
        conn51 = PROTOCOL_CLASSES[(5, 1)](auth=auth, local_port=0x20)
        conn51.hello()
        conn51.reauth(
            {"scheme": "bearer", "credentials": "tok3n"},
        )
    lines = [r.getMessage() for r in caplog.records]
    assert "s3cr3t" not in "\n".join(lines)
    assert "tok3n" not in "\n".join(lines)
    assert lines[:9] == [
        (
            "[#001F]  C: HELLO {'user_agent': 'ua', 'scheme': 'basic', "
            "'principal': 'neo4j', 'credentials': '*******'}"
        ),
        "[#001F]  S: SUCCESS {'server': 'Neo4j/5.0.0'}",
        "[#001F]  _: <CONNECTION> server state: CONNECTED > READY",
        "[#001F]  C: RUN 'RETURN $x' {'x': 1} {'db': 'neo4j'}",
        "[#001F]  C: PULL {'n': 5}",
        "[#001F]  S: SUCCESS {'fields': ['x']}",
        "[#001F]  _: <CONNECTION> server state: READY > STREAMING",
        "[#001F]  S: RECORD * 1",
        "[#001F]  S: SUCCESS {}",
    ]
    assert (
        "[#0020]  C: LOGON {'scheme': 'basic', 'principal': 'neo4j', "
        "'credentials': '*******'}" in lines
    )
    assert "[#0020]  C: LOGOFF" in lines
    assert (
        "[#0020]  C: LOGON {'scheme': 'bearer', "
        "'credentials': '*******'}" in lines
    )


def test_response_repr() -> None:
    conn = make((5, 0))
    run = conn.run("X")
    assert repr(run) == "<Response run pending>"
    conn.feed(failure(dict(SYNTAX)))
    assert repr(run) == "<Response run failed>"


def test_logon_failure_with_pipelined_ignored_in_same_read() -> None:
    # LOGOFF, LOGON, RUN, PULL pipelined; the server answers SUCCESS,
    # FAILURE, IGNORED, IGNORED and all four arrive in one read: the auth
    # error must win, and the trailing IGNOREDs must not be mistaken for
    # a protocol violation.
    conn = make((5, 4))
    conn.logoff()
    logon = conn.logon(
        {"scheme": "basic", "principal": "u", "credentials": "wrong"}
    )
    run = conn.run("RETURN 1")
    pull = conn.pull()
    conn.take_outgoing()
    completed = conn.feed(
        success()
        + failure(
            {
                "code": "Neo.ClientError.Security.Unauthorized",
                "message": "bad credentials",
            }
        )
        + ignored()
        + ignored()
    )
    assert completed >= 2
    assert isinstance(logon.error, AuthError)
    assert conn.defunct
    assert run.done and pull.done
    assert conn.feed(ignored()) == 0  # later bytes are dropped
