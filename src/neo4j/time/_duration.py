"""The :class:`Duration` type (months, days, seconds, nanoseconds)."""

from __future__ import annotations

import typing as t
from datetime import timedelta
from operator import floordiv, itemgetter, mod

from ._arithmetic import split_toward_zero
from ._constants import (
    AVERAGE_SECONDS_IN_DAY,
    AVERAGE_SECONDS_IN_MONTH,
    MAX_INT64,
    MIN_INT64,
    NANO_SECONDS,
)
from ._iso import DURATION_PATTERN, fraction_to_ns


__all__ = ["Duration"]

_NS = NANO_SECONDS


def _split_ns(total: int) -> tuple[int, int]:
    # seconds and nanoseconds sharing the sign of ``total``
    if total >= 0:
        return divmod(total, _NS)
    sec, ns = divmod(-total, _NS)
    return -sec, -ns


class Duration(tuple[int, int, int, int]):
    """
    A temporal amount as four independent components.

    The components are months, days, seconds and nanoseconds.  Years and
    weeks fold into months and days; hours down to nanoseconds fold into
    seconds plus nanoseconds, where the nanoseconds always carry the same
    sign as the seconds and stay below one second in magnitude.  Floats are
    accepted for every parameter and truncated at the component level.

    Months, days and the time part are never converted into each other
    (a month has no fixed length), so arithmetic works element-wise.

    :param years: 12 months each
    :param months: months
    :param weeks: 7 days each
    :param days: days
    :param hours: hours
    :param minutes: minutes
    :param seconds: seconds
    :param milliseconds: milliseconds
    :param microseconds: microseconds
    :param nanoseconds: nanoseconds
    :raises ValueError: if the amount does not fit the Bolt value range
    """

    min: t.ClassVar[Duration]
    """The smallest duration value."""
    max: t.ClassVar[Duration]
    """The largest duration value."""

    def __new__(
        cls,
        years: float = 0,
        months: float = 0,
        weeks: float = 0,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
        milliseconds: float = 0,
        microseconds: float = 0,
        nanoseconds: float = 0,
    ) -> Duration:
        if years or weeks:
            mo = int(12 * years + months)
            d = int(7 * weeks + days)
        else:
            mo = int(months)
            d = int(days)
        total = int(seconds * _NS) + int(nanoseconds)
        if hours or minutes or milliseconds or microseconds:
            total += (
                int(hours * 3_600_000_000_000)
                + int(minutes * 60_000_000_000)
                + int(milliseconds * 1_000_000)
                + int(microseconds * 1_000)
            )
        return cls._make(mo, d, total)

    @classmethod
    def _make(cls, mo: int, d: int, total_ns: int) -> Duration:
        # Build from whole months, days and a signed nanosecond total.
        if not MIN_INT64 <= mo <= MAX_INT64:
            raise ValueError("Months value out of range")
        s, ns = _split_ns(total_ns)
        fields = (mo, d, s, ns)
        approx = (
            mo * AVERAGE_SECONDS_IN_MONTH
            + d * AVERAGE_SECONDS_IN_DAY
            + s
            - (ns < 0)
        )
        if not MIN_INT64 <= approx <= MAX_INT64:
            raise ValueError(f"Duration value out of range: {fields!r}")
        return tuple.__new__(cls, fields)

    # -- components -----------------------------------------------------

    months: int = property(itemgetter(0))  # type: ignore[assignment]
    """Months component."""
    days: int = property(itemgetter(1))  # type: ignore[assignment]
    """Days component."""
    seconds: int = property(itemgetter(2))  # type: ignore[assignment]
    """Seconds component."""
    nanoseconds: int = property(itemgetter(3))  # type: ignore[assignment]
    """Nanoseconds component (same sign as :attr:`seconds`)."""

    @property
    def years_months_days(self) -> tuple[int, int, int]:
        """Months split into years and months, plus days."""
        years, months = split_toward_zero(self[0], 12)
        return years, months, self[1]

    @property
    def hours_minutes_seconds_nanoseconds(self) -> tuple[int, int, int, int]:
        """Seconds split into hours, minutes and seconds, plus nanos."""
        minutes, seconds = split_toward_zero(self[2], 60)
        hours, minutes = split_toward_zero(minutes, 60)
        return hours, minutes, seconds, self[3]

    def _total_ns(self) -> int:
        return self[2] * _NS + self[3]

    # -- arithmetic -----------------------------------------------------

    def __bool__(self) -> bool:
        return any(self)

    def __add__(  # type: ignore[override]
        self, other: Duration | timedelta
    ) -> Duration:
        if isinstance(other, Duration):
            return Duration._make(
                self[0] + other[0],
                self[1] + other[1],
                self._total_ns() + other._total_ns(),
            )
        if isinstance(other, timedelta):
            return Duration._make(
                self[0],
                self[1] + other.days,
                self._total_ns()
                + other.seconds * _NS
                + other.microseconds * 1000,
            )
        return NotImplemented

    def __sub__(self, other: Duration | timedelta) -> Duration:
        if isinstance(other, Duration):
            return Duration._make(
                self[0] - other[0],
                self[1] - other[1],
                self._total_ns() - other._total_ns(),
            )
        if isinstance(other, timedelta):
            return Duration._make(
                self[0],
                self[1] - other.days,
                self._total_ns()
                - other.seconds * _NS
                - other.microseconds * 1000,
            )
        return NotImplemented

    # Scaling works component by component: months and days on their
    # own, the time part as one signed nanosecond count.  ``*`` and ``/``
    # accept any real factor and round each result half to even; ``//``
    # and ``%`` take integers only and floor like Python's ints do.

    def _scaled(self, scale: t.Callable[[int], float]) -> Duration:
        secs_as_ns = self[2] * _NS
        months, days = (round(scale(part)) for part in self[:2])
        nanos = round(scale(secs_as_ns) + scale(self[3]))
        return Duration._make(months, days, nanos)

    def _floored(self, op: t.Callable[[int, int], int], n: int) -> Duration:
        return Duration._make(
            *(op(part, n) for part in (self[0], self[1], self._total_ns()))
        )

    def __mul__(self, other: float) -> Duration:  # type: ignore[override]
        if not isinstance(other, (int, float)):
            return NotImplemented
        return self._scaled(lambda part: part * other)

    __rmul__ = __mul__  # type: ignore[assignment]

    def __truediv__(self, other: float) -> Duration:
        if not isinstance(other, (int, float)):
            return NotImplemented
        return self._scaled(lambda part: part / other)

    def __floordiv__(self, other: int) -> Duration:
        if not isinstance(other, int):
            return NotImplemented
        return self._floored(floordiv, other)

    def __mod__(self, other: int) -> Duration:
        if not isinstance(other, int):
            return NotImplemented
        return self._floored(mod, other)

    def __divmod__(self, other: int) -> tuple[Duration, Duration]:
        if not isinstance(other, int):
            return NotImplemented
        return self // other, self % other

    def __pos__(self) -> Duration:
        return self

    def __neg__(self) -> Duration:
        return Duration._make(-self[0], -self[1], -self._total_ns())

    def __abs__(self) -> Duration:
        return Duration._make(
            abs(self[0]), abs(self[1]), abs(self[2]) * _NS + abs(self[3])
        )

    # -- text -------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"neo4j.time.Duration(months={self[0]!r}, days={self[1]!r}, "
            f"seconds={self[2]!r}, nanoseconds={self[3]!r})"
        )

    def __str__(self) -> str:
        return self.iso_format()

    @classmethod
    def from_iso_format(cls, s: str) -> Duration:
        """
        Parse an ISO 8601 duration such as ``"P1Y2M3DT4H5M6.789S"``.

        Week form ``"P3W"`` is accepted on its own; components may carry a
        sign; fractions are allowed on the seconds only (``.`` or ``,``).

        :param s: the text to parse
        :returns: the parsed duration
        :raises ValueError: if ``s`` is not in that format
        """
        match = DURATION_PATTERN.match(s)
        if match is None:
            raise ValueError("Duration string must be in ISO format")
        groups = match.groupdict()
        if groups["weeks"]:
            return cls(weeks=int(groups["weeks"]))
        seconds_text = groups["seconds"]
        ns = fraction_to_ns(groups["fraction"])
        if seconds_text and seconds_text.startswith("-"):
            ns = -ns
        return cls(
            years=int(groups["years"] or 0),
            months=int(groups["months"] or 0),
            days=int(groups["days"] or 0),
            hours=int(groups["hours"] or 0),
            minutes=int(groups["minutes"] or 0),
            seconds=int(seconds_text or 0),
            nanoseconds=ns,
        )

    fromisoformat = from_iso_format

    def iso_format(self, sep: str = "T") -> str:
        """
        Render as ISO 8601, e.g. ``"P1Y2M3DT4H5M6.000000789S"``.

        :param sep: text placed between the date and the time part
        :returns: the text; ``"PT0S"`` for the zero duration
        """
        hours, minutes, seconds, nanos = self.hours_minutes_seconds_nanoseconds
        clock = []
        if hours:
            clock.append(f"{hours}H")
        if minutes:
            clock.append(f"{minutes}M")
        if nanos:
            sign = "-" if seconds < 0 or nanos < 0 else ""
            digits = f"{abs(nanos):09d}".rstrip("0")
            clock.append(f"{sign}{abs(seconds)}.{digits}S")
        elif seconds:
            clock.append(f"{seconds}S")
        years, months, days = self.years_months_days
        cal = []
        if years:
            cal.append(f"{years}Y")
        if months:
            cal.append(f"{months}M")
        if days:
            cal.append(f"{days}D")
        if not cal and not clock:
            return "PT0S"
        text = "P" + "".join(cal)
        if clock:
            text += sep + "".join(clock)
        return text

    # -- pickling -----------------------------------------------------------

    def __reduce__(self) -> tuple[t.Any, ...]:
        return Duration._restore, (tuple(self), self.__dict__ or None)

    @classmethod
    def _restore(
        cls, fields: tuple[int, int, int, int], state: dict[str, t.Any] | None
    ) -> Duration:
        obj = tuple.__new__(cls, fields)
        if state:
            obj.__dict__.update(state)
        return obj

    __module__ = "neo4j.time"


Duration.min = Duration(seconds=MIN_INT64, nanoseconds=0)
Duration.max = Duration(seconds=MAX_INT64, nanoseconds=999999999)
