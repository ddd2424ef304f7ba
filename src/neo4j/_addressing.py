"""
Server addresses.

An :class:`Address` is a plain tuple in the form the :mod:`socket` module
uses: ``(host, port)`` for IPv4 and host names, ``(host, port, flowinfo,
scope_id)`` for IPv6.  Building an ``Address`` picks the concrete class
from the tuple's length.

After DNS resolution the driver works with :class:`ResolvedAddress`
instances, which remember the host name they were resolved from
(``_resolved_from``), needed for TLS host name checks and routing tables.

``Address.parse`` does not know about Bolt: without a port it yields port
``0`` unless ``default_port`` is given; the driver passes
:data:`DEFAULT_PORT`.
"""

from __future__ import annotations

import operator
import socket
import typing as t


__all__ = [
    "DEFAULT_PORT",
    "Address",
    "IPv4Address",
    "IPv6Address",
    "ResolvedAddress",
    "ResolvedIPv4Address",
    "ResolvedIPv6Address",
]


#: The port Bolt servers listen on by default.
DEFAULT_PORT: t.Final[int] = 7687


class _HasPeerName(t.Protocol):
    def getpeername(self) -> t.Any: ...


class Address(tuple):  # type: ignore[type-arg]
    """
    A server address as a 2-tuple (IPv4/host name) or 4-tuple (IPv6).

    ``Address(("example.com", 7687))`` returns an :class:`IPv4Address`,
    ``Address(("::1", 7687, 0, 0))`` an :class:`IPv6Address`.

    :param iterable: the two or four address parts
    :raises ValueError: for any other number of parts
    """

    #: :data:`socket.AF_INET` or :data:`socket.AF_INET6`; :data:`None` on
    #: the base class.
    family: socket.AddressFamily | None = None

    # Concrete classes produced for 2 and 4 parts (set below).
    _two_parts_cls: t.ClassVar[type[Address] | None] = None
    _four_parts_cls: t.ClassVar[type[Address] | None] = None

    def __new__(cls, iterable: t.Iterable[t.Any]) -> Address:
        if isinstance(iterable, cls):
            return iterable
        parts = tuple(iterable)
        size = len(parts)
        if size == 2:
            target = cls._two_parts_cls
        elif size == 4:
            target = cls._four_parts_cls
        else:
            raise ValueError(
                "An address has two parts (IPv4 or host name) or four "
                f"parts (IPv6), got {size}"
            )
        if target is None:
            raise ValueError(
                f"{cls.__name__} cannot hold an address of {size} parts"
            )
        return tuple.__new__(target, parts)

    @classmethod
    def from_socket(cls, socket: _HasPeerName) -> Address:
        """
        Build the address of a socket's remote end.

        :param socket: a connected socket (anything with ``getpeername``)
        :returns: the peer address
        """
        return cls(socket.getpeername())

    @classmethod
    def parse(
        cls,
        s: str,
        default_host: str | None = None,
        default_port: int | None = None,
    ) -> Address:
        """
        Parse ``host:port`` or ``[ipv6-host]:port``.

        A missing or empty host becomes ``default_host`` (or
        ``"localhost"``), a missing or empty port ``default_port`` (or
        ``0``).  A port that is not a number is kept as a string (a service
        name such as ``"http"``).

        :param s: the text to parse
        :param default_host: host to use when ``s`` names none
        :param default_port: port to use when ``s`` names none
        :returns: the parsed address
        :raises TypeError: if ``s`` is not a string
        """
        if not isinstance(s, str):
            raise TypeError(
                "Address.parse requires a string argument, got "
                f"{type(s).__name__}"
            )
        port: str | int
        if s.startswith("["):
            host, _, port = s[1:].rpartition("]")
            port = _to_port(port.lstrip(":"))
            return cls(
                (
                    host or default_host or "localhost",
                    port or default_port or 0,
                    0,
                    0,
                )
            )
        host, _, port = s.partition(":")
        port = _to_port(port)
        return cls(
            (
                host or default_host or "localhost",
                port or default_port or 0,
            )
        )

    @classmethod
    def parse_list(
        cls,
        *s: str,
        default_host: str | None = None,
        default_port: int | None = None,
    ) -> list[Address]:
        """
        Parse several whitespace separated addresses.

        ``Address.parse_list("a:1 b:2", "c")`` yields three addresses; see
        :meth:`parse` for the format of each.

        :param s: one or more strings
        :param default_host: see :meth:`parse`
        :param default_port: see :meth:`parse`
        :returns: the addresses in order
        :raises TypeError: if an argument is not a string
        """
        found: list[Address] = []
        for chunk in s:
            if not isinstance(chunk, str):
                raise TypeError(
                    "Address.parse_list requires a string argument, got "
                    f"{type(chunk).__name__}"
                )
            found.extend(
                cls.parse(word, default_host, default_port)
                for word in chunk.split()
            )
        return found

    # Plain item getters, as namedtuple fields are.
    host = property(
        operator.itemgetter(0),
        doc="The first part: host name or IP address.",
    )
    port = property(
        operator.itemgetter(1),
        doc="The second part: port number or service name, as given.",
    )
    #: The host name to use for TLS (SNI, verification) and routing; a
    #: resolved address keeps the name it was resolved from.
    _resolved_from = host

    def __repr__(self) -> str:
        # e.g. IPv4Address(('localhost', 7687))
        return type(self).__name__ + "(" + tuple.__repr__(self) + ")"

    @property
    def port_number(self) -> int:
        """
        The port as an integer.

        Service names are looked up with :func:`socket.getservbyname`.

        :raises ValueError: for an unknown service name or bad number
        :raises TypeError: for a port of an unusable type
        """
        port = self[1]
        error: type[Exception] = TypeError
        if isinstance(port, str):
            try:
                return socket.getservbyname(port)
            except OSError:
                error = ValueError
        try:
            return int(port)
        except ValueError:
            error = ValueError
        except TypeError:
            pass
        raise error(f"Unknown port value {port!r}")

    @property
    def _original(self) -> Address:
        return self

    def __reduce__(self) -> tuple[t.Any, ...]:
        return Address, (tuple(self),)


class IPv4Address(Address):
    """
    A two part address: IPv4 address or host name, and port.

    Create it through :class:`Address` or its parse methods.
    ``str()`` gives ``host:port``.
    """

    family = socket.AF_INET

    def __str__(self) -> str:
        return f"{self[0]}:{self[1]}"


class IPv6Address(Address):
    """
    A four part IPv6 address ``(host, port, flowinfo, scope_id)``.

    Create it through :class:`Address` or its parse methods.
    ``str()`` gives ``[host]:port``.
    """

    family = socket.AF_INET6

    def __str__(self) -> str:
        return f"[{self[0]}]:{self[1]}"


class ResolvedAddress(Address):
    """
    An address produced by DNS resolution.

    :param iterable: the resolved address parts
    :param host_name: the host name the address was resolved from
    """

    _original_host: str

    def __new__(
        cls, iterable: t.Iterable[t.Any], host_name: str
    ) -> ResolvedAddress:
        # a plain tuple: never returns (and mutates) an existing instance
        parts = tuple(iterable)
        inst = t.cast(ResolvedAddress, super().__new__(cls, parts))
        inst._original_host = host_name
        return inst

    @property
    def _resolved_from(self) -> str:
        return self._original_host

    @property
    def _original(self) -> Address:
        return Address((self._original_host, *self[1:]))

    def __reduce__(self) -> tuple[t.Any, ...]:
        return ResolvedAddress, (tuple(self), self._original_host)


class ResolvedIPv4Address(IPv4Address, ResolvedAddress):
    """A resolved two part address."""


class ResolvedIPv6Address(IPv6Address, ResolvedAddress):
    """A resolved four part address."""


def _to_port(text: str) -> str | int:
    try:
        return int(text)
    except ValueError:
        return text


Address._two_parts_cls = IPv4Address
Address._four_parts_cls = IPv6Address
IPv4Address._two_parts_cls = IPv4Address
IPv4Address._four_parts_cls = None
IPv6Address._two_parts_cls = None
IPv6Address._four_parts_cls = IPv6Address
ResolvedAddress._two_parts_cls = ResolvedIPv4Address
ResolvedAddress._four_parts_cls = ResolvedIPv6Address
ResolvedIPv4Address._two_parts_cls = ResolvedIPv4Address
ResolvedIPv4Address._four_parts_cls = None
ResolvedIPv6Address._two_parts_cls = None
ResolvedIPv6Address._four_parts_cls = ResolvedIPv6Address
