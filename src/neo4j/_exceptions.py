"""
Internal errors of the connection layer.

They never reach users as such: the I/O shell and the pool translate them
into public errors (mostly :class:`neo4j.exceptions.ServiceUnavailable` or
:class:`neo4j.exceptions.SessionExpired`) and mark the connection defunct.

* :class:`BoltError`: base class, carries the server ``address``.
* :class:`BoltConnectionError`: opening the connection failed (``errno``
  of the underlying :class:`OSError` is shown when known).
* :class:`BoltSecurityError`: the TLS layer refused the connection.
* :class:`BoltHandshakeError`: the Bolt handshake failed.
* :class:`BoltProtocolError`: the peer broke the protocol.
* :class:`SocketDeadlineExceededError`: a socket operation ran past its
  deadline.
"""

from __future__ import annotations

import os
import typing as t


__all__ = [
    "BoltConnectionError",
    "BoltError",
    "BoltHandshakeError",
    "BoltProtocolError",
    "BoltSecurityError",
    "SocketDeadlineExceededError",
]


# Leads the text of every BoltConnectionError (tests match the first two
# words); the rest lists what usually goes wrong.
_CONNECT_HINT: t.Final[str] = (
    "Connection Failed. Check the host and port the database listens on, "
    "and whether the server expects an encrypted connection (the "
    "driver's default for encryption changed with Neo4j 4.0; the docs "
    "explain the settings)."
)


class BoltError(Exception):
    """
    Base class of the connection layer's errors.

    :param message: description of the problem
    :param address: address of the server concerned (usually an
        :class:`neo4j.addressing.Address`)
    """

    #: The server the error concerns.
    address: t.Any

    def __init__(self, message: str, address: t.Any) -> None:
        super().__init__(message)
        self.address = address


class BoltConnectionError(BoltError):
    """
    Establishing a connection failed.

    Raise it ``from`` the :class:`OSError` that caused it: its ``errno`` is
    then added to the message.

    :param message: details, appended to a generic explanation
    :param address: the server address
    """

    def __init__(self, message: str, address: t.Any) -> None:
        super().__init__(f"{_CONNECT_HINT} {message}", address)

    @property
    def errno(self) -> int | None:
        """The ``errno`` of the cause, or :data:`None`."""
        number = getattr(self.__cause__, "errno", None)
        return number if isinstance(number, int) else None

    def __str__(self) -> str:
        text = super().__str__()
        number = self.errno
        if number:
            text += f" (code {number}: {os.strerror(number)})"
        return text


class BoltSecurityError(BoltConnectionError):
    """A TLS problem prevented the connection (e.g. a rejected cert)."""

    def __str__(self) -> str:
        kind = type(self.__cause__).__name__
        return f"[{kind}] {super().__str__()}"


class BoltHandshakeError(BoltError):
    """
    The Bolt handshake did not succeed.

    :param message: description of the problem
    :param address: the server address
    :param request_data: the handshake bytes sent
    :param response_data: the bytes received
    """

    request_data: bytes
    response_data: bytes

    def __init__(
        self,
        message: str,
        address: t.Any,
        request_data: bytes,
        response_data: bytes,
    ) -> None:
        super().__init__(message, address)
        self.request_data = request_data
        self.response_data = response_data


class BoltProtocolError(BoltError):
    """The peer sent something the protocol does not allow here."""


class SocketDeadlineExceededError(RuntimeError):
    """A socket read or write did not finish before its deadline."""
