"""``ClockTime`` (deprecated) and the pluggable system clock."""

from __future__ import annotations

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


_TWO_DAYS = 172_800


class _Clock:
    """
    Base of the system clock implementations.

    Instantiating ``_Clock()`` returns an instance of the available
    subclass with the highest :meth:`precision`.
    """

    __implementations: t.ClassVar[list[type[_Clock]] | None] = None

    def __new__(cls) -> _Clock:
        if _Clock.__implementations is None:
            from . import _clock_implementations  # noqa: F401 (registers)

            found = [c for c in _Clock.__subclasses__() if c.available()]
            found.sort(key=lambda c: c.precision(), reverse=True)
            _Clock.__implementations = found
        if not _Clock.__implementations:
            raise RuntimeError("No clock implementations available")
        return object.__new__(_Clock.__implementations[0])

    @classmethod
    def precision(cls) -> int:
        """:returns: number of reliable decimal places of a second."""
        raise NotImplementedError("No clock implementation selected")

    @classmethod
    def available(cls) -> bool:
        """:returns: whether this implementation works here."""
        raise NotImplementedError("No clock implementation selected")

    @classmethod
    def local_offset(cls) -> ClockTime:
        """:returns: the local UTC offset (as observed at the epoch)."""
        local_as_utc = int(_time_mod.mktime(_time_mod.gmtime(_TWO_DAYS)))
        return ClockTime(_TWO_DAYS - local_as_utc)

    def local_time(self) -> ClockTime:
        """:returns: the local wall clock as seconds since the epoch."""
        return self.utc_time() + self.local_offset()

    def utc_time(self) -> ClockTime:
        """:returns: the UTC time as seconds since the epoch."""
        raise NotImplementedError("No clock implementation selected")
