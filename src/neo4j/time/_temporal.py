"""What :class:`Date`, :class:`Time` and :class:`DateTime` share.

Ordering and equality reduce both operands to a pair of comparable
integers (``_pair``); text output and the :mod:`datetime`-style instance
aliases (``isoformat`` and friends) only differ in data.  The private base
holds that logic once; each type supplies the data.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from ._iso import FORMAT_F
from ._tz import offset_ns


__all__ = ["Temporal", "aware_pair"]

_Other = t.TypeVar("_Other")
_IntPair: t.TypeAlias = "tuple[int, int]"  # a str: no alias built per call


class Temporal(t.Generic[_Other]):
    """Private base of the temporal value types.

    A subclass sets :attr:`_comparable` (the types it orders against),
    :attr:`_instance_aliases` and implements ``_pair``, ``iso_format``,
    ``to_native`` and ``_format_nanoseconds``.  (:class:`Date` orders by
    its ordinal alone and overrides the operators with that fast path.)
    """

    __slots__ = ()

    #: the types ``==`` and ordering accept (others: ``NotImplemented``)
    _comparable: t.ClassVar[tuple[type, ...]]
    #: :mod:`datetime` spelling -> our method name
    _instance_aliases: t.ClassVar[dict[str, str]]

    if t.TYPE_CHECKING:

        def _pair(
            self, other: _Other, strict: bool
        ) -> tuple[int, int] | None: ...
        def _format_nanoseconds(self) -> str: ...
        def iso_format(self) -> str: ...
        def to_native(self) -> t.Any: ...

    # -- comparison --------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self._comparable):
            return NotImplemented
        pair = self._pair(t.cast(_Other, other), False)
        return pair is not None and pair[0] == pair[1]

    def __lt__(self, other: _Other) -> bool:
        if not isinstance(other, self._comparable):
            return NotImplemented
        a, b = t.cast(_IntPair, self._pair(other, True))
        return a < b

    def __le__(self, other: _Other) -> bool:
        if not isinstance(other, self._comparable):
            return NotImplemented
        a, b = t.cast(_IntPair, self._pair(other, True))
        return a <= b

    def __gt__(self, other: _Other) -> bool:
        if not isinstance(other, self._comparable):
            return NotImplemented
        a, b = t.cast(_IntPair, self._pair(other, True))
        return a > b

    def __ge__(self, other: _Other) -> bool:
        if not isinstance(other, self._comparable):
            return NotImplemented
        a, b = t.cast(_IntPair, self._pair(other, True))
        return a >= b

    # -- text --------------------------------------------------------------

    def __str__(self) -> str:
        return self.iso_format()

    def __format__(self, format_spec: str) -> str:
        if not format_spec:
            return self.iso_format()
        format_spec = FORMAT_F.sub(self._format_nanoseconds(), format_spec)
        return t.cast(str, self.to_native().__format__(format_spec))

    # -- aliases -----------------------------------------------------------

    def __getattr__(self, name: str) -> t.Any:
        target = self._instance_aliases.get(name)
        if target is None:
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r}"
            )
        return getattr(self, target)


def aware_pair(
    mine: int,
    theirs: int,
    my_offset: timedelta | None,
    their_offset: timedelta | None,
    strict: bool,
    plural: str,
) -> tuple[int, int] | None:
    """Two local nanosecond counts made comparable through UTC offsets.

    :param plural: what is compared, for the error (``"times"``...)
    :returns: the counts, shifted to UTC when both sides are aware;
        ``None`` when one side is naive and ``strict`` is false
    :raises TypeError: when one side is naive and ``strict`` is true
    """
    if (my_offset is None) != (their_offset is None):
        if strict:
            raise TypeError(
                f"can't compare offset-naive and offset-aware {plural}"
            )
        return None
    if my_offset is not None:
        mine -= offset_ns(my_offset)
    if their_offset is not None:
        theirs -= offset_ns(their_offset)
    return mine, theirs
