"""Bolt message tags and the pure helpers that build message fields.

Nothing here depends on the negotiated protocol version; the protocol
classes in :mod:`neo4j._bolt.protocol` decide which helper output goes
into which message.
"""

from __future__ import annotations

import enum
import math
import typing as t


__all__ = [
    "BEGIN",
    "COMMIT",
    "DISCARD",
    "FAILURE",
    "GOODBYE",
    "HELLO",
    "IGNORED",
    "LOGOFF",
    "LOGON",
    "PULL",
    "RECORD",
    "RESET",
    "ROLLBACK",
    "ROUTE",
    "RUN",
    "SUCCESS",
    "TELEMETRY",
    "redact_auth",
    "tx_extra",
    "tx_timeout_as_ms",
    "wire_str",
]

# requests
HELLO = b"\x01"
GOODBYE = b"\x02"
RESET = b"\x0f"
RUN = b"\x10"
BEGIN = b"\x11"
COMMIT = b"\x12"
ROLLBACK = b"\x13"
DISCARD = b"\x2f"
PULL = b"\x3f"
TELEMETRY = b"\x54"
ROUTE = b"\x66"
LOGON = b"\x6a"
LOGOFF = b"\x6b"

# responses (as ints: the codec reports tags as ints)
SUCCESS = 0x70
RECORD = 0x71
IGNORED = 0x7E
FAILURE = 0x7F

#: Shown in logs instead of secrets.
MASK = "*******"

#: Access modes that make a transaction read-only ("READ" is the value of
#: ``neo4j.READ_ACCESS``; "r" the routing-control spelling).
_READ_MODES = frozenset(("r", "READ"))


def tx_timeout_as_ms(timeout: t.Any) -> int:
    """Convert a transaction timeout in seconds to whole milliseconds.

    Rounds half to even, except that any positive timeout below half a
    millisecond becomes 1 ms (the server reads 0 as "no timeout").

    :param timeout: seconds (int or float), 0 or more
    :returns: milliseconds
    :raises TypeError: if ``timeout`` is not a number
    :raises ValueError: if ``timeout`` is negative or not a number
    """
    try:
        seconds = float(timeout)
    except (TypeError, ValueError) as exc:
        raise type(exc)(
            "Timeout must be specified as a number of seconds"
        ) from None
    if seconds < 0 or math.isnan(seconds):
        raise ValueError("Timeout must be a positive number or 0.")
    ms = round(seconds * 1000)
    if ms == 0 and seconds > 0:
        return 1
    return ms


def wire_str(value: t.Any) -> t.Any:
    """Unwrap enum members (``NotificationMinimumSeverity.WARNING``...) to
    their plain values so the encoder sees a core type.

    :param value: anything
    :returns: ``value.value`` for enum members, else ``value``
    """
    if isinstance(value, enum.Enum):
        return value.value
    return value


def tx_extra(
    mode: str | None,
    bookmarks: t.Iterable[str] | None,
    metadata: t.Mapping[str, t.Any] | None,
    timeout: float | None,
    db: str | None,
    imp_user: str | None,
    bookmarks_hint: str = "as iterable",
) -> dict[str, t.Any]:
    """Build the common ``extra`` map of RUN (auto-commit) and BEGIN.

    Empty or missing values are left out (the server defaults apply).

    :param mode: access mode; only a read mode is sent (``"r"``)
    :param bookmarks: bookmark strings
    :param metadata: transaction metadata
    :param timeout: transaction timeout in seconds
    :param db: database name
    :param imp_user: user to impersonate
    :param bookmarks_hint: wording of the bookmarks type error
    :returns: the map to send
    :raises TypeError: bookmarks not iterable, metadata not a mapping
    :raises ValueError: negative timeout
    """
    extra: dict[str, t.Any] = {}
    if mode is not None and wire_str(mode) in _READ_MODES:
        extra["mode"] = "r"
    if db:
        extra["db"] = db
    if imp_user:
        extra["imp_user"] = imp_user
    if bookmarks:
        try:
            extra["bookmarks"] = list(bookmarks)
        except TypeError:
            raise TypeError(
                f"Bookmarks must be provided {bookmarks_hint}"
            ) from None
    if metadata:
        try:
            extra["tx_metadata"] = dict(metadata)
        except (TypeError, ValueError):
            raise TypeError("Metadata must be coercible to a dict") from None
    if timeout is not None:
        extra["tx_timeout"] = tx_timeout_as_ms(timeout)
    return extra


def redact_auth(fields: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """Copy a HELLO/LOGON map with secrets masked, for logging.

    ``credentials`` is replaced by ``"*******"``; the values of custom
    auth ``parameters`` are masked too.

    :param fields: the map as sent
    :returns: a copy safe to log
    """
    shown = dict(fields)
    if "credentials" in shown:
        shown["credentials"] = MASK
    params = shown.get("parameters")
    if isinstance(params, t.Mapping):
        shown["parameters"] = dict.fromkeys(params, MASK)
    return shown
