"""Concrete system clocks (selected automatically by ``_Clock()``)."""

from __future__ import annotations

import ctypes
import platform
import time as _time_mod

from ._clock import ClockTime, _Clock


__all__ = [
    "Clock",
    "ClockTime",
    "LibCClock",
    "PEP564Clock",
    "SafeClock",
]

Clock = _Clock


class SafeClock(_Clock):
    """Portable clock based on :func:`time.time` (microseconds)."""

    @classmethod
    def precision(cls) -> int:
        return 6

    @classmethod
    def available(cls) -> bool:
        return True

    def utc_time(self) -> ClockTime:
        micros = int(_time_mod.time() * 1_000_000)
        seconds, micros = divmod(micros, 1_000_000)
        return ClockTime(seconds, micros * 1000)


class PEP564Clock(_Clock):
    """Clock based on :func:`time.time_ns` (nanoseconds)."""

    @classmethod
    def precision(cls) -> int:
        return 9

    @classmethod
    def available(cls) -> bool:
        return hasattr(_time_mod, "time_ns")

    def utc_time(self) -> ClockTime:
        return ClockTime(0, _time_mod.time_ns())


class _TimeSpec(ctypes.Structure):
    _fields_ = (
        ("seconds", ctypes.c_longlong),
        ("nanoseconds", ctypes.c_long),
    )


class LibCClock(_Clock):
    """Clock calling libc's ``clock_gettime(CLOCK_REALTIME)``."""

    _LIBC = "libc.dylib" if platform.system() == "Darwin" else "libc.so.6"

    @classmethod
    def precision(cls) -> int:
        return 9

    @classmethod
    def available(cls) -> bool:
        try:
            ctypes.CDLL(cls._LIBC)
        except OSError:
            return False
        return True

    def utc_time(self) -> ClockTime:
        spec = _TimeSpec()
        status = ctypes.CDLL(self._LIBC).clock_gettime(0, ctypes.byref(spec))
        if status != 0:
            raise RuntimeError(f"clock_gettime failed with status {status}")
        return ClockTime(spec.seconds, spec.nanoseconds)
