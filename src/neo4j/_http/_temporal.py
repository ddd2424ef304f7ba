"""Temporal and spatial values as the Query API writes them: ISO 8601
text (``2024-05-01T12:00:00+02:00[Europe/Berlin]``, ``P1Y2DT3.5S``) and
WKT points (``SRID=4326;POINT (12.5 55.6)``).

Both directions go through the PackStream field layout of the Bolt
hydration code: received text is split into the fields of the matching
Bolt structure (days since the epoch, nanoseconds since midnight, UTC
seconds plus offset or zone) and handed to the Bolt hydration
functions, so a value read over HTTP is the same object as one read
over Bolt; a parameter is first turned into its Bolt structure by the
Bolt dehydration rules (which already accept ``datetime``, numpy and
pandas values) and the structure's fields are then written as text.
"""

from __future__ import annotations

import math
import re
import typing as t

from .._codec.hydration._spatial import hydrate_point
from .._codec.hydration._temporal import (
    EPOCH_ORDINAL,
    hydrate_date,
    hydrate_datetime_legacy,
    hydrate_datetime_utc,
    hydrate_duration,
    hydrate_local_datetime,
    hydrate_time,
)
from ..time import Date
from ._errors import QueryApiProtocolError


if t.TYPE_CHECKING:
    from ..spatial import Point
    from ..time import DateTime, Duration, Time


__all__ = [
    "format_clock",
    "format_date",
    "format_duration",
    "format_offset",
    "format_point",
    "format_wall",
    "parse_date",
    "parse_duration",
    "parse_local_datetime",
    "parse_local_time",
    "parse_offset_datetime",
    "parse_point",
    "parse_time",
    "parse_zoned_datetime",
]

_NANO: t.Final = 1_000_000_000
_DAY: t.Final = 86_400

_DATE = r"([+-]?\d{4,})-(\d{2})-(\d{2})"
_CLOCK = r"(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
_OFFSET = r"(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)"

_DATE_RE: t.Final = re.compile(_DATE)
_LOCAL_TIME_RE: t.Final = re.compile(_CLOCK)
_TIME_RE: t.Final = re.compile(_CLOCK + _OFFSET)
_LOCAL_DATETIME_RE: t.Final = re.compile(_DATE + "T" + _CLOCK)
_OFFSET_DATETIME_RE: t.Final = re.compile(_DATE + "T" + _CLOCK + _OFFSET)
_ZONED_DATETIME_RE: t.Final = re.compile(
    _DATE + "T" + _CLOCK + _OFFSET + r"?\[([^\]]+)\]"
)
_DURATION_RE: t.Final = re.compile(
    r"P(?:([+-]?\d+)Y)?(?:([+-]?\d+)M)?(?:([+-]?\d+)W)?(?:([+-]?\d+)D)?"
    r"(?:T(?:([+-]?\d+)H)?(?:([+-]?\d+)M)?"
    r"(?:([+-]?\d+)(?:[.,](\d{1,9}))?S)?)?"
)
_NUMBER = r"([^\s()]+)"
_POINT_RE: t.Final = re.compile(
    r"SRID=(\d+);\s*POINT(?:\s+Z)?\s*\(\s*"
    + _NUMBER
    + r"\s+"
    + _NUMBER
    + r"(?:\s+"
    + _NUMBER
    + r")?\s*\)"
)


def _match(pattern: re.Pattern[str], kind: str, text: object) -> re.Match[str]:
    if not isinstance(text, str):
        raise QueryApiProtocolError(f"expected {kind} string, got: {text!r}")
    found = pattern.fullmatch(text)
    if found is None:
        raise QueryApiProtocolError(f"expected {kind} string, got: {text!r}")
    return found


def _days(year: str, month: str, day: str) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return Date(int(year), int(month), int(day)).to_ordinal() - EPOCH_ORDINAL


def _clock_nanos(
    hours: str, minutes: str, seconds: str | None, fraction: str | None
) -> int:
    """Nanoseconds since midnight of a wall-clock time."""
    whole = int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)
    return whole * _NANO + int((fraction or "").ljust(9, "0"))


def _offset_seconds(text: str) -> int:
    if text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes, seconds = digits[:2], digits[2:4], digits[4:6]
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return sign * total


def _wall_fields(groups: t.Sequence[str | None]) -> tuple[int, int]:
    """Wall-clock seconds since the epoch and nanoseconds of the date and
    clock groups (the first seven)."""
    year, month, day, hours, minutes, seconds, fraction = groups[:7]
    assert year is not None and month is not None and day is not None
    assert hours is not None and minutes is not None
    nanos = _clock_nanos(hours, minutes, seconds, fraction)
    clock_seconds, rest = divmod(nanos, _NANO)
    return _days(year, month, day) * _DAY + clock_seconds, rest


# -- parsing ---------------------------------------------------------------


def parse_date(text: object) -> Date:
    """``Date``: ``2024-05-01``."""
    year, month, day = _match(_DATE_RE, "date", text).groups()
    return hydrate_date(_days(year, month, day))


def parse_local_time(text: object) -> Time:
    """``LocalTime``: ``12:30:15.5``."""
    hours, minutes, seconds, fraction = _match(
        _LOCAL_TIME_RE, "local time", text
    ).groups()
    return hydrate_time(_clock_nanos(hours, minutes, seconds, fraction))


def parse_time(text: object) -> Time:
    """``Time``: ``12:30:15.5+02:00``."""
    hours, minutes, seconds, fraction, offset = _match(
        _TIME_RE, "time", text
    ).groups()
    nanos = _clock_nanos(hours, minutes, seconds, fraction)
    return hydrate_time(nanos, _offset_seconds(offset))


def parse_local_datetime(text: object) -> DateTime:
    """``LocalDateTime``: ``2024-05-01T12:30:15``."""
    groups = _match(_LOCAL_DATETIME_RE, "local datetime", text).groups()
    return hydrate_local_datetime(*_wall_fields(groups))


def parse_offset_datetime(text: object) -> DateTime:
    """``OffsetDateTime``: ``2024-05-01T12:30:15-05:00``."""
    groups = _match(_OFFSET_DATETIME_RE, "offset datetime", text).groups()
    wall, nanos = _wall_fields(groups)
    offset = _offset_seconds(t.cast(str, groups[7]))
    return hydrate_datetime_utc(wall - offset, nanos, offset)


def parse_zoned_datetime(text: object) -> DateTime:
    """``ZonedDateTime``: ``2024-05-01T12:30:15+02:00[Europe/Berlin]``.

    The offset decides the instant (a wall time a zone shows twice is
    unambiguous with it); without one the wall time is read in the zone.
    """
    groups = _match(_ZONED_DATETIME_RE, "zoned datetime", text).groups()
    wall, nanos = _wall_fields(groups)
    offset, zone_id = groups[7], t.cast(str, groups[8])
    if offset is None:
        return hydrate_datetime_legacy(wall, nanos, zone_id)
    return hydrate_datetime_utc(wall - _offset_seconds(offset), nanos, zone_id)


def parse_duration(text: object) -> Duration:
    """``Duration``: ``P1Y2M3W4DT5H6M7.5S`` (any part may be signed)."""
    found = _match(_DURATION_RE, "duration", text)
    if text == "P" or str(text).endswith("T"):
        raise QueryApiProtocolError(f"expected duration string, got: {text!r}")
    years, months, weeks, days, hours, minutes, seconds, fraction = (
        found.groups()
    )
    nanos = int((fraction or "").ljust(9, "0"))
    if seconds is not None and seconds.startswith("-"):
        nanos = -nanos
    return hydrate_duration(
        int(years or 0) * 12 + int(months or 0),
        int(weeks or 0) * 7 + int(days or 0),
        int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0),
        nanos,
    )


def parse_point(text: object) -> Point:
    """``Point``: ``SRID=7203;POINT (1.0 2.0)`` or ``POINT Z (x y z)``."""
    srid, *numbers = _match(_POINT_RE, "spatial point", text).groups()
    coordinates = [float(n) for n in numbers if n is not None]
    return hydrate_point(int(srid), *coordinates)


# -- formatting ------------------------------------------------------------


def format_date(days: int) -> str:
    """The ISO date ``days`` after 1970-01-01."""
    return Date.from_ordinal(EPOCH_ORDINAL + days).iso_format()


def format_clock(nanos: int) -> str:
    """``HH:MM:SS`` plus nine fraction digits when not on the second."""
    seconds, fraction = divmod(nanos, _NANO)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    if fraction:
        text += f".{fraction:09d}"
    return text


def format_offset(seconds: int) -> str:
    """``+HH:MM`` (``+HH:MM:SS`` when not on the minute)."""
    sign = "-" if seconds < 0 else "+"
    minutes, second = divmod(abs(seconds), 60)
    hour, minute = divmod(minutes, 60)
    text = f"{sign}{hour:02d}:{minute:02d}"
    if second:
        text += f":{second:02d}"
    return text


def format_wall(seconds: int, nanos: int) -> str:
    """The ISO local date-time of wall-clock seconds since the epoch."""
    days, clock = divmod(seconds, _DAY)
    return f"{format_date(days)}T{format_clock(clock * _NANO + nanos)}"


def format_duration(months: int, days: int, seconds: int, nanos: int) -> str:
    """``P<m>M<d>DT<s>S``: the exact components, nothing normalised
    (a month stays a month, a day a day)."""
    total = seconds * _NANO + nanos
    sign = "-" if total < 0 else ""
    whole, fraction = divmod(abs(total), _NANO)
    clock = f"{sign}{whole}"
    if fraction:
        clock += f".{fraction:09d}"
    return f"P{months}M{days}DT{clock}S"


def _coordinate(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def format_point(srid: int, coordinates: t.Sequence[float]) -> str:
    """WKT with SRID: ``SRID=4326;POINT (x y)`` / ``POINT Z (x y z)``."""
    kind = "POINT" if len(coordinates) == 2 else "POINT Z"
    numbers = " ".join(_coordinate(c) for c in coordinates)
    return f"SRID={srid};{kind} ({numbers})"
