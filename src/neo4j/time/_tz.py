"""Helpers to query :class:`datetime.tzinfo` objects safely."""

from __future__ import annotations

import typing as t
from datetime import timedelta


if t.TYPE_CHECKING:
    from datetime import datetime, tzinfo as TzInfo


__all__ = ["checked_dst", "checked_utcoffset", "offset_ns"]

_ONE_DAY = timedelta(days=1)


def checked_utcoffset(tz: TzInfo, dt: datetime | None) -> timedelta | None:
    """
    ``tz.utcoffset(dt)`` with the result validated.

    :raises TypeError: if the tzinfo returns something odd
    :raises ValueError: if the offset is not strictly within one day
    """
    value = tz.utcoffset(dt)
    if value is None:
        return None
    if not isinstance(value, timedelta):
        raise TypeError("utcoffset must be a timedelta")
    if not -_ONE_DAY < value < _ONE_DAY:
        raise ValueError("utcoffset must be less than a day")
    return value


def checked_dst(tz: TzInfo | None, dt: datetime | None) -> timedelta | None:
    """
    ``tz.dst(dt)`` with the result validated.

    :raises TypeError: if the tzinfo returns something odd
    :raises ValueError: if the DST adjustment is not within one day
    """
    if tz is None:
        return None
    value = tz.dst(dt)
    if value is None:
        return None
    if not isinstance(value, timedelta):
        raise TypeError("dst must be a timedelta")
    if not -_ONE_DAY < value < _ONE_DAY:
        raise ValueError("dst must be less than a day")
    return value


def offset_ns(offset: timedelta) -> int:
    """:returns: ``offset`` in whole nanoseconds."""
    return (
        offset.days * 86_400 + offset.seconds
    ) * 1_000_000_000 + offset.microseconds * 1000
