"""Cypher values between testkit's JSON form and the driver's types.

Testkit encodes a value as ``{"name": "CypherInt", "data": {"value":
1}}``; graph entities, points and temporal values have their own
fields (see nutkit/protocol/cypher.py in testkit).  Floats that JSON
cannot carry travel as the strings ``"NaN"``, ``"+Infinity"`` and
``"-Infinity"``; bytes (and vector data) as space-separated hex pairs.
"""

from __future__ import annotations

import datetime as _dt
import math
import typing as t
import warnings

from neo4j.graph import (
    Node,
    Path,
    Relationship,
)
from neo4j.spatial import (
    CartesianPoint,
    Point,
    WGS84Point,
)
from neo4j.time import (
    Date,
    DateTime,
    Duration,
    Time,
)


try:
    from neo4j.vector import Vector
except ImportError:  # pragma: no cover - drivers before vectors
    Vector = None  # type: ignore[assignment,misc]
try:
    from neo4j.types import UnsupportedType
except ImportError:  # pragma: no cover - drivers before 6.0
    UnsupportedType = None  # type: ignore[assignment,misc]

try:
    import pytz
except ImportError:  # pragma: no cover - pytz is optional
    pytz = None

JSON = t.Any

_SPECIAL_FLOATS = {
    "NaN": math.nan,
    "+Infinity": math.inf,
    "-Infinity": -math.inf,
}


# ---------------------------------------------------------- testkit -> driver


def to_native(obj: t.Mapping[str, t.Any]) -> t.Any:
    """The driver value of a testkit Cypher value (a parameter)."""
    name = obj["name"]
    data = obj.get("data") or {}
    if hasattr(obj, "mark_read"):
        obj.mark_read(recursive=True)
    decode = _DECODERS.get(name)
    if decode is None:
        raise ValueError(f"unknown Cypher value type {name!r}")
    return decode(data)


def _null(data: JSON) -> None:
    if data.get("value") is not None:
        raise ValueError("CypherNull with a value")
    return None


def _float(data: JSON) -> float:
    value = data["value"]
    if isinstance(value, str):
        try:
            return _SPECIAL_FLOATS[value]
        except KeyError:
            raise ValueError(f"not a special float: {value!r}") from None
    return float(value)


def _bytes(data: JSON) -> bytearray:
    return bytearray(bytes.fromhex(data["value"]))


def _point(data: JSON) -> Point:
    coords = [data["x"], data["y"]]
    if data.get("z") is not None:
        coords.append(data["z"])
    system = data["system"]
    if system == "cartesian":
        return CartesianPoint(coords)
    if system == "wgs84":
        return WGS84Point(coords)
    raise ValueError(f"unknown point system {system!r}")


def _fixed_offset(seconds: int) -> _dt.tzinfo:
    return _dt.timezone(_dt.timedelta(seconds=seconds))


def _time(data: JSON) -> Time:
    offset = data.get("utc_offset_s")
    tz = None if offset is None else _fixed_offset(offset)
    return Time(
        data["hour"],
        data["minute"],
        data["second"],
        data["nanosecond"],
        tzinfo=tz,
    )


def _datetime(data: JSON) -> DateTime:
    local = DateTime(
        data["year"],
        data["month"],
        data["day"],
        data["hour"],
        data["minute"],
        data["second"],
        data["nanosecond"],
    )
    offset = data.get("utc_offset_s")
    zone_id = data.get("timezone_id")
    if zone_id is not None:
        return _localize(local, zone_id, offset)
    if offset is not None:
        return local.replace(tzinfo=_fixed_offset(offset))
    return local


def _localize(local: DateTime, zone_id: str, offset: int | None) -> DateTime:
    """``local`` in zone ``zone_id``; on a fold, the side whose UTC offset
    is ``offset``."""
    wanted = None if offset is None else _dt.timedelta(seconds=offset)
    candidates: list[DateTime] = []
    if pytz is not None:
        zone = pytz.timezone(zone_id)
        for is_dst in (False, True):
            try:
                candidates.append(zone.localize(local, is_dst=is_dst))
            except pytz.exceptions.NonExistentTimeError:
                continue
    else:  # pragma: no cover - only without pytz
        import zoneinfo

        candidates.append(local.replace(tzinfo=zoneinfo.ZoneInfo(zone_id)))
    for candidate in candidates:
        if wanted is None or candidate.utcoffset() == wanted:
            return candidate
    raise ValueError(
        f"{local} does not exist in time zone {zone_id} with UTC offset "
        f"{wanted}"
    )


def _vector(data: JSON) -> t.Any:
    if Vector is None:
        raise ValueError("this driver has no vector type")
    raw = bytes.fromhex(data["data"])
    return Vector.from_bytes(raw, data["dtype"], byteorder="big")


_DECODERS: dict[str, t.Callable[[JSON], t.Any]] = {
    "CypherNull": _null,
    "CypherBool": lambda d: bool(d["value"]),
    "CypherInt": lambda d: int(d["value"]),
    "CypherFloat": _float,
    "CypherString": lambda d: str(d["value"]),
    "CypherBytes": _bytes,
    "CypherList": lambda d: [to_native(v) for v in d["value"]],
    "CypherMap": lambda d: {k: to_native(v) for k, v in d["value"].items()},
    "CypherPoint": _point,
    "CypherDate": lambda d: Date(d["year"], d["month"], d["day"]),
    "CypherTime": _time,
    "CypherDateTime": _datetime,
    "CypherDuration": lambda d: Duration(
        months=d["months"],
        days=d["days"],
        seconds=d["seconds"],
        nanoseconds=d["nanoseconds"],
    ),
    "CypherVector": _vector,
}


def params_to_native(
    params: t.Mapping[str, t.Any] | None,
) -> dict[str, t.Any] | None:
    """Query parameters (or transaction metadata) as driver values."""
    if params is None:
        return None
    if hasattr(params, "mark_read"):
        params.mark_read()
    return {key: to_native(value) for key, value in params.items()}


# ---------------------------------------------------------- driver -> testkit


def _cypher(name: str, value: t.Any) -> dict[str, t.Any]:
    return {"name": name, "data": {"value": value}}


def from_native(value: t.Any) -> dict[str, t.Any]:
    """The testkit form of a value the driver returned."""
    if value is None:
        return {"name": "CypherNull", "data": {}}
    if isinstance(value, bool):
        return _cypher("CypherBool", value)
    if isinstance(value, int):
        return _cypher("CypherInt", value)
    if isinstance(value, float):
        if math.isnan(value):
            return _cypher("CypherFloat", "NaN")
        if math.isinf(value):
            return _cypher(
                "CypherFloat", "+Infinity" if value > 0 else "-Infinity"
            )
        return _cypher("CypherFloat", value)
    if isinstance(value, str):
        return _cypher("CypherString", value)
    if isinstance(value, (bytes, bytearray)):
        return _cypher("CypherBytes", bytes(value).hex(" "))
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return {
            "name": "Path",
            "data": {
                "nodes": from_native(list(value.nodes)),
                "relationships": from_native(list(value.relationships)),
            },
        }
    if isinstance(value, Point):
        return _point_out(value)
    if isinstance(value, (Duration, Date, Time, DateTime)):
        return _temporal_out(value)
    if isinstance(value, _dt.datetime):
        return _temporal_out(DateTime.from_native(value))
    if isinstance(value, _dt.date):
        return _temporal_out(Date.from_native(value))
    if isinstance(value, _dt.time):
        return _temporal_out(Time.from_native(value))
    if isinstance(value, _dt.timedelta):
        return _temporal_out(Duration(seconds=value.total_seconds()))
    if Vector is not None and isinstance(value, Vector):
        return {
            "name": "CypherVector",
            "data": {
                "dtype": str(getattr(value.dtype, "value", value.dtype)),
                "data": value.raw(byteorder="big").hex(" "),
            },
        }
    if UnsupportedType is not None and isinstance(value, UnsupportedType):
        major, minor = value.minimum_protocol_version
        return {
            "name": "CypherUnsupportedType",
            "data": {
                "name": value.name,
                "minimumProtocol": f"{major}.{minor}",
                "message": value.message,
            },
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return _cypher("CypherList", [from_native(v) for v in value])
    if isinstance(value, dict):
        return _cypher(
            "CypherMap", {k: from_native(v) for k, v in value.items()}
        )
    raise TypeError(f"no testkit form for {type(value).__name__}: {value!r}")


def _legacy_id(entity: t.Any) -> t.Any:
    """The deprecated integer id, without its deprecation warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return entity.id


def _node(node: Node) -> dict[str, t.Any]:
    return {
        "name": "Node",
        "data": {
            "id": from_native(_legacy_id(node)),
            "labels": from_native(sorted(node.labels)),
            "props": from_native(dict(node.items())),
            "elementId": from_native(node.element_id),
        },
    }


def _relationship(rel: Relationship) -> dict[str, t.Any]:
    start, end = rel.start_node, rel.end_node
    return {
        "name": "Relationship",
        "data": {
            "id": from_native(_legacy_id(rel)),
            "startNodeId": from_native(
                None if start is None else _legacy_id(start)
            ),
            "endNodeId": from_native(None if end is None else _legacy_id(end)),
            "type": from_native(rel.type),
            "props": from_native(dict(rel.items())),
            "elementId": from_native(rel.element_id),
            "startNodeElementId": from_native(
                None if start is None else start.element_id
            ),
            "endNodeElementId": from_native(
                None if end is None else end.element_id
            ),
        },
    }


def _point_out(point: Point) -> dict[str, t.Any]:
    if isinstance(point, CartesianPoint):
        system = "cartesian"
    elif isinstance(point, WGS84Point):
        system = "wgs84"
    else:
        raise TypeError(f"point with unknown system: {point!r}")
    return {
        "name": "CypherPoint",
        "data": {
            "system": system,
            "x": point[0],
            "y": point[1],
            "z": point[2] if len(point) > 2 else None,
        },
    }


def _offset_seconds(value: t.Any) -> int:
    offset = value.utcoffset()
    return int(offset.total_seconds())


def _temporal_out(value: t.Any) -> dict[str, t.Any]:
    if isinstance(value, Duration):
        return {
            "name": "CypherDuration",
            "data": {
                "months": value.months,
                "days": value.days,
                "seconds": value.seconds,
                "nanoseconds": value.nanoseconds,
            },
        }
    if isinstance(value, DateTime):
        data: dict[str, t.Any] = {
            "year": value.year,
            "month": value.month,
            "day": value.day,
            "hour": value.hour,
            "minute": value.minute,
            "second": value.second,
            "nanosecond": value.nanosecond,
        }
        if value.tzinfo is not None:
            data["utc_offset_s"] = _offset_seconds(value)
            zone_id = _zone_id(value.tzinfo)
            if zone_id is None and data["utc_offset_s"] == 0:
                # testkit's rule for Python: a zero offset and the zone
                # UTC are one (pytz gives its UTC zone for both)
                zone_id = "UTC"
            if zone_id is not None:
                data["timezone_id"] = zone_id
        return {"name": "CypherDateTime", "data": data}
    if isinstance(value, Date):
        return {
            "name": "CypherDate",
            "data": {
                "year": value.year,
                "month": value.month,
                "day": value.day,
            },
        }
    data = {
        "hour": value.hour,
        "minute": value.minute,
        "second": value.second,
        "nanosecond": value.nanosecond,
    }
    if value.tzinfo is not None:
        offset = value.tzinfo.utcoffset(None)
        if offset is None:
            offset = value.utcoffset()
        data["utc_offset_s"] = int(offset.total_seconds())
    return {"name": "CypherTime", "data": data}


def _zone_id(tzinfo: _dt.tzinfo) -> str | None:
    """The IANA name of a named zone (pytz or zoneinfo), else None."""
    for attr in ("key", "zone"):
        name = getattr(tzinfo, attr, None)
        if isinstance(name, str):
            return name
    return None


def record(values: t.Iterable[t.Any]) -> dict[str, t.Any]:
    """The testkit form of a record: its values in order."""
    return {"values": [from_native(v) for v in values]}
