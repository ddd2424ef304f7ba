"""
Interfaces and value types of auth managers and certificate providers.

The ready-made implementations (``AuthManagers``,
``ClientCertificateProviders`` and their async twins) live in
:mod:`neo4j._async.auth_management` and the generated
:mod:`neo4j._sync.auth_management`; the public module is
:mod:`neo4j.auth_management`.
"""

from __future__ import annotations

import abc
import time
import typing as t
from dataclasses import dataclass

from .api import Auth
from .exceptions import ConfigurationError


if t.TYPE_CHECKING:
    from os import PathLike

    # Structural typing for users' own implementations; at runtime these
    # stay plain ABCs (a Protocol base would show up in the MRO).
    from typing import Protocol as _Protocol

    from .api import _TAuth
    from .exceptions import Neo4jError
else:
    _Protocol = object


__all__ = [
    "AsyncAuthManager",
    "AsyncClientCertificateProvider",
    "AuthManager",
    "ClientCertificate",
    "ClientCertificateProvider",
    "ExpiringAuth",
    "expiring_auth_has_expired",
    "to_auth_dict",
]


@dataclass
class ExpiringAuth:
    """
    Auth information together with the moment it stops being valid.

    Returned by the providers given to :meth:`.AuthManagers.bearer` and
    :meth:`.AsyncAuthManagers.bearer`.

    :param auth: the auth information
    :param expires_at: when the auth expires, as a Unix timestamp
        (seconds since the epoch, UTC); :data:`None` means it is valid
        until the server rejects it
    """

    auth: _TAuth
    expires_at: float | None = None

    def expires_in(self, seconds: float) -> ExpiringAuth:
        """
        Copy this object with an expiry relative to now.

        ``ExpiringAuth(auth).expires_in(60)`` is the same as
        ``ExpiringAuth(auth, time.time() + 60)``.

        :param seconds: how many seconds from now the auth expires
        :returns: a new :class:`ExpiringAuth` (the auth is not copied)
        """
        return ExpiringAuth(self.auth, time.time() + seconds)


def expiring_auth_has_expired(auth: ExpiringAuth) -> bool:
    """
    Tell whether an :class:`ExpiringAuth`'s expiry time has passed.

    :param auth: the auth to check
    :returns: :data:`True` once ``expires_at`` lies in the past
    """
    expires_at = auth.expires_at
    return expires_at is not None and expires_at < time.time()


class AuthManager(_Protocol, metaclass=abc.ABCMeta):
    """
    Supplies (and refreshes) the auth information of a driver.

    :class:`.AuthManagers` has ready-made implementations.  Custom ones
    may inherit from this class or just implement both methods.

    .. warning::
        A manager must be thread-safe and must never call the driver (that
        can deadlock).  All auth it returns must belong to one identity;
        use session-level auth to switch users.
    """

    @abc.abstractmethod
    def get_auth(self) -> _TAuth:
        """
        Return the auth information to use now.

        Called very often (whenever a connection is acquired), so it
        should be cheap, e.g. cache the auth.

        :returns: the auth information
        """
        ...

    @abc.abstractmethod
    def handle_security_exception(
        self, auth: _TAuth, error: Neo4jError
    ) -> bool:
        """
        React to the server rejecting some auth information.

        Called for every ``Neo.ClientError.Security.*`` error; the error is
        raised to the user afterwards.

        :param auth: the auth information the server rejected
        :param error: the server's error
        :returns: :data:`True` if the manager dealt with the error (e.g.
            fetched new credentials); the driver then marks the error as
            retryable (see :meth:`.Neo4jError.is_retryable`)
        """
        ...


class AsyncAuthManager(_Protocol, metaclass=abc.ABCMeta):
    """
    The async twin of :class:`.AuthManager`.

    .. seealso:: :class:`.AuthManager`, :class:`.AsyncAuthManagers`
    """

    @abc.abstractmethod
    async def get_auth(self) -> _TAuth:
        """
        Return the auth information to use now.

        .. seealso:: :meth:`.AuthManager.get_auth`
        """
        ...

    @abc.abstractmethod
    async def handle_security_exception(
        self, auth: _TAuth, error: Neo4jError
    ) -> bool:
        """
        React to the server rejecting some auth information.

        .. seealso:: :meth:`.AuthManager.handle_security_exception`
        """
        ...


@dataclass
class ClientCertificate:
    """
    A client certificate for mutual TLS.

    The fields are the arguments of :meth:`ssl.SSLContext.load_cert_chain`.

    :param certfile: path of the PEM certificate (chain) file
    :param keyfile: path of the private key, if not inside ``certfile``
    :param password: the key's password, or a callable returning it
    """

    certfile: str | bytes | PathLike[str] | PathLike[bytes]
    keyfile: str | bytes | PathLike[str] | PathLike[bytes] | None = None
    password: t.Callable[[], str | bytes] | str | bytes | None = None


class ClientCertificateProvider(_Protocol, metaclass=abc.ABCMeta):
    """
    Supplies client certificates for mutual TLS.

    The certificate is a second factor only: the user still needs to
    authenticate with an auth token.  :class:`.ClientCertificateProviders`
    has ready-made implementations.

    The time spent in :meth:`get_certificate` counts towards the
    connection acquisition timeout.

    .. warning::
        A provider must never call the driver (that can deadlock).
    """

    @abc.abstractmethod
    def get_certificate(self) -> ClientCertificate | None:
        """
        Return a new certificate, or :data:`None` to keep the current one.

        Only connections opened afterwards use a new certificate; open
        connections keep theirs.

        :returns: the certificate to switch to, if any
        """
        ...


class AsyncClientCertificateProvider(_Protocol, metaclass=abc.ABCMeta):
    """
    The async twin of :class:`.ClientCertificateProvider`.

    .. seealso:: :class:`.AsyncClientCertificateProviders`
    """

    @abc.abstractmethod
    async def get_certificate(self) -> ClientCertificate | None:
        """
        Return a new certificate, or :data:`None` to keep the current one.

        .. seealso:: :meth:`.ClientCertificateProvider.get_certificate`
        """
        ...


def _auth_fields(auth: object) -> dict[str, t.Any] | None:
    # The entries of an Auth (or of any object with attributes); a plain
    # tuple of two or three items is short for basic auth.
    if isinstance(auth, tuple):
        if len(auth) not in (2, 3):
            return None
        auth = Auth("basic", *auth)
    try:
        return vars(auth)
    except TypeError:
        return None


def to_auth_dict(auth: _TAuth | object) -> dict[str, t.Any]:
    """
    Turn auth information into the map sent in HELLO/LOGON.

    :param auth: an :class:`.Auth`, a ``(user, password[, realm])`` tuple
        or :data:`None` (no auth)
    :returns: a new dictionary (callers may modify it)
    :raises ConfigurationError: if ``auth`` is of an unusable kind
    """
    fields = _auth_fields(auth) if auth else {}
    if fields is None:
        raise ConfigurationError(
            f"Cannot determine auth from {auth!r}: expected an Auth, "
            "a (user, password[, realm]) tuple or None"
        )
    return dict(fields)
