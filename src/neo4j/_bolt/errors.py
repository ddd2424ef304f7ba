"""Errors raised by the sans-IO Bolt core.

Protocol violations (garbage from the peer, unexpected messages, decoding
failures) are reported with :class:`neo4j._exceptions.BoltProtocolError`.
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

from .._exceptions import BoltHandshakeError, BoltProtocolError


__all__ = [
    "BoltProtocolError",
    "DecodeError",
    "HandshakeNotBoltError",
    "HandshakeVersionError",
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
