# This file is generated from src/neo4j/_async/auth_management.py by bin/make-unasync; do not edit.
# make-unasync digest: fbc2cf8a1697f0c1ce59f5a988d03300ed8831924fdb28d0621278f941eba2fc
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
    from ..api import _TAuth as _AuthInfo
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
    """Hands out one fixed auth; a rejection is never worth a retry."""

    def __init__(self, auth: _AuthInfo) -> None:
        self._fixed_token = auth

    def get_auth(self) -> _AuthInfo:
        return self._fixed_token

    def handle_security_exception(
        self, auth: _AuthInfo, error: Neo4jError
    ) -> bool:
        # Nothing could be fetched anew: the error reaches the user as is.
        return False


class Neo4jAuthTokenManager(AuthManager):
    """
    Caches the auth of a provider and asks it again when needed.

    The provider is called on first use, once the cached auth has expired
    (see :attr:`.ExpiringAuth.expires_at`), and when the server rejects
    the cached auth with one of ``handled_codes``.  Every call happens
    under one lock, so concurrent users trigger a single fetch.

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
        self._auth_source = provider
        self._renew_on_codes = handled_codes
        self._cached_token: ExpiringAuth | None = None
        self._fetch_guard = Lock()

    def get_auth(self) -> _AuthInfo:
        with self._fetch_guard:
            held = self._cached_token
            if held is None or expiring_auth_has_expired(held):
                held = self._fetch_token(
                    "first use" if held is None else "cached auth expired"
                )
            return held.auth

    def handle_security_exception(
        self, auth: _AuthInfo, error: Neo4jError
    ) -> bool:
        code = error.code
        wanted = code in self._renew_on_codes
        if wanted:
            self._replace_if_current(auth, f"server rejected: {code}")
        return wanted

    def _replace_if_current(self, rejected: _AuthInfo, why: str) -> None:
        with self._fetch_guard:
            held = self._cached_token
            # Someone else may have swapped the auth since the failing
            # connection got it; then that newer auth is simply retried.
            if held is not None and held.auth == rejected:
                self._fetch_token(why)

    def _fetch_token(self, why: str) -> ExpiringAuth:
        # the caller holds self._fetch_guard
        log.debug("[     ]  _: <AUTH MANAGER> asking provider (%s)", why)
        try:
            fresh = Util.callback(self._auth_source)
        except BaseException as exc:
            log.error(
                "[     ]  _: <AUTH MANAGER> auth provider raised %r", exc
            )
            raise
        if fresh is None:
            raise TypeError(
                "the auth provider of the auth manager returned None "
                "instead of an ExpiringAuth"
            )
        self._cached_token = fresh
        return t.cast(ExpiringAuth, fresh)


class AuthManagers:
    """Factories of the driver's :class:`.AuthManager` kinds."""

    @staticmethod
    def static(auth: _AuthInfo) -> AuthManager:
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
        provider: t.Callable[[], _AuthInfo],
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


class _CertificateHandover:
    """
    One pending certificate, handed out at most once.

    Both ready-made providers share this: ``take`` returns what was put in
    (or :data:`None` when nothing new is pending) and empties the slot.
    """

    __slots__ = ("_pending_cert", "_slot_guard")

    def __init__(self, first: ClientCertificate) -> None:
        self._pending_cert: ClientCertificate | None = first
        self._slot_guard = CooperativeLock()

    def put(self, cert: ClientCertificate) -> None:
        with self._slot_guard:
            self._pending_cert = cert

    def take(self) -> ClientCertificate | None:
        with self._slot_guard:
            pending, self._pending_cert = self._pending_cert, None
        return pending


class _FixedCertificateProvider(ClientCertificateProvider):
    # the certificate is new once; afterwards "keep the current one"

    def __init__(self, cert: ClientCertificate) -> None:
        self._handover = _CertificateHandover(cert)

    def get_certificate(self) -> ClientCertificate | None:
        return self._handover.take()


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


class _SwappableCertificateProvider(RotatingClientCertificateProvider):
    # like the fixed provider, plus a way to queue the next certificate

    def __init__(self, initial_cert: ClientCertificate) -> None:
        self._handover = _CertificateHandover(initial_cert)

    def get_certificate(self) -> ClientCertificate | None:
        return self._handover.take()

    def update_certificate(self, cert: ClientCertificate) -> None:
        self._handover.put(cert)


class ClientCertificateProviders:
    """Factories of :class:`.ClientCertificateProvider` kinds."""

    @staticmethod
    def static(cert: ClientCertificate) -> ClientCertificateProvider:
        """
        Create a provider that always uses the same certificate.

        :param cert: the certificate
        :returns: the provider
        """
        return _FixedCertificateProvider(cert)

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
        return _SwappableCertificateProvider(initial_cert)
