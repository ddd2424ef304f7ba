"""Errors raised by the sans-IO Bolt core.

Protocol violations (garbage from the peer, unexpected messages, decoding
failures) are reported with :class:`neo4j._exceptions.BoltProtocolError`;
three subclasses are also the built-in error the official driver lets
through in the same case, so that code catching that keeps working:
:class:`DecodeError` (a :class:`ValueError`), :class:`MetadataError` (a
:class:`TypeError`: a summary entry of the wrong type) and
:class:`RecordLengthError` (a :class:`ValueError`: a record whose length
differs from the keys).
The handshake has two more outcomes that the I/O shell turns into public
errors, because only the shell knows the address it talked to:

* :class:`HandshakeVersionError`: the server speaks Bolt but shares no
  protocol version with us.  The shell raises
  :class:`neo4j.exceptions.UnsupportedServerProduct` with ``str(error)``.
* :class:`HandshakeNotBoltError`: the server answered like an HTTP server.
  The shell raises :class:`neo4j.exceptions.ServiceUnavailable`
  (``f"Cannot to connect to Bolt service on {address!r} (looks like
  HTTP)"`` is the wording of the official driver).
"""

from __future__ import annotations

from .._data import RecordLengthError
from .._exceptions import BoltHandshakeError, BoltProtocolError


__all__ = [
    "BoltProtocolError",
    "DecodeError",
    "HandshakeNotBoltError",
    "HandshakeVersionError",
    "MetadataError",
    "RecordLengthError",
]


class HandshakeVersionError(BoltHandshakeError):
    """No common protocol version could be agreed with the server.

    :param message: user facing explanation
    :param address: the server address (only carried along for reporting)
    :param request: the raw handshake bytes we sent
    :param response: the raw bytes the server answered with
    """

    def __init__(
        self, message: str, address: object, request: bytes, response: bytes
    ) -> None:
        super().__init__(message, address, request, response)


class HandshakeNotBoltError(BoltHandshakeError):
    """The peer answered the handshake like an HTTP server.

    :param address: the server address (only carried along for reporting)
    :param request: the raw handshake bytes we sent
    :param response: the raw bytes the server answered with
    """

    def __init__(
        self, address: object, request: bytes, response: bytes
    ) -> None:
        super().__init__(
            "The server answered the Bolt handshake with "
            f"{response!r}: looks like HTTP",
            address,
            request,
            response,
        )


class DecodeError(BoltProtocolError, ValueError):
    """A server message could not be decoded (PackStream garbage).

    Also a :class:`ValueError`: the official driver lets its decoder's
    ``ValueError`` reach the user, and code catching that keeps working.
    """


class MetadataError(BoltProtocolError, TypeError):
    """An entry of a server's SUCCESS metadata has the wrong type (or an
    unknown value where the protocol fixes the values).

    Raised where the entry is read, inside ``feed()``: the connection is
    then defunct and is closed, never reused.  Also a :class:`TypeError`,
    which is what the official driver lets through for most of these.

    :param message: what was wrong, naming the entry
    :param address: the server address
    """
