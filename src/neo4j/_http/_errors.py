"""The one error of the Query API core: the server's reply made no
sense (malformed JSON, a value of an unknown ``$type``, a missing
field).

Like the official driver, such a reply is reported as a plain
:class:`Exception` subclass whose text starts with ``protocol error:``:
it points at a bug in the driver or the server, not at the query.
"""

from __future__ import annotations


__all__ = ["QueryApiProtocolError"]


class QueryApiProtocolError(Exception):
    """The server's Query API reply broke the protocol.

    :param message: what was wrong (the ``protocol error:`` prefix is
        added)
    """

    def __init__(self, message: str) -> None:
        super().__init__(f"protocol error: {message}")


def expect(kind: str, value: object) -> QueryApiProtocolError:
    """The error for a reply field of the wrong JSON kind.

    :param kind: what was expected (``"string"``, ``"list"``...)
    :param value: what came instead
    :returns: the error (to raise)
    """
    return QueryApiProtocolError(f"expected {kind}, got: {value!r}")
