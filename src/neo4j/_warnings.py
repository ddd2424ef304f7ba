"""
Helpers to emit the driver's own warnings.

``deprecation_warn``/``preview_warn`` emit a warning attributed to the
caller ``stack_level`` frames up; ``deprecated``/``preview`` are decorators
for functions, coroutine functions and classes.  A decorated callable keeps
the undecorated version as ``_quiet_impl`` so the driver can call it
internally without warning.
"""

from __future__ import annotations

import functools
import inspect
import typing as t
import warnings as _py_warnings

from .warnings import (
    PreviewWarning,
    _notification_text,
)


__all__ = [
    "deprecated",
    "deprecation_warn",
    "format_notification",
    "preview",
    "preview_warn",
    "unclosed_resource_warn",
]


_F = t.TypeVar("_F", bound=t.Callable[..., t.Any])

_PREVIEW_SUFFIX: t.Final[str] = (
    " It might be changed without following the deprecation policy. "
    "See also "
    "https://github.com/neo4j/neo4j-python-driver/wiki/preview-features."
)

format_notification = _notification_text


def deprecation_warn(message: str, stack_level: int = 1) -> None:
    """
    Emit a :class:`DeprecationWarning`.

    :param message: the warning text
    :param stack_level: 1 blames the caller of this function, 2 its caller…
    """
    _py_warnings.warn(
        message, category=DeprecationWarning, stacklevel=stack_level + 1
    )


def preview_warn(message: str, stack_level: int = 1) -> None:
    """
    Emit a :class:`.PreviewWarning` with the standard preview disclaimer.

    :param message: the warning text (the disclaimer is appended)
    :param stack_level: see :func:`deprecation_warn`
    """
    _py_warnings.warn(
        message + _PREVIEW_SUFFIX,
        category=PreviewWarning,
        stacklevel=stack_level + 1,
    )


def unclosed_resource_warn(obj: object) -> None:
    """
    Emit a :class:`ResourceWarning` for an object that was never closed.

    :param obj: the leaked object (used as warning source)
    """
    name = type(obj).__name__
    _py_warnings.warn(
        f"unclosed  {name}: {obj!r}.",
        ResourceWarning,
        stacklevel=2,
        source=obj,
    )


def deprecated(message: str) -> t.Callable[[_F], _F]:
    """
    Mark a function, coroutine function or class as deprecated.

    :param message: text of the :class:`DeprecationWarning` emitted on
        every call (or instantiation)
    """
    return _warning_decorator(message, deprecation_warn)


def preview(message: str) -> t.Callable[[_F], _F]:
    """
    Mark a function, coroutine function or class as preview.

    :param message: text of the :class:`.PreviewWarning` emitted on every
        call (or instantiation)
    """
    return _warning_decorator(message, preview_warn)


def _warning_decorator(
    message: str, emit: t.Callable[[str, int], None]
) -> t.Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        if inspect.isclass(func):
            return t.cast(_F, _decorate_class(func, message, emit))
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(*args: t.Any, **kwargs: t.Any) -> t.Any:
                emit(message, 2)
                return await func(*args, **kwargs)

            async_inner._quiet_impl = func  # type: ignore[attr-defined]
            return t.cast(_F, async_inner)

        @functools.wraps(func)
        def inner(*args: t.Any, **kwargs: t.Any) -> t.Any:
            emit(message, 2)
            return func(*args, **kwargs)

        inner._quiet_impl = func  # type: ignore[attr-defined]
        return t.cast(_F, inner)

    return decorate


def _decorate_class(
    cls: t.Any, message: str, emit: t.Callable[[str, int], None]
) -> t.Any:
    plain_init = cls.__init__

    @functools.wraps(plain_init)
    def init(self: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        emit(message, 2)
        plain_init(self, *args, **kwargs)

    def without_warning(klass: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        obj = klass.__new__(klass)
        plain_init(obj, *args, **kwargs)
        return obj

    cls.__init__ = init
    cls._quiet_impl = classmethod(without_warning)
    return cls
