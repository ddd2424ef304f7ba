"""
Integer arithmetic shared by the temporal types.

Splitting a signed amount into larger and smaller units has to follow
Cypher: ``-75`` seconds is ``-1`` minute and ``-15`` seconds, not ``-2``
minutes and ``45`` seconds as :func:`divmod` would say.  Scaling a
duration by a number rounds to the nearest integer with ties going to
the even neighbour, which is exactly what the built-in :func:`round`
does for floats (it looks at the exact binary value), so no helper is
needed for that.
"""

from __future__ import annotations

import typing as t


__all__ = ["split_toward_zero"]

_Amount = t.TypeVar("_Amount", int, float)


def split_toward_zero(amount: _Amount, unit: int) -> tuple[int, _Amount]:
    """
    Count whole ``unit`` steps in ``amount``, truncating towards zero.

    Both results carry the sign of ``amount``:
    ``split_toward_zero(-75, 60) == (-1, -15)``.

    :param amount: the value to split (an int or a float)
    :param unit: a positive step size
    :returns: the number of whole steps and what is left over
    """
    sign = -1 if amount < 0 else 1
    steps, left_over = divmod(abs(amount), unit)
    return sign * int(steps), sign * left_over
