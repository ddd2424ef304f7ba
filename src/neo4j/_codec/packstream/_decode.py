"""PackStream v1 decoder.

Design: one handler per marker byte in a 256-entry table; single-byte
values (tiny ints, null, booleans) come from a lookup list without any
call.  Handlers read from the original buffer by offset (``unpack_from``
on precompiled ``struct.Struct`` objects) and return ``(value, offset)``.
Bounds are enforced once per top-level call: running off the data raises
``IndexError``/``struct.error`` which are turned into
:class:`PackStreamDecodeError`, and the final offset must land exactly
on the end of the value.

Strings are decoded with ``bytes.decode`` on a slice (noticeably faster
than ``str(slice, "utf-8")``), so the inner loops require ``bytes`` or
``bytearray``; the public entry points copy a ``memoryview`` (never
seen on the hot path: receive buffers are ``bytes``/``bytearray``).
Strings and byte arrays of 64 KiB or more (32-bit sizes) are the
exception: they are read through a ``memoryview``, so a large value in a
``bytearray`` (a message reassembled from several chunks) is not copied
once more before it is decoded.
"""

from __future__ import annotations

import struct
import typing as t
import uuid
from types import MemberDescriptorType

from .._broken import BrokenHydrationObject
from ._structure import (
    PackStreamDecodeError,
    _new_structure,
)


__all__ = [
    "Buffer",
    "HydrationHooks",
    "unpack",
    "unpack_at",
    "unpack_message",
]


Buffer: t.TypeAlias = "bytes | bytearray | memoryview"
HydrationHooks: t.TypeAlias = t.Mapping[int, t.Callable[..., t.Any]]
_Handler: t.TypeAlias = t.Callable[
    [t.Any, int, int, "HydrationHooks | None"], "tuple[t.Any, int]"
]

_f64 = struct.Struct(">d").unpack_from
_i8 = struct.Struct(">b").unpack_from
_i16 = struct.Struct(">h").unpack_from
_i32 = struct.Struct(">i").unpack_from
_i64 = struct.Struct(">q").unpack_from
_u16 = struct.Struct(">H").unpack_from
_u32 = struct.Struct(">I").unpack_from

_BYTE = [bytes((i,)) for i in range(256)]

_MISS: t.Final = object()
# Values fully described by their marker byte; _MISS for all others.
_SIMPLE: list[t.Any] = [_MISS] * 256
for _i in range(0x80):
    _SIMPLE[_i] = _i
for _i in range(0xF0, 0x100):
    _SIMPLE[_i] = _i - 0x100
_SIMPLE[0xC0] = None
_SIMPLE[0xC2] = False
_SIMPLE[0xC3] = True
del _i

_Broken = BrokenHydrationObject

# Fixed-size numbers: the reader of the bytes after the marker, and the
# size including the marker.
_Reader: t.TypeAlias = t.Callable[[t.Any, int], tuple[t.Any, ...]]
_FIXED: list[_Reader | None] = [None] * 256
_FIXED_SIZE = [0] * 256
for _m, _read, _size in (
    (0xC1, _f64, 9),
    (0xC8, _i8, 2),
    (0xC9, _i16, 3),
    (0xCA, _i32, 5),
    (0xCB, _i64, 9),
):
    _FIXED[_m] = _read
    _FIXED_SIZE[_m] = _size
del _m, _read, _size


class _DepthError(Exception):
    pass


def _bad_marker(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    raise PackStreamDecodeError(
        f"Unknown PackStream marker {m:02X} (at offset {p - 1})"
    )


def _float(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _f64(data, p)[0], p + 8


def _int8(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _i8(data, p)[0], p + 1


def _int16(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _i16(data, p)[0], p + 2


def _int32(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _i32(data, p)[0], p + 4


def _int64(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _i64(data, p)[0], p + 8


def _sized(data: t.Any, p: int, size: int) -> int:
    end = p + size
    if end > len(data):
        raise PackStreamDecodeError(
            f"Truncated data: {size} bytes announced at offset {p}"
        )
    return end


def _bytes8(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    e = _sized(data, p + 1, data[p])
    return bytes(data[p + 1 : e]), e


def _bytes16(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    e = _sized(data, p + 2, _u16(data, p)[0])
    return bytes(data[p + 2 : e]), e


def _bytes32(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    # 64 KiB or more: copied once through a view (slicing a bytearray,
    # such as a joined multi-chunk message, would copy twice)
    e = _sized(data, p + 4, _u32(data, p)[0])
    with memoryview(data) as view:
        return view[p + 4 : e].tobytes(), e


def _tiny_str(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    e = p + (m & 0x0F)
    return data[p:e].decode(), e


def _str8(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    e = _sized(data, p + 1, data[p])
    return data[p + 1 : e].decode(), e


def _str16(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    e = _sized(data, p + 2, _u16(data, p)[0])
    return data[p + 2 : e].decode(), e


def _str32(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    # 64 KiB or more: decoded from a view, without a copy of the bytes
    e = _sized(data, p + 4, _u32(data, p)[0])
    with memoryview(data) as view:
        return str(view[p + 4 : e], "utf-8"), e


def _items(
    data: t.Any, p: int, n: int, hooks: HydrationHooks | None
) -> tuple[list[t.Any], int, bool]:
    """Decode ``n`` consecutive values; also report if any is broken.

    The frequent markers are decoded inline, the marker byte split into
    its ranges with few comparisons: tiny ints and tiny strings first,
    then the ``C0``-``FF`` range, where floats and ints of every width
    are read through one table of ``unpack_from`` functions, then tiny
    lists, maps and structures.  Only rare types go through the handler
    table.  ``data`` must be ``bytes`` or ``bytearray`` (see module doc).
    Sizes read inline are not checked against the end: a value running
    past it leaves the offset past the end, which every entry point
    reports as truncated data.
    """
    out: list[t.Any] = []
    append = out.append
    broken = False
    for _ in range(n):
        m = data[p]
        if m < 0x80:  # tiny positive int
            append(m)
            p += 1
        elif m < 0x90:  # tiny string: the low nibble is its size
            e = p + m - 0x7F
            append(data[p + 1 : e].decode())
            p = e
        elif m >= 0xC0:
            unpack = _FIXED[m]
            if unpack is not None:  # float, INT_8 .. INT_64
                append(unpack(data, p + 1)[0])
                p += _FIXED_SIZE[m]
            elif m >= 0xF0:  # tiny negative int
                append(m - 0x100)
                p += 1
            elif m == 0xC0:
                append(None)
                p += 1
            elif m == 0xD0:  # string, 8-bit size
                e = p + 2 + data[p + 1]
                append(data[p + 2 : e].decode())
                p = e
            elif m == 0xE0:  # UUID (PackStream 2): 16 bytes, as _uuid
                e = p + 17
                append(_make_uuid(_from_bytes(data[p + 1 : e], "big")))
                p = e
            else:
                v = _SIMPLE[m]
                if v is _MISS:
                    v, p = _TABLE[m](data, p + 1, m, hooks)
                    if v.__class__ is _Broken:
                        broken = True
                else:
                    p += 1
                append(v)
        elif m < 0xA0:  # tiny list
            v, p, b = _items(data, p + 1, m - 0x90, hooks)
            if b:
                broken = True
                v = _broken_container(v, v)
            append(v)
        elif m < 0xB0:  # tiny map
            v, p = _map_n(data, p + 1, m - 0xA0, hooks)
            if v.__class__ is _Broken:
                broken = True
            append(v)
        else:  # structure (as _struct, inline)
            tag = data[p + 1]
            v, p, b = _items(data, p + 2, m - 0xB0, hooks)
            if b:
                broken = True
                v = _broken_container(_new_structure(_BYTE[tag], v), v)
            elif hooks is not None and (hook := hooks.get(tag)) is not None:
                v = hook(*v)
                if v.__class__ is _Broken:
                    broken = True
            else:
                v = _new_structure(_BYTE[tag], v)
            append(v)
    return out, p, broken


def _list_n(
    data: t.Any, p: int, n: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    if n > len(data) - p:
        raise PackStreamDecodeError(
            f"Truncated data: list of {n} items at offset {p}"
        )
    out, p, broken = _items(data, p, n, hooks)
    if broken:
        return _broken_container(out, out), p
    return out, p


def _tiny_list(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    out, p, broken = _items(data, p, m & 0x0F, hooks)
    if broken:
        return _broken_container(out, out), p
    return out, p


def _list8(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _list_n(data, p + 1, data[p], hooks)


def _list16(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _list_n(data, p + 2, _u16(data, p)[0], hooks)


def _list32(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _list_n(data, p + 4, _u32(data, p)[0], hooks)


def _map_n(
    data: t.Any, p: int, n: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    if n > (len(data) - p) >> 1:
        raise PackStreamDecodeError(
            f"Truncated data: map of {n} entries at offset {p}"
        )
    out: dict[str, t.Any] = {}
    simple = _SIMPLE
    table = _TABLE
    broken = False
    for _ in range(n):
        m = data[p]
        if 0x80 <= m <= 0x8F:
            e = p + m - 0x7F
            k = data[p + 1 : e].decode()
            p = e
        elif 0xD0 <= m <= 0xD2:
            k, p = table[m](data, p + 1, m, hooks)
        else:
            raise PackStreamDecodeError(
                f"Map key at offset {p} is not a string (marker 0x{m:02X})"
            )
        m = data[p]
        if m < 0x80:
            out[k] = m
            p += 1
        elif m < 0x90:
            e = p + m - 0x7F
            out[k] = data[p + 1 : e].decode()
            p = e
        elif (unpack := _FIXED[m]) is not None:  # float, INT_8 .. INT_64
            out[k] = unpack(data, p + 1)[0]
            p += _FIXED_SIZE[m]
        elif m == 0xC0:
            out[k] = None
            p += 1
        elif m == 0xE0:  # UUID (PackStream 2): 16 bytes, as _uuid
            e = p + 17
            out[k] = _make_uuid(_from_bytes(data[p + 1 : e], "big"))
            p = e
        else:
            v = simple[m]
            if v is _MISS:
                v, p = table[m](data, p + 1, m, hooks)
                if v.__class__ is _Broken:
                    broken = True
            else:
                p += 1
            out[k] = v
    if broken:
        return _broken_container(out, out.values()), p
    return out, p


def _tiny_map(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _map_n(data, p, m & 0x0F, hooks)


def _map8(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _map_n(data, p + 1, data[p], hooks)


def _map16(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _map_n(data, p + 2, _u16(data, p)[0], hooks)


def _map32(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    return _map_n(data, p + 4, _u32(data, p)[0], hooks)


def _struct(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    tag = data[p]
    fields, p, broken = _items(data, p + 1, m & 0x0F, hooks)
    if broken:
        raw = _new_structure(_BYTE[tag], fields)
        return _broken_container(raw, fields), p
    if hooks is not None:
        hook = hooks.get(tag)
        if hook is not None:
            return hook(*fields), p
    return _new_structure(_BYTE[tag], fields), p


def _broken_container(raw: t.Any, items: t.Iterable[t.Any]) -> t.Any:
    for item in items:
        if item.__class__ is _Broken:
            return _Broken(item.error, raw)
    return raw  # pragma: no cover - only called when an item is broken


def _uuid_from_int(value: int) -> uuid.UUID:
    """The :class:`uuid.UUID` of a 128-bit integer, built directly.

    ``uuid.UUID(bytes=...)`` checks its arguments at length (about three
    times the cost); the 16 bytes of PackStream need none of it.  The
    result equals the constructor's in every slot (``int``, and
    ``is_safe`` as :attr:`uuid.SafeUUID.unknown`).
    """
    u = _new_object(_UUID)
    _set_uuid_int(u, value)
    _set_uuid_safe(u, _UUID_UNKNOWN)
    return u


def _uuid_checked(value: int) -> uuid.UUID:
    # for a Python whose UUID is not built from these two slots
    return _UUID(int=value)


_UUID = uuid.UUID
_UUID_UNKNOWN = uuid.SafeUUID.unknown
_new_object = object.__new__
_from_bytes = int.from_bytes
# ``UUID`` refuses attribute assignment; its slot descriptors do not
_int_slot = vars(_UUID).get("int")
_safe_slot = vars(_UUID).get("is_safe")
if isinstance(_int_slot, MemberDescriptorType) and isinstance(
    _safe_slot, MemberDescriptorType
):
    _set_uuid_int = _int_slot.__set__
    _set_uuid_safe = _safe_slot.__set__
    _make_uuid = _uuid_from_int
else:  # pragma: no cover - a Python whose UUID is built differently
    _make_uuid = _uuid_checked
del _int_slot, _safe_slot


def _uuid(
    data: t.Any, p: int, m: int, hooks: HydrationHooks | None
) -> tuple[t.Any, int]:
    # PackStream 2 (Bolt 6.1): marker E0, then the 16 bytes of the UUID
    # (big-endian); also inlined in _items and _map_n
    e = _sized(data, p, 16)
    return _make_uuid(_from_bytes(data[p:e], "big")), e


_TABLE: list[_Handler] = [_bad_marker] * 256
for _m in range(0x80, 0x90):
    _TABLE[_m] = _tiny_str
for _m in range(0x90, 0xA0):
    _TABLE[_m] = _tiny_list
for _m in range(0xA0, 0xB0):
    _TABLE[_m] = _tiny_map
for _m in range(0xB0, 0xC0):
    _TABLE[_m] = _struct
del _m
_TABLE[0xC1] = _float
_TABLE[0xC8] = _int8
_TABLE[0xC9] = _int16
_TABLE[0xCA] = _int32
_TABLE[0xCB] = _int64
_TABLE[0xCC] = _bytes8
_TABLE[0xCD] = _bytes16
_TABLE[0xCE] = _bytes32
_TABLE[0xD0] = _str8
_TABLE[0xD1] = _str16
_TABLE[0xD2] = _str32
_TABLE[0xD4] = _list8
_TABLE[0xD5] = _list16
_TABLE[0xD6] = _list32
_TABLE[0xD8] = _map8
_TABLE[0xD9] = _map16
_TABLE[0xDA] = _map32
_TABLE[0xE0] = _uuid

_LOW_LEVEL_ERRORS = (
    IndexError,
    struct.error,
    RecursionError,
    UnicodeDecodeError,
)


def _translate(exc: BaseException, start: int) -> PackStreamDecodeError:
    if isinstance(exc, UnicodeDecodeError):
        msg = f"Invalid UTF-8 in string: {exc.reason}"
    elif isinstance(exc, RecursionError):
        msg = "Value is nested too deeply"
    else:
        msg = f"Truncated data in value starting at offset {start}"
    return PackStreamDecodeError(msg)


def _check_end(p: int, end: int, start: int) -> None:
    if p != end:
        if p > end:
            raise PackStreamDecodeError(
                f"Truncated data: value starting at offset {start} needs "
                f"{p - start} bytes, only {end - start} available"
            )
        raise PackStreamDecodeError(
            f"{end - p} trailing byte(s) after value starting at offset "
            f"{start}"
        )


def unpack_at(
    data: Buffer,
    start: int,
    hydration_hooks: HydrationHooks | None = None,
) -> tuple[t.Any, int]:
    """Decode the single value starting at ``data[start]``.

    :param data: the buffer
    :param start: offset of the value's marker byte
    :param hydration_hooks: struct hooks keyed by the tag as int
    :returns: the value and the offset just after it (may exceed
        ``len(data)`` only if an error is raised)
    :raises PackStreamDecodeError: on malformed or truncated input
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    try:
        m = data[start]
        v = _SIMPLE[m]
        if v is not _MISS:
            return v, start + 1
        v, p = _TABLE[m](data, start + 1, m, hydration_hooks)
    except _LOW_LEVEL_ERRORS as exc:
        raise _translate(exc, start) from exc
    if p > len(data):
        _check_end(p, len(data), start)
    return v, p


def unpack(
    data: Buffer,
    hydration_hooks: HydrationHooks | None = None,
) -> t.Any:
    """Decode ``data``, which must hold exactly one PackStream value.

    :param data: the encoded value
    :param hydration_hooks: struct hooks keyed by the tag as int (e.g.
        ``0x4E``), called as ``hook(*fields)``; structures without a hook
        are returned as :class:`Structure`
    :returns: the decoded value
    :raises PackStreamDecodeError: on truncated, malformed or trailing
        bytes
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    end = len(data)
    if not end:
        raise PackStreamDecodeError("No data to decode")
    v, p = unpack_at(data, 0, hydration_hooks)
    _check_end(p, end, 0)
    return v


def unpack_message(
    data: Buffer,
    start: int,
    end: int,
    hydration_hooks: HydrationHooks | None,
) -> tuple[int, list[t.Any]]:
    """Decode one Bolt message held in ``data[start:end]`` (no copy).

    :param data: the buffer (typically a dechunked message or a receive
        buffer whose chunk holds the whole message)
    :param start: offset of the structure marker
    :param end: offset just past the message
    :param hydration_hooks: struct hooks for nested structures
    :returns: ``(tag, fields)`` with the tag as int (e.g. ``0x71``)
    :raises PackStreamDecodeError: if the bytes are not exactly one
        structure
    """
    if isinstance(data, memoryview):
        return unpack_message(
            data[start:end].tobytes(), 0, end - start, hydration_hooks
        )
    try:
        m = data[start]
        if not 0xB0 <= m <= 0xBF or end - start < 2:
            if end <= start:
                raise PackStreamDecodeError("Empty message")
            raise PackStreamDecodeError(
                f"Expected structure, found marker {m:02X}"
            )
        tag = data[start + 1]
        if tag == 0x71 and m == 0xB1:
            # RECORD: one list of field values.  Broken markers stay per
            # field (the record reports them on access).
            lm = data[start + 2]
            p = start + 3
            if 0x90 <= lm <= 0x9F:
                n = lm & 0x0F
                if end - p == n:
                    # every field is a single byte
                    simple = _SIMPLE
                    fields = [simple[b] for b in data[p:end]]
                    if _MISS not in fields:
                        return 0x71, [fields]
            elif lm == 0xD4:
                n = data[p]
                p += 1
            elif lm == 0xD5:
                n = _u16(data, p)[0]
                p += 2
            elif lm == 0xD6:
                n = _u32(data, p)[0]
                p += 4
            else:
                raise PackStreamDecodeError(
                    f"RECORD must hold a list, found marker 0x{lm:02X}"
                )
            if n > end - p:
                raise PackStreamDecodeError(
                    f"Truncated data: RECORD of {n} fields at offset {p}"
                )
            row, p, _ = _items(data, p, n, hydration_hooks)
            fields = [row]
        else:
            fields, p, _ = _items(data, start + 2, m & 0x0F, hydration_hooks)
    except _LOW_LEVEL_ERRORS as exc:
        raise _translate(exc, start) from exc
    if p != end:
        _check_end(p, end, start)
    return tag, fields
