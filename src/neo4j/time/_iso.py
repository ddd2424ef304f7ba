"""Regular expressions for the ISO 8601 subsets the types can parse."""

from __future__ import annotations

import re
import typing as t


__all__ = [
    "DATE_PATTERN",
    "DURATION_PATTERN",
    "FORMAT_F",
    "TIME_PATTERN",
    "fraction_to_ns",
]

# YYYY-MM-DD
DATE_PATTERN: t.Final[re.Pattern[str]] = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})$"
)

# hh[:mm[:ss[.fff...]]] followed by an optional offset
# (+|-)hh:mm[:ss[.fff]] or a "Z".  Groups: hour, minute, second, fraction,
# zone, sign, offset hour, offset minute.
TIME_PATTERN: t.Final[re.Pattern[str]] = re.compile(
    r"^(?P<h>\d{2})"
    r"(?::(?P<m>\d{2})(?::(?P<s>\d{2})(?P<f>\.\d*)?)?)?"
    r"(?P<zone>(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2})"
    r"(?::\d{2}(?:\.\d*)?)?|Z)?$"
)

_INT = r"[+-]?\d+"
DURATION_PATTERN: t.Final[re.Pattern[str]] = re.compile(
    rf"^P(?!$)(?:(?P<years>{_INT})Y)?(?:(?P<months>{_INT})M)?"
    rf"(?:(?P<days>{_INT})D)?"
    rf"(?:T(?!$)(?:(?P<hours>{_INT})H)?(?:(?P<minutes>{_INT})M)?"
    rf"(?:(?P<seconds>{_INT})(?P<fraction>[.,]\d+)?S)?)?$"
    rf"|^P(?P<weeks>{_INT})W$"
)

# "%f" not preceded by another "%" (i.e. not an escaped "%%f").
FORMAT_F: t.Final[re.Pattern[str]] = re.compile(r"(?<!%)%f")


def fraction_to_ns(fraction: str | None) -> int:
    """
    Turn a fractional-seconds suffix such as ``".5"`` into nanoseconds.

    Digits beyond the ninth are dropped (truncation).
    """
    if not fraction or len(fraction) == 1:
        return 0
    return int(fraction[1:10].ljust(9, "0"))
