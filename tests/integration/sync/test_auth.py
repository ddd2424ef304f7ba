# This file is generated from tests/integration/async_/test_auth.py by bin/make-unasync; do not edit.
# make-unasync digest: 3a5a3b24eb47a0fc22126014ec31f35626e3b947bb947fe629851bdd13d89186
"""Authentication against a real server (ArcadeDB, user ``root``).

Wrong credentials give ``Neo.ClientError.Security.Unauthorized``, which
the driver maps to :class:`neo4j.exceptions.AuthError`. ArcadeDB speaks
Bolt 5.4, so session auth (LOGOFF/LOGON re-auth) is available.

ArcadeDB locks a user name out for 30 s after 5 failed logins in a row
(even the right password is refused meanwhile; a successful login
resets the count). So these tests run on a server of their own, never
fail more than 4 times in a row as ``root``, log in successfully after
each test, and use an unknown user where failures pile up.
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError
from neo4j.warnings import PreviewWarning
from tests.integration.sync._util import DB, run_concurrently
from tests.servers import ArcadeDBServer


WRONG = ("root", "definitely-not-the-password")
STRANGER = ("stranger", "not-a-user-here")


@pytest.fixture(scope="module")
def auth_server() -> t.Iterator[ArcadeDBServer]:
    """A server of this module's own (see the lockout note above)."""
    with ArcadeDBServer() as server:
        yield server


@pytest.fixture
def bolt_uri(auth_server: ArcadeDBServer) -> str:
    return auth_server.uri


@pytest.fixture
def auth(auth_server: ArcadeDBServer) -> tuple[str, str]:
    return auth_server.auth


@pytest.fixture(autouse=True)
def reset_failed_logins(auth_server: ArcadeDBServer) -> t.Iterator[None]:
    yield
    # a successful login (driver-independent probe) resets the count
    auth_server.probe(database=DB)


def answer(driver: Driver, **session_config: object) -> int:
    with driver.session(database=DB, **session_config) as session:
        result = session.run("RETURN 42 AS x")
        record = result.single(strict=True)
        return int(record["x"])


def test_wrong_password_raises_auth_error(bolt_uri: str) -> None:
    with GraphDatabase.driver(bolt_uri, auth=WRONG) as driver:
        with pytest.raises(AuthError) as info:
            answer(driver)
        error = info.value
        assert isinstance(error, ClientError)
        assert error.code == "Neo.ClientError.Security.Unauthorized"
        assert not error.is_retryable()
        # a second attempt fails the same way (no broken pool state)
        with pytest.raises(AuthError):
            answer(driver)
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_unknown_user_raises_auth_error(bolt_uri: str) -> None:
    with GraphDatabase.driver(bolt_uri, auth=STRANGER) as driver:
        with pytest.raises(AuthError) as info:
            answer(driver)
    assert info.value.code == "Neo.ClientError.Security.Unauthorized"


def test_wrong_password_then_correct_auth_on_same_driver(
    bolt_uri: str, auth: tuple[str, str]
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=WRONG) as driver:
        with pytest.raises(AuthError):
            answer(driver)
        assert answer(driver, auth=auth) == 42
        assert driver.verify_authentication(auth=auth) is True
        assert driver.verify_authentication() is False
        with pytest.raises(AuthError):
            answer(driver)


def test_correct_auth_driver_still_works_after_other_failures(
    bolt_uri: str, auth: tuple[str, str], driver: Driver
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=WRONG) as bad:
        with pytest.raises(AuthError):
            answer(bad)
    assert answer(driver) == 42


def test_auth_objects(bolt_uri: str, auth: tuple[str, str]) -> None:
    user, password = auth
    for token in (
        neo4j.basic_auth(user, password),
        neo4j.Auth("basic", user, password),
    ):
        with GraphDatabase.driver(bolt_uri, auth=token) as drv:
            assert answer(drv) == 42


def test_verify_authentication(driver: Driver, auth: tuple[str, str]) -> None:
    assert driver.verify_authentication() is True
    assert driver.verify_authentication(auth=auth) is True
    assert driver.verify_authentication(auth=WRONG) is False
    assert (
        driver.verify_authentication(
            auth=neo4j.basic_auth("root", "another-wrong-one")
        )
        is False
    )
    # the pool is fine afterwards
    assert answer(driver) == 42
    assert driver.verify_authentication() is True


def test_verify_connectivity(driver: Driver) -> None:
    driver.verify_connectivity()
    with pytest.warns(PreviewWarning):
        driver.verify_connectivity(database=DB)


def test_session_auth_switching(driver: Driver, auth: tuple[str, str]) -> None:
    assert driver.supports_session_auth() is True
    # the same pooled connections are re-authenticated each time
    for _ in range(3):
        with pytest.raises(AuthError):
            answer(driver, auth=WRONG)
        assert answer(driver, auth=auth) == 42
        assert answer(driver) == 42


def test_session_auth_with_small_pool(
    bolt_uri: str, auth: tuple[str, str]
) -> None:
    # One connection: every switch must happen on it (LOGOFF/LOGON).
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        assert answer(driver) == 42
        with pytest.raises(AuthError):
            answer(driver, auth=WRONG)
        assert answer(driver, auth=neo4j.basic_auth(*auth)) == 42
        assert driver.verify_authentication() is True
        assert answer(driver) == 42
        # (not here: verify_authentication(auth=WRONG) with a pool of one
        # connection; the official 6.4.1 driver then never gets its
        # connection back and times out on the next acquisition)


def test_session_auth_concurrently(
    bolt_uri: str, auth: tuple[str, str]
) -> None:
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=3
    ) as driver:

        def good() -> str:
            return str(answer(driver, auth=auth))

        def bad() -> str:
            try:
                answer(driver, auth=STRANGER)
            except AuthError:
                return "auth-error"
            return "unexpected success"

        results = run_concurrently([good, bad] * 6)
        assert results == ["42", "auth-error"] * 6


def test_execute_query_with_auth(bolt_uri: str, auth: tuple[str, str]) -> None:
    with GraphDatabase.driver(bolt_uri, auth=WRONG) as driver:
        records, _, _ = driver.execute_query(
            "RETURN 1 AS x", database_=DB, auth_=auth
        )
        assert records[0]["x"] == 1
        with pytest.raises(AuthError):
            driver.execute_query("RETURN 1 AS x", database_=DB)
