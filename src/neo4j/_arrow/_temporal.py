"""
Dates, date-times, times and durations.

* ``Date`` -> ``date32`` (days since 1970-01-01).
* ``DateTime`` without a zone (Cypher ``LOCAL DATETIME``) ->
  ``timestamp[ns]`` of the wall-clock time.
* ``DateTime`` with a zone (``ZONED DATETIME``) -> ``timestamp[ns, tz]``:
  Arrow stores the UTC instant and names one zone per column.  When all
  values of the column carry the same zone (the same IANA id, or the
  same fixed offset), that zone is the column's; when zones differ, the
  column's zone is ``UTC``: every instant is kept exactly, the zone of
  each value is not (return ``dt.timezone`` as a column of its own
  where it matters).
* ``Time`` without an offset (``LOCAL TIME``) -> ``time64[ns]``; with an
  offset (``ZONED TIME``) -> ``time64[ns]`` of the time in UTC (as a
  timestamp keeps the UTC instant), e.g. ``09:30+02:00`` -> ``07:30``.
* ``Duration`` -> ``month_day_nano_interval`` (months, days and
  ``seconds * 10**9 + nanoseconds``), or the struct
  ``{months, days, seconds, nanoseconds}`` when intervals are not
  wanted (Polars cannot import them).

Nanoseconds are kept everywhere.  A zoned and a local value in one
column raise :class:`.ArrowConversionError`, as does a date-time
outside the range of a nanosecond timestamp (years 1677 to 2262) and a
duration whose parts exceed the interval's (32-bit months and days,
64-bit nanoseconds).
"""

from __future__ import annotations

import datetime as _dt
import struct
import typing as t

import pyarrow as pa

from ..time._zone import ZoneState
from ._buffers import assemble, validity
from ._errors import ArrowConversionError


if t.TYPE_CHECKING:
    from ._convert import Options


__all__ = ["date_times", "dates", "durations", "times", "zone_name"]

_EPOCH_ORDINAL: t.Final = 719_163  # date(1970, 1, 1).toordinal()
_NS_PER_DAY: t.Final = 86_400 * 10**9
#: one month_day_nano_interval value: int32 months, int32 days, int64
#: nanoseconds, in the machine's byte order (Arrow's), unpadded
_INTERVAL: t.Final = struct.Struct("=iiq")
_UTC: t.Final = "UTC"
_UNSEEN: t.Final = -1 << 64  # no offset is that large
#: zone classes whose instances have one UTC offset each (a zone state
#: of the server's date-times, or a fixed offset)
_ONE_OFFSET: t.Final = frozenset({_dt.timezone, ZoneState})


def _offset_ns(offset: _dt.timedelta) -> int:
    return (
        offset.days * 86_400 + offset.seconds
    ) * 1_000_000_000 + offset.microseconds * 1000


def zone_name(zone: _dt.tzinfo, offset: _dt.timedelta) -> str | None:
    """The name Arrow knows ``zone`` by: an IANA id, ``UTC`` or a fixed
    ``+HH:MM`` offset; None if it has none.

    :param zone: the tzinfo of a value
    :param offset: the value's UTC offset (for fixed-offset zones)
    """
    for attribute in ("zone", "key"):  # ours and pytz, zoneinfo
        name = getattr(zone, attribute, None)
        if isinstance(name, str) and name:
            return name
    if zone is _dt.timezone.utc:
        return _UTC
    if isinstance(zone, _dt.timezone):
        minutes, rest = divmod(_offset_ns(offset), 60 * 10**9)
        if rest:
            return None
        sign = "-" if minutes < 0 else "+"
        hours, minutes = divmod(abs(minutes), 60)
        return f"{sign}{hours:02d}:{minutes:02d}"
    return None


def _mixed_zoning(path: str, what: str) -> ArrowConversionError:
    return ArrowConversionError(
        path,
        f"mixes {what} with and without a time zone; an Arrow column "
        "holds one type",
    )


def dates(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``date32`` from :class:`neo4j.time.Date`."""
    epoch = _EPOCH_ORDINAL
    days = [None if v is None else v.to_ordinal() - epoch for v in values]
    return pa.array(days, pa.date32())


def date_times(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``timestamp[ns]`` or ``timestamp[ns, zone]`` from
    :class:`neo4j.time.DateTime`."""
    stamps: list[int | None] = []
    names: dict[_dt.tzinfo, str | None] = {}
    #: zone -> its offset in ns if it has one offset only, else None
    offsets: dict[_dt.tzinfo, int | None] = {}
    local = zoned = False
    append = stamps.append
    for value in values:
        if value is None:
            append(None)
            continue
        zone = value.tzinfo
        if zone is None:
            local = True
            append(value._local_ns())
            continue
        zoned = True
        offset = offsets.get(zone, _UNSEEN)
        if offset is None:  # a zone whose offset varies: ask each value
            offset = _offset_ns(value.utc_offset())
        elif offset is _UNSEEN:
            delta = value.utc_offset()
            names[zone] = zone_name(zone, delta)
            offset = _offset_ns(delta)
            offsets[zone] = offset if type(zone) in _ONE_OFFSET else None
        append(value._local_ns() - offset)
    if local and zoned:
        raise _mixed_zoning(path, "date-times")
    zone_names = set(names.values())
    column_zone = None
    if zoned:
        column_zone = zone_names.pop() if len(zone_names) == 1 else None
        if column_zone is None:
            column_zone = _UTC
    try:
        return pa.array(stamps, pa.timestamp("ns", column_zone))
    except (OverflowError, pa.ArrowInvalid) as error:
        raise ArrowConversionError(
            path,
            "a date-time is outside the range of timestamp[ns] (years "
            "1677 to 2262)",
        ) from error


def times(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``time64[ns]`` from :class:`neo4j.time.Time` (zoned: in UTC)."""
    ticks: list[int | None] = []
    append = ticks.append
    local = zoned = False
    for value in values:
        if value is None:
            append(None)
            continue
        if value.tzinfo is None:
            local = True
            append(value.ticks)
        else:
            zoned = True
            offset = _offset_ns(value.utc_offset())
            append((value.ticks - offset) % _NS_PER_DAY)
    if local and zoned:
        raise _mixed_zoning(path, "times")
    return pa.array(ticks, pa.time64("ns"))


def durations(values: list[t.Any], path: str, options: Options) -> t.Any:
    """``month_day_nano_interval`` (or a struct) from
    :class:`neo4j.time.Duration`."""
    if not options.intervals:
        return _duration_structs(values)
    # the interval's memory layout, packed here: pyarrow's conversion of
    # Python tuples to intervals costs microseconds per value
    pack = _INTERVAL.pack
    blank = bytes(_INTERVAL.size)
    parts: list[bytes] = []
    append = parts.append
    for value in values:
        if value is None:
            append(blank)
            continue
        months, days, seconds, nanoseconds = value
        try:
            append(pack(months, days, seconds * 1_000_000_000 + nanoseconds))
        except struct.error:
            raise ArrowConversionError(
                path,
                f"the duration {value} does not fit month_day_nano_interval "
                "(32-bit months and days, 64-bit nanoseconds)",
            ) from None
    return pa.Array.from_buffers(
        pa.month_day_nano_interval(),
        len(values),
        [validity(values), pa.py_buffer(b"".join(parts))],
    )


#: the fields of a duration as a struct
DURATION_FIELDS: t.Final = (
    ("months", pa.int64()),
    ("days", pa.int64()),
    ("seconds", pa.int64()),
    ("nanoseconds", pa.int32()),
)


def _duration_structs(values: list[t.Any]) -> t.Any:
    present = [(0, 0, 0, 0) if v is None else v for v in values]
    children = [
        pa.array([p[index] for p in present], arrow_type)
        for index, (_, arrow_type) in enumerate(DURATION_FIELDS)
    ]
    arrow_type = pa.struct(list(DURATION_FIELDS))
    return assemble(arrow_type, len(values), [validity(values)], children)
