"""
The inverse of mapping: objects as query parameters.

:func:`to_parameters` turns an instance of a mapped class into the map
that mapping would read it back from: the same keys (``Key`` markers
and pydantic aliases included), nested instances as nested maps, enum
members as their values, tuples and sets as lists.  Fields that receive
a part of an entity (``ElementId``, ``Labels``...) are left out: they
are not properties.  Values the driver sends as they are (numbers,
strings, temporal and spatial values) are kept.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
import typing as t

from ._targets import inspect_target


__all__ = ["to_parameters"]


#: per class: (attribute, key) of each field written
_layouts: dict[type[t.Any], tuple[tuple[str, str], ...]] = {}

_PLAIN: frozenset[type] = frozenset((str, int, float, bool, bytes, type(None)))


def to_parameters(obj: object) -> dict[str, t.Any]:
    """
    Turn a mapped object into a parameter map (see the module docstring).

    :param obj: an instance of a dataclass, attrs class, pydantic model
        or ``NamedTuple``, or a mapping (a ``TypedDict`` is a dict)
    :returns: a new dict, nested values converted the same way
    :raises TypeError: ``obj`` is none of these
    """
    if _is_struct_instance(obj):
        return _struct_map(obj)
    if isinstance(obj, t.Mapping):
        return {key: _value(item) for key, item in obj.items()}
    raise TypeError(
        "to_parameters() needs an instance of a dataclass, attrs class, "
        f"pydantic model or NamedTuple, or a mapping, not {type(obj)!r}"
    )


def _is_struct_instance(obj: object) -> bool:
    cls = type(obj)
    if dataclasses.is_dataclass(cls) or hasattr(cls, "__attrs_attrs__"):
        return True
    if isinstance(obj, tuple) and hasattr(cls, "_fields"):
        return True
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(obj, pydantic.BaseModel)


def _struct_map(obj: object) -> dict[str, t.Any]:
    cls = type(obj)
    layout = _layouts.get(cls)
    if layout is None:
        layout = _layouts[cls] = _layout(cls)
    return {key: _value(getattr(obj, name)) for name, key in layout}


def _layout(cls: type[t.Any]) -> tuple[tuple[str, str], ...]:
    target = inspect_target(cls)
    attributes: dict[str, str] = {}  # keyword -> attribute
    if hasattr(cls, "__attrs_attrs__"):
        for attribute in cls.__attrs_attrs__:
            alias = getattr(attribute, "alias", None)
            attributes[alias or attribute.name.lstrip("_")] = attribute.name
    stored: set[str] | None = None
    if dataclasses.is_dataclass(cls):  # InitVars are not stored
        stored = {field.name for field in dataclasses.fields(cls)}
    layout = []
    for field in target.fields:
        if field.part is not None:
            continue
        name = attributes.get(field.arg, field.name)
        if stored is not None and name not in stored:
            continue
        layout.append((name, field.key))
    return tuple(layout)


def _value(value: t.Any) -> t.Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        return [_value(item) for item in value]
    if kind is dict:
        return {key: _value(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return _value(value.value)
    if _is_struct_instance(value):
        return _struct_map(value)
    return value
