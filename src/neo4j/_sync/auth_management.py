# This file is generated from src/neo4j/_async/auth_management.py by bin/make-unasync; do not edit.
# make-unasync digest: 53c2895dc7e50717099b51a4429680f94f5638be75d17dec004828df3064e49e
"""
Ready-made auth managers and client certificate providers (async twin).

The synchronous twin :mod:`neo4j._sync.auth_management` is generated from
this file by ``bin/make-unasync``.
"""

from __future__ import annotations

import abc
import logging
import typing as t

from .._async_compat import (
    CooperativeLock,
    Lock,
    Util,
)
from .._auth_management import (
    AuthManager,
    ClientCertificateProvider,
    ClientCertificate,
    ExpiringAuth,
    expiring_auth_has_expired,
)


if t.TYPE_CHECKING:
    from ..api import _TAuth
    from ..exceptions import Neo4jError


__all__ = [
    "AuthManagers",
    "ClientCertificateProviders",
    "RotatingClientCertificateProvider",
]


log = logging.getLogger("neo4j.auth_management")

_UNAUTHORIZED: t.Final = "Neo.ClientError.Security.Unauthorized"
_TOKEN_EXPIRED: t.Final = "Neo.ClientError.Security.TokenExpired"


class StaticAuthManager(AuthManager):
    """Always hands out the same auth; never handles errors."""

    def __init__(self, auth: _TAuth) -> None:
        self._auth = auth

    def get_auth(self) -> _TAuth:
        return self._auth

    def handle_security_exception(
        self, auth: _TAuth, error: Neo4jError
    ) -> bool:
        return False


class Neo4jAuthTokenManager(AuthManager):
    """
    Caches the auth of a provider and asks it again when needed.

    The provider is called on first use, once the cached auth has expired
    (see :attr:`.ExpiringAuth.expires_at`), and when the server rejects
    the cached auth with one of ``handled_codes``.

    :param provider: returns an :class:`.ExpiringAuth` (for the async
        driver it may also be a coroutine function)
    :param handled_codes: the server error codes that mean "fetch new
        auth"; such errors are reported as handled (hence retryable)
    """

    def __init__(
        self,
        provider: t.Callable[[], ExpiringAuth],
        handled_codes: frozenset[str],
    ) -> None:
        self._provider = provider
        self._handled_codes = handled_codes
        self._current_auth: ExpiringAuth | None = None
        self._lock = Lock()

    def _refresh_auth(self) -> ExpiringAuth:
        # call with self._lock held
        try:
            auth = Util.callback(self._provider)
        except BaseException as exc:
            log.error("[     ]  _: <AUTH MANAGER> provider failed: %r", exc)
            raise
        if auth is None:
            raise TypeError(
                "the auth provider of the auth manager returned None "
                "instead of an ExpiringAuth"
            )
        self._current_auth = auth
        return t.cast(ExpiringAuth, auth)

    def get_auth(self) -> _TAuth:
        with self._lock:
            auth = self._current_auth
            if auth is None:
                log.debug("[     ]  _: <AUTH MANAGER> fetching initial auth")
                auth = self._refresh_auth()
            elif expiring_auth_has_expired(auth):
                log.debug("[     ]  _: <AUTH MANAGER> auth expired, renewing")
                auth = self._refresh_auth()
            return auth.auth

    def handle_security_exception(
        self, auth: _TAuth, error: Neo4jError
    ) -> bool:
        code = error.code
        if code not in self._handled_codes:
            return False
        with self._lock:
            current = self._current_auth
            # another task/thread may have renewed it already
            if current is not None and current.auth == auth:
                log.debug(
                    "[     ]  _: <AUTH MANAGER> auth rejected (%s), renewing",
                    code,
                )
                self._refresh_auth()
        return True


class AuthManagers:
    """Factories of the driver's :class:`.AuthManager` kinds."""

    @staticmethod
    def static(auth: _TAuth) -> AuthManager:
        """
        Create a manager that always returns the same auth.

        Passing plain auth as the driver's ``auth`` does the same::

            driver = GraphDatabase.driver(
                uri, auth=AuthManagers.static(("neo4j", "secret"))
            )

        :param auth: the auth to return
        :returns: the manager; it never marks errors as retryable
        """
        return StaticAuthManager(auth)

    @staticmethod
    def basic(
        provider: t.Callable[[], _TAuth],
    ) -> AuthManager:
        """
        Create a manager for basic auth whose password may rotate.

        ``provider`` is called for the first connection and again
        whenever the server rejects the current auth as unauthorized
        (``Neo.ClientError.Security.Unauthorized``); that error is then
        retryable.  A wrong password therefore makes the provider run
        again rather than fail at once.

        Example::

            def provider():
                user, password = fetch_credentials()
                return user, password

            driver = GraphDatabase.driver(
                uri, auth=AuthManagers.basic(provider)
            )

        .. warning::
            The provider must never call the driver and must always return
            auth of the same identity.

        :param provider: returns the auth (for the async driver it may
            also be a coroutine function)
        :returns: the manager
        """

        def expiring_provider() -> ExpiringAuth:
            return ExpiringAuth(Util.callback(provider))

        return Neo4jAuthTokenManager(
            expiring_provider, frozenset((_UNAUTHORIZED,))
        )

    @staticmethod
    def bearer(
        provider: t.Callable[[], ExpiringAuth],
    ) -> AuthManager:
        """
        Create a manager for bearer tokens (SSO) that expire.

        ``provider`` returns an :class:`.ExpiringAuth`; it is called again
        once :attr:`.ExpiringAuth.expires_at` has passed or when the
        server reports the token expired
        (``Neo.ClientError.Security.TokenExpired``) or unauthorized; such
        errors are then retryable.

        Example::

            def provider():
                token = fetch_sso_token()
                # renew a little before the real expiry
                return ExpiringAuth(bearer_auth(token)).expires_in(50)

            driver = GraphDatabase.driver(
                uri, auth=AuthManagers.bearer(provider)
            )

        .. warning::
            The provider must never call the driver and must always return
            auth of the same identity.

        :param provider: returns an :class:`.ExpiringAuth` (for the async
            driver it may also be a coroutine function)
        :returns: the manager
        """
        return Neo4jAuthTokenManager(
            provider, frozenset((_TOKEN_EXPIRED, _UNAUTHORIZED))
        )


class _StaticClientCertificateProvider(ClientCertificateProvider):
    # hands out its certificate once; afterwards "no change"

    def __init__(self, cert: ClientCertificate) -> None:
        self._cert: ClientCertificate | None = cert

    def get_certificate(self) -> ClientCertificate | None:
        cert, self._cert = self._cert, None
        return cert


class RotatingClientCertificateProvider(ClientCertificateProvider):
    """
    A certificate provider whose certificate can be replaced.

    All new connections use the initial certificate until
    :meth:`update_certificate` supplies another one, which is then used
    for all new connections, and so on.  Create one with
    :meth:`.ClientCertificateProviders.rotating`::

        provider = ClientCertificateProviders.rotating(
            ClientCertificate("cert.pem", "key.pem")
        )
        driver = GraphDatabase.driver(
            "neo4j+s://example.com", auth=auth, client_certificate=provider
        )
        ...
        provider.update_certificate(
            ClientCertificate("new_cert.pem", "new_key.pem")
        )
    """

    @abc.abstractmethod
    def update_certificate(self, cert: ClientCertificate) -> None:
        """
        Use ``cert`` for connections opened from now on.

        :param cert: the new certificate
        """


class _Neo4jRotatingClientCertificateProvider(
    RotatingClientCertificateProvider
):
    def __init__(self, initial_cert: ClientCertificate) -> None:
        self._cert: ClientCertificate | None = initial_cert
        self._lock = CooperativeLock()

    def get_certificate(self) -> ClientCertificate | None:
        with self._lock:
            cert, self._cert = self._cert, None
        return cert

    def update_certificate(self, cert: ClientCertificate) -> None:
        with self._lock:
            self._cert = cert


class ClientCertificateProviders:
    """Factories of :class:`.ClientCertificateProvider` kinds."""

    @staticmethod
    def static(cert: ClientCertificate) -> ClientCertificateProvider:
        """
        Create a provider that always uses the same certificate.

        :param cert: the certificate
        :returns: the provider
        """
        return _StaticClientCertificateProvider(cert)

    @staticmethod
    def rotating(
        initial_cert: ClientCertificate,
    ) -> RotatingClientCertificateProvider:
        """
        Create a provider whose certificate can be replaced.

        .. seealso:: :class:`.RotatingClientCertificateProvider`

        :param initial_cert: the certificate to start with
        :returns: the provider
        """
        return _Neo4jRotatingClientCertificateProvider(initial_cert)
