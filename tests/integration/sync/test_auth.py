# This file is generated from tests/integration/async_/test_auth.py by bin/make-unasync; do not edit.
# make-unasync digest: b0d4e009a90400524139d911f8b8b2e2607a772497c83eb6ca38dfe938a0b4d9
"""Authentication against a real server (ArcadeDB and Neo4j).

Wrong credentials give ``Neo.ClientError.Security.Unauthorized``, which
the driver maps to :class:`neo4j.exceptions.AuthError`. Both servers
speak Bolt 5.1 or newer, so session auth (LOGOFF/LOGON re-auth) is
available.

ArcadeDB locks a user name out for 30 s after 5 failed logins in a row
(even the right password is refused meanwhile; a successful login
resets the count). So on ArcadeDB these tests run on a server of their
own, never fail more than 4 times in a row as ``root``, log in
successfully after each test, and use an unknown user where failures
pile up.  The Neo4j test server has the lockout turned off
(``dbms.security.auth_max_failed_attempts=0``), so they use the shared
one.
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError
from neo4j.warnings import PreviewWarning
from tests.integration.sync._util import run_concurrently
from tests.servers import ArcadeDBServer


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


STRANGER = ("stranger", "not-a-user-here")


@pytest.fixture(scope="module")
def private_arcadedb(server: Target) -> t.Iterator[ArcadeDBServer | None]:
    """On ArcadeDB a server of this module's own (see the note above)."""
    if server.is_neo4j:
        yield None
        return
    with ArcadeDBServer() as private:
        yield private


@pytest.fixture
def bolt_uri(server: Target, private_arcadedb: ArcadeDBServer | None) -> str:
    return private_arcadedb.uri if private_arcadedb else server.uri


@pytest.fixture
def auth(
    server: Target, private_arcadedb: ArcadeDBServer | None
) -> tuple[str, str]:
    return private_arcadedb.auth if private_arcadedb else server.auth


@pytest.fixture
def wrong(auth: tuple[str, str]) -> tuple[str, str]:
    """The administrator's user name with a wrong password."""
    return auth[0], "definitely-not-the-password"


@pytest.fixture(autouse=True)
def reset_failed_logins(
    private_arcadedb: ArcadeDBServer | None, db: str
) -> t.Iterator[None]:
    yield
    if private_arcadedb is not None:
        # a successful login (driver-independent probe) resets the count
        private_arcadedb.probe(database=db)


def answer(driver: Driver, db: str, **session_config: object) -> int:
    with driver.session(database=db, **session_config) as session:
        result = session.run("RETURN 42 AS x")
        record = result.single(strict=True)
        return int(record["x"])


def test_wrong_password_raises_auth_error(
    bolt_uri: str, db: str, wrong: tuple[str, str]
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=wrong) as driver:
        with pytest.raises(AuthError) as info:
            answer(driver, db)
        error = info.value
        assert isinstance(error, ClientError)
        assert error.code == "Neo.ClientError.Security.Unauthorized"
        assert not error.is_retryable()
        # a second attempt fails the same way (no broken pool state)
        with pytest.raises(AuthError):
            answer(driver, db)
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_unknown_user_raises_auth_error(bolt_uri: str, db: str) -> None:
    with GraphDatabase.driver(bolt_uri, auth=STRANGER) as driver:
        with pytest.raises(AuthError) as info:
            answer(driver, db)
    assert info.value.code == "Neo.ClientError.Security.Unauthorized"


def test_wrong_password_then_correct_auth_on_same_driver(
    bolt_uri: str, auth: tuple[str, str], db: str, wrong: tuple[str, str]
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=wrong) as driver:
        with pytest.raises(AuthError):
            answer(driver, db)
        assert answer(driver, db, auth=auth) == 42
        assert driver.verify_authentication(auth=auth) is True
        assert driver.verify_authentication() is False
        with pytest.raises(AuthError):
            answer(driver, db)


def test_correct_auth_driver_still_works_after_other_failures(
    bolt_uri: str,
    auth: tuple[str, str],
    driver: Driver,
    db: str,
    wrong: tuple[str, str],
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=wrong) as bad:
        with pytest.raises(AuthError):
            answer(bad, db)
    assert answer(driver, db) == 42


def test_auth_objects(bolt_uri: str, auth: tuple[str, str], db: str) -> None:
    user, password = auth
    for token in (
        neo4j.basic_auth(user, password),
        neo4j.Auth("basic", user, password),
    ):
        with GraphDatabase.driver(bolt_uri, auth=token) as drv:
            assert answer(drv, db) == 42


def test_verify_authentication(
    driver: Driver, auth: tuple[str, str], db: str, wrong: tuple[str, str]
) -> None:
    assert driver.verify_authentication() is True
    assert driver.verify_authentication(auth=auth) is True
    assert driver.verify_authentication(auth=wrong) is False
    assert (
        driver.verify_authentication(
            auth=neo4j.basic_auth(auth[0], "another-wrong-one")
        )
        is False
    )
    # the pool is fine afterwards
    assert answer(driver, db) == 42
    assert driver.verify_authentication() is True


def test_verify_connectivity(driver: Driver, db: str) -> None:
    driver.verify_connectivity()
    with pytest.warns(PreviewWarning):
        driver.verify_connectivity(database=db)


def test_session_auth_switching(
    driver: Driver, auth: tuple[str, str], db: str, wrong: tuple[str, str]
) -> None:
    assert driver.supports_session_auth() is True
    # the same pooled connections are re-authenticated each time
    for _ in range(3):
        with pytest.raises(AuthError):
            answer(driver, db, auth=wrong)
        assert answer(driver, db, auth=auth) == 42
        assert answer(driver, db) == 42


def test_session_auth_with_small_pool(
    bolt_uri: str, auth: tuple[str, str], db: str, wrong: tuple[str, str]
) -> None:
    # One connection: every switch must happen on it (LOGOFF/LOGON).
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=1
    ) as driver:
        assert answer(driver, db) == 42
        with pytest.raises(AuthError):
            answer(driver, db, auth=wrong)
        assert answer(driver, db, auth=neo4j.basic_auth(*auth)) == 42
        assert driver.verify_authentication() is True
        assert answer(driver, db) == 42
        # (not here: verify_authentication(auth=wrong) with a pool of one
        # connection; the official 6.4.1 driver then never gets its
        # connection back and times out on the next acquisition)


def test_session_auth_concurrently(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    with GraphDatabase.driver(
        bolt_uri, auth=auth, max_connection_pool_size=3
    ) as driver:

        def good() -> str:
            return str(answer(driver, db, auth=auth))

        def bad() -> str:
            try:
                answer(driver, db, auth=STRANGER)
            except AuthError:
                return "auth-error"
            return "unexpected success"

        results = run_concurrently([good, bad] * 6)
        assert results == ["42", "auth-error"] * 6


def test_execute_query_with_auth(
    bolt_uri: str, auth: tuple[str, str], db: str, wrong: tuple[str, str]
) -> None:
    with GraphDatabase.driver(bolt_uri, auth=wrong) as driver:
        records, _, _ = driver.execute_query(
            "RETURN 1 AS x", database_=db, auth_=auth
        )
        assert records[0]["x"] == 1
        with pytest.raises(AuthError):
            driver.execute_query("RETURN 1 AS x", database_=db)
