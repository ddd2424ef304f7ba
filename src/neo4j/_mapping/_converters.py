"""
Converters: what turns a driver value into what an annotation asks for.

:func:`compile_hint` turns one annotation into a :class:`Converter`
once, when a class is first mapped; mapping a record then only runs
the converters.  A converter has two halves:

* ``fast``: the types whose values pass unchanged (``{str}`` for
  ``str``, ``{int, NoneType}`` for ``int | None``).  Generated code
  checks ``type(v) is T`` inline and calls nothing for them.
* ``call``: the complete conversion for every other value: it converts
  (a :class:`neo4j.time.DateTime` for a ``datetime`` annotation, a list
  element by element) or raises ``_Mismatch``.

``fast`` is ``None`` for ``Any``: everything passes.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import enum
import types
import typing as t
import uuid

from .._data import BrokenValue
from ..graph import (
    Entity,
    Path,
)
from ..spatial import Point
from ..time import (
    Date,
    DateTime,
    Duration,
    Time,
)
from ..vector import Vector
from ._errors import _Mismatch
from ._targets import split_annotated


__all__ = ["Converter", "compile_hint", "describe_hint"]


class Converter(t.NamedTuple):
    """How one annotation is satisfied (see the module docstring)."""

    #: the complete conversion; raises ``_Mismatch``
    call: t.Callable[[t.Any], t.Any]
    #: types passed unchanged (None: every value)
    fast: frozenset[type] | None
    #: what the annotation accepts, for error messages
    expected: str
    #: whether None is accepted
    nullable: bool


#: the lookup of converters for classes that fields map onto (nested)
StructLookup: t.TypeAlias = t.Callable[[type[t.Any]], Converter]

_NONE_TYPE: t.Final = type(None)


def describe_hint(hint: t.Any) -> str:
    """An annotation as it would be written (``list[str] | None``)."""
    if hint is _NONE_TYPE or hint is None:
        return "None"
    if isinstance(hint, type) and not t.get_args(hint):
        return hint.__qualname__
    return repr(hint).replace("typing.", "").replace("NoneType", "None")


# ---------------------------------------------------------------------------
# leaves
# ---------------------------------------------------------------------------


def _passthrough(value: t.Any) -> t.Any:
    if type(value) is BrokenValue:
        raise _Mismatch("any value", value)
    return value


_ANY: t.Final = Converter(_passthrough, None, "any value", True)


def _exact(cls: type[t.Any]) -> Converter:
    """Values of exactly this type (``bool`` is not an ``int`` here)."""
    name = cls.__qualname__

    def call(value: t.Any) -> t.Any:
        if type(value) is cls:
            return value
        raise _Mismatch(name, value)

    return Converter(call, frozenset((cls,)), name, cls is _NONE_TYPE)


def _float(value: t.Any) -> float:
    kind = type(value)
    if kind is float:
        return t.cast(float, value)
    if kind is int:
        return float(value)
    raise _Mismatch("float", value)


def _bytes(value: t.Any) -> bytes:
    kind = type(value)
    if kind is bytes:
        return t.cast(bytes, value)
    if kind is bytearray:
        return bytes(value)
    raise _Mismatch("bytes", value)


def _to_datetime(value: t.Any) -> dt.datetime:
    if type(value) is DateTime:
        return value.to_native()
    if type(value) is dt.datetime:
        return value
    if isinstance(value, DateTime):
        return value.to_native()
    raise _Mismatch("datetime", value)


def _to_date(value: t.Any) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, Date):
        return value.to_native()
    raise _Mismatch("date", value)


def _to_time(value: t.Any) -> dt.time:
    if type(value) is dt.time:
        return value
    if isinstance(value, Time):
        return value.to_native()
    raise _Mismatch("time", value)


def _to_timedelta(value: t.Any) -> dt.timedelta:
    if type(value) is dt.timedelta:
        return value
    if isinstance(value, Duration):
        months, days, seconds, nanoseconds = value
        if months:
            raise _Mismatch("timedelta (a duration without months)", value)
        # nanoseconds carry the sign of seconds: truncate toward zero
        micro = (
            nanoseconds // 1000
            if nanoseconds >= 0
            else -(-nanoseconds // 1000)
        )
        return dt.timedelta(days=days, seconds=seconds, microseconds=micro)
    raise _Mismatch("timedelta", value)


_SCALARS: dict[t.Any, Converter] = {
    cls: _exact(cls) for cls in (str, int, bool, _NONE_TYPE)
}
_SCALARS[float] = Converter(_float, frozenset((float,)), "float", False)
_SCALARS[bytes] = Converter(_bytes, frozenset((bytes,)), "bytes", False)
_SCALARS[dt.datetime] = Converter(
    _to_datetime, frozenset((dt.datetime,)), "datetime", False
)
_SCALARS[dt.date] = Converter(_to_date, frozenset((dt.date,)), "date", False)
_SCALARS[dt.time] = Converter(_to_time, frozenset((dt.time,)), "time", False)
_SCALARS[dt.timedelta] = Converter(
    _to_timedelta, frozenset((dt.timedelta,)), "timedelta", False
)
_SCALARS[t.Any] = _ANY
_SCALARS[object] = _ANY

#: driver value types taken as they are (with their subclasses)
_VALUE_TYPES: tuple[type[t.Any], ...] = (
    Date,
    DateTime,
    Time,
    Duration,
    Point,
    Entity,
    Path,
    Vector,
    uuid.UUID,
)


def _instance_of(cls: type[t.Any]) -> Converter:
    name = cls.__qualname__

    def call(value: t.Any) -> t.Any:
        if isinstance(value, cls):
            return value
        raise _Mismatch(name, value)

    return Converter(call, frozenset((cls,)), name, False)


def _enum(cls: type[enum.Enum]) -> Converter:
    name = cls.__qualname__

    def call(value: t.Any) -> t.Any:
        if type(value) is cls:
            return value
        try:
            return cls(value)
        except (ValueError, TypeError):
            raise _Mismatch(
                f"{name} (a value of its members)", value
            ) from None

    return Converter(call, frozenset((cls,)), name, False)


def _literal(hint: t.Any) -> Converter:
    allowed = t.get_args(hint)
    name = describe_hint(hint)

    def call(value: t.Any) -> t.Any:
        for option in allowed:
            if type(option) is type(value) and option == value:
                return value
        raise _Mismatch(name, value)

    nullable = None in allowed
    return Converter(call, frozenset(), name, nullable)


# ---------------------------------------------------------------------------
# unions
# ---------------------------------------------------------------------------


def _optional(inner: Converter, name: str) -> Converter:
    inner_call = inner.call

    def call(value: t.Any) -> t.Any:
        if value is None:
            return None
        return inner_call(value)

    fast = None if inner.fast is None else inner.fast | {_NONE_TYPE}
    return Converter(call, fast, name, True)


def _union(members: list[Converter], nullable: bool, name: str) -> Converter:
    if any(member.fast is None for member in members):
        return _ANY
    if len(members) == 1:
        if nullable:
            return _optional(members[0], name)
        return members[0]
    fast: frozenset[type] = frozenset().union(
        *(t.cast(frozenset[type], member.fast) for member in members)
    )
    calls = [member.call for member in members]

    def call(value: t.Any) -> t.Any:
        if value is None and nullable:
            return None
        if type(value) in fast:
            return value
        for member_call in calls:
            try:
                return member_call(value)
            except _Mismatch:
                pass
        raise _Mismatch(name, value)

    if nullable:
        fast = fast | {_NONE_TYPE}
    return Converter(call, fast, name, nullable)


# ---------------------------------------------------------------------------
# collections
# ---------------------------------------------------------------------------

_COLLECTION_INPUTS: frozenset[type] = frozenset((list, tuple, set, frozenset))


def _collection(element: Converter, make: type[t.Any], name: str) -> Converter:
    """``list[X]``, ``tuple[X, ...]``, ``set[X]``... from any list value."""
    fast = element.fast
    element_call = element.call

    def convert_items(items: t.Any) -> list[t.Any]:
        out: list[t.Any] = []
        append = out.append
        for index, item in enumerate(items):
            if fast is not None and type(item) in fast:
                append(item)
                continue
            try:
                append(element_call(item))
            except _Mismatch as mismatch:
                raise mismatch.at_index(index) from None
        return out

    single = next(iter(fast)) if fast is not None and len(fast) == 1 else None

    def call(value: t.Any) -> t.Any:
        kind = type(value)
        if kind is not list and kind not in _COLLECTION_INPUTS:
            if not isinstance(value, Vector):
                raise _Mismatch(name, value)
            value = value.to_native()
        # a loop beats map/issuperset on the short lists of records
        try:
            if single is not None:
                for item in value:
                    if type(item) is not single:
                        return make(convert_items(value))
            elif fast is not None:
                for item in value:
                    if type(item) not in fast:
                        return make(convert_items(value))
            return make(value)
        except TypeError:  # unhashable elements for a set
            raise _Mismatch(name, value) from None

    return Converter(call, frozenset(), name, False)


def _fixed_tuple(elements: list[Converter], name: str) -> Converter:
    """``tuple[A, B]``: one converter per position."""
    size = len(elements)

    def call(value: t.Any) -> t.Any:
        if type(value) not in _COLLECTION_INPUTS or len(value) != size:
            raise _Mismatch(name, value)
        out = []
        for index, (element, item) in enumerate(
            zip(elements, value, strict=True)
        ):
            if element.fast is not None and type(item) in element.fast:
                out.append(item)
                continue
            try:
                out.append(element.call(item))
            except _Mismatch as mismatch:
                raise mismatch.at_index(index) from None
        return tuple(out)

    return Converter(call, frozenset(), name, False)


def _mapping(values: Converter, name: str) -> Converter:
    """``dict[str, X]`` from a map, or from the properties of an entity."""
    fast = values.fast
    value_call = values.call

    def call(value: t.Any) -> t.Any:
        if type(value) is not dict:
            if isinstance(value, Entity):
                value = value._properties
            elif isinstance(value, abc.Mapping):
                value = dict(value)
            else:
                raise _Mismatch(name, value)
        if fast is None or fast.issuperset(map(type, value.values())):
            return dict(value)
        out = {}
        for key, item in value.items():
            if type(item) in fast:
                out[key] = item
                continue
            try:
                out[key] = value_call(item)
            except _Mismatch as mismatch:
                raise mismatch.at_index(key) from None
        return out

    return Converter(call, frozenset(), name, False)


_SEQUENCES: dict[t.Any, type[t.Any]] = {
    list: list,
    abc.Sequence: list,
    abc.MutableSequence: list,
    abc.Collection: list,
    abc.Iterable: list,
    set: set,
    abc.Set: frozenset,
    abc.MutableSet: set,
    frozenset: frozenset,
}
_MAPPINGS: frozenset[t.Any] = frozenset(
    (dict, abc.Mapping, abc.MutableMapping)
)


# ---------------------------------------------------------------------------
# compiling annotations
# ---------------------------------------------------------------------------


class _Unsupported(Exception):
    """An annotation this module cannot satisfy (becomes TypeError)."""


def compile_hint(
    hint: t.Any, struct: StructLookup, lenient: bool = False
) -> Converter:
    """
    Build the converter of an annotation.

    :param hint: the annotation (``Annotated`` metadata is ignored)
    :param struct: gives the converter of a class fields map onto
    :param lenient: pass values of unknown annotations through
        unchanged (for classes that validate themselves: pydantic)
    :raises TypeError: the annotation cannot be satisfied; the message
        says which part
    """
    try:
        return _compile(hint, struct, lenient)
    except _Unsupported as exc:
        raise TypeError(str(exc)) from None


def _compile(hint: t.Any, struct: StructLookup, lenient: bool) -> Converter:
    hint, _ = split_annotated(hint)
    if hint is None:
        hint = _NONE_TYPE
    found = _SCALARS.get(hint) if _hashable(hint) else None
    if found is not None:
        return found
    name = describe_hint(hint)
    supertype = getattr(hint, "__supertype__", None)  # NewType
    if supertype is not None:
        return _compile(supertype, struct, lenient)
    alias_value = getattr(hint, "__value__", None)  # `type X = ...`
    if alias_value is not None and not isinstance(hint, type):
        return _compile(alias_value, struct, lenient)
    origin = t.get_origin(hint)
    args = t.get_args(hint)
    if origin is t.Union or origin is types.UnionType:
        members = [
            _compile(arg, struct, lenient)
            for arg in args
            if arg is not _NONE_TYPE
        ]
        return _union(members, _NONE_TYPE in args, name)
    if origin is t.Literal:
        return _literal(hint)
    if origin is not None:
        return _generic(origin, args, name, struct, lenient)
    if isinstance(hint, type):
        return _class(hint, name, struct, lenient)
    if lenient:
        return _ANY
    raise _Unsupported(f"unsupported annotation {name}")


def _hashable(hint: t.Any) -> bool:
    try:
        hash(hint)
    except TypeError:
        return False
    return True


def _generic(
    origin: t.Any,
    args: tuple[t.Any, ...],
    name: str,
    struct: StructLookup,
    lenient: bool,
) -> Converter:
    make = _SEQUENCES.get(origin)
    if make is not None:
        (element,) = args or (t.Any,)
        return _collection(_compile(element, struct, lenient), make, name)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _collection(_compile(args[0], struct, lenient), tuple, name)
        if args == ((),):  # tuple[()]
            args = ()
        return _fixed_tuple(
            [_compile(arg, struct, lenient) for arg in args], name
        )
    if origin in _MAPPINGS:
        key, value = args or (str, t.Any)
        key = split_annotated(key)[0]
        if key not in (str, t.Any, object):
            raise _Unsupported(
                f"unsupported annotation {name}: map keys are str"
            )
        return _mapping(_compile(value, struct, lenient), name)
    if origin is type or origin is abc.Callable:
        if lenient:
            return _ANY
        raise _Unsupported(f"unsupported annotation {name}")
    if lenient:
        return _ANY
    raise _Unsupported(
        f"unsupported annotation {name} (generic classes "
        "are mapped onto without parameters)"
    )


def _class(
    cls: type[t.Any], name: str, struct: StructLookup, lenient: bool
) -> Converter:
    make = _SEQUENCES.get(cls)
    if make is not None:
        return _collection(_ANY, make, name)
    if cls is tuple:
        return _collection(_ANY, tuple, name)
    if cls in _MAPPINGS:
        return _mapping(_ANY, name)
    if issubclass(cls, enum.Enum):
        return _enum(cls)
    if issubclass(cls, _VALUE_TYPES):
        # with subclasses: one per relationship type, per point kind
        return _instance_of(cls)
    try:
        return struct(cls)
    except TypeError as exc:
        if lenient:
            return _ANY
        raise _Unsupported(f"unsupported annotation {name}: {exc}") from None
