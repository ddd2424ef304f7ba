"""
The error of a failed mapping, and the internal signal that builds it.

A converter that meets a value it cannot turn into what an annotation
asks for raises :class:`_Mismatch` with what it expected and what it
got.  Each enclosing level (a list element, a map value, a field of a
nested class) adds one step of the location on its way out; the record
level turns the finished signal into a public :class:`MappingError`.
:class:`_Mismatch` never leaves :mod:`neo4j.mapping`.
"""

from __future__ import annotations

import typing as t

from ..exceptions import DriverError


__all__ = ["MappingError"]


class MappingError(DriverError, ValueError):
    """
    A record could not be mapped onto the requested class.

    Raised when a value the class needs is missing, or has a type its
    annotation does not accept.  Errors raised by the class's own
    constructor or validators (a pydantic ``ValidationError``, a check
    in ``__post_init__``) are not wrapped: they propagate as they are.

    :param target: the class the record was mapped to, kept as
        :attr:`target`
    :param field: the field of :attr:`target` that failed, kept as
        :attr:`field` (None if the value as a whole does not fit, as a
        number where a node or map was needed)
    :param key: the record key (column) the field reads, kept as
        :attr:`key`
    :param path: where in the record the failing value is, kept as
        :attr:`path`: the key, then ``.name`` per property of a nested
        node or map and ``[i]`` per list element (``p.address.city``)
    :param expected: what the annotation accepts, kept as
        :attr:`expected`
    :param actual: what was found: a type name, ``"null"`` or
        ``"missing"``, kept as :attr:`actual`
    :param detail: more about the location (the innermost nested field,
        the keys a record has), for the message only

    .. versionadded:: 6.4
    """

    __module__ = "neo4j.mapping"

    target: type[t.Any]
    field: str | None
    key: str
    path: str
    expected: str
    actual: str

    def __init__(
        self,
        target: type[t.Any],
        field: str | None,
        key: str,
        path: str,
        expected: str,
        actual: str,
        detail: str = "",
    ) -> None:
        where = f"record key {key!r}" if key else "the value"
        if path != key:
            where += f", at {path}"
        if detail:
            where += f" ({detail})"
        into = _name(target) if field is None else f"{_name(target)}.{field}"
        if actual == "missing":
            problem = f"missing (expected {expected})"
        else:
            problem = f"expected {expected}, got {actual}"
        super().__init__(f"cannot map {where} to {into}: {problem}")
        self.target = target
        self.field = field
        self.key = key
        self.path = path
        self.expected = expected
        self.actual = actual


def _name(cls: object) -> str:
    """A class's name as written in code (``Outer.Inner``)."""
    return str(getattr(cls, "__qualname__", None) or cls)


def describe(value: object) -> str:
    """Name what a value is, for an error message (never its content)."""
    if value is None:
        return "null"
    if value is MISSING:
        return "missing"
    return type(value).__qualname__


class _Missing:
    """Type of :data:`MISSING`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


#: a key or property that is not there (also: "leave the field out")
MISSING: t.Final = _Missing()


class _Step(t.NamedTuple):
    """One step of a location: ``.key`` of a field or ``[i]``."""

    text: str
    #: the class, field and key the step enters (None for an element)
    cls: type[t.Any] | None = None
    field: str | None = None
    key: str | None = None


class _Mismatch(Exception):
    """
    A value does not fit an annotation (internal, see the module doc).

    :param expected: what was expected (``"int"``, ``"list[str]"``)
    :param value: the value found, or :data:`MISSING`
    """

    expected: str
    actual: str
    #: location steps, from the inside out
    steps: list[_Step]

    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.actual = describe(value)
        self.steps = []

    def at_index(self, where: object) -> _Mismatch:
        """Add the step of a list element or map value."""
        self.steps.append(_Step(f"[{where!r}]"))
        return self

    def in_field(self, cls: type[t.Any], field: str, key: str) -> _Mismatch:
        """Add the step of a field of a (nested) class."""
        self.steps.append(_Step(f".{key}", cls, field, key))
        return self

    def location(self, start: str) -> str:
        """The location below ``start`` (a record key), outermost first."""
        return start + "".join(step.text for step in reversed(self.steps))

    def fields(self) -> list[_Step]:
        """The field steps, outermost first."""
        return [step for step in reversed(self.steps) if step.cls]
