"""PackStream encoder: Python values -> bytes appended to a bytearray.

Dispatch is on the exact type (``type(value)``): ``str``, ``int`` and
``float`` are tested inline, the other core types through the ``_EXACT``
table, and only what remains asks the dehydration hooks (one transformer
round, then the transformer's result is encoded).  An object whose
``__class__`` claims another class than its type (a proxy) is encoded
as the claimed class is.

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

import io
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

# Headers of short strings and maps, by size (one operation less than
# ``_BYTE[0x80 | size]``).
_TINY_STR = _BYTE[0x80:0x90]
_TINY_MAP = _BYTE[0xA0:0xB0]

_NO_HOOKS = DehydrationHooks()

# Where encodings go: ``extend`` of the caller's bytearray, or, for long
# lists, ``write`` of a local :class:`io.BytesIO`, copied over at the end
# (~17 ns a call instead of ~23 ns for ``extend`` or ``+=``: 5-8% on long
# lists; the BytesIO costs as much as ~50 calls save, so lists of plain
# values use one from _LONG_LIST items on, lists of maps (several calls
# per item) from 16).
_Write: t.TypeAlias = t.Callable[[bytes | bytearray | memoryview], object]
_LONG_LIST: t.Final = 0x100


def _discard() -> _Write:
    """A writer whose output nobody reads (trial encodings)."""
    return io.BytesIO().write


# Encoded map keys: parameter maps repeat the same few keys many times.
# Bounded (cleared when full); long keys are not cached.
_KEY_CACHE: dict[str, bytes] = {}
_KEY_CACHE_SIZE: t.Final = 1024
_KEY_CACHE_MAX_LEN: t.Final = 64


def _int64(w: _Write, value: int) -> None:
    # the tail of _int: what the inlined copies leave after 32 bits
    if _INT64_MIN <= value <= _INT64_MAX:
        w(_I64(0xCB, value))
    else:
        _int(w, value)


def _int(w: _Write, value: int) -> None:
    if -0x10 <= value < 0x80:
        w(_BYTE[value & 0xFF])
    elif -0x80 <= value < 0x80:
        w(_H8(0xC8, value & 0xFF))
    elif -0x8000 <= value < 0x8000:
        w(_I16(0xC9, value))
    elif -0x80000000 <= value < 0x80000000:
        w(_I32(0xCA, value))
    elif _INT64_MIN <= value <= _INT64_MAX:
        w(_I64(0xCB, value))
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


def _header(w: _Write, size: int, tiny: int, m8: int) -> None:
    # tiny: high nibble marker for sizes < 16 (or -1 if none exists);
    # m8: the 8-bit-size marker; 16 and 32-bit markers follow it.
    if size < 0x10 and tiny >= 0:
        w(_BYTE[tiny | size])
    elif size < 0x100:
        w(_H8(m8, size))
    elif size < 0x10000:
        w(_H16(m8 + 1, size))
    elif size <= _SIZE_MAX:
        w(_H32(m8 + 2, size))
    else:
        raise OverflowError(f"PackStream size {size} exceeds 2**32-1")


# Speed note: the str / int / float branches of _str and _int are
# repeated inline in _encode, _list, _dict and _rows on purpose.  Those
# run once per encoded value, and a call per value costs measurably
# (calling _str from _dict alone: ~4% fewer rows/s on
# ``benchmarks/packstream_decode.py --shape unwind --cpu-time``).  The
# copies in _list, _dict and _rows also inline the 8 to 32-bit tiers of
# _int (ids and counters are rarely tiny) and leave the 64-bit tier and
# the range error to _int64.  Keep the copies alike when changing any.
def _str(w: _Write, value: str) -> None:
    data = value.encode()
    size = len(data)
    if size < 0x10:
        w(_TINY_STR[size])
    else:
        _header(w, size, 0x80, 0xD0)
    w(data)


def _bytes(w: _Write, value: bytes | bytearray | memoryview) -> None:
    if isinstance(value, memoryview):
        value = value.tobytes()
    _header(w, len(value), -1, 0xCC)
    w(value)


def _encode(w: _Write, value: t.Any, hooks: DehydrationHooks) -> None:
    cls = type(value)
    if cls is str:  # inlined _str / _int (see the speed note above)
        data = value.encode()
        size = len(data)
        if size < 0x10:
            w(_TINY_STR[size])
        else:
            _header(w, size, 0x80, 0xD0)
        w(data)
    elif cls is int:
        if -0x10 <= value < 0x80:
            w(_BYTE[value & 0xFF])
        else:
            _int(w, value)
    elif cls is float:
        w(_FLOAT(0xC1, value))
    else:
        encoder = _EXACT.get(cls)
        if encoder is not None:
            encoder(w, value, hooks)
        else:
            _encode_other(w, value, hooks)


def _none(w: _Write, value: None, hooks: DehydrationHooks) -> None:
    w(b"\xc0")


def _bool(w: _Write, value: bool, hooks: DehydrationHooks) -> None:
    w(b"\xc3" if value else b"\xc2")


def _raw_bytes(
    w: _Write, value: bytes | bytearray, hooks: DehydrationHooks
) -> None:
    _bytes(w, value)


def _uuid(w: _Write, value: uuid.UUID, hooks: DehydrationHooks) -> None:
    # the fast path of native_uuid (see the module docstring); anything
    # else the hooks say about UUIDs (e.g. a refusal) is asked as usual
    if hooks.exact_types.get(_UUID) is native_uuid:
        w((value.int | _UUID_TOP).to_bytes(17, "big"))
    else:
        _encode_other(w, value, hooks)


def _structure(w: _Write, value: Structure, hooks: DehydrationHooks) -> None:
    _struct(w, value.tag, value.fields, hooks)


def _preencoded(w: _Write, value: Preencoded, hooks: DehydrationHooks) -> None:
    w(value.data)


def _list(
    w: _Write, value: t.Sequence[t.Any], hooks: DehydrationHooks
) -> None:
    size = len(value)
    out = None
    if size < 0x10:
        w(_BYTE[0x90 | size])
    else:
        _header(w, size, 0x90, 0xD4)
        if type(value) is list and type(value[0]) is dict:
            _rows(w, value, hooks)
            return
        if size >= _LONG_LIST:  # into a local BytesIO (see _Write)
            sink = w
            out = io.BytesIO()
            w = out.write
    for item in value:
        # inlined common item types: one call less per item (see the speed
        # note at _str)
        cls = item.__class__
        if cls is dict:
            _dict(w, item, hooks)
        elif cls is str:
            data = item.encode()
            size = len(data)
            if size < 0x10:
                w(_TINY_STR[size])
            else:
                _header(w, size, 0x80, 0xD0)
            w(data)
        elif cls is int:
            if -0x10 <= item < 0x80:
                w(_BYTE[item & 0xFF])
            elif -0x8000 <= item < 0x8000:
                if -0x80 <= item < 0:
                    w(_H8(0xC8, item & 0xFF))
                else:
                    w(_I16(0xC9, item))
            elif -0x80000000 <= item < 0x80000000:
                w(_I32(0xCA, item))
            else:
                _int64(w, item)
        elif cls is float:
            w(_FLOAT(0xC1, item))
        elif cls is _UUID and hooks.exact_types.get(_UUID) is native_uuid:
            w((item.int | _UUID_TOP).to_bytes(17, "big"))
        else:
            # the tail of _encode (its str / int / float tests failed)
            encoder = _EXACT.get(cls)
            if encoder is not None:
                encoder(w, item, hooks)
            else:
                _encode_other(w, item, hooks)
    if out is not None:
        sink(out.getbuffer())


def _key(key: t.Any) -> bytes:
    """Encoding of a map key (cached for plain ``str`` keys)."""
    if key.__class__ is not str and not isinstance(key, str):
        raise TypeError(
            f"Map keys must be strings, got key {key!r} of type "
            f"{type(key).__name__}"
        )
    out = io.BytesIO()
    _str(out.write, key)
    encoded = out.getvalue()
    if type(key) is str and len(encoded) <= _KEY_CACHE_MAX_LEN:
        if len(_KEY_CACHE) >= _KEY_CACHE_SIZE:
            _KEY_CACHE.clear()
        _KEY_CACHE[key] = encoded
    return encoded


def _dict(
    w: _Write, value: t.Mapping[t.Any, t.Any], hooks: DehydrationHooks
) -> None:
    size = len(value)
    if size < 0x10:
        w(_TINY_MAP[size])
    else:
        _header(w, size, 0xA0, 0xD8)
    keys = _KEY_CACHE
    for key, item in value.items():
        # only exact ``str`` keys are cached, so that no object merely
        # equal to a cached key can hit
        if type(key) is str:
            try:
                w(keys[key])
            except KeyError:
                w(_key(key))
        else:
            w(_key(key))
        # inlined common value types: one call less per entry (see the
        # speed note at _str); ``type()`` rather than ``.__class__``, which
        # is slower where the types vary
        cls = type(item)
        if cls is str:
            data = item.encode()
            size = len(data)
            if size < 0x10:
                w(_TINY_STR[size])
            else:
                _header(w, size, 0x80, 0xD0)
            w(data)
        elif cls is int:
            if -0x10 <= item < 0x80:
                w(_BYTE[item & 0xFF])
            elif -0x8000 <= item < 0x8000:
                if -0x80 <= item < 0:
                    w(_H8(0xC8, item & 0xFF))
                else:
                    w(_I16(0xC9, item))
            elif -0x80000000 <= item < 0x80000000:
                w(_I32(0xCA, item))
            else:
                _int64(w, item)
        elif cls is float:
            w(_FLOAT(0xC1, item))
        elif cls is bool:
            w(b"\xc3" if item else b"\xc2")
        elif item is None:
            w(b"\xc0")
        elif cls is list:
            _list(w, item, hooks)
        elif cls is dict:
            _dict(w, item, hooks)
        elif cls is _UUID and hooks.exact_types.get(_UUID) is native_uuid:
            w((item.int | _UUID_TOP).to_bytes(17, "big"))
        else:
            encoder = _EXACT.get(cls)
            if encoder is not None:
                encoder(w, item, hooks)
            else:
                _encode_other(w, item, hooks)


def _rows(sink: _Write, value: list[t.Any], hooks: DehydrationHooks) -> None:
    """The items of a long list of maps (an UNWIND batch, say): _list's
    loop with the body of _dict inlined (keep both alike).

    A call per row costs ~5% on ``unwind_sync``; inlining it in _list
    itself would slow down every other list (a bigger loop runs slower).
    Written into a local BytesIO, as _list does with long lists.
    """
    out = io.BytesIO()
    w = out.write
    keys = _KEY_CACHE
    for row in value:
        if type(row) is not dict:
            _encode(w, row, hooks)
            continue
        size = len(row)
        if size < 0x10:
            w(_TINY_MAP[size])
        else:
            _header(w, size, 0xA0, 0xD8)
        for key, item in row.items():
            if type(key) is str:
                try:
                    w(keys[key])
                except KeyError:
                    w(_key(key))
            else:
                w(_key(key))
            cls = type(item)
            if cls is str:
                data = item.encode()
                size = len(data)
                if size < 0x10:
                    w(_TINY_STR[size])
                else:
                    _header(w, size, 0x80, 0xD0)
                w(data)
            elif cls is int:
                if -0x10 <= item < 0x80:
                    w(_BYTE[item & 0xFF])
                elif -0x8000 <= item < 0x8000:
                    if -0x80 <= item < 0:
                        w(_H8(0xC8, item & 0xFF))
                    else:
                        w(_I16(0xC9, item))
                elif -0x80000000 <= item < 0x80000000:
                    w(_I32(0xCA, item))
                else:
                    _int64(w, item)
            elif cls is float:
                w(_FLOAT(0xC1, item))
            elif cls is bool:
                w(b"\xc3" if item else b"\xc2")
            elif item is None:
                w(b"\xc0")
            elif cls is list:
                _list(w, item, hooks)
            elif cls is dict:
                _dict(w, item, hooks)
            elif cls is _UUID and hooks.exact_types.get(_UUID) is native_uuid:
                w((item.int | _UUID_TOP).to_bytes(17, "big"))
            else:
                encoder = _EXACT.get(cls)
                if encoder is not None:
                    encoder(w, item, hooks)
                else:
                    _encode_other(w, item, hooks)
    sink(out.getbuffer())


def _struct(
    w: _Write,
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
    w(_BYTE[0xB0 | size])
    w(tag)
    for field in fields:
        _encode(w, field, hooks)


def _encode_other(w: _Write, value: t.Any, hooks: DehydrationHooks) -> None:
    claimed = value.__class__
    if claimed is not type(value):
        # a proxy (``__class__`` claims a core type): encoded through the
        # claimed class's encoder, as by a dispatch on ``__class__``
        if claimed is str:
            _str(w, value)
            return
        if claimed is int:
            _int(w, value)
            return
        if claimed is float:
            w(_FLOAT(0xC1, value))
            return
        encoder = _EXACT.get(claimed)
        if encoder is not None:
            encoder(w, value, hooks)
            return
    # 1. dehydration hooks (numpy, pandas, temporal, spatial, ...)
    transformer = hooks.get_transformer(claimed)
    if transformer is not None:
        _encode(w, transformer(value), hooks)
    # 2. subclasses of the core types
    elif isinstance(value, bool):  # pragma: no cover - bool is final
        w(b"\xc3" if value else b"\xc2")
    elif isinstance(value, int):
        _int(w, int(value))
    elif isinstance(value, float):
        w(_FLOAT(0xC1, value))
    elif isinstance(value, str):
        # the string's own text: ``str()`` would call an overridden
        # ``__str__`` (e.g. ``class Color(str, Enum)`` gives "Color.RED")
        _str(w, str.__str__(value))
    elif isinstance(value, (bytes, bytearray)):
        _bytes(w, bytes(value))
    elif isinstance(value, (list, tuple)):
        _list(w, value, hooks)
    elif isinstance(value, dict):
        _dict(w, value, hooks)
    elif isinstance(value, Structure):
        _struct(w, value.tag, value.fields, hooks)
    else:
        # the official wording (users match it), plus where it sits
        raise UnsupportedTypeError(
            f"Values of type {type(value)} are not supported"
        )


_Encoder = t.Callable[[_Write, t.Any, DehydrationHooks], None]

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
            _encode(_discard(), value, hooks)
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
        _encode(_discard(), value, hooks)
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
        _encode(buffer.extend, value, hooks)
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
        _struct(buffer.extend, tag, fields, hooks)
    except RecursionError:
        del buffer[start:]
        raise ValueError("structure is nested too deeply to encode") from None
    except Exception as exc:
        del buffer[start:]
        if len(fields) <= 0x0F:
            for i, field in enumerate(fields):
                try:
                    _encode(_discard(), field, hooks)
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
