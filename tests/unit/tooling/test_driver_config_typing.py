"""The configuration keywords of ``driver()`` and ``session()`` are typed:
mypy, run on a user's code, reports misspelled options and values of the
wrong type, and accepts correct calls.

``PASSING`` must type-check cleanly; in ``FAILING`` every option marked
``# error: <fragment>`` must be reported (mypy reports a misspelled
keyword on the line of the call, hence fragments rather than lines) and
nothing else.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


pytestmark = pytest.mark.tooling

REPO = Path(__file__).resolve().parents[3]

PASSING = textwrap.dedent(
    """
    from __future__ import annotations

    import ssl

    import neo4j
    from neo4j.auth_management import AsyncAuthManagers, AuthManagers


    def sync_calls_that_pass(ctx: ssl.SSLContext) -> None:
        driver = neo4j.GraphDatabase.driver(
            "neo4j://localhost",
            auth=("neo4j", "pw"),
            max_connection_pool_size=10,
            connection_timeout=None,
            liveness_check_timeout=0.5,
            trusted_certificates=neo4j.TrustCustomCAs("ca.pem"),
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            notifications_disabled_classifications=["HINT"],
            warn_notification_severity="WARNING",
            user_agent="app/1.0",
            database="neo4j",
            fetch_size=-1,
            bookmark_manager=neo4j.GraphDatabase.bookmark_manager(),
        )
        neo4j.GraphDatabase.driver(
            "bolt://localhost",
            auth=AuthManagers.static(neo4j.basic_auth("u", "p")),
            ssl_context=ctx,
            encrypted=True,
        )
        driver.session(
            database="neo4j",
            fetch_size=10,
            bookmarks=neo4j.Bookmarks(),
            default_access_mode=neo4j.READ_ACCESS,
            impersonated_user=None,
            auth=neo4j.basic_auth("u", "p"),
        )


    async def async_calls_that_pass() -> None:
        async def resolve(address: neo4j.Address) -> list[neo4j.Address]:
            return [address]

        driver = neo4j.AsyncGraphDatabase.driver(
            "neo4j://localhost",
            auth=AsyncAuthManagers.static(("u", "p")),
            resolver=resolve,
            max_transaction_retry_time=5,
        )
        driver.session(
            bookmark_manager=neo4j.AsyncGraphDatabase.bookmark_manager(),
            connection_acquisition_timeout=2.5,
        )
    """
)

FAILING = textwrap.dedent(
    """
    from __future__ import annotations

    import neo4j


    def sync_calls_that_fail() -> None:
        driver = neo4j.GraphDatabase.driver(
            "neo4j://localhost",
            max_conection_pool_size=10,  # error: max_conection_pool_size
            connection_timeout="30",  # error: "connection_timeout"
            trusted_certificates=None,  # error: "trusted_certificates"
        )
        async_manager = neo4j.AsyncGraphDatabase.bookmark_manager()
        driver.session(
            fetch_sise=10,  # error: fetch_sise
            database=1,  # error: "database"
            bookmark_manager=async_manager,  # error: "bookmark_manager"
        )


    async def async_calls_that_fail() -> None:
        driver = neo4j.AsyncGraphDatabase.driver(
            "neo4j://localhost",
            encrypted="yes",  # error: "encrypted"
            databse="neo4j",  # error: databse
        )
        driver.session(
            default_access_mod="READ",  # error: default_access_mod
            fetch_size="all",  # error: "fetch_size"
        )
    """
)

_EXPECTED = re.compile(r"#\s*error:\s*(.+)$", re.MULTILINE)
_REPORTED = re.compile(r"^(\w+)\.py:\d+: error: (.*)$", re.MULTILINE)


def _run_mypy(tmp_path: Path) -> str:
    (tmp_path / "passing.py").write_text(PASSING)
    (tmp_path / "failing.py").write_text(FAILING)
    env = dict(os.environ, MYPYPATH=str(REPO / "src"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-version",
            "3.10",
            "--hide-error-context",
            "--no-pretty",
            "passing.py",
            "failing.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout + done.stderr


def test_mypy_checks_driver_and_session_keywords(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    output = _run_mypy(tmp_path)
    errors = [m.groups() for m in _REPORTED.finditer(output)]
    assert errors, output
    assert all(name == "failing" for name, _ in errors), output
    expected = [m[1].strip() for m in _EXPECTED.finditer(FAILING)]
    assert len(errors) == len(expected), output
    messages = [message for _, message in errors]
    for fragment in expected:
        assert any(fragment in message for message in messages), (
            f"{fragment} not reported:\n{output}"
        )
