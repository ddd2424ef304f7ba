"""Temporal types with nanosecond precision, as used by Neo4j/Bolt.

Public API (same as the official driver): :class:`Date`, :class:`Time`,
:class:`DateTime`, :class:`Duration`, the sentinels :data:`ZeroDate`,
:data:`Midnight`, :data:`Midday`, :data:`Never`, :data:`UnixEpoch` and the
limits :data:`MIN_YEAR`, :data:`MAX_YEAR`, :data:`MIN_INT64`,
:data:`MAX_INT64`.  ``ClockTime`` is still reachable as an attribute but
deprecated (accessing it warns).

Internal helpers for the Bolt codec (stable within this package):

* ``Date.from_ordinal(ordinal)`` and ``Date._from_epoch_days(days)``
  (days since 1970-01-01); ``Date._to_epoch_days()`` for dehydration.
* ``Time.from_ticks(ns, tz=None)`` (nanoseconds since midnight, tzinfo
  attached as is); ``Time.ticks`` and ``Time.utc_offset()`` to dehydrate.
* ``DateTime._from_epoch(seconds, nanoseconds, tzinfo)``: UTC seconds and
  nanoseconds since the epoch, shown as wall time in ``tzinfo`` (via
  ``tzinfo.fromutc``, so zoneinfo folds are kept; ``None`` gives naive
  UTC).  Used for Bolt ``I``/``i`` structs.
* ``DateTime._from_local_epoch(seconds, nanoseconds, tzinfo=None,
  fold=0)``: wall-clock seconds since 1970-01-01T00:00 with ``tzinfo``
  attached unchanged (Bolt ``d`` and legacy ``F``/``f``).
* ``DateTime._to_epoch()`` -> ``(seconds, nanoseconds)`` of the UTC
  instant (naive values count as UTC wall time) and
  ``DateTime._to_local_epoch()`` -> wall-clock ``(seconds, nanoseconds)``.
* ``Duration(months=, days=, seconds=, nanoseconds=)`` (normalised the
  same way the server value is interpreted by the official driver).
"""

from __future__ import annotations

import typing as t

from . import _clock
from ._constants import (
    AVERAGE_SECONDS_IN_DAY as _AVERAGE_SECONDS_IN_DAY,
    AVERAGE_SECONDS_IN_MONTH as _AVERAGE_SECONDS_IN_MONTH,
    CLOCK_TIME_DEPRECATION as _CLOCK_TIME_DEPRECATION,
    MAX_INT64,
    MAX_YEAR,
    MIN_INT64,
    MIN_YEAR,
    NANO_SECONDS as _NANO_SECONDS,
)
from ._date import Date, ZeroDate
from ._datetime import DateTime, Never, UnixEpoch
from ._deprecation import deprecation_warn as _deprecation_warn
from ._duration import Duration
from ._time import Midday, Midnight, Time


if t.TYPE_CHECKING:
    from ._clock import ClockTime  # noqa: F401 (deprecated re-export)


__all__ = [
    "MAX_INT64",
    "MAX_YEAR",
    "MIN_INT64",
    "MIN_YEAR",
    "Date",
    "DateTime",
    "Duration",
    "Midday",
    "Midnight",
    "Never",
    "Time",
    "UnixEpoch",
    "ZeroDate",
]

_Clock = _clock._Clock
_ClockTime = _clock.ClockTime

_private = (
    _AVERAGE_SECONDS_IN_DAY,
    _AVERAGE_SECONDS_IN_MONTH,
    _Clock,
    _ClockTime,
    _NANO_SECONDS,
)


def __getattr__(name: str) -> t.Any:
    if name == "ClockTime":
        _deprecation_warn(_CLOCK_TIME_DEPRECATION, stack_level=2)
        return _ClockTime
    raise AttributeError(f"module {__name__} has no attribute {name}")
