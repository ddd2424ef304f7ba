# This file is generated from tests/unit/async_/test_session_run_retries.py by bin/make-unasync; do not edit.
# make-unasync digest: 47e60d4ee0e83c7169f4e3070536efc12dd289f28d1e457f1383fc33095189b0
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Auto-commit ``session.run``: retried once when the server marks the
failure idempotent, and ``disable_auto_commit_retries``."""

from __future__ import annotations

import logging
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import (
    ConfigurationError,
    TransientError,
)

from .fake_bolt import (
    FAILURE,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- B3: session.run retries a RUN the server marks idempotent ----------


def _run_failing(
    times: int, idempotent: t.Any
) -> tuple[list[int], t.Callable[..., list[Reply]]]:
    count = [0]

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not conn.failed and count[0] < times:
            count[0] += 1
            conn.failed = True
            record: dict[str, t.Any] = {
                "OPERATION": "",
                "OPERATION_CODE": "0",
                "CURRENT_SCHEMA": "/",
            }
            if idempotent is not None:
                record["_idempotent"] = idempotent
            return [
                (
                    FAILURE,
                    {
                        "neo4j_code": "Neo.TransientError.General.Boom",
                        "message": "boom",
                        "gql_status": "50N42",
                        "description": "error: general processing exception",
                        "diagnostic_record": record,
                    },
                )
            ]
        return default_handler(conn, name, fields)

    return count, handler


def test_run_retried_once_when_idempotent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    count, handler = _run_failing(1, True)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with caplog.at_level(logging.WARNING, logger="neo4j"):
                    result = session.run("3")
                assert [r["x"] for r in result] == [0, 1, 2]
    assert count[0] == 1
    assert "Auto-commit transaction failed and will be retried" in caplog.text
    # retry logs go to the session logger, as in the official driver
    assert {r.name for r in caplog.records} == {"neo4j.session"}
    runs = [name for name in server.requests()[0] if name == "RUN"]
    assert len(runs) == 2


def test_run_retried_at_most_once() -> None:
    count, handler = _run_failing(2, True)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 2


@pytest.mark.parametrize("idempotent", [None, False, "true"])
def test_run_not_retried_unless_idempotent(idempotent: t.Any) -> None:
    count, handler = _run_failing(1, idempotent)
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 1


@pytest.mark.parametrize("level", ["driver", "session"])
def test_run_retries_can_be_disabled(level: str) -> None:
    count, handler = _run_failing(1, True)
    driver_config: dict[str, t.Any] = {}
    session_config: dict[str, t.Any] = {}
    if level == "driver":
        driver_config["disable_auto_commit_retries"] = True
        session_config["disable_auto_commit_retries"] = None
    else:
        session_config["disable_auto_commit_retries"] = True
    with FakeBoltServer(handler, version=(5, 7)) as server:
        with driver_for(server, **driver_config) as driver:
            with driver.session(**session_config) as session:
                with pytest.raises(TransientError, match="boom"):
                    session.run("3")
    assert count[0] == 1


def test_disable_auto_commit_retries_is_a_known_key() -> None:
    driver = GraphDatabase.driver(
        "bolt://localhost:7687", disable_auto_commit_retries=True
    )
    try:
        session = driver.session()
        assert session._config.disable_auto_commit_retries is True
        session.close()
        with pytest.raises(ConfigurationError):
            driver.session(no_such_option=True)
    finally:
        driver.close()
