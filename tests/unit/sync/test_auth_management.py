# This file is generated from tests/unit/async_/test_auth_management.py by bin/make-unasync; do not edit.
# make-unasync digest: 932a5640246058b70453c1eb3956d8f0ae0fb4294150721d1379ef5d552aa00c
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
    AuthManager,
    AuthManagers,
    ClientCertificateProvider,
    ClientCertificateProviders,
    RotatingClientCertificateProvider,
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

    def __call__(self) -> t.Any:
        self.calls += 1
        return self.values.pop(0)


# -- static ----------------------------------------------------------------


@pytest.mark.parametrize("auth", [AUTH1, neo4j.basic_auth("a", "b"), None])
def test_static_returns_auth(auth: t.Any) -> None:
    manager = AuthManagers.static(auth)
    assert isinstance(manager, AuthManager)
    assert manager.get_auth() is auth
    assert manager.get_auth() is auth


@pytest.mark.parametrize("code", [UNAUTHORIZED, TOKEN_EXPIRED, FORBIDDEN])
def test_static_never_handles_errors(code: str) -> None:
    manager = AuthManagers.static(AUTH1)
    assert manager.handle_security_exception(AUTH1, error(code)) is False
    assert manager.get_auth() == AUTH1


# -- basic -----------------------------------------------------------------


def test_basic_calls_provider_once() -> None:
    provider = Provider(AUTH1)
    manager = AuthManagers.basic(provider)
    assert provider.calls == 0
    assert manager.get_auth() == AUTH1
    assert manager.get_auth() == AUTH1
    assert provider.calls == 1


def test_basic_refreshes_after_unauthorized() -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AuthManagers.basic(provider)
    assert manager.get_auth() == AUTH1
    handled = manager.handle_security_exception(AUTH1, error(UNAUTHORIZED))
    assert handled is True
    assert provider.calls == 2
    assert manager.get_auth() == AUTH2
    assert provider.calls == 2


@pytest.mark.parametrize("code", [TOKEN_EXPIRED, FORBIDDEN, SYNTAX])
def test_basic_ignores_other_errors(code: str) -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AuthManagers.basic(provider)
    assert manager.get_auth() == AUTH1
    assert manager.handle_security_exception(AUTH1, error(code)) is (False)
    assert manager.get_auth() == AUTH1
    assert provider.calls == 1


def test_basic_does_not_refresh_for_stale_auth() -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AuthManagers.basic(provider)
    assert manager.get_auth() == AUTH1
    # an old connection failing with auth that was already replaced
    handled = manager.handle_security_exception(
        ("user", "ancient"), error(UNAUTHORIZED)
    )
    assert handled is True
    assert provider.calls == 1
    assert manager.get_auth() == AUTH1


def test_basic_accepts_plain_function_provider() -> None:
    calls = []

    def provider() -> tuple[str, str]:
        calls.append(1)
        return AUTH1

    manager = AuthManagers.basic(provider)  # type: ignore[arg-type]
    assert manager.get_auth() == AUTH1
    assert len(calls) == 1


def test_basic_never_expires_by_time(clock: FakeClock) -> None:
    provider = Provider(AUTH1, AUTH2)
    manager = AuthManagers.basic(provider)
    assert manager.get_auth() == AUTH1
    clock.now += 10**9
    assert manager.get_auth() == AUTH1
    assert provider.calls == 1


# -- bearer ----------------------------------------------------------------


def test_bearer_refreshes_on_expiry(clock: FakeClock) -> None:
    token1 = neo4j.bearer_auth("token1")
    token2 = neo4j.bearer_auth("token2")
    provider = Provider(
        ExpiringAuth(token1, expires_at=1010.0),
        ExpiringAuth(token2, expires_at=1020.0),
    )
    manager = AuthManagers.bearer(provider)
    assert manager.get_auth() is token1
    clock.now = 1010.0  # not yet expired: expiry is strictly after
    assert manager.get_auth() is token1
    assert provider.calls == 1
    clock.now = 1010.5
    assert manager.get_auth() is token2
    assert provider.calls == 2
    clock.now = 1015.0
    assert manager.get_auth() is token2
    assert provider.calls == 2


def test_bearer_without_expiry_lasts(clock: FakeClock) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AuthManagers.bearer(provider)
    assert manager.get_auth() == AUTH1
    clock.now += 10**9
    assert manager.get_auth() == AUTH1
    assert provider.calls == 1


@pytest.mark.parametrize("code", [TOKEN_EXPIRED, UNAUTHORIZED])
def test_bearer_refreshes_on_error(code: str) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AuthManagers.bearer(provider)
    assert manager.get_auth() == AUTH1
    assert manager.handle_security_exception(AUTH1, error(code)) is True
    assert provider.calls == 2
    assert manager.get_auth() == AUTH2


@pytest.mark.parametrize("code", [FORBIDDEN, SYNTAX])
def test_bearer_ignores_other_errors(code: str) -> None:
    provider = Provider(ExpiringAuth(AUTH1), ExpiringAuth(AUTH2))
    manager = AuthManagers.bearer(provider)
    assert manager.get_auth() == AUTH1
    assert manager.handle_security_exception(AUTH1, error(code)) is (False)
    assert provider.calls == 1


def test_bearer_error_before_first_get_auth() -> None:
    provider = Provider(ExpiringAuth(AUTH1))
    manager = AuthManagers.bearer(provider)
    handled = manager.handle_security_exception(AUTH1, error(TOKEN_EXPIRED))
    assert handled is True
    assert provider.calls == 0


def test_expired_auth_then_rejection_fetches_once_each(
    clock: FakeClock,
) -> None:
    provider = Provider(
        ExpiringAuth(AUTH1, expires_at=1001.0),
        ExpiringAuth(AUTH2),
        ExpiringAuth(("user", "password3")),
    )
    manager = AuthManagers.bearer(provider)
    assert manager.get_auth() == AUTH1
    clock.now = 1002.0
    assert manager.get_auth() == AUTH2
    # the server rejects the expired one late: AUTH2 stays
    assert manager.handle_security_exception(AUTH1, error(TOKEN_EXPIRED))
    assert provider.calls == 2
    assert manager.handle_security_exception(AUTH2, error(TOKEN_EXPIRED))
    assert provider.calls == 3
    assert manager.get_auth() == ("user", "password3")


def test_provider_returning_none_is_a_type_error() -> None:
    manager = AuthManagers.bearer(Provider(None))
    with pytest.raises(TypeError, match="returned None"):
        manager.get_auth()


def test_provider_failure_propagates_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Boom(Exception):
        pass

    def provider() -> ExpiringAuth:
        raise Boom("no token")

    manager = AuthManagers.bearer(provider)
    caplog.set_level(logging.DEBUG, logger="neo4j.auth_management")
    with pytest.raises(Boom):
        manager.get_auth()
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
        AuthManager,
        ClientCertificateProvider,
        RotatingClientCertificateProvider,
    ],
)
def test_interfaces_are_abstract(cls: type) -> None:
    with pytest.raises(TypeError):
        cls()


def test_custom_auth_manager_subclass() -> None:
    class Mine(AuthManager):
        def get_auth(self) -> t.Any:
            return AUTH2

        def handle_security_exception(
            self, auth: t.Any, error: Neo4jError
        ) -> bool:
            return True

    manager = Mine()
    assert manager.get_auth() == AUTH2
    assert manager.handle_security_exception(AUTH2, error(SYNTAX))


# -- client certificates ------------------------------------------------------


def test_client_certificate_fields() -> None:
    cert = ClientCertificate("cert.pem")
    assert cert.certfile == "cert.pem"
    assert cert.keyfile is None
    assert cert.password is None
    assert cert == ClientCertificate("cert.pem", None, None)
    assert cert != ClientCertificate("cert.pem", "key.pem")


def test_static_certificate_provider() -> None:
    cert = ClientCertificate("cert.pem", "key.pem", "secret")
    provider = ClientCertificateProviders.static(cert)
    assert isinstance(provider, ClientCertificateProvider)
    assert provider.get_certificate() is cert
    # afterwards: "keep using what you have"
    assert provider.get_certificate() is None
    assert provider.get_certificate() is None


def test_rotating_certificate_provider() -> None:
    first = ClientCertificate("first.pem")
    second = ClientCertificate("second.pem")
    third = ClientCertificate("third.pem")
    provider = ClientCertificateProviders.rotating(first)
    assert isinstance(provider, RotatingClientCertificateProvider)
    assert provider.get_certificate() is first
    assert provider.get_certificate() is None
    provider.update_certificate(second)
    provider.update_certificate(third)
    assert provider.get_certificate() is third
    assert provider.get_certificate() is None
