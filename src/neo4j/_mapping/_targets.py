"""
What a class needs to be built: its fields, their annotations and keys.

One function, :func:`inspect_target`, reads any supported kind of class
into a :class:`Target`: the same description for dataclasses, attrs
classes, pydantic v2 models, ``TypedDict``, ``NamedTuple`` and plain
classes with an annotated ``__init__``.  Nothing optional is imported
here: a class can only be a pydantic model (or an attrs class) if the
application has imported pydantic (or attrs) already.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import keyword
import sys
import types
import typing as t

from ._markers import (
    EntityPart,
    Key,
)


__all__ = [
    "OMIT",
    "REQUIRED",
    "Field",
    "Target",
    "inspect_target",
    "is_typed_dict",
    "split_annotated",
]


class _Fill:
    """Type of :data:`REQUIRED` and :data:`OMIT`."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: the field has no default: a value must be found
REQUIRED: t.Final = _Fill("REQUIRED")
#: the field has a default: leave it out of the call when there is none
OMIT: t.Final = _Fill("OMIT")

#: kinds of class: called with keywords, a ``dict`` is built
CALL: t.Final = "call"
DICT: t.Final = "dict"


class Field(t.NamedTuple):
    """One value a class is built from."""

    #: field name, as errors show it
    name: str
    #: the keyword (or ``TypedDict`` key) the value is passed as
    arg: str
    #: the record key or property the value is read from
    key: str
    #: the annotation, without ``Annotated`` metadata
    hint: t.Any
    #: where the value is read: properties (None) or a part of the entity
    part: EntityPart | None
    #: REQUIRED, OMIT, or the default value itself (positional-only
    #: parameters cannot be left out)
    fill: object
    #: passed positionally (a positional-only parameter)
    positional: bool

    @property
    def keyword_ok(self) -> bool:
        """Whether ``name`` can be written as a keyword argument."""
        return self.arg.isidentifier() and not keyword.iskeyword(self.arg)


class Target(t.NamedTuple):
    """A class and what building it takes."""

    cls: type[t.Any]
    #: :data:`CALL` (``cls(...)``) or :data:`DICT` (a ``TypedDict``)
    kind: str
    fields: tuple[Field, ...]
    #: annotations this module does not know are passed through for the
    #: class to validate (pydantic), instead of being refused
    lenient: bool


def split_annotated(hint: t.Any) -> tuple[t.Any, tuple[t.Any, ...]]:
    """
    Separate ``Annotated[X, m...]`` into ``X`` and ``(m, ...)``.

    Python 3.10's ``get_type_hints`` wraps the annotation of a parameter
    whose default is None in ``Optional``, so the metadata may sit on a
    member of a union: it is lifted from there too.
    """
    metadata: tuple[t.Any, ...] = ()
    while t.get_origin(hint) is t.Annotated:
        metadata += hint.__metadata__
        hint = hint.__origin__
    if t.get_origin(hint) in (t.Union, types.UnionType):
        members = t.get_args(hint)
        if any(t.get_origin(member) is t.Annotated for member in members):
            stripped = []
            for member in members:
                member, more = split_annotated(member)
                metadata += more
                stripped.append(member)
            hint = t.Union[tuple(stripped)]  # noqa: UP007 (built from a tuple)
    return hint, metadata


def _unwrap_qualifiers(hint: t.Any) -> t.Any:
    """Drop ``InitVar``, ``Final``, ``Required``, ``ReadOnly`` and kin."""
    while True:
        if isinstance(hint, dataclasses.InitVar):
            hint = hint.type
            continue
        origin = t.get_origin(hint)
        if origin is not None and origin in _qualifier_set():
            (hint,) = t.get_args(hint)
            continue
        return hint


_QUALIFIER_NAMES = ("Final", "Required", "NotRequired", "ReadOnly")
_qualifiers: dict[bool, frozenset[t.Any]] = {}


def _qualifier_set() -> frozenset[t.Any]:
    """``typing`` qualifiers, with ``typing_extensions``' once loaded."""
    extensions = sys.modules.get("typing_extensions")
    found = _qualifiers.get(extensions is not None)
    if found is None:
        modules = [t] if extensions is None else [t, extensions]
        found = frozenset(
            getattr(module, name)
            for module in modules
            for name in _QUALIFIER_NAMES
            if hasattr(module, name)
        )
        _qualifiers[extensions is not None] = found
    return found


def is_typed_dict(cls: object) -> bool:
    """Whether ``cls`` is a ``TypedDict`` (of typing or its backport)."""
    if t.is_typeddict(cls):
        return True
    extensions = sys.modules.get("typing_extensions")
    return extensions is not None and bool(extensions.is_typeddict(cls))


def _hints(obj: t.Any, cls: type[t.Any]) -> dict[str, t.Any]:
    """Resolved annotations of ``obj``, or a :class:`TypeError`."""
    hints, failed = _resolve(obj, cls)
    for name, exc in failed.items():
        raise _unresolved(cls, name, exc)
    return hints


def _unresolved(cls: type[t.Any], name: str, exc: Exception) -> TypeError:
    return TypeError(
        f"cannot map records onto {cls.__qualname__}: cannot resolve the "
        f"annotation of {name!r}: {exc!r} (a class defined inside a "
        "function can only refer to names of its module)"
    )


def _resolve(
    obj: t.Any, cls: type[t.Any]
) -> tuple[dict[str, t.Any], dict[str, Exception]]:
    """
    Resolve the annotations of ``obj`` (a class or a function).

    :returns: the annotations resolved, and the exception of each one
        that could not be
    """
    try:
        return t.get_type_hints(obj, include_extras=True), {}
    except Exception:  # retried one by one below
        pass
    # typing refuses a whole set for one bad name, and some good ones
    # too (an InitVar written as a string, on Python 3.10): one by one
    if isinstance(obj, type):
        scopes = [
            (
                getattr(sys.modules.get(klass.__module__), "__dict__", {}),
                dict(vars(klass)),
                vars(klass).get("__annotations__", {}),
            )
            for klass in reversed(obj.__mro__)
        ]
    else:
        scopes = [
            (
                getattr(obj, "__globals__", {}),
                dict(vars(cls)),
                getattr(obj, "__annotations__", {}),
            )
        ]
    hints: dict[str, t.Any] = {}
    failed: dict[str, Exception] = {}
    for global_ns, local_ns, written in scopes:
        for name, annotation in written.items():
            try:
                hints[name] = _evaluate(annotation, global_ns, local_ns)
            except Exception as exc:
                failed[name] = exc
            else:
                failed.pop(name, None)
    return hints, failed


def _evaluate(
    annotation: t.Any, global_ns: dict[str, t.Any], local_ns: dict[str, t.Any]
) -> t.Any:
    """One annotation, evaluated if it is a string (as typing does)."""
    if isinstance(annotation, str):
        return eval(annotation, global_ns, local_ns)
    return annotation


def _field(
    name: str,
    hint: t.Any,
    fill: object,
    positional: bool = False,
    arg: str | None = None,
) -> Field:
    hint, metadata = split_annotated(_unwrap_qualifiers(hint))
    hint = _unwrap_qualifiers(hint)
    part: EntityPart | None = None
    key = arg = name if arg is None else arg
    for item in metadata:
        if isinstance(item, Key):
            key = item.name
        elif isinstance(item, EntityPart):
            part = item
    return Field(
        name=name,
        arg=arg,
        key=key,
        hint=hint,
        part=part,
        fill=fill,
        positional=positional,
    )


def inspect_target(cls: t.Any) -> Target:
    """
    Describe how to build ``cls`` from named values.

    :raises TypeError: ``cls`` is not a class that can be mapped onto,
        or one of its fields has no annotation
    """
    if is_typed_dict(cls):
        return _typed_dict(cls)
    if not isinstance(cls, type) or t.get_origin(cls) is not None:
        raise TypeError(
            f"cannot map records onto {cls!r}: a class is needed "
            "(dataclass, attrs, pydantic model, TypedDict, NamedTuple, or "
            "a class with an annotated __init__)"
        )
    if _is_pydantic(cls):
        return _pydantic(cls)
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return _named_tuple(cls)
    if issubclass(cls, enum.Enum):
        raise TypeError(f"cannot map records onto {cls.__qualname__}")
    init = _plain_init(cls)
    if init is None:
        raise TypeError(
            f"cannot map records onto {cls.__qualname__}: it has no "
            "__init__ with parameters to fill"
        )
    return _by_signature(cls, init)


def _is_pydantic(cls: type[t.Any]) -> bool:
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and issubclass(cls, pydantic.BaseModel)


def _plain_init(cls: type[t.Any]) -> t.Any:
    """The ``__init__`` a plain class is built through, if any."""
    init = getattr(cls, "__init__", None)
    if init is None or init is object.__init__:
        return None
    if not inspect.isfunction(init):  # built-in and extension types
        return None
    return init


def _by_signature(cls: type[t.Any], init: t.Any) -> Target:
    """Dataclasses, attrs classes and plain classes: the __init__."""
    signature = inspect.signature(cls)
    params = [
        param
        for param in signature.parameters.values()
        if param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD)
    ]
    hints, failed = _resolve(init, cls)
    if any(param.name not in hints for param in params):
        # names only the class body sees (a nested class), or an
        # __init__ without annotations whose class has them
        class_hints, class_failed = _resolve(cls, cls)
        hints = {**class_hints, **hints}
        failed = {**class_failed, **failed}
    fields: list[Field] = []
    for param in params:
        if param.name not in hints:
            if param.name in failed:
                raise _unresolved(cls, param.name, failed[param.name])
            raise TypeError(
                f"cannot map records onto {cls.__qualname__}: parameter "
                f"{param.name!r} of its __init__ has no annotation"
            )
        positional = param.kind is param.POSITIONAL_ONLY
        if param.default is param.empty:
            fill: object = REQUIRED
        else:
            fill = param.default if positional else OMIT
        fields.append(_field(param.name, hints[param.name], fill, positional))
    return Target(cls, CALL, tuple(fields), lenient=False)


def _named_tuple(cls: type[t.Any]) -> Target:
    hints = _hints(cls, cls)
    defaults: dict[str, t.Any] = getattr(cls, "_field_defaults", {})
    fields = []
    for name in cls._fields:
        if name not in hints:
            raise TypeError(
                f"cannot map records onto {cls.__qualname__}: field "
                f"{name!r} has no annotation"
            )
        fill = OMIT if name in defaults else REQUIRED
        fields.append(_field(name, hints[name], fill))
    return Target(cls, CALL, tuple(fields), lenient=False)


def _typed_dict(cls: t.Any) -> Target:
    hints = _hints(cls, cls)
    required: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
    fields = []
    for name, hint in hints.items():
        # the wrapper decides: __required_keys__ misses it when the
        # annotations are strings (``from __future__ import annotations``)
        wrapper = _requirement(hint)
        if wrapper is None:
            wrapper = name in required
        fields.append(_field(name, hint, REQUIRED if wrapper else OMIT))
    return Target(cls, DICT, tuple(fields), lenient=False)


def _requirement(hint: t.Any) -> bool | None:
    """Whether ``Required``/``NotRequired`` wraps a hint, if either does."""
    while True:
        origin = t.get_origin(hint)
        name: object = getattr(origin, "_name", None)
        if name == "Required" or name == "NotRequired":
            return name == "Required"
        if origin is t.Annotated or (
            origin is not None and origin in _qualifier_set()
        ):
            hint = t.get_args(hint)[0]
            continue
        return None


def _pydantic(cls: type[t.Any]) -> Target:
    hints = _hints(cls, cls)
    fields = []
    for name, info in cls.model_fields.items():
        alias = info.validation_alias
        if not isinstance(alias, str):
            alias = info.alias
        key = alias if isinstance(alias, str) else name
        hint = hints.get(name, info.annotation)
        fill = REQUIRED if info.is_required() else OMIT
        # the keyword is the alias: what the model's __init__ accepts
        fields.append(_field(name, hint, fill, arg=key))
    return Target(cls, CALL, tuple(fields), lenient=True)
