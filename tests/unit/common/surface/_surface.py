"""Introspect an importable ``neo4j`` package into a JSON-able surface.

This module is shared by ``bin/dump-api-surface`` (which may run it under
a foreign interpreter, e.g. a virtual environment holding the official
driver) and by ``test_api_surface.py`` (which runs it in-process against
our own package).  It must therefore only depend on the standard library
and on whatever ``neo4j`` is importable.

The surface is a nested dictionary::

    {
        "meta": {...},
        "modules": {
            "<module>": {
                "error": None | "<import error>",
                "names": {"<name>": <entry>, ...},
            },
        },
    }

An entry always has a ``kind`` (``alias``, ``class``, ``enum``,
``function``, ``constant``, ``module`` or ``unresolvable``) and ``in_all``
(whether the name is listed in the module's ``__all__``).  Everything is
sorted and free of memory addresses, so two dumps of the same package are
byte-identical.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import functools
import importlib
import inspect
import re
import sys
import textwrap
import types
import typing as t
import warnings


__all__ = [
    "FORMAT_VERSION",
    "PUBLIC_MODULES",
    "diff_surfaces",
    "dump_surface",
    "format_signature",
]


FORMAT_VERSION = 1

#: Public modules whose surface is recorded, in the order they are dumped.
PUBLIC_MODULES: tuple[str, ...] = (
    "neo4j",
    "neo4j.addressing",
    "neo4j.api",
    "neo4j.auth_management",
    "neo4j.debug",
    "neo4j.exceptions",
    "neo4j.graph",
    "neo4j.spatial",
    "neo4j.time",
    "neo4j.types",
    "neo4j.vector",
    "neo4j.warnings",
)

#: Special methods whose presence (anywhere in the MRO except ``object``)
#: is part of a class' surface.  Only presence is recorded: their
#: signatures are dictated by the data model.
PROTOCOL_DUNDERS: frozenset[str] = frozenset(
    {
        "__abs__",
        "__add__",
        "__aenter__",
        "__aexit__",
        "__aiter__",
        "__anext__",
        "__await__",
        "__bool__",
        "__call__",
        "__contains__",
        "__delitem__",
        "__enter__",
        "__eq__",
        "__exit__",
        "__float__",
        "__floordiv__",
        "__ge__",
        "__getattr__",
        "__getitem__",
        "__gt__",
        "__index__",
        "__int__",
        "__iter__",
        "__le__",
        "__len__",
        "__lt__",
        "__mod__",
        "__mul__",
        "__ne__",
        "__neg__",
        "__next__",
        "__pos__",
        "__radd__",
        "__reversed__",
        "__rmul__",
        "__round__",
        "__rsub__",
        "__rtruediv__",
        "__setitem__",
        "__sub__",
        "__truediv__",
    }
)

_Json = t.Any
_ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")
_SIMPLE_TYPES = (str, int, float, bool, bytes, type(None))
# ``typing.Generic`` only matters to type checkers: whether a class can be
# subscripted at runtime is not part of the surface we compare.
_IGNORED_BASES: tuple[object, ...] = (object, t.Generic)


def _is_private(name: str) -> bool:
    return name.startswith("_")


def _is_ours(obj: object) -> bool:
    """Whether ``obj`` (a class or function) was defined by ``neo4j``."""
    module = getattr(obj, "__module__", None)
    return isinstance(module, str) and (
        module == "neo4j" or module.startswith("neo4j.")
    )


class _Namer:
    """Give classes and functions stable, implementation-agnostic names.

    A class or function exported by a public module is named after that
    export (submodules win over the ``neo4j`` package, so
    ``neo4j.Address`` is known as ``neo4j.addressing.Address``).  Things
    defined inside ``neo4j`` but not exported are named
    ``neo4j.<internal>.<qualname>`` so private module layout does not
    leak into the surface.  Everything else is ``module.qualname``.
    """

    def __init__(self, modules: dict[str, types.ModuleType]) -> None:
        self._names: dict[int, str] = {}
        self._keep: list[object] = []
        ordered = sorted(n for n in modules if n != "neo4j")
        if "neo4j" in modules:
            ordered.append("neo4j")
        for module_name in ordered:
            module = modules[module_name]
            for name in _exported_names(module):
                obj = _quiet_getattr(module, name)[0]
                if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                    continue
                if id(obj) not in self._names:
                    self._names[id(obj)] = f"{module_name}.{name}"
                    self._keep.append(obj)

    def public_name(self, obj: object) -> str | None:
        return self._names.get(id(obj))

    def name(self, obj: object) -> str:
        public = self._names.get(id(obj))
        if public is not None:
            return public
        qualname = getattr(obj, "__qualname__", None)
        if not isinstance(qualname, str):
            qualname = str(getattr(obj, "__name__", type(obj).__name__))
        if _is_ours(obj):
            # a method of a public class: name it through that class
            head, _, rest = qualname.partition(".")
            module = sys.modules.get(getattr(obj, "__module__", ""))
            owner = getattr(module, head, None) if rest else None
            owner_name = self._names.get(id(owner))
            if owner_name is not None:
                return f"{owner_name}.{rest}"
            return f"neo4j.<internal>.{qualname}"
        module_name = getattr(obj, "__module__", None)
        if module_name is None:
            return str(qualname)
        return f"{module_name}.{qualname}"


def _quiet_getattr(obj: object, name: str) -> tuple[t.Any, list[str]]:
    """Get an attribute, capturing (not emitting) warnings.

    :returns: the value and the sorted category names of the warnings
        the access triggered.
    :raises AttributeError: if the attribute does not exist.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = getattr(obj, name)
    categories = sorted(
        {f"{w.category.__module__}.{w.category.__qualname__}" for w in caught}
    )
    return value, categories


def _exported_names(module: types.ModuleType) -> list[str]:
    """Public names of a module: its ``__all__`` plus public extras."""
    names = set(getattr(module, "__all__", ()))
    for name in dir(module):
        if _is_private(name) or name in names:
            continue
        obj = getattr(module, name, None)
        if isinstance(obj, types.ModuleType):
            continue  # submodules and imported modules
        if type(obj).__module__ == "__future__":
            continue  # from __future__ import annotations
        if (inspect.isclass(obj) or callable(obj)) and not _is_ours(obj):
            continue  # helpers imported from elsewhere
        names.add(name)
    return sorted(names)


def _value_repr(value: object, namer: _Namer) -> str:
    """Stable textual form of a default or constant value."""
    if isinstance(value, enum.Enum):
        return f"{namer.name(type(value))}.{value.name}"
    if inspect.isclass(value):
        return f"<class {namer.name(value)}>"
    if inspect.isroutine(value):
        return f"<function {namer.name(value)}>"
    if isinstance(value, types.ModuleType):
        return f"<module {value.__name__}>"
    if not isinstance(value, (str, bytes)) and callable(
        getattr(value, "write", None)
    ):
        # e.g. a ``sys.stderr`` default: its repr depends on the
        # environment (encoding, pytest's capturing, ...)
        for std in ("stderr", "stdout"):
            if value is getattr(sys, std) or value is getattr(
                sys, f"__{std}__"
            ):
                return f"<sys.{std}>"
            if getattr(value, "name", None) == f"<{std}>":
                return f"<sys.{std}>"
        return "<stream>"
    try:
        text = repr(value)
    except Exception as exc:
        return f"<repr failed: {type(exc).__name__}>"
    return _ADDRESS_RE.sub("", text)


def _is_simple(value: object) -> bool:
    if isinstance(value, enum.Enum):
        return False
    if type(value) in _SIMPLE_TYPES:
        return True
    if type(value) in (tuple, frozenset):
        return all(_is_simple(v) for v in t.cast(t.Iterable[object], value))
    return False


def format_signature(
    obj: t.Callable[..., t.Any], namer: _Namer | None = None
) -> str:
    """Render a callable's signature without annotations.

    Parameter names, kinds (``/``, ``*``, ``*args``, ``**kwargs``) and
    default values (via :func:`repr`, memory addresses removed) are kept;
    annotations and return annotations are dropped.

    :param obj: the callable.
    :param namer: names classes and functions used as defaults.
    :returns: e.g. ``"(a, /, b=1, *args, c, **kwargs)"`` or
        ``"<no signature>"`` when none can be determined.
    """
    if namer is None:
        namer = _Namer({})
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "<no signature>"
    parts: list[str] = []
    slash_pending = False
    star_done = False
    for param in sig.parameters.values():
        kind = param.kind
        if kind is inspect.Parameter.POSITIONAL_ONLY:
            slash_pending = True
        elif slash_pending:
            parts.append("/")
            slash_pending = False
        if kind is inspect.Parameter.VAR_POSITIONAL:
            parts.append(f"*{param.name}")
            star_done = True
            continue
        if kind is inspect.Parameter.VAR_KEYWORD:
            parts.append(f"**{param.name}")
            continue
        if kind is inspect.Parameter.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        text = param.name
        if param.default is not inspect.Parameter.empty:
            text += "=" + _value_repr(param.default, namer)
        parts.append(text)
    if slash_pending:
        parts.append("/")
    return "(" + ", ".join(parts) + ")"


def _callable_flags(func: object) -> dict[str, _Json]:
    flags: dict[str, _Json] = {}
    if inspect.iscoroutinefunction(func):
        flags["async"] = True
    if inspect.isasyncgenfunction(func):
        flags["async_generator"] = True
    return flags


def _dump_member(
    owner: type, name: str, raw: object, namer: _Namer
) -> dict[str, _Json]:
    """Describe one class attribute, given its raw ``__dict__`` value."""
    if isinstance(raw, staticmethod):
        func = raw.__func__
        return {
            "kind": "staticmethod",
            "signature": format_signature(func, namer),
            **_callable_flags(func),
        }
    if isinstance(raw, classmethod):
        bound = getattr(owner, name)
        return {
            "kind": "classmethod",
            "signature": format_signature(bound, namer),
            **_callable_flags(raw.__func__),
        }
    if inspect.isfunction(raw):
        return {
            "kind": "method",
            "signature": format_signature(raw, namer),
            **_callable_flags(raw),
        }
    if isinstance(raw, property):
        return {"kind": "property", "settable": raw.fset is not None}
    if inspect.isclass(raw):
        return {"kind": "class", "name": namer.name(raw)}
    if isinstance(raw, functools.cached_property):
        return {"kind": "property", "settable": True}
    if inspect.isdatadescriptor(raw):
        # slots, C getsets, named tuple fields (read-only), ...
        settable = type(raw).__name__ != "_tuplegetter"
        return {"kind": "property", "settable": settable}
    if inspect.ismethoddescriptor(raw) or callable(raw):
        bound = getattr(owner, name, raw)
        return {
            "kind": "method",
            "signature": format_signature(bound, namer),
            **_callable_flags(bound),
        }
    entry: dict[str, _Json] = {
        "kind": "attribute",
        "type": namer.name(type(raw)),
    }
    text = _value_repr(raw, namer)
    if _is_simple(raw) or isinstance(raw, enum.Enum) or "<" not in text:
        entry["value"] = text
    return entry


def _assigned_instance_attributes(cls: type) -> set[str]:
    """Public ``self.<name> = ...`` targets in the class' own methods.

    Plain instance attributes are invisible on the class object, yet are
    as much part of the surface as properties and slots.  They are read
    from the source, when it is available.
    """
    try:
        source = textwrap.dedent(inspect.getsource(cls))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return set()
    class_def = tree.body[0] if tree.body else None
    if not isinstance(class_def, ast.ClassDef):
        return set()
    names: set[str] = set()
    for func in class_def.body:
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = func.args.posonlyargs + func.args.args
        if not params:
            continue
        self_name = params[0].arg
        for node in ast.walk(func):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets = [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if (
                        isinstance(sub, ast.Attribute)
                        and isinstance(sub.value, ast.Name)
                        and sub.value.id == self_name
                        and not _is_private(sub.attr)
                    ):
                        names.add(sub.attr)
    return names


def _public_ancestors(cls: type, namer: _Namer) -> list[str]:
    """Direct bases, with unexported ``neo4j`` bases replaced by theirs."""
    result: list[str] = []
    for base in cls.__bases__:
        if base in _IGNORED_BASES:
            continue
        if _is_ours(base) and namer.public_name(base) is None:
            names = _public_ancestors(base, namer)
        else:
            names = [namer.name(base)]
        for name in names:
            if name not in result:
                result.append(name)
    return result


def _dump_class(cls: type, namer: _Namer) -> dict[str, _Json]:
    is_enum = issubclass(cls, enum.Enum)
    entry: dict[str, _Json] = {"kind": "enum" if is_enum else "class"}
    entry["bases"] = _public_ancestors(cls, namer)
    entry["mro"] = [
        namer.name(k)
        for k in cls.__mro__[1:]
        if k not in _IGNORED_BASES
        and not (_is_ours(k) and namer.public_name(k) is None)
    ]
    entry["hashable"] = getattr(cls, "__hash__", None) is not None
    entry["protocols"] = sorted(
        d
        for d in PROTOCOL_DUNDERS
        if any(d in vars(k) for k in cls.__mro__ if k is not object)
        and getattr(cls, d, None) is not None
    )
    abstract = sorted(getattr(cls, "__abstractmethods__", ()))
    if abstract:
        entry["abstract_methods"] = abstract
    enum_names: set[str] = set()
    if is_enum:
        members = t.cast("type[enum.Enum]", cls).__members__
        enum_names = set(members)
        entry["members"] = {
            name: _value_repr(member.value, namer)
            for name, member in sorted(members.items())
        }
    else:
        meta = type(cls)
        constructs = any(
            ("__init__" in vars(k) or "__new__" in vars(k)) and _is_ours(k)
            for k in cls.__mro__
        ) or any(
            "__call__" in vars(m) and _is_ours(m)
            for m in meta.__mro__
            if m is not type
        )
        entry["init"] = (
            format_signature(cls, namer) if constructs else "<inherited>"
        )
    member_entries: dict[str, _Json] = {}
    seen: set[str] = set()
    for klass in cls.__mro__:
        for name, raw in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            if _is_private(name) or name in enum_names:
                continue
            if not _is_ours(klass):
                continue  # implied by the MRO (builtins, enum, abc, ...)
            member_entries[name] = _dump_member(cls, name, raw, namer)
    for klass in cls.__mro__:
        if not _is_ours(klass):
            continue
        for name in _assigned_instance_attributes(klass):
            if name not in member_entries and name not in enum_names:
                # indistinguishable from a (settable) slot for users
                member_entries[name] = {"kind": "property", "settable": True}
    if dataclasses.is_dataclass(cls):
        params = getattr(cls, "__dataclass_params__", None)
        frozen = bool(getattr(params, "frozen", False))
        for field in dataclasses.fields(cls):
            if not _is_private(field.name):
                member_entries.setdefault(
                    field.name, {"kind": "property", "settable": not frozen}
                )
    entry["attributes"] = dict(sorted(member_entries.items()))
    return entry


def _dump_name(
    module_name: str,
    module: types.ModuleType,
    name: str,
    in_all: bool,
    namer: _Namer,
) -> dict[str, _Json]:
    try:
        obj, warned = _quiet_getattr(module, name)
    except AttributeError:
        return {"kind": "unresolvable", "in_all": in_all}
    entry: dict[str, _Json]
    public = namer.public_name(obj)
    if public is not None and public != f"{module_name}.{name}":
        entry = {"kind": "alias", "target": public}
    elif inspect.isclass(obj):
        entry = _dump_class(obj, namer)
    elif isinstance(obj, types.ModuleType):
        entry = {"kind": "module", "target": obj.__name__}
    elif inspect.isroutine(obj):
        entry = {
            "kind": "function",
            "signature": format_signature(obj, namer),
            **_callable_flags(obj),
        }
    else:
        entry = {"kind": "constant", "type": namer.name(type(obj))}
        text = _value_repr(obj, namer)
        if _is_simple(obj) or isinstance(obj, enum.Enum) or "<" not in text:
            entry["value"] = text
    entry["in_all"] = in_all
    if warned:
        entry["access_warns"] = warned
    return dict(sorted(entry.items()))


def dump_surface(
    module_names: t.Sequence[str] = PUBLIC_MODULES,
) -> dict[str, _Json]:
    """Introspect the importable ``neo4j`` package.

    :param module_names: public modules to record.
    :returns: the JSON-able surface (see the module docstring).
    """
    modules: dict[str, types.ModuleType] = {}
    errors: dict[str, str] = {}
    for module_name in module_names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                modules[module_name] = importlib.import_module(module_name)
        except Exception as exc:
            errors[module_name] = f"{type(exc).__name__}: {exc}"
    namer = _Namer(modules)
    result: dict[str, _Json] = {}
    for module_name in sorted(module_names):
        if module_name in errors:
            result[module_name] = {"error": errors[module_name], "names": {}}
            continue
        module = modules[module_name]
        in_all = set(getattr(module, "__all__", ()))
        names = {
            name: _dump_name(module_name, module, name, name in in_all, namer)
            for name in _exported_names(module)
        }
        result[module_name] = {"error": None, "names": names}
    neo4j = modules.get("neo4j")
    version = getattr(neo4j, "__version__", None)
    return {
        "meta": {
            "format": FORMAT_VERSION,
            "neo4j_version": version,
            "python": "{}.{}".format(*sys.version_info[:2]),
        },
        "modules": result,
    }


# ---------------------------------------------------------------------------
# comparison


class Difference(t.NamedTuple):
    """One difference between an expected and an actual surface.

    ``path`` is ``<module>.<name>[.<attribute>][#<field>]``, e.g.
    ``neo4j.time.Date``, ``neo4j.time.Date.iso_format#signature`` or
    ``neo4j.time.Date#init``.
    """

    path: str
    message: str


def _short(value: _Json) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def _diff_entry(
    path: str, expected: dict[str, _Json], actual: dict[str, _Json]
) -> list[Difference]:
    out: list[Difference] = []
    if expected.get("kind") != actual.get("kind"):
        return [
            Difference(
                f"{path}#kind",
                f"kind: expected {expected.get('kind')!r}, "
                f"got {actual.get('kind')!r}",
            )
        ]
    for key in sorted(set(expected) | set(actual)):
        if key == "attributes":
            continue
        exp, act = expected.get(key), actual.get(key)
        if exp != act:
            out.append(
                Difference(
                    f"{path}#{key}",
                    f"{key}: expected {_short(exp)}, got {_short(act)}",
                )
            )
    exp_attrs = expected.get("attributes", {})
    act_attrs = actual.get("attributes", {})
    for name in sorted(set(exp_attrs) | set(act_attrs)):
        sub = f"{path}.{name}"
        if name not in act_attrs:
            out.append(Difference(sub, f"missing {exp_attrs[name]['kind']}"))
        elif name not in exp_attrs:
            out.append(
                Difference(sub, f"unexpected {act_attrs[name]['kind']}")
            )
        else:
            out.extend(_diff_entry(sub, exp_attrs[name], act_attrs[name]))
    return out


def diff_surfaces(
    expected: dict[str, _Json], actual: dict[str, _Json]
) -> list[Difference]:
    """List every difference between two surfaces' modules.

    :param expected: the reference surface (e.g. the official snapshot).
    :param actual: the surface under test.
    :returns: the differences, sorted by path.
    """
    out: list[Difference] = []
    exp_mods = expected["modules"]
    act_mods = actual["modules"]
    for module_name in sorted(set(exp_mods) | set(act_mods)):
        exp_mod = exp_mods.get(module_name)
        act_mod = act_mods.get(module_name)
        if exp_mod is None:
            out.append(Difference(module_name, "unexpected module"))
            continue
        if act_mod is None or (
            act_mod["error"] is not None and exp_mod["error"] is None
        ):
            error = act_mod["error"] if act_mod else "not dumped"
            out.append(Difference(module_name, f"module missing: {error}"))
            continue
        exp_names = exp_mod["names"]
        act_names = act_mod["names"]
        for name in sorted(set(exp_names) | set(act_names)):
            path = f"{module_name}.{name}"
            if name not in act_names:
                kind = exp_names[name]["kind"]
                out.append(Difference(path, f"missing {kind}"))
            elif name not in exp_names:
                kind = act_names[name]["kind"]
                out.append(Difference(path, f"unexpected {kind}"))
            else:
                out.extend(_diff_entry(path, exp_names[name], act_names[name]))
    return sorted(out)
