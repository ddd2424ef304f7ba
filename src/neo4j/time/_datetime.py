"""The :class:`DateTime` type (date + nanosecond time + tzinfo)."""

from __future__ import annotations

import typing as t
from datetime import datetime as _native_datetime, timedelta, timezone

from ._clock import ClockTime, _Clock
from ._constants import (
    CLOCK_TIME_DEPRECATION,
    EPOCH_ORDINAL,
    MAX_ORDINAL,
    NANO_SECONDS,
    NS_PER_DAY,
    NS_PER_HOUR,
    NS_PER_MINUTE,
)
from ._date import Date, ZeroDate
from ._deprecation import deprecated
from ._duration import Duration
from ._metaclasses import DateTimeType
from ._temporal import Temporal, aware_pair
from ._time import Midnight, Time, format_offset
from ._tz import checked_dst, checked_utcoffset, offset_ns
from ._zone import ZoneState


if t.TYPE_CHECKING:
    from datetime import tzinfo as TzInfo


__all__ = ["DateTime", "Never", "UnixEpoch"]

_new = object.__new__
_fromordinal = _native_datetime.fromordinal
_fromtimestamp = _native_datetime.fromtimestamp
_date_new = Date._unchecked
_time_new = Time._unchecked


def _is_fixed(tz: TzInfo) -> bool:
    # Zones whose offset never changes: datetime.timezone and pytz's
    # UTC / FixedOffset / StaticTzInfo (which answer utcoffset(None)).
    if type(tz) is timezone:
        return True
    return type(tz).__module__.startswith("pytz") and (
        tz.utcoffset(None) is not None
    )


def _valid_fold(fold: int) -> int:
    # only the two values datetime.datetime knows are meaningful
    if fold == 0 or fold == 1:
        return fold
    raise ValueError("fold must be either 0 or 1")


def _native_ticks(value: _native_datetime) -> int:
    return (
        value.hour * NS_PER_HOUR
        + value.minute * NS_PER_MINUTE
        + value.second * NANO_SECONDS
        + value.microsecond * 1000
    )


class DateTime(
    Temporal["DateTime | _native_datetime"], metaclass=DateTimeType
):
    """
    A date and time of day with nanosecond precision.

    Aware values carry a :class:`datetime.tzinfo` (``datetime.timezone``,
    :mod:`zoneinfo` or :mod:`pytz` zones all work).  ``fold`` picks the
    second occurrence of an ambiguous wall time, as in
    :class:`datetime.datetime`.

    :param year: 1..9999 (all zeros gives a date of :data:`ZeroDate`)
    :param month: 1..12
    :param day: day of month, or -1..-3 counting from the end
    :param hour: 0..23
    :param minute: 0..59
    :param second: 0..59
    :param nanosecond: 0..999999999
    :param tzinfo: optional time zone
    :param fold: 0 or 1
    :raises ValueError: if a component is out of range
    """

    __slots__ = ("__dict__", "_date", "_fold", "_time")

    _date: Date
    _time: Time
    _fold: int

    min: t.ClassVar[DateTime]
    """The earliest date time."""
    max: t.ClassVar[DateTime]
    """The latest date time."""
    resolution: t.ClassVar[Duration]
    """The smallest step between two date times."""

    def __new__(
        cls,
        year: int,
        month: int,
        day: int,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        nanosecond: int = 0,
        tzinfo: TzInfo | None = None,
        *,
        fold: int = 0,
    ) -> DateTime:
        fold = _valid_fold(fold)
        day_part = Date(year, month, day)
        return cls._combine(
            day_part, Time(hour, minute, second, nanosecond, tzinfo), fold
        )

    @classmethod
    def _combine(cls, date: Date, time: Time, fold: int = 0) -> DateTime:
        obj = _new(cls)
        obj._date = date
        obj._time = time
        obj._fold = fold
        return obj

    # -- internal fast constructors (used by the Bolt codec) ------------

    @classmethod
    def _from_local_ns(
        cls, total: int, tz: TzInfo | None = None, fold: int = 0
    ) -> DateTime:
        # ``total``: wall-clock nanoseconds since 1970-01-01T00:00.
        days, ticks = divmod(total, NS_PER_DAY)
        ordinal = days + EPOCH_ORDINAL
        if not 0 < ordinal <= MAX_ORDINAL:
            raise ValueError(f"Ordinal out of range (1..{MAX_ORDINAL})")
        n = _fromordinal(ordinal)
        seconds, nanosecond = divmod(ticks, NANO_SECONDS)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        obj = _new(cls)
        obj._date = _date_new(ordinal, n.year, n.month, n.day)
        obj._time = _time_new(ticks, hour, minute, second, nanosecond, tz)
        obj._fold = fold
        return obj

    @classmethod
    def _from_local_epoch(
        cls,
        seconds: int,
        nanoseconds: int,
        tzinfo: TzInfo | None = None,
        fold: int = 0,
    ) -> DateTime:
        """
        Build from wall-clock seconds/nanoseconds since 1970-01-01T00:00.

        ``tzinfo`` is attached as is (no conversion, no pytz localize).
        """
        return cls._from_local_ns(
            seconds * NANO_SECONDS + nanoseconds, tzinfo, fold
        )

    @classmethod
    def _from_utc_ns(cls, total: int, tz: TzInfo | None) -> DateTime:
        if tz is None:
            return cls._from_local_ns(total)
        if _is_fixed(tz):
            offset = t.cast(timedelta, tz.utcoffset(None))
            return cls._from_local_ns(total + offset_ns(offset), tz)
        # Let the tzinfo map the instant to its wall time (``fromtimestamp``
        # calls ``tz.fromutc``, which also sets ``fold``); sub-second digits
        # never change the offset.
        seconds, nanosecond = divmod(total, NANO_SECONDS)
        try:
            local = _fromtimestamp(seconds, tz)
        except (OverflowError, OSError, ValueError):
            utc = cls._from_local_ns(seconds * NANO_SECONDS)
            local = tz.fromutc(utc._native_for_tz(0).replace(tzinfo=tz))
        return cls._from_native_ns(local, nanosecond)

    @classmethod
    def _from_epoch(
        cls, seconds: int, nanoseconds: int, tzinfo: TzInfo | None
    ) -> DateTime:
        """
        Build from UTC seconds/nanoseconds since the Unix epoch.

        With a ``tzinfo`` the result shows the wall time in that zone
        (via ``tzinfo.fromutc``; ``fold`` is set for ambiguous times);
        without one the result is the naive UTC wall time.
        """
        return cls._from_utc_ns(seconds * NANO_SECONDS + nanoseconds, tzinfo)

    def _local_ns(self) -> int:
        return (self._date._ordinal - EPOCH_ORDINAL) * NS_PER_DAY + (
            self._time._ticks
        )

    def _to_local_epoch(self) -> tuple[int, int]:
        """:returns: wall-clock ``(seconds, nanoseconds)`` since 1970."""
        return divmod(self._local_ns(), NANO_SECONDS)

    def _to_epoch(self) -> tuple[int, int]:
        """
        :returns: ``(seconds, nanoseconds)`` since the Unix epoch in UTC;
            naive values are taken as UTC wall time
        """
        total = self._local_ns()
        offset = self.utc_offset()
        if offset is not None:
            total -= offset_ns(offset)
        return divmod(total, NANO_SECONDS)

    @classmethod
    def _from_native_ns(
        cls, dt: _native_datetime, nanosecond: int
    ) -> DateTime:
        ticks = _native_ticks(dt) - dt.microsecond * 1000 + nanosecond
        return cls._combine(
            _date_new(dt.toordinal(), dt.year, dt.month, dt.day),
            _time_new(
                ticks, dt.hour, dt.minute, dt.second, nanosecond, dt.tzinfo
            ),
            dt.fold,
        )

    # -- public constructors -----------------------------------------------

    @classmethod
    def now(cls, tz: TzInfo | None = None) -> DateTime:
        """
        The current date and time.

        :param tz: zone to express the time in; naive local time if None
        :returns: the current date time
        """
        clock = _Clock()
        if tz is None:
            s, ns = clock.local_time()
            return cls._from_local_ns(s * NANO_SECONDS + ns)
        s, ns = clock.utc_time()
        return cls._from_utc_ns(s * NANO_SECONDS + ns, tz)

    @classmethod
    def utc_now(cls) -> DateTime:
        """:returns: the current UTC date time (naive)."""
        s, ns = _Clock().utc_time()
        return cls._from_local_ns(s * NANO_SECONDS + ns)

    @classmethod
    def from_iso_format(cls, s: str) -> DateTime:
        """
        Parse ``YYYY-MM-DDThh:mm:ss.fffffffff[±hh:mm|Z]``.

        :param s: the text
        :returns: the date time
        :raises ValueError: if ``s`` is not in that format
        """
        # The date part always takes ten characters; the one after it
        # (``T`` or a space) only separates, the rest is the time.
        date_text, time_text = s[:10], s[11:]
        try:
            parts = (
                Date.from_iso_format(date_text),
                Time.from_iso_format(time_text),
            )
        except ValueError as exc:
            raise ValueError("DateTime string is not in ISO format") from exc
        return cls._combine(*parts)

    @classmethod
    def from_timestamp(
        cls, timestamp: float, tz: TzInfo | None = None
    ) -> DateTime:
        """
        Date time of a POSIX timestamp.

        :param timestamp: seconds since the Unix epoch
        :param tz: zone to express the result in; naive local time if None
        :returns: the date time
        """
        s, ns = ClockTime(timestamp)
        if tz is None:
            s += _Clock().local_offset()[0]
            return cls._from_local_ns(s * NANO_SECONDS + ns)
        return cls._from_utc_ns(s * NANO_SECONDS + ns, tz)

    @classmethod
    def utc_from_timestamp(cls, timestamp: float) -> DateTime:
        """:returns: the naive UTC date time of a POSIX timestamp."""
        s, ns = ClockTime(timestamp)
        return cls._from_local_ns(s * NANO_SECONDS + ns)

    @classmethod
    def from_ordinal(cls, ordinal: int) -> DateTime:
        """:returns: midnight of the day with the given ordinal."""
        return cls._combine(Date.from_ordinal(ordinal), Midnight)

    @classmethod
    def combine(cls, date: Date, time: Time) -> DateTime:
        """
        Join a :class:`Date` and a :class:`Time` (keeping its tzinfo).

        :raises TypeError: if the arguments have the wrong types
        """
        if not isinstance(date, Date) or not isinstance(time, Time):
            raise TypeError("combine() needs a neo4j.time Date and Time")
        return cls._combine(date, time)

    @classmethod
    def parse(cls, date_string: str, format: str) -> DateTime:
        """Not implemented.

        :raises NotImplementedError: always
        """
        raise NotImplementedError

    @classmethod
    def from_native(cls, dt: _native_datetime) -> DateTime:
        """:returns: the equivalent of a :class:`datetime.datetime`."""
        return cls._from_native_ns(dt, dt.microsecond * 1000)

    @classmethod
    @deprecated(CLOCK_TIME_DEPRECATION)
    def from_clock_time(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime,
    ) -> DateTime:
        """
        Date time of a clock time counted from ``epoch``.

        .. deprecated:: 6.0
        """
        return cls._from_sec_ns(clock_time, epoch)

    @classmethod
    def _from_sec_ns(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime,
    ) -> DateTime:
        try:
            s, ns = ClockTime(*clock_time)
        except (TypeError, ValueError) as e:
            raise ValueError("Clock time must be a 2-tuple of (s, ns)") from e
        return cls._from_local_ns(s * NANO_SECONDS + ns + epoch._local_ns())

    # -- attributes --------------------------------------------------------

    @property
    def year(self) -> int:
        """The year."""
        return self._date._year

    @property
    def month(self) -> int:
        """The month."""
        return self._date._month

    @property
    def day(self) -> int:
        """The day of the month."""
        return self._date._day

    @property
    def year_month_day(self) -> tuple[int, int, int]:
        """``(year, month, day)``."""
        return self._date.year_month_day

    @property
    def year_week_day(self) -> tuple[int, int, int]:
        """ISO week date ``(iso_year, week, weekday)``."""
        return self._date.year_week_day

    @property
    def year_day(self) -> tuple[int, int]:
        """``(year, day_of_year)``."""
        return self._date.year_day

    @property
    def hour(self) -> int:
        """The hour."""
        return self._time._hour

    @property
    def minute(self) -> int:
        """The minute."""
        return self._time._minute

    @property
    def second(self) -> int:
        """The second."""
        return self._time._second

    @property
    def nanosecond(self) -> int:
        """The nanosecond within the second."""
        return self._time._nanosecond

    @property
    def tzinfo(self) -> TzInfo | None:
        """The tzinfo, or None for naive values."""
        return self._time._tzinfo

    @property
    def fold(self) -> int:
        """0, or 1 for the later of two ambiguous wall times."""
        return self._fold

    @property
    def hour_minute_second_nanosecond(self) -> tuple[int, int, int, int]:
        """``(hour, minute, second, nanosecond)``."""
        return self._time.hour_minute_second_nanosecond

    # -- time zone ---------------------------------------------------------

    def _native_for_tz(self, fold: int) -> _native_datetime:
        d = self._date
        tm = self._time
        return _native_datetime(
            d._year,
            d._month,
            d._day,
            tm._hour,
            tm._minute,
            tm._second,
            tm._nanosecond // 1000,
            tm._tzinfo,
            fold=fold,
        )

    def utc_offset(self) -> timedelta | None:
        """
        :returns: the UTC offset at this date time, or None if naive
        :raises ValueError: if the tzinfo reports a day or more
        """
        tz = self._time._tzinfo
        if tz is None:
            return None
        if type(tz) is timezone:
            return tz.utcoffset(None)
        return checked_utcoffset(tz, self._native_for_tz(self._fold))

    def dst(self) -> timedelta | None:
        """:returns: the DST adjustment, or None if unknown/naive."""
        tz = self._time._tzinfo
        if tz is None:
            return None
        return checked_dst(tz, self._native_for_tz(self._fold))

    def tzname(self) -> str | None:
        """:returns: the zone's name for this date time, or None."""
        tz = self._time._tzinfo
        if tz is None:
            return None
        return tz.tzname(self._native_for_tz(self._fold))

    def as_timezone(self, tz: TzInfo) -> DateTime:
        """
        The same instant expressed in another time zone.

        Naive values are returned unchanged.

        :param tz: the target zone
        :returns: the converted date time
        """
        offset = self.utc_offset()
        if offset is None:
            return self
        return self._from_utc_ns(self._local_ns() - offset_ns(offset), tz)

    def timestamp(self) -> float:
        """
        POSIX timestamp (naive values are taken as local time).

        :returns: seconds since the Unix epoch
        """
        offset = self.utc_offset()
        if offset is None:
            base = self._native_for_tz(self._fold).timestamp()
            return base + (self._time._nanosecond % 1000) / NANO_SECONDS
        return (self._local_ns() - offset_ns(offset)) / NANO_SECONDS

    # -- comparison --------------------------------------------------------

    def _pair(
        self, other: DateTime | _native_datetime, strict: bool
    ) -> tuple[int, int] | None:
        other_offset: timedelta | None
        # Aware values compare by their UTC instants, also within one
        # zone: unlike datetime.datetime's wall-clock rule for a shared
        # tzinfo, the two readings of an ambiguous wall time are ordered
        # (as they are with the official driver's pytz zones).  Only a
        # tzinfo with one fixed offset may skip the offsets.
        mine = self._local_ns()
        tz = self._time._tzinfo
        if isinstance(other, DateTime):
            theirs = other._local_ns()
            if tz is other._time._tzinfo and type(tz) in _ONE_OFFSET:
                return mine, theirs
            other_offset = other.utc_offset()
        else:
            theirs = (other.toordinal() - EPOCH_ORDINAL) * NS_PER_DAY + (
                _native_ticks(other)
            )
            if tz is other.tzinfo and type(tz) in _ONE_OFFSET:
                return mine, theirs
            other_offset = other.utcoffset()
        return aware_pair(
            mine, theirs, self.utc_offset(), other_offset, strict, "datetimes"
        )

    def __hash__(self) -> int:
        # Equal values (same UTC instant) hash alike, and alike the
        # equal datetime.datetime when there are no nanoseconds.
        tm = self._time
        offset = None if tm._tzinfo is None else self.utc_offset()
        if tm._nanosecond % 1000 == 0 and self._date._ordinal:
            if offset is None:
                return hash(self._native_for_tz(0))
            # what datetime.datetime hashes for an aware value
            return hash(
                timedelta(
                    self._date._ordinal,
                    tm._hour * 3600 + tm._minute * 60 + tm._second,
                    tm._nanosecond // 1000,
                )
                - offset
            )
        total = self._local_ns()
        if offset is not None:
            total -= offset_ns(offset)
        return hash(total)

    # -- arithmetic --------------------------------------------------------

    def __add__(self, other: Duration | timedelta) -> DateTime:
        if isinstance(other, Duration):
            if not other:
                return self
            months, days, seconds, nanoseconds = other
            days_carry, ticks = divmod(
                self._time._ticks + seconds * NANO_SECONDS + nanoseconds,
                NS_PER_DAY,
            )
            days += days_carry
            date = self._date
            if months or days:
                date = date + Duration(months=months, days=days)
            return self._combine(
                date, Time.from_ticks(ticks, self._time._tzinfo)
            )
        if isinstance(other, timedelta):
            if not other:
                return self
            delta = (
                other.days * NS_PER_DAY
                + other.seconds * NANO_SECONDS
                + other.microseconds * 1000
            )
            return self._from_local_ns(
                self._local_ns() + delta, self._time._tzinfo
            )
        return NotImplemented

    @t.overload
    def __sub__(self, other: DateTime) -> Duration: ...

    @t.overload
    def __sub__(self, other: _native_datetime) -> timedelta: ...

    @t.overload
    def __sub__(self, other: Duration | timedelta) -> DateTime: ...

    def __sub__(
        self, other: DateTime | _native_datetime | Duration | timedelta
    ) -> DateTime | Duration | timedelta:
        if isinstance(other, DateTime):
            mine, theirs = self._date, other._date
            months = (mine._year - theirs._year) * 12 + (
                mine._month - theirs._month
            )
            return Duration._make(
                months,
                mine._day - theirs._day,
                self._time._ticks - other._time._ticks,
            )
        if isinstance(other, _native_datetime):
            days = self._date._ordinal - other.toordinal()
            diff = self._time._ticks - _native_ticks(other)
            return timedelta(days=days, microseconds=diff // 1000)
        if isinstance(other, (Duration, timedelta)):
            return self.__add__(-other)
        return NotImplemented

    # -- conversion --------------------------------------------------------

    def date(self) -> Date:
        """:returns: the date part."""
        return self._date

    def time(self) -> Time:
        """:returns: the time part without tzinfo."""
        tm = self._time
        if tm._tzinfo is None:
            return tm
        return _time_new(
            tm._ticks, tm._hour, tm._minute, tm._second, tm._nanosecond, None
        )

    def timetz(self) -> Time:
        """:returns: the time part including the tzinfo."""
        return self._time

    def replace(self, **kwargs: t.Any) -> DateTime:
        """
        Copy with some of the components (``year`` .. ``nanosecond``,
        ``tzinfo``, ``fold``) changed.

        :returns: the new date time
        """
        fold = kwargs.get("fold", self._fold)
        if fold not in (0, 1):
            raise ValueError("fold must be either 0 or 1")
        return self._combine(
            self._date.replace(**kwargs), self._time.replace(**kwargs), fold
        )

    def time_tuple(self) -> t.NoReturn:
        """Not implemented.

        :raises NotImplementedError: always
        """
        raise NotImplementedError

    def utc_time_tuple(self) -> t.NoReturn:
        """Not implemented.

        :raises NotImplementedError: always
        """
        raise NotImplementedError

    def to_ordinal(self) -> int:
        """:returns: the ordinal of the date part."""
        return self._date._ordinal

    @deprecated(CLOCK_TIME_DEPRECATION)
    def to_clock_time(self) -> ClockTime:
        """
        Seconds since 0001-01-01T00:00 (wall clock).

        .. deprecated:: 6.0
        """
        return self._to_sec_ns()

    def _to_sec_ns(self) -> ClockTime:
        total = (self._date._ordinal - 1) * NS_PER_DAY + self._time._ticks
        return ClockTime(0, total)

    def to_native(self) -> _native_datetime:
        """
        Convert to :class:`datetime.datetime`.

        Nanoseconds are truncated to microseconds.
        """
        return self._native_for_tz(self._fold)

    def weekday(self) -> int:
        """:returns: day of the week, Monday = 0."""
        return self._date.weekday()

    def iso_weekday(self) -> int:
        """:returns: day of the week, Monday = 1."""
        return self._date.iso_weekday()

    def iso_calendar(self) -> tuple[int, int, int]:
        """:returns: ``(iso_year, iso_week, iso_weekday)``."""
        return self._date.iso_calendar()

    def iso_format(self, sep: str = "T") -> str:
        """
        ISO 8601 text, e.g. ``"2024-03-31T01:30:00.000000000+00:00"``.

        :param sep: separator between date and time
        :returns: the text
        :raises ValueError: if the UTC offset has seconds
        """
        d = self._date
        tm = self._time
        text = (
            f"{d._year:04d}-{d._month:02d}-{d._day:02d}{sep}"
            f"{tm._hour:02d}:{tm._minute:02d}:{tm._second:02d}"
            f".{tm._nanosecond:09d}"
        )
        if tm._tzinfo is not None:
            offset = self.utc_offset()
            if offset is not None:
                text += format_offset(offset)
        return text

    def __repr__(self) -> str:
        d = self._date
        tm = self._time
        text = (
            f"neo4j.time.DateTime({d._year!r}, {d._month!r}, {d._day!r}, "
            f"{tm._hour!r}, {tm._minute!r}, {tm._second!r}, "
            f"{tm._nanosecond!r}"
        )
        if tm._tzinfo is not None:
            text += f", tzinfo={tm._tzinfo!r}"
        if self._fold:
            text += ", fold=1"
        return text + ")"

    def _format_nanoseconds(self) -> str:
        return f"{self._time._nanosecond:09d}"

    _instance_aliases: t.ClassVar[dict[str, str]] = {
        "astimezone": "as_timezone",
        "isocalendar": "iso_calendar",
        "isoformat": "iso_format",
        "isoweekday": "iso_weekday",
        "strftime": "__format__",
        "toordinal": "to_ordinal",
        "timetuple": "time_tuple",
        "utcoffset": "utc_offset",
        "utctimetuple": "utc_time_tuple",
    }

    if t.TYPE_CHECKING:

        @classmethod
        def fromisoformat(cls, s: str) -> DateTime: ...

        @classmethod
        def fromordinal(cls, ordinal: int) -> DateTime: ...

        @classmethod
        def fromtimestamp(
            cls, timestamp: float, tz: TzInfo | None = None
        ) -> DateTime: ...

        @classmethod
        def strptime(cls, date_string: str, format: str) -> DateTime: ...

        @classmethod
        def today(cls, tz: TzInfo | None = None) -> DateTime: ...

        @classmethod
        def utcfromtimestamp(cls, timestamp: float) -> DateTime: ...

        @classmethod
        def utcnow(cls) -> DateTime: ...

        def astimezone(self, tz: TzInfo) -> DateTime: ...
        def isocalendar(self) -> tuple[int, int, int]: ...
        def isoformat(self, sep: str = "T") -> str: ...
        def isoweekday(self) -> int: ...
        def strftime(self, format_spec: str) -> str: ...
        def toordinal(self) -> int: ...
        def timetuple(self) -> t.NoReturn: ...
        def utcoffset(self) -> timedelta | None: ...
        def utctimetuple(self) -> t.NoReturn: ...

    # -- pickling ----------------------------------------------------------

    def __reduce__(self) -> tuple[t.Any, ...]:
        state = getattr(self, "__dict__", None) or None
        return type(self)._restore, (
            self._date,
            self._time,
            self._fold,
            state,
        )

    @classmethod
    def _restore(
        cls,
        date: Date,
        time: Time,
        fold: int,
        state: dict[str, t.Any] | None,
    ) -> DateTime:
        obj = cls._combine(date, time, fold)
        if state:
            obj.__dict__.update(state)
        return obj

    __module__ = "neo4j.time"


DateTime._comparable = (DateTime, _native_datetime)
#: tzinfo types whose instances each have one offset, at any time
_ONE_OFFSET: t.Final = frozenset({type(None), timezone, ZoneState})
DateTime.min = DateTime._combine(Date.min, Time.min)
DateTime.max = DateTime._combine(Date.max, Time.max)
DateTime.resolution = Time.resolution

#: A date time of all zeros (on :data:`ZeroDate` at midnight).
Never: t.Final[DateTime] = DateTime._combine(ZeroDate, Midnight)
#: 1970-01-01T00:00:00 (naive).
UnixEpoch: t.Final[DateTime] = DateTime(1970, 1, 1, 0, 0, 0)
