"""PackStream encoder: Python values -> bytes appended to a bytearray.

Dispatch is on the exact class: ``str``, ``int`` and ``float`` are tested
inline, the other core types through the ``_EXACT`` table, and only
what remains asks the dehydration hooks (one transformer round, then the
transformer's result is encoded).

UUIDs (PackStream 2, Bolt 6.1) are a core type of the protocol version
rather than of the encoder: the hooks decide whether they may be sent.
A connection that allows them installs :func:`native_uuid` as the
transformer for :class:`uuid.UUID`; the encoder recognises exactly that
transformer and writes marker ``E0`` and the 16 bytes itself, with no
transformer call and no intermediate :class:`Preencoded`.  Any other
transformer (such as the refusal on older protocol versions) is called
as usual, so the hooks stay the single source of truth.
"""

from __future__ import annotations

import struct
import typing as t
import uuid
from collections.abc import Sequence

from ._structure import (
    DehydrationHooks,
    Preencoded,
    Structure,
)


__all__ = [
    "UnsupportedTypeError",
    "native_uuid",
    "pack",
    "pack_struct",
]


class UnsupportedTypeError(TypeError, ValueError):
    """A value of a type PackStream (and the active hooks) cannot encode.

    It is a :class:`TypeError`; it also derives from :class:`ValueError`
    so code written against the official driver (which raises
    ``ValueError`` here) keeps working.
    """


_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_SIZE_MAX = 2**32 - 1

# Pre-encoded single bytes: tiny ints (value % 256) and tiny headers.
_BYTE = [bytes((i,)) for i in range(256)]
_I16 = struct.Struct(">Bh").pack
_I32 = struct.Struct(">Bi").pack
_I64 = struct.Struct(">Bq").pack
_H8 = struct.Struct(">BB").pack
_H16 = struct.Struct(">BH").pack
_H32 = struct.Struct(">BI").pack

_FLOAT = struct.Struct(">Bd").pack

_NO_HOOKS = DehydrationHooks()

# Encoded map keys: parameter maps repeat the same few keys many times.
# Bounded (cleared when full); long keys are not cached.
_KEY_CACHE: dict[str, bytes] = {}
_KEY_CACHE_SIZE: t.Final = 1024
_KEY_CACHE_MAX_LEN: t.Final = 64


def _int(buf: bytearray, value: int) -> None:
    if -0x10 <= value < 0x80:
        buf += _BYTE[value & 0xFF]
    elif -0x80 <= value < 0x80:
        buf += _H8(0xC8, value & 0xFF)
    elif -0x8000 <= value < 0x8000:
        buf += _I16(0xC9, value)
    elif -0x80000000 <= value < 0x80000000:
        buf += _I32(0xCA, value)
    elif _INT64_MIN <= value <= _INT64_MAX:
        buf += _I64(0xCB, value)
    else:
        raise OverflowError(
            f"Integer {value} is outside the PackStream range "
            f"[-2**63, 2**63-1]"
        )


_UUID = uuid.UUID
# marker E0 above the 128 bits: ``(u.int | _UUID_TOP).to_bytes(17, "big")``
# is the whole encoding in one step (faster than marker + ``u.bytes``)
_UUID_TOP: t.Final = 0xE0 << 128


def native_uuid(value: uuid.UUID) -> Preencoded:
    """Dehydration transformer sending UUIDs natively (PackStream 2).

    The encoding is marker ``E0`` followed by the 16 bytes of the UUID,
    big-endian (:attr:`uuid.UUID.bytes`).  Install it for
    :class:`uuid.UUID` on connections of Bolt 6.1 or newer; the encoder
    then writes exact :class:`uuid.UUID` values without calling it
    (subclasses go through it).

    :param value: the UUID
    :returns: its complete encoding
    """
    return Preencoded((value.int | _UUID_TOP).to_bytes(17, "big"))


def _header(buf: bytearray, size: int, tiny: int, m8: int) -> None:
    # tiny: high nibble marker for sizes < 16 (or -1 if none exists);
    # m8: the 8-bit-size marker; 16 and 32-bit markers follow it.
    if size < 0x10 and tiny >= 0:
        buf += _BYTE[tiny | size]
    elif size < 0x100:
        buf += _H8(m8, size)
    elif size < 0x10000:
        buf += _H16(m8 + 1, size)
    elif size <= _SIZE_MAX:
        buf += _H32(m8 + 2, size)
    else:
        raise OverflowError(f"PackStream size {size} exceeds 2**32-1")


# Speed note: the str / small-int / float branches of _str and _int are
# repeated inline in _encode, _list and _dict on purpose.  Those three
# run once per encoded value, and a call per value costs measurably
# (calling _str from _dict alone: ~4% fewer rows/s on
# ``benchmarks/packstream_decode.py --shape unwind --cpu-time``).  Keep
# the copies identical to _str / _int when changing either.
def _str(buf: bytearray, value: str) -> None:
    data = value.encode()
    size = len(data)
    if size < 0x10:
        buf += _BYTE[0x80 | size]
    else:
        _header(buf, size, 0x80, 0xD0)
    buf += data


def _bytes(buf: bytearray, value: bytes | bytearray | memoryview) -> None:
    if isinstance(value, memoryview):
        value = value.tobytes()
    _header(buf, len(value), -1, 0xCC)
    buf += value


def _encode(buf: bytearray, value: t.Any, hooks: DehydrationHooks) -> None:
    cls = value.__class__
    if cls is str:  # inlined _str / _int (see the speed note above)
        data = value.encode()
        size = len(data)
        if size < 0x10:
            buf += _BYTE[0x80 | size]
        else:
            _header(buf, size, 0x80, 0xD0)
        buf += data
    elif cls is int:
        if -0x10 <= value < 0x80:
            buf += _BYTE[value & 0xFF]
        else:
            _int(buf, value)
    elif cls is float:
        buf += _FLOAT(0xC1, value)
    else:
        encoder = _EXACT.get(cls)
        if encoder is not None:
            encoder(buf, value, hooks)
        else:
            _encode_other(buf, value, hooks)


def _none(buf: bytearray, value: None, hooks: DehydrationHooks) -> None:
    buf += b"\xc0"


def _bool(buf: bytearray, value: bool, hooks: DehydrationHooks) -> None:
    buf += b"\xc3" if value else b"\xc2"


def _raw_bytes(
    buf: bytearray, value: bytes | bytearray, hooks: DehydrationHooks
) -> None:
    _bytes(buf, value)


def _uuid(buf: bytearray, value: uuid.UUID, hooks: DehydrationHooks) -> None:
    # the fast path of native_uuid (see the module docstring); anything
    # else the hooks say about UUIDs (e.g. a refusal) is asked as usual
    if hooks.exact_types.get(_UUID) is native_uuid:
        buf += (value.int | _UUID_TOP).to_bytes(17, "big")
    else:
        _encode_other(buf, value, hooks)


def _structure(
    buf: bytearray, value: Structure, hooks: DehydrationHooks
) -> None:
    _struct(buf, value.tag, value.fields, hooks)


def _preencoded(
    buf: bytearray, value: Preencoded, hooks: DehydrationHooks
) -> None:
    buf += value.data


def _list(
    buf: bytearray, value: t.Sequence[t.Any], hooks: DehydrationHooks
) -> None:
    size = len(value)
    if size < 0x10:
        buf += _BYTE[0x90 | size]
    else:
        _header(buf, size, 0x90, 0xD4)
    for item in value:
        # inlined common item types: one call less per item (see the speed
        # note at _str)
        cls = item.__class__
        if cls is dict:
            _dict(buf, item, hooks)
        elif cls is str:
            data = item.encode()
            size = len(data)
            if size < 0x10:
                buf += _BYTE[0x80 | size]
            else:
                _header(buf, size, 0x80, 0xD0)
            buf += data
        elif cls is int:
            if -0x10 <= item < 0x80:
                buf += _BYTE[item & 0xFF]
            else:
                _int(buf, item)
        elif cls is float:
            buf += _FLOAT(0xC1, item)
        elif cls is _UUID and hooks.exact_types.get(_UUID) is native_uuid:
            buf += (item.int | _UUID_TOP).to_bytes(17, "big")
        else:
            _encode(buf, item, hooks)


def _key(key: t.Any) -> bytes:
    """Encoding of a map key (cached for plain ``str`` keys)."""
    if key.__class__ is not str and not isinstance(key, str):
        raise TypeError(
            f"Map keys must be strings, got key {key!r} of type "
            f"{type(key).__name__}"
        )
    out = bytearray()
    _str(out, key)
    encoded = bytes(out)
    if key.__class__ is str and len(encoded) <= _KEY_CACHE_MAX_LEN:
        if len(_KEY_CACHE) >= _KEY_CACHE_SIZE:
            _KEY_CACHE.clear()
        _KEY_CACHE[key] = encoded
    return encoded


def _dict(
    buf: bytearray, value: t.Mapping[t.Any, t.Any], hooks: DehydrationHooks
) -> None:
    size = len(value)
    if size < 0x10:
        buf += _BYTE[0xA0 | size]
    else:
        _header(buf, size, 0xA0, 0xD8)
    keys = _KEY_CACHE
    for key, item in value.items():
        encoded = keys.get(key) if key.__class__ is str else None
        buf += _key(key) if encoded is None else encoded
        # inlined common value types: one call less per entry (see the
        # speed note at _str)
        cls = item.__class__
        if cls is str:
            data = item.encode()
            size = len(data)
            if size < 0x10:
                buf += _BYTE[0x80 | size]
            else:
                _header(buf, size, 0x80, 0xD0)
            buf += data
        elif cls is int:
            if -0x10 <= item < 0x80:
                buf += _BYTE[item & 0xFF]
            else:
                _int(buf, item)
        elif cls is float:
            buf += _FLOAT(0xC1, item)
        elif cls is bool:
            buf += b"\xc3" if item else b"\xc2"
        elif item is None:
            buf += b"\xc0"
        elif cls is list:
            _list(buf, item, hooks)
        elif cls is dict:
            _dict(buf, item, hooks)
        elif cls is _UUID and hooks.exact_types.get(_UUID) is native_uuid:
            buf += (item.int | _UUID_TOP).to_bytes(17, "big")
        else:
            _encode(buf, item, hooks)


def _struct(
    buf: bytearray,
    tag: bytes,
    fields: Sequence[t.Any],
    hooks: DehydrationHooks,
) -> None:
    if not isinstance(tag, bytes) or len(tag) != 1:
        raise ValueError(
            f"Structure tag must be exactly one byte, got {tag!r}"
        )
    size = len(fields)
    if size > 0x0F:
        raise OverflowError(
            f"Structure has {size} fields; PackStream allows at most 15"
        )
    buf += _BYTE[0xB0 | size]
    buf += tag
    for field in fields:
        _encode(buf, field, hooks)


def _encode_other(
    buf: bytearray, value: t.Any, hooks: DehydrationHooks
) -> None:
    # 1. dehydration hooks (numpy, pandas, temporal, spatial, ...)
    transformer = hooks.get_transformer(value.__class__)
    if transformer is not None:
        _encode(buf, transformer(value), hooks)
    # 2. subclasses of the core types
    elif isinstance(value, bool):  # pragma: no cover - bool is final
        buf += b"\xc3" if value else b"\xc2"
    elif isinstance(value, int):
        _int(buf, int(value))
    elif isinstance(value, float):
        buf += _FLOAT(0xC1, value)
    elif isinstance(value, str):
        # the string's own text: ``str()`` would call an overridden
        # ``__str__`` (e.g. ``class Color(str, Enum)`` gives "Color.RED")
        _str(buf, str.__str__(value))
    elif isinstance(value, (bytes, bytearray)):
        _bytes(buf, bytes(value))
    elif isinstance(value, (list, tuple)):
        _list(buf, value, hooks)
    elif isinstance(value, dict):
        _dict(buf, value, hooks)
    elif isinstance(value, Structure):
        _struct(buf, value.tag, value.fields, hooks)
    else:
        # the official wording (users match it), plus where it sits
        raise UnsupportedTypeError(
            f"Values of type {type(value)} are not supported"
        )


_Encoder = t.Callable[[bytearray, t.Any, DehydrationHooks], None]

# Exact types handled without hooks (``str``/``int``/``float`` are tested
# inline first in :func:`_encode`).
_EXACT: dict[type, _Encoder] = {
    type(None): _none,
    bool: _bool,
    dict: _dict,
    list: _list,
    tuple: _list,
    bytes: _raw_bytes,
    bytearray: _raw_bytes,
    memoryview: _raw_bytes,
    Structure: _structure,
    Preencoded: _preencoded,
    _UUID: _uuid,
}


# --- error location (only runs after a failure) -------------------------

_CONTAINER_ERRORS = (UnsupportedTypeError, TypeError, OverflowError)


def _children(
    value: t.Any, hooks: DehydrationHooks
) -> t.Iterable[tuple[str, t.Any]] | None:
    cls = value.__class__
    if cls in (str, int, float, bool, bytes, bytearray, memoryview) or (
        value is None
    ):
        return None
    if cls is Structure or isinstance(value, Structure):
        return ((f".fields[{i}]", v) for i, v in enumerate(value.fields))
    if cls not in (list, tuple, dict):
        transformer = hooks.get_transformer(cls)
        if transformer is not None:
            # A failure inside the transformer is reported at this spot.
            try:
                value = transformer(value)
            except Exception:
                return None
            return _children(value, hooks)
    if isinstance(value, dict):
        return _dict_children(value)
    if isinstance(value, (list, tuple)):
        return ((f"[{i}]", v) for i, v in enumerate(value))
    return None


class _BadKey:
    __slots__ = ("key",)

    def __init__(self, key: object) -> None:
        self.key = key


def _dict_children(
    value: t.Mapping[t.Any, t.Any],
) -> t.Iterator[tuple[str, t.Any]]:
    for key, item in value.items():
        if not isinstance(key, str):
            yield "", _BadKey(key)
            return
        yield f"[{key!r}]", item


def _locate(value: t.Any, hooks: DehydrationHooks) -> str | None:
    """Path (e.g. ``['a'][3]``) of the first value that fails to encode."""
    if isinstance(value, _BadKey):
        return ""
    children = _children(value, hooks)
    if children is None:
        try:
            _encode(bytearray(), value, hooks)
        except Exception:
            return ""
        return None
    for segment, child in children:
        sub = _locate(child, hooks)
        if sub is not None:
            return segment + sub
    # Every child encodes: either the container itself fails (e.g. too
    # large, or a failing hook) or the culprit is elsewhere.
    try:
        _encode(bytearray(), value, hooks)
    except Exception:
        return ""
    return None


def _annotate(
    exc: Exception, value: t.Any, hooks: DehydrationHooks, name: str
) -> Exception | None:
    if type(exc) not in (UnsupportedTypeError, TypeError, OverflowError):
        return None
    try:
        path = _locate(value, hooks)
    except RecursionError:  # pragma: no cover - pathological nesting
        path = None
    where = name + (path or "")
    new = type(exc)(f"{exc} (at {where})")
    new.__cause__ = exc.__cause__
    return new


def pack(
    buffer: bytearray,
    value: t.Any,
    dehydration_hooks: DehydrationHooks | None = None,
    *,
    name: str = "value",
) -> None:
    """Append the PackStream encoding of ``value`` to ``buffer``.

    On any error the buffer is truncated back to its original length.

    :param buffer: the output buffer
    :param value: the value to encode
    :param dehydration_hooks: rules for non-core types
    :param name: how the value is called in error messages
        (e.g. ``"parameters"``)
    :raises UnsupportedTypeError: (a :class:`TypeError`) for a value of an
        unsupported type, naming the type and its path
    :raises TypeError: for a non-string map key, naming the key and path
    :raises OverflowError: for integers outside the signed 64-bit range
    """
    start = len(buffer)
    hooks = _NO_HOOKS if dehydration_hooks is None else dehydration_hooks
    try:
        _encode(buffer, value, hooks)
    except RecursionError:
        del buffer[start:]
        raise ValueError(f"{name} is nested too deeply to encode") from None
    except Exception as exc:
        del buffer[start:]
        new = _annotate(exc, value, hooks, name)
        if new is None:
            raise
        raise new from None
    except BaseException:
        del buffer[start:]
        raise


def pack_struct(
    buffer: bytearray,
    tag: bytes,
    fields: Sequence[t.Any],
    dehydration_hooks: DehydrationHooks | None = None,
    *,
    field_names: Sequence[str] | None = None,
) -> None:
    """Append a structure (e.g. a Bolt message) to ``buffer``.

    On any error the buffer is truncated back to its original length.

    :param buffer: the output buffer
    :param tag: the one-byte structure tag
    :param fields: at most 15 field values
    :param dehydration_hooks: rules for non-core types
    :param field_names: names used for the fields in error messages
        (e.g. ``("query", "parameters", "extra")``)
    :raises ValueError: if ``tag`` is not exactly one byte
    :raises OverflowError: for more than 15 fields
    """
    start = len(buffer)
    hooks = _NO_HOOKS if dehydration_hooks is None else dehydration_hooks
    try:
        _struct(buffer, tag, fields, hooks)
    except RecursionError:
        del buffer[start:]
        raise ValueError("structure is nested too deeply to encode") from None
    except Exception as exc:
        del buffer[start:]
        if len(fields) <= 0x0F:
            for i, field in enumerate(fields):
                try:
                    _encode(bytearray(), field, hooks)
                except Exception:
                    if field_names is not None and i < len(field_names):
                        name = field_names[i]
                    else:
                        name = f"field {i}"
                    new = _annotate(exc, field, hooks, name)
                    if new is not None:
                        raise new from None
                    break
        raise
    except BaseException:
        del buffer[start:]
        raise
