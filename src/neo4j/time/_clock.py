"""``ClockTime`` (deprecated) and the pluggable system clock."""

from __future__ import annotations

import functools
import time as _time_mod
import typing as t

from ._constants import NANO_SECONDS


if t.TYPE_CHECKING:
    from ._duration import Duration


__all__ = ["ClockTime", "_Clock"]


class ClockTime(tuple[int, int]):
    """
    A point or span on a clock as whole seconds plus nanoseconds.

    The nanosecond part is always normalised into ``0..999999999``.

    .. deprecated:: 6.0
        An implementation detail that will be removed.

    :param seconds: seconds (may be fractional)
    :param nanoseconds: additional nanoseconds
    """

    __slots__ = ()

    def __new__(cls, seconds: float = 0, nanoseconds: int = 0) -> ClockTime:
        total = int(seconds * NANO_SECONDS) + int(nanoseconds)
        return tuple.__new__(cls, divmod(total, NANO_SECONDS))

    @staticmethod
    def _operand(other: object, verb: str) -> tuple[int, int] | None:
        if isinstance(other, (int, float)):
            return ClockTime(other)
        if isinstance(other, ClockTime):
            return other
        from ._duration import Duration

        if isinstance(other, Duration):
            if other[0] or other[1]:
                raise ValueError(f"Cannot {verb} Duration with months or days")
            return other[2], other[3]
        return None

    def __add__(  # type: ignore[override]
        self, other: ClockTime | Duration | float
    ) -> ClockTime:
        pair = self._operand(other, "add")
        if pair is None:
            return NotImplemented
        return ClockTime(self[0] + pair[0], self[1] + int(pair[1]))

    def __sub__(self, other: ClockTime | Duration | float) -> ClockTime:
        pair = self._operand(other, "subtract")
        if pair is None:
            return NotImplemented
        return ClockTime(self[0] - pair[0], self[1] - int(pair[1]))

    def __repr__(self) -> str:
        return (
            f"neo4j.time.ClockTime(seconds={self[0]!r}, "
            f"nanoseconds={self[1]!r})"
        )

    @property
    def seconds(self) -> int:
        """Whole seconds."""
        return self[0]

    @property
    def nanoseconds(self) -> int:
        """Nanoseconds past :attr:`seconds` (``0..999999999``)."""
        return self[1]


# ``local_offset`` asks the C library how it reads a UTC wall time taken
# for local time.  The probe instant sits two days after the epoch so that
# no time zone (offsets stay within a day) pushes it before 1970.
_OFFSET_PROBE: t.Final[int] = 2 * 86_400


def _missing(what: str) -> t.NoReturn:
    raise NotImplementedError(
        f"{what} must be provided by a concrete clock class"
    )


@functools.cache
def _preferred_clock() -> type[_Clock] | None:
    """
    The available :class:`_Clock` subclass with the most precision.

    Among equally precise clocks the one defined first wins.  The answer
    is remembered; ``_preferred_clock.cache_clear()`` asks again.
    """
    from . import _clock_implementations  # noqa: F401 (defines the clocks)

    usable = [k for k in _Clock.__subclasses__() if k.available()]
    return max(usable, key=lambda k: k.precision(), default=None)


class _Clock:
    """
    Base of the system clock implementations.

    ``_Clock()`` does not build a base instance: it returns an instance
    of the most precise subclass that works on this system.
    """

    def __new__(cls) -> _Clock:
        chosen = _preferred_clock()
        if chosen is None:
            raise RuntimeError("No clock implementations available")
        return object.__new__(chosen)

    @classmethod
    def precision(cls) -> int:
        """:returns: how many decimal places of a second are reliable."""
        _missing("precision()")

    @classmethod
    def available(cls) -> bool:
        """:returns: whether this clock can be used on this system."""
        _missing("available()")

    def utc_time(self) -> ClockTime:
        """:returns: seconds since the Unix epoch, in UTC."""
        _missing("utc_time()")

    def local_time(self) -> ClockTime:
        """:returns: seconds since the epoch on the local wall clock."""
        return self.local_offset() + self.utc_time()

    @classmethod
    def local_offset(cls) -> ClockTime:
        """:returns: how far the local zone is ahead of UTC."""
        utc_fields = _time_mod.gmtime(_OFFSET_PROBE)
        read_as_local = int(_time_mod.mktime(utc_fields))
        return ClockTime(_OFFSET_PROBE - read_as_local)
