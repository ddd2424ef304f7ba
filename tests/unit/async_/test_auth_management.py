"""Auth managers and client certificate providers (async twin).

``tests/unit/sync/test_auth_management.py`` is generated from this file.
"""

from __future__ import annotations

import logging
import typing as t

import pytest

import neo4j
from neo4j import _auth_management
from neo4j._auth_management import (
    expiring_auth_has_expired,
    to_auth_dict,
)
from neo4j.auth_management import (
    AsyncAuthManager,
    AsyncAuthManagers,
    AsyncClientCertificateProvider,
    AsyncClientCertificateProviders,
    AsyncRotatingClientCertificateProvider,
    ClientCertificate,
    ExpiringAuth,
)
from neo4j.exceptions import (
    ConfigurationError,
    Neo4jError,
)


UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
TOKEN_EXPIRED = "Neo.ClientError.Security.TokenExpired"
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
SYNTAX = "Neo.ClientError.Statement.SyntaxError"

AUTH1 = ("user", "password1")
AUTH2 = ("user", "password2")


def error(code: str) -> Neo4jError:
    return Neo4jError._from_neo4j_failure(code=code, message="nope")


class FakeClock:
    """Replaces the ``time`` module seen by neo4j._auth_management."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(1000.0)
    monkeypatch.setattr(_auth_management, "time", fake)
    return fake


class Provider:
    """Counts calls and returns the queued values in turn."""

    def __init__(self, *values: t.Any) -> None:
        self.values = list(values)
        self.calls = 0

    async def __call__(self) -> t.Any:
        self.calls += 1
        return self.values.pop(0)


# -- static ----------------------------------------------------------------


@pytest.mark.parametrize("auth", [AUTH1, neo4j.basic_auth("a", "b"), None])
async def test_static_returns_auth(auth: t.Any) -> None:
    manager = AsyncAuthManagers.static(auth)
    assert isinstance(manager, AsyncAuthManager)
    assert await manager.get_auth() is auth
    assert await manager.get_auth() is auth


@pytest.mark.parametrize("code", [UNAUTHORIZED, TOKEN_EXPIRED, FORBIDDEN])
async def test_static_never_handles_errors(code: str) -> None:
    manager = AsyncAuthManagers.static(AUTH1)
    assert await manager.handle_security_exception(AUTH1, error(code)) is False
    assert await manager.get_auth() == AUTH1


# -- basic -----------------------------------------------------------------


async def test_basic_calls_provider_once() -> None:
    provider = Provider(AUTH1)
    manager = AsyncAuthManagers.basic(provider)
    assert provider.calls == 0
    assert await manager.get_auth() == AUTH1
    assert await manager.get_auth() == AUTH1
    assert provider.calls == 1


async def test_basic_refreshes_after_unauthorized() -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AsyncAuthManagers.basic(provider)
    assert await manager.get_auth() == AUTH1
    handled = await manager.handle_security_exception(
        AUTH1, error(UNAUTHORIZED)
    )
    assert handled is True
    assert provider.calls == 2
    assert await manager.get_auth() == AUTH2
    assert provider.calls == 2


@pytest.mark.parametrize("code", [TOKEN_EXPIRED, FORBIDDEN, SYNTAX])
async def test_basic_ignores_other_errors(code: str) -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AsyncAuthManagers.basic(provider)
    assert await manager.get_auth() == AUTH1
    assert await manager.handle_security_exception(AUTH1, error(code)) is (
        False
    )
    assert await manager.get_auth() == AUTH1
    assert provider.calls == 1


async def test_basic_does_not_refresh_for_stale_auth() -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AsyncAuthManagers.basic(provider)
    assert await manager.get_auth() == AUTH1
    # an old connection failing with auth that was already replaced
    handled = await manager.handle_security_exception(
        ("user", "ancient"), error(UNAUTHORIZED)
    )
    assert handled is True
    assert provider.calls == 1
    assert await manager.get_auth() == AUTH1


async def test_basic_accepts_plain_function_provider() -> None:
    calls = []

    def provider() -> tuple[str, str]:
        calls.append(1)
        return AUTH1

    manager = AsyncAuthManagers.basic(provider)  # type: ignore[arg-type]
    assert await manager.get_auth() == AUTH1
    assert len(calls) == 1


async def test_basic_never_expires_by_time(clock: FakeClock) -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AsyncAuthManagers.basic(provider)
    assert await manager.get_auth() == AUTH1
    clock.now += 10**9
    assert await manager.get_auth() == AUTH1
    assert provider.calls == 1


# -- bearer ----------------------------------------------------------------


async def test_bearer_refreshes_on_expiry(clock: FakeClock) -> None:
    token1 = neo4j.bearer_auth("token1")
    token2 = neo4j.bearer_auth("token2")
    provider = Provider(
        ExpiringAuth(token1, expires_at=1010.0),
        ExpiringAuth(token2, expires_at=1020.0),
    )
    manager = AsyncAuthManagers.bearer(provider)
    assert await manager.get_auth() is token1
    clock.now = 1010.0  # not yet expired: expiry is strictly after
    assert await manager.get_auth() is token1
    assert provider.calls == 1
    clock.now = 1010.5
    assert await manager.get_auth() is token2
    assert provider.calls == 2
    clock.now = 1015.0
    assert await manager.get_auth() is token2
    assert provider.calls == 2


async def test_bearer_without_expiry_lasts(clock: FakeClock) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AsyncAuthManagers.bearer(provider)
    assert await manager.get_auth() == AUTH1
    clock.now += 10**9
    assert await manager.get_auth() == AUTH1
    assert provider.calls == 1


@pytest.mark.parametrize("code", [TOKEN_EXPIRED, UNAUTHORIZED])
async def test_bearer_refreshes_on_error(code: str) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AsyncAuthManagers.bearer(provider)
    assert await manager.get_auth() == AUTH1
    assert await manager.handle_security_exception(AUTH1, error(code)) is True
    assert provider.calls == 2
    assert await manager.get_auth() == AUTH2


@pytest.mark.parametrize("code", [FORBIDDEN, SYNTAX])
async def test_bearer_ignores_other_errors(code: str) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AsyncAuthManagers.bearer(provider)
    assert await manager.get_auth() == AUTH1
    assert await manager.handle_security_exception(AUTH1, error(code)) is (
        False
    )
    assert provider.calls == 1


async def test_bearer_error_before_first_get_auth() -> None:
    provider = Provider(ExpiringAuth(AUTH1))
    manager = AsyncAuthManagers.bearer(provider)
    handled = await manager.handle_security_exception(
        AUTH1, error(TOKEN_EXPIRED)
    )
    assert handled is True
    assert provider.calls == 0


async def test_expired_auth_then_rejection_fetches_once_each(
    clock: FakeClock,
) -> None:
    provider = Provider(
        ExpiringAuth(AUTH1, expires_at=1001.0),
        ExpiringAuth(AUTH2),
        ExpiringAuth(("user", "password3")),
    )
    manager = AsyncAuthManagers.bearer(provider)
    assert await manager.get_auth() == AUTH1
    clock.now = 1002.0
    assert await manager.get_auth() == AUTH2
    # the server rejects the expired one late: AUTH2 stays
    assert await manager.handle_security_exception(AUTH1, error(TOKEN_EXPIRED))
    assert provider.calls == 2
    assert await manager.handle_security_exception(AUTH2, error(TOKEN_EXPIRED))
    assert provider.calls == 3
    assert await manager.get_auth() == ("user", "password3")


async def test_provider_returning_none_is_a_type_error() -> None:
    manager = AsyncAuthManagers.bearer(Provider(None))
    with pytest.raises(TypeError, match="returned None"):
        await manager.get_auth()


async def test_provider_failure_propagates_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Boom(Exception):
        pass

    async def provider() -> ExpiringAuth:
        raise Boom("no token")

    manager = AsyncAuthManagers.bearer(provider)
    caplog.set_level(logging.DEBUG, logger="neo4j.auth_management")
    with pytest.raises(Boom):
        await manager.get_auth()
    errors = [
        r.getMessage()
        for r in caplog.records
        if r.name == "neo4j.auth_management" and r.levelno == logging.ERROR
    ]
    assert len(errors) == 1
    assert "Boom('no token')" in errors[0]


# -- ExpiringAuth ------------------------------------------------------------


def test_expiring_auth_expires_in(clock: FakeClock) -> None:
    clock.now = 40.0
    auth = ExpiringAuth(AUTH1)
    relative = auth.expires_in(2)
    assert relative == ExpiringAuth(AUTH1, 42.0)
    assert relative.auth is auth.auth
    assert auth.expires_at is None
    assert repr(relative) == (
        "ExpiringAuth(auth=('user', 'password1'), expires_at=42.0)"
    )


def test_expiring_auth_has_expired(clock: FakeClock) -> None:
    clock.now = 100.0
    assert expiring_auth_has_expired(ExpiringAuth(AUTH1)) is False
    assert expiring_auth_has_expired(ExpiringAuth(AUTH1, 100.0)) is False
    assert expiring_auth_has_expired(ExpiringAuth(AUTH1, 99.9)) is True


def test_to_auth_dict() -> None:
    assert to_auth_dict(None) == {}
    assert to_auth_dict(AUTH1) == {
        "scheme": "basic",
        "principal": "user",
        "credentials": "password1",
    }
    assert to_auth_dict(("u", "p", "realm")) == {
        "scheme": "basic",
        "principal": "u",
        "credentials": "p",
        "realm": "realm",
    }
    assert to_auth_dict(neo4j.bearer_auth("tok")) == {
        "scheme": "bearer",
        "credentials": "tok",
    }
    with pytest.raises(ConfigurationError, match="Cannot determine auth"):
        to_auth_dict(("just-one",))
    with pytest.raises(ConfigurationError, match="Cannot determine auth"):
        to_auth_dict(42)
    with pytest.raises(ConfigurationError, match="Cannot determine auth"):
        to_auth_dict(("u", "p", "r", "extra"))


def test_to_auth_dict_of_plain_object_and_copies() -> None:
    class Custom:
        def __init__(self) -> None:
            self.scheme = "custom"
            self.ticket = "t"

    assert to_auth_dict(Custom()) == {"scheme": "custom", "ticket": "t"}
    token = neo4j.basic_auth("u", "p")
    as_dict = to_auth_dict(token)
    as_dict["extra"] = 1
    assert not hasattr(token, "extra")
    assert to_auth_dict(()) == {}


# -- abstract interfaces ------------------------------------------------------


@pytest.mark.parametrize(
    "cls",
    [
        AsyncAuthManager,
        AsyncClientCertificateProvider,
        AsyncRotatingClientCertificateProvider,
    ],
)
def test_interfaces_are_abstract(cls: type) -> None:
    with pytest.raises(TypeError):
        cls()


async def test_custom_auth_manager_subclass() -> None:
    class Mine(AsyncAuthManager):
        async def get_auth(self) -> t.Any:
            return AUTH2

        async def handle_security_exception(
            self, auth: t.Any, error: Neo4jError
        ) -> bool:
            return True

    manager = Mine()
    assert await manager.get_auth() == AUTH2
    assert await manager.handle_security_exception(AUTH2, error(SYNTAX))


# -- client certificates ------------------------------------------------------


def test_client_certificate_fields() -> None:
    cert = ClientCertificate("cert.pem")
    assert cert.certfile == "cert.pem"
    assert cert.keyfile is None
    assert cert.password is None
    assert cert == ClientCertificate("cert.pem", None, None)
    assert cert != ClientCertificate("cert.pem", "key.pem")


async def test_static_certificate_provider() -> None:
    cert = ClientCertificate("cert.pem", "key.pem", "secret")
    provider = AsyncClientCertificateProviders.static(cert)
    assert isinstance(provider, AsyncClientCertificateProvider)
    assert await provider.get_certificate() is cert
    # afterwards: "keep using what you have"
    assert await provider.get_certificate() is None
    assert await provider.get_certificate() is None


async def test_rotating_certificate_provider() -> None:
    first = ClientCertificate("first.pem")
    second = ClientCertificate("second.pem")
    third = ClientCertificate("third.pem")
    provider = AsyncClientCertificateProviders.rotating(first)
    assert isinstance(provider, AsyncRotatingClientCertificateProvider)
    assert await provider.get_certificate() is first
    assert await provider.get_certificate() is None
    await provider.update_certificate(second)
    await provider.update_certificate(third)
    assert await provider.get_certificate() is third
    assert await provider.get_certificate() is None
