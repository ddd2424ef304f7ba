"""The error raised when records cannot become Arrow columns."""

from __future__ import annotations

import typing as t


__all__ = ["ArrowConversionError", "kind_name"]


class ArrowConversionError(TypeError, ValueError):
    """
    Records cannot be turned into Arrow columns.

    Raised for a column mixing two kinds of value (an integer and a
    string, a zoned and a local date-time...), a value Arrow cannot
    hold (a date-time outside the nanosecond timestamp range, an object
    of an unknown class) and a record of the wrong width.  The message
    names the column (with the path inside nested values, such as
    ``n.properties.age`` or ``xs[]``) and the kinds involved.

    Both a :class:`TypeError` and a :class:`ValueError`, so either
    ``except`` clause catches it.

    :param path: where the offending values are (column, then the path
        inside nested values)
    :param message: what is wrong
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"column {path!r}: {message}")
        #: the column and the path inside nested values
        self.path = path


def kind_name(cls: type[t.Any]) -> str:
    """A short name of a value's class for messages (``int``,
    ``DateTime``, ``Node``...)."""
    return cls.__name__
