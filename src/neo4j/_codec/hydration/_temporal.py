"""Temporal structures.

Tags: ``D`` date (days since the Unix epoch), ``T`` time with offset /
``t`` local time (nanoseconds since midnight), ``d`` local date-time,
``E`` duration, and the zoned date-times: legacy ``F``/``f`` (seconds
counted on the local wall clock, Bolt 4.4 without the ``utc`` patch) and
``I``/``i`` (seconds counted in UTC, Bolt 5+ or 4.4 with the patch).
``F``/``I`` carry an offset in seconds, ``f``/``i`` a zone id.
"""

from __future__ import annotations

import datetime as _dt
import typing as t
import zoneinfo

from ...time import (
    Date,
    DateTime,
    Duration,
    Time,
)
from ...time._constants import (
    AVERAGE_SECONDS_IN_MONTH as _MONTH_SECONDS,
    MAX_INT64 as _MAX_INT64,
    MAX_ORDINAL,
    MIN_INT64 as _MIN_INT64,
)
from ...time._zone import NamedZone, ZoneState
from ..packstream import Structure
from ..packstream._structure import _new_structure


__all__ = [
    "dehydrate_date",
    "dehydrate_datetime_legacy",
    "dehydrate_datetime_utc",
    "dehydrate_duration",
    "dehydrate_time",
    "dehydrate_timedelta",
    "fast_date",
    "fast_datetime_utc",
    "fast_duration",
    "hydrate_date",
    "hydrate_datetime_legacy",
    "hydrate_datetime_utc",
    "hydrate_duration",
    "hydrate_local_datetime",
    "hydrate_time",
]


EPOCH_ORDINAL: t.Final = 719_163  # datetime.date(1970, 1, 1).toordinal()
NANO: t.Final = 1_000_000_000
_DAY: t.Final = 86_400


_UTC: t.Final = _dt.timezone.utc
_ZoneInfo: t.Final = zoneinfo.ZoneInfo
_NamedZone: t.Final = NamedZone
_ZoneState: t.Final = ZoneState
_new_date = Date._from_epoch_days
_new_local_dt = DateTime._from_local_epoch
_new_utc_dt = DateTime._from_epoch

# Small caches: a result usually repeats a handful of offsets and zones.
# Both stay bounded (cleared when full) so hostile data cannot grow them.
_CACHE_MAX: t.Final = 512
_OFFSETS: dict[int, _dt.timezone] = {}
_ZONES: dict[str, NamedZone] = {}


def fixed_offset(seconds: int) -> _dt.tzinfo:
    """Return a tzinfo for a constant UTC offset given in seconds.

    The standard library's :class:`datetime.timezone` is used: the driver
    has no runtime dependency on pytz (pytz zones are still accepted as
    parameters).  Instances are shared per offset.

    :param seconds: offset east of UTC
    :returns: the tzinfo
    :raises ValueError: if the offset is not within one day
    """
    try:
        return _OFFSETS[seconds]
    except KeyError:
        pass
    tz = _dt.timezone(_dt.timedelta(seconds=seconds))
    if len(_OFFSETS) >= _CACHE_MAX:
        _OFFSETS.clear()
    _OFFSETS[seconds] = tz
    return tz


def zone(zone_id: str) -> NamedZone:
    """Look up a named time zone in the IANA database (:mod:`zoneinfo`).

    The result is a :class:`~neo4j.time._zone.NamedZone`: a
    ``ZoneInfo`` that also answers pytz's ``zone``, ``localize`` and
    ``normalize`` (the official driver returns pytz zones).  Date-times
    built with it carry the zone's state at their instant
    (:class:`~neo4j.time._zone.ZoneState`), so they compare and
    subtract exactly, as pytz-zoned ones do.  Instances are shared per
    key.

    :param zone_id: IANA zone id, e.g. ``"Europe/Stockholm"``
    :returns: the zone
    :raises KeyError: (``zoneinfo.ZoneInfoNotFoundError``) for unknown ids
    :raises ValueError: for ids that are not valid keys
    """
    try:
        return _ZONES[zone_id]
    except (KeyError, TypeError):
        pass
    tz = _NamedZone(zone_id)
    if len(_ZONES) >= _CACHE_MAX:
        _ZONES.clear()
    _ZONES[zone_id] = tz
    return tz


# --- hydration -----------------------------------------------------------


def _require_ints(*parts: object) -> None:
    # the numbers of a temporal structure; anything else (a string, a
    # nested list) must not reach the arithmetic, which would repeat it
    # instead of failing (a memory and time blow-up from one message)
    for part in parts:
        if type(part) is not int:
            raise TypeError(
                f"Temporal components must be integers, got {part!r:.40}"
            )


def _require_zone(tz: object) -> None:
    if type(tz) is not int and type(tz) is not str:
        raise TypeError(
            f"Time zone must be an offset or an id, got {tz!r:.40}"
        )


def hydrate_date(days: int) -> Date:
    """``D``: days since 1970-01-01.

    :param days: day offset (may be negative)
    :returns: the date
    """
    _require_ints(days)
    return _new_date(days)


def hydrate_time(nanoseconds: int, offset: int | None = None) -> Time:
    """``t`` (local) and ``T`` (with offset): nanoseconds since midnight.

    :param nanoseconds: nanoseconds since midnight (local wall clock)
    :param offset: UTC offset in seconds for ``T``
    :returns: the time
    """
    _require_ints(nanoseconds)
    if offset is not None:
        _require_ints(offset)
    if offset is None:
        return Time.from_ticks(nanoseconds)
    return Time.from_ticks(nanoseconds, fixed_offset(offset))


def _combine_local(
    seconds: int, nanoseconds: int, tz: _dt.tzinfo | None
) -> DateTime:
    # General (slow) path: keeps the exact outcome for unusual input
    # (nanoseconds out of range, the day before 0001-01-01 = ZeroDate).
    days, secs = divmod(seconds, _DAY)
    value = DateTime.combine(
        Date.from_ordinal(EPOCH_ORDINAL + days),
        Time.from_ticks(secs * NANO + nanoseconds),
    )
    return value if tz is None else value.replace(tzinfo=tz)


def hydrate_local_datetime(seconds: int, nanoseconds: int) -> DateTime:
    """``d``: wall-clock seconds since the epoch plus nanoseconds.

    :param seconds: seconds since 1970-01-01T00:00 on the wall clock
    :param nanoseconds: 0 to 999,999,999
    :returns: a naive date-time
    """
    _require_ints(seconds, nanoseconds)
    if 0 <= nanoseconds < NANO:
        try:
            return _new_local_dt(seconds, nanoseconds)
        except ValueError:
            pass
    return _combine_local(seconds, nanoseconds, None)


def hydrate_datetime_legacy(
    seconds: int, nanoseconds: int, tz: int | str
) -> DateTime:
    """``F``/``f``: local wall-clock seconds plus an offset or zone id.

    A wall time that a zone shows twice (DST fold) or skips (DST gap) is
    read as standard time, as pytz's ``localize`` does by default (what
    the official driver does); the wall time is kept as sent.

    :param seconds: wall-clock seconds since the epoch
    :param nanoseconds: 0 to 999,999,999
    :param tz: offset in seconds (``F``) or zone id (``f``)
    :returns: an aware date-time
    """
    _require_ints(seconds, nanoseconds)
    _require_zone(tz)
    if isinstance(tz, int):
        target = fixed_offset(tz)
        if 0 <= nanoseconds < NANO:
            try:
                return _new_local_dt(seconds, nanoseconds, target)
            except ValueError:
                pass
        return _combine_local(seconds, nanoseconds, target)
    named = zone(tz)
    wall = hydrate_local_datetime(seconds, nanoseconds)
    return named.localize(wall)


def hydrate_datetime_utc(
    seconds: int, nanoseconds: int, tz: int | str
) -> DateTime:
    """``I``/``i``: UTC seconds plus an offset or zone id.

    :param seconds: seconds since the epoch, in UTC
    :param nanoseconds: 0 to 999,999,999
    :param tz: offset in seconds (``I``) or zone id (``i``)
    :returns: an aware date-time shown in the given zone (a zone id
        gives the zone's state at that instant, see :func:`zone`)
    """
    _require_ints(seconds, nanoseconds)
    _require_zone(tz)
    target = fixed_offset(tz) if isinstance(tz, int) else zone(tz)
    if 0 <= nanoseconds < NANO:
        try:
            return _new_utc_dt(seconds, nanoseconds, target)
        except ValueError:
            pass
    utc = _combine_local(seconds, nanoseconds, _UTC)
    return utc.as_timezone(target)


def hydrate_duration(
    months: int, days: int, seconds: int, nanoseconds: int
) -> Duration:
    """``E``: the four duration components.

    :returns: the duration
    :raises TypeError: a component is not an integer
    """
    _require_ints(months, days, seconds, nanoseconds)
    return Duration(
        months=months, days=days, seconds=seconds, nanoseconds=nanoseconds
    )


# --- fast hooks ------------------------------------------------------------
#
# The decoder calls a hook once per value, so the frequent structures get
# hooks that build the value in one frame: no guard wrapper, no helper
# calls, the objects filled slot by slot (as the private constructors of
# :mod:`neo4j.time` do).  Each takes the common case only (exact ints,
# values in range) and hands anything else to ``slow``, the guarded
# general hook, so results and errors stay the same.

_Hook = t.Callable[..., t.Any]
_new = object.__new__
_date_from_ordinal = _dt.date.fromordinal
_new_tuple = tuple.__new__
_MIN_DAYS: t.Final = -EPOCH_ORDINAL  # exclusive: ordinal 0 is ZeroDate
_MAX_DAYS: t.Final = MAX_ORDINAL - EPOCH_ORDINAL
_NS_PER_DAY: t.Final = _DAY * NANO


def fast_date(slow: _Hook) -> _Hook:
    """The ``D`` hook: :func:`hydrate_date` in one frame.

    :param slow: the guarded :func:`hydrate_date`, for anything unusual
    :returns: the hook
    """

    def date_hook(*fields: t.Any) -> t.Any:
        if len(fields) == 1:
            days = fields[0]
            if days.__class__ is int and _MIN_DAYS < days <= _MAX_DAYS:
                ordinal = days + EPOCH_ORDINAL
                n = _date_from_ordinal(ordinal)
                obj = _new(Date)
                obj._ordinal = ordinal
                obj._year = n.year
                obj._month = n.month
                obj._day = n.day
                return obj
        return slow(*fields)

    return date_hook


def fast_datetime_utc(slow: _Hook) -> _Hook:
    """The ``I`` hook: :func:`hydrate_datetime_utc` in one frame.

    Handles an offset already in the offset cache (:func:`fixed_offset`
    fills it on the first, slow, call); zone ids take the slow path.

    :param slow: the guarded :func:`hydrate_datetime_utc`
    :returns: the hook
    """
    offsets = _OFFSETS

    def datetime_hook(*fields: t.Any) -> t.Any:
        if len(fields) == 3:
            seconds, nanos, tz = fields
            if (
                tz.__class__ is int
                and seconds.__class__ is int
                and nanos.__class__ is int
                and 0 <= nanos < NANO
            ):
                tzinfo = offsets.get(tz)
                if tzinfo is not None:
                    days, ticks = divmod(
                        (seconds + tz) * NANO + nanos, _NS_PER_DAY
                    )
                    if _MIN_DAYS < days <= _MAX_DAYS:
                        ordinal = days + EPOCH_ORDINAL
                        n = _date_from_ordinal(ordinal)
                        secs, nanosecond = divmod(ticks, NANO)
                        minutes, second = divmod(secs, 60)
                        day = _new(Date)
                        day._ordinal = ordinal
                        day._year = n.year
                        day._month = n.month
                        day._day = n.day
                        time = _new(Time)
                        time._ticks = ticks
                        time._hour = minutes // 60
                        time._minute = minutes % 60
                        time._second = second
                        time._nanosecond = nanosecond
                        time._tzinfo = tzinfo
                        obj = _new(DateTime)
                        obj._date = day
                        obj._time = time
                        obj._fold = 0
                        return obj
        return slow(*fields)

    return datetime_hook


def fast_duration(slow: _Hook) -> _Hook:
    """The ``E`` hook: :func:`hydrate_duration` in one frame.

    Takes the components as sent when they are already normalised
    (nanoseconds in ``0 ..< 10**9`` with non-negative seconds, or none)
    and in range.

    :param slow: the guarded :func:`hydrate_duration`
    :returns: the hook
    """

    def duration_hook(*fields: t.Any) -> t.Any:
        if len(fields) == 4:
            months, days, seconds, nanos = fields
            if (
                months.__class__ is int
                and days.__class__ is int
                and seconds.__class__ is int
                and nanos.__class__ is int
                and 0 <= nanos < NANO
                and (seconds >= 0 or not nanos)
                and _MIN_INT64 <= months <= _MAX_INT64
                and _MIN_INT64
                <= months * _MONTH_SECONDS + days * _DAY + seconds
                <= _MAX_INT64
            ):
                return _new_tuple(Duration, fields)
        return slow(*fields)

    return duration_hook


# --- dehydration ---------------------------------------------------------


def dehydrate_date(value: Date | _dt.date) -> Structure:
    """Encode a date as ``D``.

    :param value: :class:`neo4j.time.Date` or :class:`datetime.date`
    :returns: the structure
    """
    if isinstance(value, Date):
        return _new_structure(b"D", [value._to_epoch_days()])
    return _new_structure(b"D", [value.toordinal() - EPOCH_ORDINAL])


def _time_nanos(value: Time | _dt.time) -> int:
    if isinstance(value, Time):
        return value.ticks
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * NANO + value.microsecond * 1000


def dehydrate_time(value: Time | _dt.time) -> Structure:
    """Encode a time as ``t`` (naive) or ``T`` (with a UTC offset).

    :param value: :class:`neo4j.time.Time` or :class:`datetime.time`
    :returns: the structure
    :raises ValueError: if its tzinfo yields no fixed offset
    """
    nanos = _time_nanos(value)
    if value.tzinfo is None:
        return Structure(b"t", nanos)
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            "Time zone of a time value must provide a fixed UTC offset"
        )
    return Structure(b"T", nanos, _offset_seconds(offset))


def _offset_seconds(offset: _dt.timedelta) -> int:
    if offset.microseconds:
        raise ValueError(
            "a UTC offset with a sub-second part cannot be sent over Bolt"
        )
    return offset.days * _DAY + offset.seconds


def _wall_clock(value: DateTime | _dt.datetime) -> tuple[int, int]:
    """Seconds since the epoch on the value's wall clock, and nanos."""
    if isinstance(value, DateTime):
        # ZeroDate values (ordinal 0) keep the historical error below.
        if value.to_ordinal():
            return value._to_local_epoch()
        days = _dt.date(value.year, value.month, value.day).toordinal()
        return (
            (days - EPOCH_ORDINAL) * _DAY
            + value.hour * 3600
            + value.minute * 60
            + int(value.second)
        ), value.nanosecond
    days = value.toordinal() - EPOCH_ORDINAL
    return (
        days * _DAY + value.hour * 3600 + value.minute * 60 + value.second
    ), value.microsecond * 1000


def _zone_id(tz: _dt.tzinfo) -> str | None:
    if tz.__class__ is _ZoneState:
        return tz.zone
    if tz.__class__ is _NamedZone or tz.__class__ is _ZoneInfo:
        key = tz.key
        if key and isinstance(key, str):
            return key
    for attr in ("zone", "key"):  # pytz, zoneinfo
        name = getattr(tz, attr, None)
        if name and isinstance(name, str):
            return name
    return None


def _offset_or_fail(value: DateTime | _dt.datetime) -> _dt.timedelta:
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"Cannot determine the UTC offset of {value!r}")
    return offset


def _split(
    value: DateTime | _dt.datetime,
) -> tuple[int, int, _dt.tzinfo | None, _dt.timedelta | None]:
    """Wall-clock seconds, nanoseconds, tzinfo and UTC offset."""
    if value.__class__ is DateTime and value.to_ordinal():
        seconds, nanos = value._to_local_epoch()
        tz = value.tzinfo
        if tz is None:
            return seconds, nanos, None, None
        # same check as ``utcoffset()`` (raises for odd tzinfo answers)
        return seconds, nanos, tz, value.utc_offset()
    seconds, nanos = _wall_clock(value)
    tz = value.tzinfo
    if tz is None:
        return seconds, nanos, None, None
    return seconds, nanos, tz, value.utcoffset()


def dehydrate_datetime_utc(value: DateTime | _dt.datetime) -> Structure:
    """Encode a date-time as ``d``, ``I`` or ``i`` (UTC-based seconds).

    :param value: :class:`neo4j.time.DateTime` or
        :class:`datetime.datetime`
    :returns: the structure
    :raises ValueError: for sub-second UTC offsets
    """
    seconds, nanos, tz, offset = _split(value)
    if tz is None:
        return _new_structure(b"d", [seconds, nanos])
    if offset is None:
        raise ValueError(f"Cannot determine the UTC offset of {value!r}")
    offset_s = _offset_seconds(offset)
    name = _zone_id(tz)
    if name is not None:
        return _new_structure(b"i", [seconds - offset_s, nanos, name])
    return _new_structure(b"I", [seconds - offset_s, nanos, offset_s])


def dehydrate_datetime_legacy(value: DateTime | _dt.datetime) -> Structure:
    """Encode a date-time as ``d``, ``F`` or ``f`` (wall-clock seconds).

    :param value: :class:`neo4j.time.DateTime` or
        :class:`datetime.datetime`
    :returns: the structure
    """
    seconds, nanos = _wall_clock(value)
    tz = value.tzinfo
    if tz is None:
        return _new_structure(b"d", [seconds, nanos])
    name = _zone_id(tz)
    if name is not None:
        return _new_structure(b"f", [seconds, nanos, name])
    offset = _offset_or_fail(value)
    return _new_structure(b"F", [seconds, nanos, int(offset.total_seconds())])


def dehydrate_duration(value: Duration) -> Structure:
    """Encode a :class:`neo4j.time.Duration` as ``E``.

    :returns: the structure
    """
    return Structure(
        b"E", value.months, value.days, value.seconds, value.nanoseconds
    )


def dehydrate_timedelta(value: _dt.timedelta) -> Structure:
    """Encode a :class:`datetime.timedelta` as ``E`` (no months).

    :returns: the structure
    """
    return Structure(
        b"E", 0, value.days, value.seconds, value.microseconds * 1000
    )
