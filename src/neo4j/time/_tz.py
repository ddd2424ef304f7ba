"""Helpers to query :class:`datetime.tzinfo` objects safely."""

from __future__ import annotations

import typing as t
from datetime import timedelta


if t.TYPE_CHECKING:
    from datetime import datetime, tzinfo as TzInfo


__all__ = ["checked_dst", "checked_utcoffset", "offset_ns"]

_ONE_DAY = timedelta(days=1)


def _vetted(answer: object, query: str) -> timedelta | None:
    # A tzinfo answers None (unknown) or a timedelta strictly inside
    # (-1 day, +1 day); anything else is a broken tzinfo implementation.
    if answer is None:
        return None
    if not isinstance(answer, timedelta):
        raise TypeError(
            f"tzinfo.{query}() must return None or a timedelta, "
            f"not {type(answer).__name__}"
        )
    if -_ONE_DAY < answer < _ONE_DAY:
        return answer
    raise ValueError(
        f"tzinfo.{query}() returned {answer!r}; "
        "it must lie strictly between -1 and +1 day"
    )


def checked_utcoffset(tz: TzInfo, dt: datetime | None) -> timedelta | None:
    """
    ``tz.utcoffset(dt)`` with the result validated.

    :raises TypeError: if the tzinfo returns something odd
    :raises ValueError: if the offset is not strictly within one day
    """
    return _vetted(tz.utcoffset(dt), "utcoffset")


def checked_dst(tz: TzInfo | None, dt: datetime | None) -> timedelta | None:
    """
    ``tz.dst(dt)`` with the result validated (None for naive values).

    :raises TypeError: if the tzinfo returns something odd
    :raises ValueError: if the DST adjustment is not within one day
    """
    if tz is None:
        return None
    return _vetted(tz.dst(dt), "dst")


def offset_ns(offset: timedelta) -> int:
    """:returns: ``offset`` in whole nanoseconds."""
    return (
        offset.days * 86_400 + offset.seconds
    ) * 1_000_000_000 + offset.microseconds * 1000
