"""The :class:`Time` type (nanosecond time of day, optional tzinfo)."""

from __future__ import annotations

import typing as t
from datetime import time as _native_time, timedelta, timezone

from ._clock import ClockTime, _Clock
from ._constants import (
    CLOCK_TIME_DEPRECATION,
    NANO_SECONDS,
    NS_PER_DAY,
    NS_PER_HOUR,
    NS_PER_MINUTE,
    SECONDS_PER_DAY,
)
from ._deprecation import deprecated
from ._duration import Duration
from ._iso import TIME_PATTERN, fraction_to_ns
from ._metaclasses import TimeType
from ._temporal import Temporal, aware_pair
from ._tz import checked_dst, checked_utcoffset, offset_ns


if t.TYPE_CHECKING:
    from datetime import tzinfo as TzInfo

    from ._datetime import DateTime


__all__ = ["Midday", "Midnight", "Time", "format_offset"]

_new = object.__new__


def format_offset(offset: timedelta) -> str:
    """
    ``offset`` as ``+HH:MM``, the form Neo4j and ISO 8601 know.

    :raises ValueError: if the offset is not a whole number of minutes
        (as the official driver does; ``+HH:MM:SS`` would not parse back)
    """
    total = offset.days * SECONDS_PER_DAY + offset.seconds
    minutes, seconds = divmod(abs(total), 60)
    if seconds or offset.microseconds:
        raise ValueError("utcoffset must be a whole number of minutes")
    hours, minutes = divmod(minutes, 60)
    sign = "-" if total < 0 else "+"
    return f"{sign}{hours:02d}:{minutes:02d}"


def _native_ticks(value: _native_time) -> int:
    return (
        value.hour * NS_PER_HOUR
        + value.minute * NS_PER_MINUTE
        + value.second * NANO_SECONDS
        + value.microsecond * 1000
    )


def _clock_fields(ticks: int) -> tuple[int, int, int, int]:
    # hour, minute, second and nanosecond of a nanosecond-of-day count
    hour, below_hour = divmod(ticks, NS_PER_HOUR)
    minute, below_minute = divmod(below_hour, NS_PER_MINUTE)
    return (hour, minute, *divmod(below_minute, NANO_SECONDS))


_CLOCK_FIELD_NAMES: t.Final = ("hour", "minute", "second", "nanosecond")


class Time(Temporal["Time | _native_time"], metaclass=TimeType):
    """
    A time of day with nanosecond precision and an optional tzinfo.

    :param hour: 0..23
    :param minute: 0..59
    :param second: 0..59
    :param nanosecond: 0..999999999
    :param tzinfo: time zone (fixed offsets make most sense here)
    :raises ValueError: if a component is out of range
    """

    __slots__ = (
        "__dict__",
        "_hour",
        "_minute",
        "_nanosecond",
        "_second",
        "_ticks",
        "_tzinfo",
    )

    _ticks: int
    _hour: int
    _minute: int
    _second: int
    _nanosecond: int
    _tzinfo: TzInfo | None

    min: t.ClassVar[Time]
    """The earliest time of day."""
    max: t.ClassVar[Time]
    """The latest time of day."""
    resolution: t.ClassVar[Duration]
    """The smallest step between two times."""

    def __new__(
        cls,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        nanosecond: int = 0,
        tzinfo: TzInfo | None = None,
    ) -> Time:
        hour = int(hour)
        if not 0 <= hour < 24:
            raise ValueError("Hour out of range (0..23)")
        minute = int(minute)
        if not 0 <= minute < 60:
            raise ValueError("Minute out of range (0..59)")
        second = int(second)
        if not 0 <= second < 60:
            raise ValueError("Second out of range (0..59)")
        if not 0 <= nanosecond < NANO_SECONDS:
            raise ValueError(
                f"Nanosecond out of range (0..{NANO_SECONDS - 1})"
            )
        nanosecond = int(nanosecond)
        ticks = (
            hour * NS_PER_HOUR
            + minute * NS_PER_MINUTE
            + second * NANO_SECONDS
            + nanosecond
        )
        return cls._unchecked(ticks, hour, minute, second, nanosecond, tzinfo)

    @classmethod
    def _unchecked(
        cls,
        ticks: int,
        hour: int,
        minute: int,
        second: int,
        nanosecond: int,
        tz: TzInfo | None,
    ) -> Time:
        obj = _new(cls)
        obj._ticks = ticks
        obj._hour = hour
        obj._minute = minute
        obj._second = second
        obj._nanosecond = nanosecond
        obj._tzinfo = tz
        return obj

    # -- alternative constructors ------------------------------------------

    @classmethod
    def now(cls, tz: TzInfo | None = None) -> Time:
        """
        The current time of day.

        :param tz: time zone; local (naive) time if None
        :returns: the time, carrying ``tz``
        """
        if tz is None:
            return cls._from_sec_ns(_Clock().local_time(), None)
        from ._datetime import DateTime

        return DateTime.now(tz).timetz()

    @classmethod
    def utc_now(cls) -> Time:
        """:returns: the current UTC time of day (naive)."""
        return cls._from_sec_ns(_Clock().utc_time(), None)

    @classmethod
    def from_iso_format(cls, s: str) -> Time:
        """
        Parse ``hh[:mm[:ss[.fffffffff]]]`` plus optional ``Z``/``±hh:mm``.

        Offsets become :class:`datetime.timezone` instances.

        :param s: the text
        :returns: the time
        :raises ValueError: if ``s`` is not in that format
        """
        match = TIME_PATTERN.match(s)
        if match is None:
            raise ValueError("Time string is not in ISO format")
        g = match.group
        tz: TzInfo | None = None
        zone = g("zone")
        if zone == "Z":
            tz = timezone.utc
        elif zone:
            minutes = int(g("oh")) * 60 + int(g("om"))
            if g("sign") == "-":
                minutes = -minutes
            tz = timezone(timedelta(minutes=minutes))
        return cls(
            int(g("h")),
            int(g("m") or 0),
            int(g("s") or 0),
            fraction_to_ns(g("f")),
            tz,
        )

    @classmethod
    def from_ticks(cls, ticks: int, tz: TzInfo | None = None) -> Time:
        """
        Time from nanoseconds since midnight.

        :param ticks: 0..86399999999999
        :param tz: optional tzinfo to attach
        :returns: the time
        :raises TypeError: if ``ticks`` is not an int
        :raises ValueError: if ``ticks`` is out of range
        """
        if not isinstance(ticks, int):
            raise TypeError("Ticks must be int")
        if ticks < 0 or ticks >= NS_PER_DAY:
            raise ValueError(f"Ticks out of range (0..{NS_PER_DAY})")
        return cls._unchecked(ticks, *_clock_fields(ticks), tz)

    @classmethod
    def from_native(cls, t: _native_time) -> Time:
        """:returns: the equivalent of a :class:`datetime.time`."""
        return cls._unchecked(
            _native_ticks(t),
            t.hour,
            t.minute,
            t.second,
            t.microsecond * 1000,
            t.tzinfo,
        )

    @classmethod
    @deprecated(CLOCK_TIME_DEPRECATION)
    def from_clock_time(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime,
    ) -> Time:
        """
        Time of day of a clock time counted from ``epoch``.

        .. deprecated:: 6.0
        """
        return cls._from_sec_ns(clock_time, epoch)

    @classmethod
    def _from_sec_ns(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime | None,
    ) -> Time:
        seconds, nanoseconds = ClockTime(*clock_time)
        base = 0 if epoch is None else epoch.time().ticks
        ticks = (
            base + (seconds % SECONDS_PER_DAY) * NANO_SECONDS + nanoseconds
        ) % NS_PER_DAY
        return cls.from_ticks(ticks)

    # -- attributes --------------------------------------------------------

    @property
    def ticks(self) -> int:
        """Nanoseconds since midnight."""
        return self._ticks

    @property
    def hour(self) -> int:
        """Hour 0..23."""
        return self._hour

    @property
    def minute(self) -> int:
        """Minute 0..59."""
        return self._minute

    @property
    def second(self) -> int:
        """Second 0..59."""
        return self._second

    @property
    def nanosecond(self) -> int:
        """Nanosecond 0..999999999."""
        return self._nanosecond

    @property
    def hour_minute_second_nanosecond(self) -> tuple[int, int, int, int]:
        """``(hour, minute, second, nanosecond)``."""
        return self._hour, self._minute, self._second, self._nanosecond

    @property
    def tzinfo(self) -> TzInfo | None:
        """The attached tzinfo or None."""
        return self._tzinfo

    # -- comparison --------------------------------------------------------

    def _pair(
        self, other: Time | _native_time, strict: bool
    ) -> tuple[int, int] | None:
        other_offset: timedelta | None
        mine = self._ticks
        if isinstance(other, Time):
            other_ticks = other._ticks
            if self._tzinfo is other._tzinfo:
                return mine, other_ticks
            other_offset = other.utc_offset()
        else:
            other_ticks = _native_ticks(other)
            if self._tzinfo is other.tzinfo:
                return mine, other_ticks
            other_offset = other.utcoffset()
        return aware_pair(
            mine, other_ticks, self.utc_offset(), other_offset, strict, "times"
        )

    def _ticks_in_utc(self) -> int:
        # nanoseconds since midnight UTC (or of the wall clock if naive)
        offset = self.utc_offset()
        if offset is None:
            return self._ticks
        return self._ticks - offset_ns(offset)

    def __hash__(self) -> int:
        # Equal values must hash alike.  A whole number of microseconds
        # can equal a datetime.time, so hash exactly like one; finer
        # values only ever equal other Time objects.
        if self._nanosecond % 1000:
            return hash(self._ticks_in_utc())
        return hash(self.to_native())

    # -- tz ----------------------------------------------------------------

    def replace(self, **kwargs: t.Any) -> Time:
        """
        Copy with some of ``hour``, ``minute``, ``second``, ``nanosecond``
        and ``tzinfo`` changed.

        :returns: the new time
        """
        fields = self.hour_minute_second_nanosecond
        hour, minute, second, nanosecond = (
            int(kwargs[name]) if name in kwargs else value
            for name, value in zip(_CLOCK_FIELD_NAMES, fields, strict=True)
        )
        zone = kwargs.get("tzinfo", self._tzinfo)
        return Time(hour, minute, second, nanosecond, zone)

    def utc_offset(self) -> timedelta | None:
        """
        :returns: ``tzinfo.utcoffset(None)``, or None if naive
        :raises ValueError: if the tzinfo reports an offset of a day or more
        """
        tz = self._tzinfo
        if tz is None:
            return None
        return checked_utcoffset(tz, None)

    def dst(self) -> timedelta | None:
        """:returns: ``tzinfo.dst(None)``, or None if naive."""
        return checked_dst(self._tzinfo, None)

    def tzname(self) -> str | None:
        """:returns: ``tzinfo.tzname(None)``, or None if naive."""
        tz = self._tzinfo
        return None if tz is None else tz.tzname(None)

    # -- conversion --------------------------------------------------------

    @deprecated(CLOCK_TIME_DEPRECATION)
    def to_clock_time(self) -> ClockTime:
        """
        Time since midnight as a clock time.

        .. deprecated:: 6.0
        """
        return self._to_sec_ns()

    def _to_sec_ns(self) -> ClockTime:
        return ClockTime(0, self._ticks)

    def to_native(self) -> _native_time:
        """
        Convert to :class:`datetime.time`.

        Nanoseconds are rounded (half to even) to microseconds.

        :raises ValueError: if rounding would reach the next second
        """
        # built-in round() settles exact ties on the even neighbour
        micros = round(self._nanosecond / 1000)
        return _native_time(
            self._hour, self._minute, self._second, micros, self._tzinfo
        )

    def iso_format(self) -> str:
        """
        ISO 8601 text: ``"hh:mm:ss.fffffffff"`` plus ``±hh:mm`` if aware.

        :raises ValueError: if the UTC offset has seconds
        """
        text = (
            f"{self._hour:02d}:{self._minute:02d}:{self._second:02d}"
            f".{self._nanosecond:09d}"
        )
        offset = self.utc_offset()
        if offset is not None:
            text += format_offset(offset)
        return text

    def __repr__(self) -> str:
        fields = (
            f"{self._hour!r}, {self._minute!r}, {self._second!r}, "
            f"{self._nanosecond!r}"
        )
        if self._tzinfo is not None:
            fields += f", tzinfo={self._tzinfo!r}"
        return f"neo4j.time.Time({fields})"

    def _format_nanoseconds(self) -> str:
        return f"{self._nanosecond:09d}"

    _instance_aliases: t.ClassVar[dict[str, str]] = {
        "isoformat": "iso_format",
        "utcoffset": "utc_offset",
    }

    if t.TYPE_CHECKING:

        @classmethod
        def fromisoformat(cls, s: str) -> Time: ...

        @classmethod
        def utcnow(cls) -> Time: ...

        def isoformat(self) -> str: ...
        def utcoffset(self) -> timedelta | None: ...

    # -- pickling ----------------------------------------------------------

    def __reduce__(self) -> tuple[t.Any, ...]:
        state = getattr(self, "__dict__", None) or None
        return type(self)._restore, (self._ticks, self._tzinfo, state)

    @classmethod
    def _restore(
        cls, ticks: int, tz: TzInfo | None, state: dict[str, t.Any] | None
    ) -> Time:
        obj = cls.from_ticks(ticks, tz)
        if state:
            obj.__dict__.update(state)
        return obj

    __module__ = "neo4j.time"


Time._comparable = (Time, _native_time)
Time.min = Time(0, 0, 0, 0)
Time.max = Time(23, 59, 59, 999999999)
Time.resolution = Duration(nanoseconds=1)

#: Midnight (00:00), an alias of :attr:`Time.min`.
Midnight: t.Final[Time] = Time.min
#: Midday (12:00).
Midday: t.Final[Time] = Time(12)
