"""
Public value types and constants of the driver API.

Auth tokens (:class:`Auth` and the ``*_auth`` helpers), :class:`Bookmarks`,
:class:`ServerInfo`, the bookmark manager interfaces, access modes, database
names and URI schemes.  The trust stores (``neo4j.TrustAll`` etc.) are
not part of this module.
"""

from __future__ import annotations

import abc
import typing as t


if t.TYPE_CHECKING:
    from ._addressing import Address


__all__ = [
    "DEFAULT_DATABASE",
    "READ_ACCESS",
    "SYSTEM_DATABASE",
    "URI_SCHEME_BOLT",
    "URI_SCHEME_BOLT_ROUTING",
    "URI_SCHEME_BOLT_SECURE",
    "URI_SCHEME_BOLT_SELF_SIGNED_CERTIFICATE",
    "URI_SCHEME_HTTP",
    "URI_SCHEME_HTTPS",
    "URI_SCHEME_NEO4J",
    "URI_SCHEME_NEO4J_SECURE",
    "URI_SCHEME_NEO4J_SELF_SIGNED_CERTIFICATE",
    "WRITE_ACCESS",
    "AsyncBookmarkManager",
    "Auth",
    "AuthToken",
    "BookmarkManager",
    "Bookmarks",
    "ServerInfo",
    "basic_auth",
    "bearer_auth",
    "custom_auth",
    "kerberos_auth",
]


READ_ACCESS: t.Final[str] = "READ"
WRITE_ACCESS: t.Final[str] = "WRITE"

URI_SCHEME_BOLT: t.Final[str] = "bolt"
URI_SCHEME_BOLT_SELF_SIGNED_CERTIFICATE: t.Final[str] = "bolt+ssc"
URI_SCHEME_BOLT_SECURE: t.Final[str] = "bolt+s"
URI_SCHEME_NEO4J: t.Final[str] = "neo4j"
URI_SCHEME_NEO4J_SELF_SIGNED_CERTIFICATE: t.Final[str] = "neo4j+ssc"
URI_SCHEME_NEO4J_SECURE: t.Final[str] = "neo4j+s"
URI_SCHEME_HTTP: t.Final[str] = "http"
URI_SCHEME_HTTPS: t.Final[str] = "https"
#: Old name of the ``neo4j`` scheme; rejected with a hint.
URI_SCHEME_BOLT_ROUTING: t.Final[str] = "bolt+routing"

#: Name of the system database (users, roles, databases...).
SYSTEM_DATABASE: t.Final[str] = "system"
#: Selects the server's (or user's) home database.
DEFAULT_DATABASE: t.Final[None] = None

# Removed in 6.0 together with the ``trust`` option; still reachable
# through a module ``__getattr__`` that warns.
_REMOVED_TRUST_CONSTANTS: t.Final[frozenset[str]] = frozenset(
    ("TRUST_ALL_CERTIFICATES", "TRUST_SYSTEM_CA_SIGNED_CERTIFICATES")
)


def __getattr__(name: str) -> t.Any:
    if name in _REMOVED_TRUST_CONSTANTS:
        from ._warnings import deprecation_warn

        deprecation_warn(
            f"{name} is deprecated and has no effect since 6.0. Use the "
            "trusted_certificates option with neo4j.TrustAll, "
            "neo4j.TrustSystemCAs or neo4j.TrustCustomCAs instead.",
            stack_level=2,
        )
        return name
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_OPTIONAL_AUTH_FIELDS: t.Final = ("credentials", "realm", "parameters")


class Auth:
    """
    Authentication details sent to the server.

    Only meaningful fields are stored: the principal when not
    :data:`None` (an empty principal is kept, old servers require it), the
    credentials, realm and parameters when not empty.  ``vars(auth)`` is the
    auth map sent to the server.

    :param scheme: authentication scheme, e.g. ``"basic"``
    :param principal: who authenticates (user name)
    :param credentials: the secret (password, token, ticket)
    :param realm: authentication provider
    :param parameters: extra scheme specific entries
    """

    scheme: str | None
    principal: str
    credentials: str
    realm: str
    parameters: dict[str, t.Any]

    def __init__(
        self,
        scheme: str | None,
        principal: str | None,
        credentials: str | None,
        realm: str | None = None,
        **parameters: t.Any,
    ) -> None:
        self.scheme = scheme
        # an empty principal is meaningful, the other fields only when set
        if principal is not None:
            self.principal = principal
        self.credentials = credentials or ""
        self.realm = realm or ""
        self.parameters = parameters
        # vars(auth) is the map sent to the server: drop the empty fields
        # (on the instance dict directly: no attribute protocol per field)
        fields = vars(self)
        for name in _OPTIONAL_AUTH_FIELDS:
            if not fields[name]:
                del fields[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Auth):
            return NotImplemented
        return vars(self) == vars(other)

    def _to_dict(self) -> dict[str, t.Any]:
        # the auth map for HELLO/LOGON (a copy; callers may add entries)
        return dict(vars(self))


#: Alias of :class:`Auth`.
AuthToken = Auth

if t.TYPE_CHECKING:
    _TAuth: t.TypeAlias = tuple[str, str] | Auth | None


def basic_auth(user: str, password: str, realm: str | None = None) -> Auth:
    """
    Build a ``basic`` (user name and password) auth token.

    :param user: the user name (principal)
    :param password: the password (credentials)
    :param realm: the authentication provider, if any
    :returns: the auth token
    """
    return Auth("basic", user, password, realm)


def kerberos_auth(base64_encoded_ticket: str) -> Auth:
    """
    Build a ``kerberos`` auth token.

    :param base64_encoded_ticket: the base64 encoded service ticket
    :returns: the auth token
    """
    return Auth("kerberos", "", base64_encoded_ticket)


def bearer_auth(base64_encoded_token: str) -> Auth:
    """
    Build a ``bearer`` auth token (single sign-on, e.g. a JWT).

    :param base64_encoded_token: the base64 encoded token of the identity
        provider
    :returns: the auth token
    """
    return Auth("bearer", None, base64_encoded_token)


def custom_auth(
    principal: str | None,
    credentials: str | None,
    realm: str | None,
    scheme: str | None,
    **parameters: t.Any,
) -> Auth:
    """
    Build an auth token for any scheme.

    :param principal: who authenticates
    :param credentials: the secret
    :param realm: the authentication provider
    :param scheme: the authentication scheme
    :param parameters: extra entries for the server's auth provider
    :returns: the auth token
    """
    return Auth(scheme, principal, credentials, realm, **parameters)


class Bookmarks:
    """
    Immutable set of bookmarks for causal chaining of sessions.

    Combine bookmarks of several sessions with ``+``::

        bookmarks = session1.last_bookmarks() + session2.last_bookmarks()

    A :class:`Bookmarks` object is falsy when empty and iterates over its
    raw string values.
    """

    _members: frozenset[str]

    def __init__(self) -> None:
        self._members = frozenset()

    @classmethod
    def _wrapping(cls, members: frozenset[str]) -> Bookmarks:
        # an instance holding already checked strings
        made = cls()
        made._members = members
        return made

    def __repr__(self) -> str:
        listed = sorted(map(repr, self._members))
        return "<Bookmarks values={" + ", ".join(listed) + "}>"

    def __bool__(self) -> bool:
        return len(self._members) > 0

    def __iter__(self) -> t.Iterator[str]:
        yield from self._members

    def __add__(self, other: Bookmarks) -> Bookmarks:
        if isinstance(other, Bookmarks):
            # adding nothing hands back this very object
            extra = other._members
            return self._wrapping(self._members | extra) if extra else self
        return NotImplemented

    @property
    def raw_values(self) -> frozenset[str]:
        """
        The bookmark strings, e.g. to serialize them.

        :returns: the values as a :class:`frozenset`
        """
        return self._members

    @classmethod
    def from_raw_values(cls, values: t.Iterable[str]) -> Bookmarks:
        """
        Build bookmarks from raw strings, e.g. deserialized ones.

        A single string is taken as one bookmark (not as characters).

        :param values: ASCII strings
        :returns: the bookmarks
        :raises TypeError: if a value is not a :class:`str`
        :raises ValueError: if a value is not ASCII
        """
        strings = [values] if isinstance(values, str) else values
        return cls._wrapping(frozenset(map(_checked_bookmark, strings)))


def _checked_bookmark(value: object) -> str:
    # one raw bookmark as accepted by Bookmarks.from_raw_values
    if not isinstance(value, str):
        raise TypeError(
            f"Raw bookmark values must be str. Found {type(value)}"
        )
    if value.isascii():
        return value
    raise ValueError(f"The value {value} is not ASCII")


class ServerInfo:
    """
    Information about a server the driver is connected to.

    :param address: the server address
    :param protocol_version: negotiated Bolt version ``(major, minor)``
    """

    def __init__(
        self, address: Address, protocol_version: tuple[int, int]
    ) -> None:
        self._peer_address = address
        self._bolt_version = protocol_version
        self._hello_fields: dict[str, t.Any] = {}

    @property
    def address(self) -> Address:
        """The server's network address."""
        return self._peer_address

    @property
    def protocol_version(self) -> tuple[int, int]:
        """The Bolt protocol version as ``(major, minor)``."""
        return self._bolt_version

    @property
    def agent(self) -> str:
        """The agent string the server sent, e.g. ``"Neo4j/5.26.0"``."""
        # "None" (a string) while the server has not told us
        return f"{self._hello_fields.get('server')}"

    def update(self, metadata: dict[str, t.Any]) -> None:
        """
        Merge connection metadata (typically the HELLO SUCCESS).

        :param metadata: entries to add or replace
        """
        self._hello_fields |= metadata


class BookmarkManager(metaclass=abc.ABCMeta):
    """
    Keeps track of bookmarks for sessions that share it.

    Sessions ask the manager for bookmarks before each transaction and
    report the new bookmarks after it.  Implement this interface for custom
    behaviour or use ``GraphDatabase.bookmark_manager()``.  All methods must
    be safe to call concurrently.
    """

    @abc.abstractmethod
    def update_bookmarks(
        self,
        previous_bookmarks: t.Collection[str],
        new_bookmarks: t.Collection[str],
    ) -> None:
        """
        Replace the bookmarks used by a transaction with its result.

        :param previous_bookmarks: bookmarks the transaction started with
        :param new_bookmarks: bookmarks received when it ended
        """

    @abc.abstractmethod
    def get_bookmarks(self) -> t.Collection[str]:
        """
        Return the bookmarks to start the next transaction with.

        :returns: the current bookmarks
        """


class AsyncBookmarkManager(metaclass=abc.ABCMeta):
    """Async variant of :class:`BookmarkManager`."""

    @abc.abstractmethod
    async def update_bookmarks(
        self,
        previous_bookmarks: t.Collection[str],
        new_bookmarks: t.Collection[str],
    ) -> None:
        """
        Replace the bookmarks used by a transaction with its result.

        :param previous_bookmarks: bookmarks the transaction started with
        :param new_bookmarks: bookmarks received when it ended
        """

    @abc.abstractmethod
    async def get_bookmarks(self) -> t.Collection[str]:
        """
        Return the bookmarks to start the next transaction with.

        :returns: the current bookmarks
        """
