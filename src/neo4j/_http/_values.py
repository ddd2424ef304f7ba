"""The typed JSON of the Query API (``application/vnd.neo4j.query``).

Every value travels as ``{"$type": <kind>, "_value": <JSON>}``: integers
and floats as strings (no precision lost to JSON numbers), bytes as
Base64, temporal values as ISO 8601 text, points as WKT, lists and maps
holding typed values, nodes and relationships as maps of their parts.

Parameters: plain Python types are written directly; everything else
first goes through the Bolt dehydration rules (the same that decide
what a parameter means over Bolt, so ``datetime``, numpy and pandas
values are accepted alike) and the resulting structure is written as
text by :mod:`._temporal`.  Vectors, UUIDs and graph entities cannot
travel over the Query API (the official driver refuses them too).

Results: :class:`ValueDecoder` turns the typed values of a record into
driver values.  Nodes and relationships are made by the graph hooks of
the result's hydration scope (the ones the Bolt decoder calls), so a
result's entities share its :class:`~neo4j.graph.Graph` as over Bolt.
A field that cannot be decoded becomes a
:class:`~neo4j._data.BrokenValue`: reading it raises
:class:`~neo4j.exceptions.BrokenRecordError`, the other fields stay
readable.
"""

from __future__ import annotations

import base64
import numbers
import typing as t
import uuid

from .._codec.hydration import HydrationHandlerV2
from .._codec.hydration._temporal import hydrate_datetime_utc
from .._codec.packstream import Structure
from .._data import BrokenValue
from .._optional_deps import loaded
from ..exceptions import ConfigurationError
from ..graph import Node, Path, Relationship
from ..vector import Vector
from . import _temporal
from ._errors import QueryApiProtocolError, expect


if t.TYPE_CHECKING:
    from .._codec.hydration import HydrationScope


__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "ValueDecoder",
    "encode_parameters",
    "encode_value",
    "typed",
]

INT64_MIN: t.Final = -(2**63)
INT64_MAX: t.Final = 2**63 - 1

#: Bolt 5 rules: UTC-based date-times (``I``/``i`` structures)
_BOLT_RULES: t.Final = HydrationHandlerV2().dehydration_hooks

_NODE: t.Final = 0x4E
_RELATIONSHIP: t.Final = 0x52

TypedValue: t.TypeAlias = dict[str, t.Any]


def typed(kind: str, value: t.Any) -> TypedValue:
    """One typed JSON value.

    :param kind: the ``$type``
    :param value: the ``_value`` (already JSON)
    """
    return {"$type": kind, "_value": value}


# -- parameters ------------------------------------------------------------


def encode_parameters(parameters: t.Mapping[str, t.Any]) -> TypedValue:
    """The ``parameters`` member of a request: a JSON object of typed
    values.

    :raises TypeError: a map key (at any depth) that is not a string
    :raises ValueError: a value of a type the Query API cannot carry
    :raises ConfigurationError: a :class:`~neo4j.vector.Vector`
    :raises OverflowError: an integer outside the 64-bit range
    """
    return {_key(k): encode_value(v) for k, v in parameters.items()}


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"Map keys must be strings, not {type(key)}")
    return key


def _unsupported(value: object) -> ValueError:
    return ValueError(f"Values of type {type(value)} are not supported")


def encode_value(value: t.Any) -> TypedValue:
    """A parameter value as typed JSON (see :func:`encode_parameters`)."""
    if value is None:
        return typed("Null", None)
    kind = type(value)
    if kind is str:
        return typed("String", value)
    if kind is bool:
        return typed("Boolean", value)
    if kind is int:
        return _integer(value)
    if kind is float:
        return typed("Float", _float_text(value))
    if kind is list or kind is tuple:
        return typed("List", [encode_value(item) for item in value])
    if kind is dict:
        return typed("Map", encode_parameters(value))
    return _encode_other(value)


def _integer(value: int) -> TypedValue:
    if not INT64_MIN <= value <= INT64_MAX:
        raise OverflowError(f"Integer {value} out of range")
    return typed("Integer", str(value))


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def _encode_other(value: t.Any) -> TypedValue:
    """Everything but the exact JSON-like built-in types."""
    if isinstance(value, Vector):
        raise ConfigurationError(
            "Query API/HTTP does not support Vector types."
        )
    if isinstance(value, (uuid.UUID, Node, Relationship, Path)):
        raise _unsupported(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return typed("Base64", base64.b64encode(value).decode("ascii"))
    np = loaded("numpy")
    if np is not None and isinstance(value, np.bool_):
        return typed("Boolean", bool(value))
    if isinstance(value, bool):
        return typed("Boolean", bool(value))
    if isinstance(value, str):
        return typed("String", str(value))
    rule = _BOLT_RULES.get_transformer(type(value))
    if rule is not None:
        converted = rule(value)
        if isinstance(converted, Structure):
            return _structure(converted)
        if converted is value:
            raise _unsupported(value)
        return encode_value(converted)
    if isinstance(value, numbers.Integral):
        return _integer(int(value))
    if isinstance(value, numbers.Real):
        return typed("Float", _float_text(float(value)))
    if isinstance(value, t.Mapping):
        return typed("Map", encode_parameters(value))
    if isinstance(value, (t.Sequence, t.AbstractSet)) or (
        np is not None and isinstance(value, np.ndarray)
    ):
        return typed("List", [encode_value(item) for item in value])
    raise _unsupported(value)


def _structure(struct: Structure) -> TypedValue:
    """A Bolt structure from the dehydration rules as typed JSON."""
    tag, fields = struct.tag, struct.fields
    if tag == b"D":
        return typed("Date", _temporal.format_date(fields[0]))
    if tag == b"t":
        return typed("LocalTime", _temporal.format_clock(fields[0]))
    if tag == b"T":
        nanos, offset = fields
        clock = _temporal.format_clock(nanos)
        return typed("Time", clock + _temporal.format_offset(offset))
    if tag == b"d":
        return typed("LocalDateTime", _temporal.format_wall(*fields))
    if tag == b"I":
        seconds, nanos, offset = fields
        wall = _temporal.format_wall(seconds + offset, nanos)
        return typed("OffsetDateTime", wall + _temporal.format_offset(offset))
    if tag == b"i":
        seconds, nanos, zone_id = fields
        shown = hydrate_datetime_utc(seconds, nanos, zone_id).utcoffset()
        offset = int(shown.total_seconds()) if shown is not None else 0
        wall = _temporal.format_wall(seconds + offset, nanos)
        text = f"{wall}{_temporal.format_offset(offset)}[{zone_id}]"
        return typed("ZonedDateTime", text)
    if tag == b"E":
        return typed("Duration", _temporal.format_duration(*fields))
    if tag in (b"X", b"Y"):
        srid, *coordinates = fields
        return typed("Point", _temporal.format_point(srid, coordinates))
    raise ValueError(
        f"Values encoded as Bolt structure {tag!r} are not supported over "
        "Query API/HTTP"
    )


# -- results ---------------------------------------------------------------


class ValueDecoder:
    """Decodes the typed values of one result.

    :param hooks: the hydration hooks of the result's scope (its graph
        hooks make the nodes and relationships)
    """

    __slots__ = ("_decoders", "_hooks")

    def __init__(self, hooks: t.Mapping[int, t.Callable[..., t.Any]]) -> None:
        self._hooks = hooks
        self._decoders: dict[str, t.Callable[[t.Any], t.Any]] = {
            "Null": _null,
            "Boolean": _boolean,
            "Integer": _integer_value,
            "Float": _float_value,
            "String": _string,
            "Base64": _bytes,
            "List": self._list,
            "Map": self._map,
            "Date": _temporal.parse_date,
            "Time": _temporal.parse_time,
            "LocalTime": _temporal.parse_local_time,
            "OffsetDateTime": _temporal.parse_offset_datetime,
            "ZonedDateTime": _temporal.parse_zoned_datetime,
            "LocalDateTime": _temporal.parse_local_datetime,
            "Duration": _temporal.parse_duration,
            "Point": _temporal.parse_point,
            "Node": self._node,
            "Relationship": self._relationship,
            "Path": self._path,
        }

    @classmethod
    def for_scope(cls, scope: HydrationScope) -> ValueDecoder:
        """The decoder making graph entities in ``scope``'s graph."""
        return cls(scope.hydration_hooks)

    def row(self, values: object) -> list[t.Any]:
        """Decode one record's values; a field that fails becomes a
        :class:`~neo4j._data.BrokenValue`.

        :raises QueryApiProtocolError: ``values`` is not a list
        """
        if not isinstance(values, list):
            raise expect("list", values)
        return [self._field(value) for value in values]

    def _field(self, value: t.Any) -> t.Any:
        try:
            return self.decode(value)
        except Exception as exc:
            return BrokenValue(exc, value)

    def decode(self, value: t.Any) -> t.Any:
        """One typed value.

        :raises QueryApiProtocolError: not a typed value, unknown type
        :raises Exception: the value's text is malformed
        """
        if (
            not isinstance(value, dict)
            or len(value) != 2
            or "$type" not in value
            or "_value" not in value
        ):
            raise expect("typed value", value)
        kind = value["$type"]
        decoder = self._decoders.get(kind) if isinstance(kind, str) else None
        if decoder is None:
            raise QueryApiProtocolError(
                f"unknown application/vnd.neo4j.query $type: {kind!r}"
            )
        return decoder(value["_value"])

    def _list(self, raw: object) -> list[t.Any]:
        if not isinstance(raw, list):
            raise expect("list value", raw)
        return [self.decode(item) for item in raw]

    def _map(self, raw: object) -> dict[str, t.Any]:
        if not isinstance(raw, dict):
            raise expect("map value", raw)
        return {key: self.decode(item) for key, item in raw.items()}

    def _made(self, entity: t.Any) -> t.Any:
        # the graph hooks report failures as broken values
        if isinstance(entity, BrokenValue):
            raise entity.error
        return entity

    def _node(self, raw: object) -> Node:
        parts = _members(raw, "node")
        labels = _strings(parts.get("_labels"))
        properties = self._map(parts.get("_properties", {}))
        element_id = _text(parts.get("_element_id"))
        # the Query API sends no legacy ids: 0, as the official driver
        return t.cast(
            Node,
            self._made(self._hooks[_NODE](0, labels, properties, element_id)),
        )

    def _relationship(self, raw: object) -> Relationship:
        parts = _members(raw, "relationship")
        properties = self._map(parts.get("_properties", {}))
        made = self._hooks[_RELATIONSHIP](
            0,
            0,
            0,
            _text(parts.get("_type")),
            properties,
            _text(parts.get("_element_id")),
            _text(parts.get("_start_node_element_id")),
            _text(parts.get("_end_node_element_id")),
        )
        return t.cast(Relationship, self._made(made))

    def _path(self, raw: object) -> Path:
        steps = self._list(raw)
        if len(steps) % 2 != 1:
            raise QueryApiProtocolError(
                f"expected path value to have odd length, got: {raw!r}"
            )
        nodes, relationships = steps[::2], steps[1::2]
        if not all(isinstance(node, Node) for node in nodes):
            raise QueryApiProtocolError(f"expected path nodes, got: {raw!r}")
        for index, rel in enumerate(relationships):
            ends = (nodes[index], nodes[index + 1])
            if not isinstance(rel, Relationship) or rel.nodes not in (
                ends,
                ends[::-1],
            ):
                raise QueryApiProtocolError(
                    f"expected connecting relationship, got: {rel!r}"
                )
        return Path(nodes[0], *relationships)


def _members(raw: object, kind: str) -> dict[str, t.Any]:
    if not isinstance(raw, dict):
        raise expect(f"{kind} map", raw)
    return raw


def _text(raw: object) -> str:
    if not isinstance(raw, str):
        raise expect("string", raw)
    return raw


def _strings(raw: object) -> list[str]:
    if not isinstance(raw, list):
        raise expect("list of strings", raw)
    return [_text(item) for item in raw]


def _null(raw: object) -> None:
    if raw is not None:
        raise expect("null value", raw)


def _boolean(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise expect("bool value", raw)
    return raw


def _integer_value(raw: object) -> int:
    return int(_text(raw))


def _float_value(raw: object) -> float:
    return float(_text(raw))


def _string(raw: object) -> str:
    return _text(raw)


def _bytes(raw: object) -> bytes:
    return base64.b64decode(_text(raw), validate=True)
