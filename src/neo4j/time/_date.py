"""The :class:`Date` type and the ``ZeroDate`` sentinel."""

from __future__ import annotations

import typing as t
from datetime import date as _native_date, datetime as _native_datetime
from time import struct_time

from ._calendar import (
    check_month,
    check_year,
    days_in_month,
    days_in_year,
    is_leap,
    iso_week_date,
    ymd_to_ordinal,
)
from ._clock import ClockTime, _Clock
from ._constants import (
    CLOCK_TIME_DEPRECATION,
    EPOCH_ORDINAL,
    MAX_ORDINAL,
    SECONDS_PER_DAY,
)
from ._deprecation import deprecated
from ._duration import Duration
from ._iso import DATE_PATTERN
from ._metaclasses import DateType
from ._temporal import Temporal


if t.TYPE_CHECKING:
    from datetime import timedelta, tzinfo as TzInfo

    from ._datetime import DateTime


__all__ = ["Date", "ZeroDate"]

_fromordinal = _native_date.fromordinal
_new = object.__new__


def _day_out_of_range(day: int, dim: int) -> ValueError:
    return ValueError(f"Day {day} out of range (1..{dim}, -1, -2 ,-3)")


def _anchored_day(year: int, month: int, day: int) -> int:
    # The last three days of a month are remembered relative to the end of
    # the month (-1, -2, -3) so that month arithmetic and ``replace`` keep
    # them anchored there (e.g. Jan 31 + 1 month -> Feb 28/29).
    dim = days_in_month(year, month)
    return day - dim - 1 if day > dim - 3 else day


class Date(Temporal["Date | _native_date"], metaclass=DateType):
    """
    A calendar date (proleptic Gregorian, years 1..9999).

    ``Date(0, 0, 0)`` returns the special :data:`ZeroDate`.  A day of
    ``-1``, ``-2`` or ``-3`` counts back from the end of the month.

    :param year: 1..9999
    :param month: 1..12
    :param day: 1..days in month, or -1..-3
    :raises ValueError: if a component is out of range
    """

    __slots__ = ("__dict__", "_day", "_month", "_ordinal", "_year")

    _ordinal: int
    _year: int
    _month: int
    _day: int

    min: t.ClassVar[Date]
    """The earliest date."""
    max: t.ClassVar[Date]
    """The latest date."""
    resolution: t.ClassVar[Duration]
    """The smallest step between two dates."""

    def __new__(cls, year: int, month: int, day: int) -> Date:
        if year == 0 and month == 0 and day == 0:
            return ZeroDate
        check_year(year)
        check_month(month)
        dim = days_in_month(year, month)
        if day < 0:
            if day < -3:
                raise _day_out_of_range(day, dim)
            day = dim + day + 1
        elif not 1 <= day <= dim:
            raise _day_out_of_range(day, dim)
        return cls._unchecked(
            ymd_to_ordinal(year, month, day), year, month, int(day)
        )

    @classmethod
    def _unchecked(cls, ordinal: int, year: int, month: int, day: int) -> Date:
        obj = _new(cls)
        obj._ordinal = ordinal
        obj._year = year
        obj._month = month
        obj._day = day
        return obj

    # -- alternative constructors ------------------------------------------

    @classmethod
    def today(cls, tz: TzInfo | None = None) -> Date:
        """
        The current date.

        :param tz: time zone to take the date in; local time if None
        :returns: today's date
        """
        if tz is None:
            return cls._from_sec_ns(_Clock().local_time(), None)
        from ._datetime import DateTime

        return DateTime.now(tz).date()

    @classmethod
    def utc_today(cls) -> Date:
        """:returns: the current date in UTC."""
        return cls._from_sec_ns(_Clock().utc_time(), None)

    @classmethod
    def from_timestamp(
        cls, timestamp: float, tz: TzInfo | None = None
    ) -> Date:
        """
        Date of a POSIX timestamp.

        :param timestamp: seconds since the Unix epoch
        :param tz: time zone; local time if None
        :returns: the date
        """
        return cls.from_native(_native_datetime.fromtimestamp(timestamp, tz))

    @classmethod
    def utc_from_timestamp(cls, timestamp: float) -> Date:
        """:returns: the UTC date of a POSIX timestamp."""
        return cls._from_sec_ns((timestamp, 0), None)

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Date:
        """
        Date from a proleptic Gregorian ordinal (0001-01-01 is 1).

        Ordinal 0 gives :data:`ZeroDate`.

        :param ordinal: 0..3652059
        :returns: the date
        :raises ValueError: if ``ordinal`` is out of range
        """
        if 0 < ordinal <= MAX_ORDINAL:
            d = _fromordinal(ordinal)
            return cls._unchecked(ordinal, d.year, d.month, d.day)
        if ordinal == 0:
            return ZeroDate
        raise ValueError(f"Ordinal out of range (0..{MAX_ORDINAL})")

    @classmethod
    def _from_epoch_days(cls, days: int) -> Date:
        # Internal fast path for Bolt: days since 1970-01-01.
        ordinal = days + EPOCH_ORDINAL
        if 0 < ordinal <= MAX_ORDINAL:
            d = _fromordinal(ordinal)
            return cls._unchecked(ordinal, d.year, d.month, d.day)
        return cls.from_ordinal(ordinal)

    def _to_epoch_days(self) -> int:
        # Internal: days since 1970-01-01.
        return self._ordinal - EPOCH_ORDINAL

    @classmethod
    def parse(cls, s: str) -> Date:
        """
        Parse ``"YYYY-MM-DD"`` loosely (any digit counts are accepted).

        :param s: the text
        :returns: the date
        :raises ValueError: on malformed text or out-of-range values
        """
        try:
            numbers = [int(part) for part in s.split("-")]
        except (ValueError, AttributeError):
            numbers = []
        if len(numbers) != 3:
            raise ValueError("Date string must be in format YYYY-MM-DD")
        return cls(*numbers)

    @classmethod
    def from_iso_format(cls, s: str) -> Date:
        """
        Parse a strict ISO 8601 ``"YYYY-MM-DD"`` date.

        :param s: the text
        :returns: the date
        :raises ValueError: if the format or a value is invalid
        """
        match = DATE_PATTERN.match(s)
        if match is None:
            raise ValueError("Date string must be in format YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), int(month), int(day))

    @classmethod
    def from_native(cls, d: _native_date) -> Date:
        """:returns: the equivalent of a :class:`datetime.date`."""
        return cls._unchecked(d.toordinal(), d.year, d.month, d.day)

    @classmethod
    @deprecated(CLOCK_TIME_DEPRECATION)
    def from_clock_time(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime,
    ) -> Date:
        """
        Date of a clock time counted from ``epoch``.

        .. deprecated:: 6.0
        """
        return cls._from_sec_ns(clock_time, epoch)

    @classmethod
    def _from_sec_ns(
        cls,
        clock_time: ClockTime | tuple[float, int],
        epoch: DateTime | None,
    ) -> Date:
        try:
            seconds = ClockTime(*clock_time)[0]
        except (TypeError, ValueError):
            raise ValueError(
                "Clock time must be a 2-tuple of (s, ns)"
            ) from None
        base = EPOCH_ORDINAL if epoch is None else epoch.date().to_ordinal()
        return cls.from_ordinal(seconds // SECONDS_PER_DAY + base)

    # -- calendar helpers ------------------------------------------------

    @classmethod
    def is_leap_year(cls, year: int) -> bool:
        """
        :returns: whether ``year`` is a leap year
        :raises ValueError: if ``year`` is out of range
        """
        check_year(year)
        return is_leap(year)

    @classmethod
    def days_in_year(cls, year: int) -> int:
        """
        :returns: 365 or 366
        :raises ValueError: if ``year`` is out of range
        """
        check_year(year)
        return days_in_year(year)

    @classmethod
    def days_in_month(cls, year: int, month: int) -> int:
        """
        :returns: 28..31
        :raises ValueError: if ``year`` or ``month`` is out of range
        """
        check_year(year)
        check_month(month)
        return days_in_month(year, month)

    # -- attributes --------------------------------------------------------

    @property
    def year(self) -> int:
        """The year (0 only for :data:`ZeroDate`)."""
        return self._year

    @property
    def month(self) -> int:
        """The month (0 only for :data:`ZeroDate`)."""
        return self._month

    @property
    def day(self) -> int:
        """The day of the month (0 only for :data:`ZeroDate`)."""
        return self._day

    @property
    def year_month_day(self) -> tuple[int, int, int]:
        """``(year, month, day)``."""
        return self._year, self._month, self._day

    @property
    def year_week_day(self) -> tuple[int, int, int]:
        """ISO week date ``(iso_year, week, weekday)``, Monday = 1."""
        return iso_week_date(self._ordinal, self._year)

    @property
    def year_day(self) -> tuple[int, int]:
        """``(year, day_of_year)`` with January 1st as day 1."""
        jan_1 = ymd_to_ordinal(self._year, 1, 1)
        return self._year, self._ordinal - jan_1 + 1

    # -- comparison --------------------------------------------------------

    def __hash__(self) -> int:
        if self._ordinal == 0:
            return hash(0)
        # consistent with equal datetime.date values
        return hash(_fromordinal(self._ordinal))

    @staticmethod
    def _other_ordinal(other: object) -> int | None:
        if isinstance(other, Date):
            return other._ordinal
        if isinstance(other, _native_date):
            return other.toordinal()
        return None

    # Date orders by ordinal alone: its own operators are the fast path
    # (the offset-aware ``_pair`` protocol of Temporal is not needed).

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Date):
            return self._ordinal == other._ordinal
        if isinstance(other, _native_date):
            return self._ordinal == other.toordinal()
        return NotImplemented

    def __lt__(self, other: Date | _native_date) -> bool:
        o = self._other_ordinal(other)
        return NotImplemented if o is None else self._ordinal < o

    def __le__(self, other: Date | _native_date) -> bool:
        o = self._other_ordinal(other)
        return NotImplemented if o is None else self._ordinal <= o

    def __gt__(self, other: Date | _native_date) -> bool:
        o = self._other_ordinal(other)
        return NotImplemented if o is None else self._ordinal > o

    def __ge__(self, other: Date | _native_date) -> bool:
        o = self._other_ordinal(other)
        return NotImplemented if o is None else self._ordinal >= o

    # -- arithmetic --------------------------------------------------------

    def _add_months_days(self, months: int, days: int) -> Date:
        # Days are applied first, then months; end-of-month days stay
        # anchored to the end of the month.
        year, month = self._year, self._month
        day = _anchored_day(year, month, self._day)
        if days:
            if day >= 1 and 1 <= day + days <= 27:
                day += days
            else:
                moved = Date.from_ordinal(self._ordinal + days)
                if moved._ordinal == 0:
                    raise ValueError(
                        f"Ordinal out of range (1..{MAX_ORDINAL})"
                    )
                year, month = moved._year, moved._month
                day = _anchored_day(year, month, moved._day)
        if months:
            carry, month0 = divmod(month - 1 + months, 12)
            year += carry
            month = month0 + 1
            check_year(year)
        if day < 0:
            day += days_in_month(year, month) + 1
        return type(self)._unchecked(
            ymd_to_ordinal(year, month, day), year, month, day
        )

    def __add__(self, other: Duration | timedelta) -> Date:
        if isinstance(other, Duration):
            months, days, seconds, nanoseconds = other
        else:
            from datetime import timedelta

            if not isinstance(other, timedelta):
                return NotImplemented
            months, days = 0, other.days
            seconds, nanoseconds = other.seconds, other.microseconds
        if seconds or nanoseconds:
            raise ValueError(
                "Cannot add a Duration with seconds or nanoseconds to a Date"
            )
        if not months and not days:
            return self
        return self._add_months_days(months, days)

    @t.overload
    def __sub__(self, other: Date | _native_date) -> Duration: ...

    @t.overload
    def __sub__(self, other: Duration | timedelta) -> Date: ...

    def __sub__(
        self, other: Date | _native_date | Duration | timedelta
    ) -> Date | Duration:
        o = self._other_ordinal(other)
        if o is not None:
            return Duration(days=self._ordinal - o)
        if isinstance(other, Duration):
            return self.__add__(-other)
        from datetime import timedelta

        if isinstance(other, timedelta):
            return self.__add__(-other)
        return NotImplemented

    # -- conversion --------------------------------------------------------

    def replace(self, **kwargs: t.Any) -> Date:
        """
        Copy with some components changed (``year``, ``month``, ``day``).

        A day within the last three days of its month stays anchored to
        the month end when only the year or month changes.

        :returns: the new date
        """
        year = self._year
        month = self._month
        day = _anchored_day(year, month, self._day) if self._ordinal else 0
        return Date(
            int(kwargs.get("year", year)),
            int(kwargs.get("month", month)),
            int(kwargs.get("day", day)),
        )

    def time_tuple(self) -> struct_time:
        """:returns: a :class:`time.struct_time` (time fields zero)."""
        weekday = (self._ordinal - 1) % 7
        return struct_time(
            (
                self._year,
                self._month,
                self._day,
                0,
                0,
                0,
                weekday,
                self.year_day[1],
                -1,
            )
        )

    def to_ordinal(self) -> int:
        """:returns: the proleptic Gregorian ordinal (0 for ZeroDate)."""
        return self._ordinal

    @deprecated(CLOCK_TIME_DEPRECATION)
    def to_clock_time(self, epoch: Date | DateTime) -> ClockTime:
        """
        Seconds from ``epoch`` to this date.

        .. deprecated:: 6.0
        """
        return self._to_sec_ns(epoch)

    def _to_sec_ns(self, epoch: Date | DateTime) -> ClockTime:
        try:
            epoch_ordinal = epoch.to_ordinal()
        except AttributeError:
            raise TypeError("Epoch has no ordinal value") from None
        return ClockTime(SECONDS_PER_DAY * (self._ordinal - epoch_ordinal))

    def to_native(self) -> _native_date:
        """:returns: the equivalent :class:`datetime.date`."""
        return _fromordinal(self._ordinal)

    def weekday(self) -> int:
        """:returns: day of the week, Monday = 0."""
        return (self._ordinal - 1) % 7

    def iso_weekday(self) -> int:
        """:returns: day of the week, Monday = 1."""
        return (self._ordinal - 1) % 7 + 1

    def iso_calendar(self) -> tuple[int, int, int]:
        """:returns: ``(iso_year, iso_week, iso_weekday)``."""
        return iso_week_date(self._ordinal, self._year)

    def iso_format(self) -> str:
        """:returns: ``"YYYY-MM-DD"`` (``"0000-00-00"`` for ZeroDate)."""
        return f"{self._year:04d}-{self._month:02d}-{self._day:02d}"

    def __repr__(self) -> str:
        if self._ordinal == 0:
            return "neo4j.time.ZeroDate"
        return (
            f"neo4j.time.Date({self._year!r}, {self._month!r}, {self._day!r})"
        )

    def _format_nanoseconds(self) -> str:
        return "000000000"

    _instance_aliases: t.ClassVar[dict[str, str]] = {
        "isocalendar": "iso_calendar",
        "isoformat": "iso_format",
        "isoweekday": "iso_weekday",
        "strftime": "__format__",
        "toordinal": "to_ordinal",
        "timetuple": "time_tuple",
    }

    if t.TYPE_CHECKING:

        @classmethod
        def fromisoformat(cls, s: str) -> Date: ...

        @classmethod
        def fromordinal(cls, ordinal: int) -> Date: ...

        @classmethod
        def fromtimestamp(
            cls, timestamp: float, tz: TzInfo | None = None
        ) -> Date: ...

        @classmethod
        def utcfromtimestamp(cls, timestamp: float) -> Date: ...

        def isocalendar(self) -> tuple[int, int, int]: ...
        def isoformat(self) -> str: ...
        def isoweekday(self) -> int: ...
        def strftime(self, format_spec: str) -> str: ...
        def toordinal(self) -> int: ...
        def timetuple(self) -> struct_time: ...

    # -- pickling ----------------------------------------------------------

    def __reduce__(self) -> str | tuple[t.Any, ...]:
        if self is ZeroDate:
            return "ZeroDate"
        state = getattr(self, "__dict__", None) or None
        return type(self)._restore, (self._ordinal, state)

    @classmethod
    def _restore(cls, ordinal: int, state: dict[str, t.Any] | None) -> Date:
        obj = cls.from_ordinal(ordinal)
        if state:
            obj.__dict__.update(state)
        return obj

    __module__ = "neo4j.time"


ZeroDate: t.Final[Date] = Date._unchecked(0, 0, 0, 0)
"""A date of all zeros (year, month and day 0), ordinal 0."""

Date.min = Date.from_ordinal(1)
Date.max = Date.from_ordinal(MAX_ORDINAL)
Date.resolution = Duration(days=1)
