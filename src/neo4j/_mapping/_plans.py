"""
Mapping plans: the per-class and per-(class, keys) work, done once.

A **class plan** holds what building one class takes: its fields
(:mod:`._targets`), one converter per field (:mod:`._converters`) and a
generated function that builds an instance from a node, relationship or
map.  A **record plan** is a generated function that builds an instance
from a record with given keys: it reads each field's column by position
(or, for a record whose single column is not a field, hands that value
to the class plan).

Why generated code
------------------
Per record, only the checks and conversions remain: the function is
straight-line Python with the type check of each field inline (``if
type(v0) is not T0: v0 = S0(v0)``) and one call of the class.  That is
what a hand-written loop would do, which keeps mapping within a small
factor of ``record.data()``.  The source is built from indexes only:
names of fields and keys reach it as objects in the namespace, never
as text, except keyword names that are checked identifiers.

Errors
------
The generated functions carry no bookkeeping of where they are.  When
a converter raises ``_Mismatch``, the function calls its ``diagnose``
twin, which runs the same per-field converters one at a time to find
the failing field and raise with its location; that cost is paid only
on failure.  Converters are pure, so the second run fails the same way.
"""

from __future__ import annotations

import collections.abc as abc
import typing as t

from .._data import BrokenValue, Record
from ..graph import (
    Entity,
    Node,
    Relationship,
)
from ._converters import (
    Converter,
    compile_hint,
)
from ._errors import (
    MISSING,
    MappingError,
    _Mismatch,
    _name,
)
from ._markers import (
    ElementId,
    EndElementId,
    EntityPart,
    Labels,
    RelationshipType,
    StartElementId,
)
from ._targets import (
    DICT,
    OMIT,
    REQUIRED,
    Field,
    Target,
    inspect_target,
)


__all__ = ["builder_for", "class_plan"]


_Build: t.TypeAlias = t.Callable[[t.Any], t.Any]

#: plans kept at most (classes x key sets); the oldest go first
_CACHE_SIZE = 1024

_tuple_getitem = tuple.__getitem__


class ClassPlan:
    """How to build one class (see the module docstring)."""

    __slots__ = ("converters", "fn", "slows", "target")

    target: Target
    converters: list[Converter]
    #: per field: converter plus the missing/null rules (see _slow)
    slows: list[_Build]
    #: builds an instance from a node, relationship or map (None while
    #: the plan is being built: a class that contains itself)
    fn: _Build | None

    def __init__(self, target: Target) -> None:
        self.target = target
        self.converters = []
        self.slows = []
        self.fn = None


_class_plans: dict[t.Any, ClassPlan] = {}
_builders: dict[tuple[t.Any, type[t.Any]], _Build] = {}


def _remember(cache: dict[t.Any, t.Any], key: t.Any, value: t.Any) -> None:
    while len(cache) >= _CACHE_SIZE:
        try:
            del cache[next(iter(cache))]
        except (KeyError, StopIteration, RuntimeError):
            break  # another thread changed it: it made room, or will
    cache[key] = value


# ---------------------------------------------------------------------------
# class plans
# ---------------------------------------------------------------------------


def class_plan(cls: t.Any) -> ClassPlan:
    """
    Get (or build) the plan of a class.

    :raises TypeError: the class cannot be mapped onto (see
        :func:`._targets.inspect_target`) or has an unsupported
        annotation
    """
    plan = _class_plans.get(cls)
    if plan is None:
        # plans of nested classes are published only once all are
        # complete: another thread never sees one without its function
        building: dict[t.Any, ClassPlan] = {}
        plan = _plan_class(cls, building)
        for built_cls, built in building.items():
            _remember(_class_plans, built_cls, built)
    return plan


def _plan_class(cls: t.Any, building: dict[t.Any, ClassPlan]) -> ClassPlan:
    plan = _class_plans.get(cls) or building.get(cls)
    if plan is not None:
        return plan
    target = inspect_target(cls)
    plan = building[cls] = ClassPlan(target)

    def nested(inner: type[t.Any]) -> Converter:
        return _struct_converter(_plan_class(inner, building))

    for field in target.fields:
        try:
            converter = compile_hint(field.hint, nested, target.lenient)
        except TypeError as exc:
            raise TypeError(
                f"cannot map records onto {_name(cls)}: field "
                f"{field.name!r}: {exc}"
            ) from None
        plan.converters.append(converter)
        plan.slows.append(_slow(field, converter, missing_is_null=True))
    plan.fn = _generate_map_build(plan)
    return plan


def _struct_converter(plan: ClassPlan) -> Converter:
    """The converter of a field whose annotation is a mapped class."""
    call = plan.fn
    if call is None:  # the class contains itself: look the function up late

        def late(value: t.Any) -> t.Any:
            return t.cast(_Build, plan.fn)(value)

        call = late
    name = _name(plan.target.cls)
    return Converter(call, frozenset(), name, False)


def _slow(field: Field, converter: Converter, missing_is_null: bool) -> _Build:
    """
    The complete handling of one field's raw value.

    Returns the value to pass, or :data:`MISSING` to leave the field out
    (its default applies).  A null counts as missing for a field whose
    annotation does not accept None but that has a default; in a map
    (``missing_is_null``), a missing property counts as null, since
    Neo4j stores no null properties.
    """
    call = converter.call
    nullable = converter.nullable
    expected = converter.expected
    has_default = field.fill is not REQUIRED
    # leave the field out (the class applies its default), or pass the
    # default of a positional-only parameter
    fill = MISSING if field.fill is OMIT else field.fill

    def slow(value: t.Any) -> t.Any:
        if value is MISSING:
            if has_default:
                return fill
            if nullable and missing_is_null:
                return None
            raise _Mismatch(expected, value)
        if value is None and not nullable:
            if has_default:
                return fill
            raise _Mismatch(expected, value)
        return call(value)

    return slow


# ---------------------------------------------------------------------------
# reading parts of entities
# ---------------------------------------------------------------------------


def _element_id(entity: Entity | None) -> t.Any:
    return MISSING if entity is None else entity._eid


def _labels(entity: Entity | None) -> t.Any:
    return entity._labels if type(entity) is Node else MISSING


def _type_name(entity: Entity | None) -> t.Any:
    if isinstance(entity, Relationship):
        return type(entity).__name__
    return MISSING


def _start_id(entity: Entity | None) -> t.Any:
    node = getattr(entity, "_start", None)
    return MISSING if node is None else node._eid


def _end_id(entity: Entity | None) -> t.Any:
    node = getattr(entity, "_end", None)
    return MISSING if node is None else node._eid


_PART_READERS: dict[EntityPart, t.Callable[[Entity | None], t.Any]] = {
    ElementId: _element_id,
    Labels: _labels,
    RelationshipType: _type_name,
    StartElementId: _start_id,
    EndElementId: _end_id,
}


def _split(value: t.Any, cls: t.Any) -> tuple[t.Mapping[str, t.Any], t.Any]:
    """The properties of a value, and the entity they come from."""
    if type(value) is dict:
        return value, None
    if isinstance(value, Entity):
        return value._properties, value
    if isinstance(value, abc.Mapping):
        return value, None
    raise _Mismatch(
        f"a node, relationship or map (to build {_name(cls)})", value
    )


def _read(field: Field, props: t.Mapping[str, t.Any], entity: t.Any) -> t.Any:
    if field.part is None:
        return props.get(field.key, MISSING)
    return _PART_READERS[field.part](entity)


# ---------------------------------------------------------------------------
# code generation
# ---------------------------------------------------------------------------


def _check(
    index: int, converter: Converter, ns: dict[str, t.Any]
) -> list[str]:
    """
    Lines that convert field ``index`` unless its type passes as is.

    A value to convert goes straight to the converter (``C``); only a
    null or missing one takes the field's rules on the way (``S``).
    """
    var = f"v{index}"
    fast = converter.fast
    if fast is None:
        # any value: only a missing one, or a field that failed to
        # decode, needs the slow path
        return [
            f"if {var} is _M or type({var}) is _BV:",
            f"    {var} = S{index}({var})",
        ]
    ns[f"C{index}"] = converter.call
    convert = (
        f"{var} = S{index}({var}) if {var} is None or {var} is _M "
        f"else C{index}({var})"
    )
    if not fast:
        return [convert]
    if len(fast) == 1:
        (ns[f"T{index}"],) = fast
        condition = f"type({var}) is not T{index}"
    else:
        ns[f"T{index}"] = fast
        condition = f"type({var}) not in T{index}"
    return [f"if {condition}:", f"    {convert}"]


def _construct(
    target: Target, present: list[tuple[int, Field]], ns: dict[str, t.Any]
) -> list[str]:
    """Lines that build the instance from ``v<i>`` and return it."""
    items: list[str] = []  # entries of the dict of keyword arguments
    optional: list[int] = []
    positional: list[str] = []
    keywords: list[str] = []
    for index, field in present:
        ns[f"A{index}"] = field.arg
        if field.positional:
            positional.append(f"v{index}")
        elif field.fill is OMIT:
            optional.append(index)
        elif target.kind != DICT and field.keyword_ok:
            keywords.append(f"{field.arg}=v{index}")
        else:
            items.append(f"A{index}: v{index}")
    lines = []
    if target.kind == DICT or optional or items:
        name = "d" if target.kind == DICT else "kw"
        lines.append(f"{name} = {{{', '.join(items)}}}")
        for index in optional:
            lines.append(f"if v{index} is not _M:")
            lines.append(f"    {name}[A{index}] = v{index}")
        if target.kind == DICT:
            lines.append("return d")
            return lines
        keywords.append("**kw")
    lines.append(f"return _cls({', '.join(positional + keywords)})")
    return lines


def _compile(
    name: str,
    argument: str,
    body: list[str],
    ns: dict[str, t.Any],
    label: str,
) -> _Build:
    """Define ``name(argument)`` around ``body`` (with the error hook)."""
    source = "\n".join(
        [
            f"def {name}({argument}):",
            "    try:",
            *(f"        {line}" for line in body),
            "    except _Mismatch:",
            f"        D({argument})",
            "        raise",
        ]
    )
    ns.update(_M=MISSING, _BV=BrokenValue, _Mismatch=_Mismatch)
    code = compile(source, f"<neo4j.mapping {label}>", "exec")
    exec(code, ns)
    return t.cast(_Build, ns[name])


def _generate_map_build(plan: ClassPlan) -> _Build:
    """The function building ``plan``'s class from one map value."""
    target = plan.target
    cls = target.cls
    fields = target.fields
    ns: dict[str, t.Any] = {
        "_cls": cls,
        "_Node": Node,
        "_Entity": Entity,
        "_Mapping": abc.Mapping,
        "_X": f"a node, relationship or map (to build {_name(cls)})",
    }
    uses_parts = any(field.part is not None for field in fields)
    # the entity, for fields that read its parts (ElementId...)
    entity = ["    e = v"] if uses_parts else []
    no_entity = ["    e = None"] if uses_parts else []
    body = [
        "tv = type(v)",
        "if tv is _Node:",
        "    p = v._properties",
        *entity,
        "elif tv is dict:",
        "    p = v",
        *no_entity,
        "elif isinstance(v, _Entity):",
        "    p = v._properties",
        *entity,
        "elif isinstance(v, _Mapping):",
        "    p = v",
        *no_entity,
        "else:",
        "    raise _Mismatch(_X, v)",
    ]
    for index, (field, slow) in enumerate(
        zip(fields, plan.slows, strict=True)
    ):
        ns[f"S{index}"] = slow
        if field.part is None:
            ns[f"K{index}"] = field.key
            body.append(f"v{index} = p.get(K{index}, _M)")
        else:
            ns[f"P{index}"] = _PART_READERS[field.part]
            body.append(f"v{index} = P{index}(e)")
        body.extend(_check(index, plan.converters[index], ns))
    body.extend(_construct(target, list(enumerate(fields)), ns))

    def diagnose(value: t.Any) -> None:
        props, entity = _split(value, cls)
        for field, slow in zip(fields, plan.slows, strict=True):
            try:
                slow(_read(field, props, entity))
            except _Mismatch as mismatch:
                raise mismatch.in_field(cls, field.name, field.key) from None

    ns["D"] = diagnose
    return _compile("build_from_map", "v", body, ns, _name(cls))


def _generate_record_build(plan: ClassPlan, keys: tuple[str, ...]) -> _Build:
    """The function building ``plan``'s class from records with ``keys``."""
    target = plan.target
    cls = target.cls
    positions: dict[str, int] = {}
    for position, key in enumerate(keys):
        positions.setdefault(key, position)
    ns: dict[str, t.Any] = {
        "_cls": cls,
        "_whole": _tuple_getitem,
        "_ALL": slice(None),
    }
    body = ["r = _whole(record, _ALL)"]
    present: list[tuple[int, Field]] = []
    checked: list[tuple[Field, _Build, int]] = []
    for index, field in enumerate(target.fields):
        converter = plan.converters[index]
        found = positions.get(field.key)
        if found is None:
            if field.fill is REQUIRED:
                raise MappingError(
                    cls,
                    field.name,
                    field.key,
                    field.key,
                    converter.expected,
                    "missing",
                    detail=f"the record has {_listed(keys)}",
                )
            if field.fill is OMIT:
                continue
            ns[f"V{index}"] = field.fill  # default of a positional one
            body.append(f"v{index} = V{index}")
        else:
            slow = _slow(field, converter, missing_is_null=False)
            ns[f"S{index}"] = slow
            body.append(f"v{index} = r[{found}]")
            body.extend(_check(index, converter, ns))
            checked.append((field, slow, found))
        present.append((index, field))
    body.extend(_construct(target, present, ns))

    def diagnose(record: Record) -> None:
        for field, slow, position in checked:
            value = record._field(position)  # raises BrokenRecordError
            try:
                slow(value)
            except _Mismatch as mismatch:
                raise _error(cls, field.name, field.key, mismatch) from None

    ns["D"] = diagnose
    label = f"{_name(cls)} from {_listed(keys)}"
    return _compile("build_from_record", "record", body, ns, label)


def _listed(keys: tuple[str, ...]) -> str:
    if not keys:
        return "no keys"
    return "keys " + ", ".join(repr(key) for key in keys)


def _error(
    cls: t.Any, field: str | None, key: str, mismatch: _Mismatch
) -> MappingError:
    """
    The public error of a mismatch below record key ``key``.

    ``field`` is the field of ``cls`` that read ``key``; None when the
    record key's value was the whole object (its outermost field step
    names the field then).
    """
    steps = mismatch.fields()
    if field is None and steps:
        field = steps.pop(0).field
    detail = ""
    if steps:
        inner = steps[-1]
        detail = f"{_name(inner.cls)}.{inner.field}"
    return MappingError(
        cls,
        field,
        key,
        mismatch.location(key),
        mismatch.expected,
        mismatch.actual,
        detail,
    )


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------


def builder_for(cls: t.Any, source: type[t.Any]) -> _Build:
    """
    Get the function building ``cls`` from values of type ``source``.

    ``source`` is a record class (one per key set) or the type of a
    node, relationship or map.  The record rule: a record whose single
    key is not a key of any field of ``cls`` is mapped from that key's
    value (a node, relationship or map); any other record maps its keys
    onto the fields by name.

    :raises TypeError: ``cls`` cannot be mapped onto
    :raises MappingError: a record key a field needs is not there
    """
    build = _builders.get((cls, source))
    if build is not None:
        return build
    plan = class_plan(cls)
    if issubclass(source, Record):
        keys: tuple[str, ...] = source._keys
        field_keys = {field.key for field in plan.target.fields}
        if len(keys) == 1 and keys[0] not in field_keys:
            build = _unwrapping(plan, keys[0])
        else:
            build = _generate_record_build(plan, keys)
    else:
        build = _from_value(plan)
    _remember(_builders, (cls, source), build)
    return build


def _unwrapping(plan: ClassPlan, key: str) -> _Build:
    """Build from the only field of a record (a node or map)."""
    cls = plan.target.cls
    from_map = t.cast(_Build, plan.fn)

    def build(record: Record) -> t.Any:
        try:
            return from_map(_tuple_getitem(record, 0))
        except _Mismatch as mismatch:
            record._field(0)  # a field that failed to decode raises
            raise _error(cls, None, key, mismatch) from None

    return build


def _from_value(plan: ClassPlan) -> _Build:
    """Build from a node, relationship or map given directly."""
    cls = plan.target.cls
    from_map = t.cast(_Build, plan.fn)

    def build(value: t.Any) -> t.Any:
        try:
            return from_map(value)
        except _Mismatch as mismatch:
            if not mismatch.fields():  # not a map at all
                raise MappingError(
                    cls, None, "", "", mismatch.expected, mismatch.actual
                ) from None
            outer = mismatch.steps.pop()
            key = t.cast(str, outer.key)
            raise _error(cls, outer.field, key, mismatch) from None

    return build
