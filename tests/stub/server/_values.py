"""Values in stub scripts: parsing, structural matching and rendering.

The value syntax is JSON with a few extensions (see ``tests/stub/README.md``):

* ``*`` (bare) matches any value; ``"*"`` is just a string.
* ``...`` as the last entry of a map allows any extra keys, as the last
  item of a list (or of a message's fields) allows any further items.
* ``"key"?: value`` is an optional map entry: absent is fine, present must
  match.
* ``1`` is an integer, ``1.0`` a float; ``NaN``, ``Infinity`` and
  ``-Infinity`` are floats.
* ``b"00 ff"`` is a byte string written in hex.
* ``u"550e8400-e29b-41d4-a716-446655440000"`` is a UUID (Bolt 6.1).
* ``Name(field, ...)`` is a PackStream structure with a named tag
  (``Node``, ``DateTime``, ``Point2D``...), ``#4E(field, ...)`` one with an
  explicit hex tag.

A parsed value is a *pattern*; patterns without wildcards, optional keys
and ``...`` convert to plain values (:func:`concrete`) for server replies.
"""

from __future__ import annotations

import json
import math
import re
import typing as t
import uuid
from dataclasses import dataclass

from ._packstream import Struct


__all__ = [
    "STRUCT_NAMES",
    "WILDCARD",
    "ListPattern",
    "MapPattern",
    "ScriptValueError",
    "StructPattern",
    "concrete",
    "match",
    "parse_values",
    "render",
]

#: named structure literals -> tag byte
STRUCT_NAMES: dict[str, int] = {
    "Node": 0x4E,
    "Relationship": 0x52,
    "UnboundRelationship": 0x72,
    "Path": 0x50,
    "Date": 0x44,
    "Time": 0x54,
    "LocalTime": 0x74,
    "DateTime": 0x49,
    "DateTimeZoneId": 0x69,
    "LegacyDateTime": 0x46,
    "LegacyDateTimeZoneId": 0x66,
    "LocalDateTime": 0x64,
    "Duration": 0x45,
    "Point2D": 0x58,
    "Point3D": 0x59,
    "Vector": 0x56,
    "Unsupported": 0x3F,
}
_TAG_NAMES = {tag: name for name, tag in STRUCT_NAMES.items()}


class ScriptValueError(ValueError):
    """A value in a script is malformed."""


class _Wildcard:
    """Matches any value (written ``*``)."""

    _instance: _Wildcard | None = None

    def __new__(cls) -> _Wildcard:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "*"


WILDCARD = _Wildcard()


@dataclass
class ListPattern:
    """A list; ``open`` allows further items after ``items``."""

    items: list[t.Any]
    open: bool = False


@dataclass
class MapPattern:
    """A map with required and optional entries; ``open`` allows extras."""

    required: dict[str, t.Any]
    optional: dict[str, t.Any]
    open: bool = False


@dataclass
class StructPattern:
    """A structure with a tag and field patterns."""

    tag: int
    fields: ListPattern


class _Ellipsis:
    """Internal marker for ``...`` while parsing."""


_ELLIPSIS = _Ellipsis()

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_WORDS: dict[str, t.Any] = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": math.nan,
    "Infinity": math.inf,
    "-Infinity": -math.inf,
}
_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_]*")
_HEX_TAG = re.compile(r"#([0-9A-Fa-f]{2})")


class _Parser:
    """Recursive-descent parser over one line of field values."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str) -> ScriptValueError:
        return ScriptValueError(
            f"{message} at column {self.pos + 1} of {self.text!r}"
        )

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_space()
        return self.pos >= len(self.text)

    def peek(self, literal: str) -> bool:
        self.skip_space()
        return self.text.startswith(literal, self.pos)

    def expect(self, literal: str) -> None:
        if not self.peek(literal):
            raise self.error(f"expected {literal!r}")
        self.pos += len(literal)

    def value(self, allow_ellipsis: bool = False) -> t.Any:
        self.skip_space()
        text, pos = self.text, self.pos
        if pos >= len(text):
            raise self.error("expected a value")
        char = text[pos]
        if text.startswith("...", pos):
            if not allow_ellipsis:
                raise self.error("'...' is only allowed last in a container")
            self.pos += 3
            return _ELLIPSIS
        if char == "*":
            self.pos += 1
            return WILDCARD
        if char == '"':
            return self.string()
        if text.startswith('b"', pos):
            return self.hex_bytes()
        if text.startswith('u"', pos):
            return self.uuid_value()
        if char == "[":
            return self.list_()
        if char == "{":
            return self.map_()
        hex_tag = _HEX_TAG.match(text, pos)
        if hex_tag:
            self.pos = hex_tag.end()
            return self.struct(int(hex_tag.group(1), 16))
        number = _NUMBER.match(text, pos)
        if number:
            self.pos = number.end()
            if number.group(1) or number.group(2):
                return float(number.group(0))
            return int(number.group(0))
        name = _NAME.match(text, pos)
        if name:
            word = name.group(0)
            self.pos = name.end()
            if word in _WORDS:
                return _WORDS[word]
            if word in STRUCT_NAMES:
                return self.struct(STRUCT_NAMES[word])
            self.pos = pos
            raise self.error(f"unknown name {word!r}")
        raise self.error(f"unexpected character {char!r}")

    def string(self) -> str:
        decoder = json.JSONDecoder()
        try:
            value, end = decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            raise self.error(f"bad string ({exc.msg})") from None
        self.pos = end
        assert isinstance(value, str)
        return value

    def hex_bytes(self) -> bytes:
        end = self.text.find('"', self.pos + 2)
        if end < 0:
            raise self.error("unterminated byte string")
        digits = "".join(self.text[self.pos + 2 : end].split())
        try:
            data = bytes.fromhex(digits)
        except ValueError:
            raise self.error("bad hex in byte string") from None
        self.pos = end + 1
        return data

    def uuid_value(self) -> uuid.UUID:
        end = self.text.find('"', self.pos + 2)
        if end < 0:
            raise self.error("unterminated UUID")
        try:
            value = uuid.UUID(self.text[self.pos + 2 : end])
        except ValueError:
            raise self.error("bad UUID") from None
        self.pos = end + 1
        return value

    def items(self, close: str) -> tuple[list[t.Any], bool]:
        """Comma-separated values up to *close*; returns (items, open)."""
        items: list[t.Any] = []
        open_ = False
        if self.peek(close):
            self.pos += len(close)
            return items, open_
        while True:
            item = self.value(allow_ellipsis=True)
            if item is _ELLIPSIS:
                open_ = True
                self.expect(close)
                return items, open_
            items.append(item)
            if self.peek(","):
                self.pos += 1
                continue
            self.expect(close)
            return items, open_

    def list_(self) -> t.Any:
        self.expect("[")
        items, open_ = self.items("]")
        return ListPattern(items, open_)

    def struct(self, tag: int) -> StructPattern:
        self.expect("(")
        items, open_ = self.items(")")
        return StructPattern(tag, ListPattern(items, open_))

    def map_(self) -> MapPattern:
        self.expect("{")
        pattern = MapPattern({}, {})
        if self.peek("}"):
            self.pos += 1
            return pattern
        while True:
            if self.peek("..."):
                self.pos += 3
                pattern.open = True
                self.expect("}")
                return pattern
            if not self.peek('"'):
                raise self.error("expected a quoted map key")
            key = self.string()
            optional = self.peek("?")
            if optional:
                self.pos += 1
            self.expect(":")
            if key in pattern.required or key in pattern.optional:
                raise self.error(f"duplicate map key {key!r}")
            target = pattern.optional if optional else pattern.required
            target[key] = self.value()
            if self.peek(","):
                self.pos += 1
                continue
            self.expect("}")
            return pattern


def parse_values(text: str) -> ListPattern:
    """Parse whitespace-separated field values (a message's fields).

    A final ``...`` allows any further fields.

    :raises ScriptValueError: on malformed input.
    """
    parser = _Parser(text)
    fields: list[t.Any] = []
    while not parser.at_end():
        item = parser.value(allow_ellipsis=True)
        if item is _ELLIPSIS:
            if not parser.at_end():
                raise parser.error("'...' must be the last field")
            return ListPattern(fields, True)
        fields.append(item)
    return ListPattern(fields, False)


def concrete(pattern: t.Any) -> t.Any:
    """Turn a pattern into a plain value (for server replies).

    :raises ScriptValueError: if it holds ``*``, ``...`` or optional keys.
    """
    if pattern is WILDCARD:
        raise ScriptValueError("'*' is not allowed in server replies")
    if isinstance(pattern, ListPattern):
        if pattern.open:
            raise ScriptValueError("'...' is not allowed in server replies")
        return [concrete(item) for item in pattern.items]
    if isinstance(pattern, MapPattern):
        if pattern.open or pattern.optional:
            raise ScriptValueError(
                "'...' and optional keys are not allowed in server replies"
            )
        return {key: concrete(v) for key, v in pattern.required.items()}
    if isinstance(pattern, StructPattern):
        return Struct(pattern.tag, concrete(pattern.fields))
    return pattern


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}[{json.dumps(key)}]"


def _match_scalar(pattern: t.Any, value: t.Any) -> bool:
    if type(pattern) is not type(value):
        return False
    if isinstance(pattern, float) and math.isnan(pattern):
        return math.isnan(value)
    return bool(pattern == value)


def match(pattern: t.Any, value: t.Any, path: str = "value") -> str | None:
    """Match *value* against *pattern*.

    :returns: ``None`` on a match, else a one-line description of the
        first difference, naming where it is (e.g. ``value[2]["db"]``).
    """
    where = path
    if pattern is WILDCARD:
        return None
    if isinstance(pattern, ListPattern):
        if not isinstance(value, list):
            return f"{where}: expected a list, got {render(value)}"
        count = len(pattern.items)
        if len(value) < count or (not pattern.open and len(value) > count):
            return (
                f"{where}: expected {count}{' or more' * pattern.open} "
                f"item(s), got {len(value)}: {render(value)}"
            )
        for index, item in enumerate(pattern.items):
            problem = match(item, value[index], _path(path, index))
            if problem:
                return problem
        return None
    if isinstance(pattern, MapPattern):
        return _match_map(pattern, value, path)
    if isinstance(pattern, StructPattern):
        if not isinstance(value, Struct) or value.tag != pattern.tag:
            return (
                f"{where}: expected {_struct_name(pattern.tag)}(...), "
                f"got {render(value)}"
            )
        return match(pattern.fields, value.fields, path)
    if not _match_scalar(pattern, value):
        return f"{where}: expected {render(pattern)}, got {render(value)}"
    return None


def _match_map(pattern: MapPattern, value: t.Any, path: str) -> str | None:
    where = path
    if not isinstance(value, dict):
        return f"{where}: expected a map, got {render(value)}"
    for key, item in pattern.required.items():
        if key not in value:
            return f"{where}: missing key {json.dumps(key)}"
        problem = match(item, value[key], _path(path, key))
        if problem:
            return problem
    for key, item in pattern.optional.items():
        if key in value:
            problem = match(item, value[key], _path(path, key))
            if problem:
                return problem
    if not pattern.open:
        known = pattern.required.keys() | pattern.optional.keys()
        extra = [key for key in value if key not in known]
        if extra:
            names = ", ".join(json.dumps(key) for key in extra)
            return f"{where}: unexpected key(s) {names}"
    return None


def _struct_name(tag: int) -> str:
    return _TAG_NAMES.get(tag, f"#{tag:02X}")


def _render_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def render(value: t.Any) -> str:
    """Write a value or pattern in script syntax (used in diffs)."""
    if value is WILDCARD:
        return "*"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _render_float(value)
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bytes, bytearray)):
        return f'b"{value.hex(" ")}"'
    if isinstance(value, uuid.UUID):
        return f'u"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{json.dumps(k, ensure_ascii=False)}: {render(v)}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, Struct):
        fields = ", ".join(render(item) for item in value.fields)
        return f"{_struct_name(value.tag)}({fields})"
    if isinstance(value, ListPattern):
        parts = [render(item) for item in value.items]
        parts += ["..."] * value.open
        return "[" + ", ".join(parts) + "]"
    if isinstance(value, MapPattern):
        parts = [
            f"{json.dumps(k)}: {render(v)}" for k, v in value.required.items()
        ]
        parts += [
            f"{json.dumps(k)}?: {render(v)}" for k, v in value.optional.items()
        ]
        parts += ["..."] * value.open
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, StructPattern):
        inner = render(value.fields)[1:-1]
        return f"{_struct_name(value.tag)}({inner})"
    return repr(value)


def render_fields(fields: t.Any) -> str:
    """Write message fields (a list or list pattern) space-separated."""
    if isinstance(fields, ListPattern):
        parts = [render(item) for item in fields.items]
        parts += ["..."] * fields.open
    else:
        parts = [render(item) for item in fields]
    return " ".join(parts)
