"""Deprecation warning helpers local to :mod:`neo4j.time`."""

from __future__ import annotations

import functools
import typing as t
import warnings


__all__ = ["deprecated", "deprecation_warn"]

_F = t.TypeVar("_F", bound=t.Callable[..., t.Any])


def deprecation_warn(message: str, stack_level: int = 1) -> None:
    """
    Emit a :class:`DeprecationWarning`.

    :param message: warning text
    :param stack_level: 1 points at the caller of this function
    """
    warnings.warn(message, DeprecationWarning, stacklevel=stack_level + 1)


def deprecated(message: str) -> t.Callable[[_F], _F]:
    """
    Wrap a function so that each call emits a deprecation warning.

    :param message: warning text
    :returns: a decorator
    """

    def wrap(func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            deprecation_warn(message, stack_level=2)
            return func(*args, **kwargs)

        return t.cast(_F, wrapper)

    return wrap
