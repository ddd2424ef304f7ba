"""Bolt message tags and the pure helpers that build message fields.

Nothing here depends on the negotiated protocol version; the protocol
classes in :mod:`neo4j._bolt.protocol` decide which helper output goes
into which message.
"""

from __future__ import annotations

import enum
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


#: Wording of the timeout errors (asserted by tests and testkit).
_TIMEOUT_NOT_NUMERIC = "Timeout must be specified as a number of seconds"
_TIMEOUT_BELOW_ZERO = "Timeout must be a positive number or 0."


def _float_seconds(value: t.Any) -> float:
    # float() decides what counts as a number (int, float, Decimal, a
    # numeric string...); its TypeError/ValueError split is kept
    try:
        return float(value)
    except TypeError:
        raise TypeError(_TIMEOUT_NOT_NUMERIC) from None
    except ValueError:
        raise ValueError(_TIMEOUT_NOT_NUMERIC) from None


def tx_timeout_as_ms(timeout: t.Any) -> int:
    """The ``tx_timeout`` field for a timeout given in seconds.

    The server counts whole milliseconds and takes 0 to mean "no
    timeout", so a tiny positive timeout is sent as 1 ms rather than
    rounded away; otherwise Python's ``round`` (half to even) applies.

    :param timeout: seconds (int or float), 0 or more
    :returns: milliseconds
    :raises TypeError: if ``timeout`` is not a number
    :raises ValueError: if ``timeout`` is negative or not a number
    """
    seconds = _float_seconds(timeout)
    if not seconds >= 0.0:  # negative, or NaN (no order at all)
        raise ValueError(_TIMEOUT_BELOW_ZERO)
    if seconds == 0.0:
        return 0
    return max(round(seconds * 1000), 1)


def wire_str(value: t.Any) -> t.Any:
    """Unwrap enum members (``NotificationMinimumSeverity.WARNING``...) to
    their plain values so the encoder sees a core type.

    :param value: anything
    :returns: ``value.value`` for enum members, else ``value``
    """
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _bookmark_list(
    bookmarks: t.Iterable[str] | None, hint: str
) -> list[str] | None:
    if not bookmarks:
        return None
    try:
        return list(bookmarks)
    except TypeError:
        raise TypeError(f"Bookmarks must be provided {hint}") from None


def _metadata_map(
    metadata: t.Mapping[str, t.Any] | None,
) -> dict[str, t.Any] | None:
    if not metadata:
        return None
    try:
        return dict(metadata)
    except (TypeError, ValueError):
        raise TypeError("Metadata must be coercible to a dict") from None


def tx_extra(
    mode: str | None,
    bookmarks: t.Iterable[str] | None,
    metadata: t.Mapping[str, t.Any] | None,
    timeout: float | None,
    db: str | None,
    imp_user: str | None,
    bookmarks_hint: str = "as iterable",
) -> dict[str, t.Any]:
    """The ``extra`` map shared by auto-commit RUN and BEGIN.

    Only what differs from the server's defaults is sent: no entry for
    a write mode, an empty database, user, bookmark list or metadata,
    or a missing timeout.

    :param mode: access mode; only a read mode is sent (``"r"``)
    :param bookmarks: bookmark strings
    :param metadata: transaction metadata
    :param timeout: transaction timeout in seconds
    :param db: database name
    :param imp_user: user to impersonate
    :param bookmarks_hint: how the bookmarks type error words the
        expected type (it differs between protocol versions)
    :returns: the map to send
    :raises TypeError: bookmarks not iterable, metadata not a mapping
    :raises ValueError: negative timeout
    """
    # the caller's values are checked (and may raise) before anything is
    # assembled, in the official driver's order (metadata, then timeout);
    # the entries keep the order the server logs show
    tx_metadata = _metadata_map(metadata) if metadata else None
    extra: dict[str, t.Any] = {}
    if timeout is not None:
        timeout_ms = tx_timeout_as_ms(timeout)
    if mode is not None and wire_str(mode) in _READ_MODES:
        extra["mode"] = "r"
    if db:
        extra["db"] = db
    if imp_user:
        extra["imp_user"] = imp_user
    if bookmarks:
        extra["bookmarks"] = _bookmark_list(bookmarks, bookmarks_hint)
    if tx_metadata:
        extra["tx_metadata"] = tx_metadata
    if timeout is not None:
        extra["tx_timeout"] = timeout_ms
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
