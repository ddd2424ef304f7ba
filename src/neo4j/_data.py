"""
Result rows: :class:`Record`, plus the helpers to build them quickly.

Storage layout
--------------
A record is a plain tuple of its values.  The field names are not stored
per record: they live on a small subclass of :class:`Record` that is
created once per distinct key tuple (and cached).  Building a record is
therefore a single C-level tuple construction plus one length check; see
:func:`record_factory`.

That per-keys subclass uses a metaclass whose ``__call__`` is
``type.__call__`` again, so calling the class with a list of values goes
straight to ``tuple.__new__`` without running any Python code.  The
public ``Record(iterable_of_pairs)`` constructor is implemented by the
metaclass of :class:`Record` itself.
"""

from __future__ import annotations

import typing as t
from abc import ABCMeta
from collections.abc import (
    Mapping,
    Sequence,
    Set,
)
from functools import reduce
from operator import xor

from ._exceptions import BoltProtocolError
from .graph import (
    Node,
    Path,
    Relationship,
)
from .spatial import Point


if t.TYPE_CHECKING:
    from typing_extensions import Self

    from .exceptions import BrokenRecordError


__all__ = [
    "BrokenValue",
    "Record",
    "RecordLengthError",
    "record_factory",
]


_K: t.TypeAlias = int | str


class RecordLengthError(BoltProtocolError, ValueError):
    """
    A record has another number of values than its result has keys.

    The server broke the protocol (or the driver mixed up two results):
    the connection the record came on can no longer be trusted.  Also a
    :class:`ValueError`, the type (and wording) the official driver
    raises when it builds such a record.

    :param keys: the keys of the result
    :param values: the values of the record
    :param address: the server the record came from, if known
    """

    def __init__(
        self,
        keys: t.Collection[t.Any],
        values: t.Collection[t.Any],
        address: t.Any = None,
    ) -> None:
        super().__init__(
            f"keys and values have different length (keys={list(keys)!r}, "
            f"values={list(values)!r}); this is either a bug in the driver "
            "or a protocol violation by the server",
            address,
        )


def _length_checked(
    cls: type[Record], keys: tuple[t.Any, ...]
) -> t.Callable[[list[t.Any]], Record]:
    """The record builder of :func:`record_factory` for ``cls``.

    One ``len`` comparison per record on top of the C-level tuple
    construction (default arguments: local-variable speed).
    """
    width = len(keys)

    def build(
        values: list[t.Any],
        _cls: type[Record] = cls,
        _width: int = width,
        _len: t.Callable[[t.Any], int] = len,
    ) -> Record:
        if _len(values) != _width:
            raise RecordLengthError(keys, values)
        return _cls(values)

    # what the decoder may call instead when the width is right (see
    # ``unpack_chunked``): no Python frame per record
    build.row_type = cls  # type: ignore[attr-defined]
    build.row_width = width  # type: ignore[attr-defined]
    return build


class BrokenValue:
    """
    Stand-in for a field value that could not be decoded.

    The codec stores one of these in a record when turning a received
    structure into a Python value failed (for example a date-time with a
    time zone id unknown to the driver).  Reading that field from the
    :class:`Record` raises :exc:`neo4j.exceptions.BrokenRecordError`
    whose ``__cause__`` is :attr:`error`; other fields stay readable.

    :param error: the exception raised while decoding
    :param raw_data: the undecoded data (for debugging)
    """

    __slots__ = ("error", "raw_data")

    def __init__(self, error: BaseException, raw_data: t.Any = None) -> None:
        self.error = error
        self.raw_data = raw_data

    def __repr__(self) -> str:
        return f"<BrokenValue error={self.error!r}>"

    def __reduce__(self) -> tuple[type[BrokenValue], tuple[t.Any, ...]]:
        return BrokenValue, (self.error, self.raw_data)


def _broken_field(record: Record, index: int) -> BrokenRecordError:
    """The error to raise (from the decoding error) for a broken field."""
    from .exceptions import BrokenRecordError

    # the wording is pinned by the tests
    where = f"{index} ('{record._keys[index]}')"
    return BrokenRecordError("Record contains broken data at " + where)


_tuple_iter = tuple.__iter__
_FIELD_REPR: t.Final = "{}={!r}"
_tuple_getitem = tuple.__getitem__


# ---------------------------------------------------------------------------
# per-keys classes
# ---------------------------------------------------------------------------

_CLASS_CACHE_SIZE: t.Final[int] = 1024
_class_cache: dict[tuple[type[Record], tuple[t.Any, ...]], type[Record]] = {}


def _key_index(keys: tuple[t.Any, ...]) -> dict[t.Any, int] | None:
    """Map each key to its first position (``None`` if unhashable)."""
    index: dict[t.Any, int] = {}
    try:
        for position in range(len(keys) - 1, -1, -1):
            index[keys[position]] = position
    except TypeError:
        return None
    return index


def _record_class(base: type[Record], keys: tuple[t.Any, ...]) -> type[Record]:
    """
    Get the (cached) subclass of ``base`` whose records have ``keys``.

    Calling the returned class with one iterable of values builds a
    record without executing Python code.
    """
    try:
        cache_key = (base, keys)
        cls = _class_cache.get(cache_key)
    except TypeError:  # unhashable key: no caching
        cache_key = None
        cls = None
    if cls is not None:
        return cls
    namespace = {
        "__slots__": (),
        "__module__": base.__module__,
        "__qualname__": base.__qualname__,
        "_keys": keys,
        "_index": _key_index(keys),
        "_base": base,
    }
    cls = t.cast(
        type[Record], _FastRecordMeta(base.__name__, (base,), namespace)
    )
    cls._build = _length_checked(cls, keys)
    if cache_key is not None:
        if len(_class_cache) >= _CLASS_CACHE_SIZE:
            try:
                del _class_cache[next(iter(_class_cache))]
            except (KeyError, StopIteration, RuntimeError):
                pass
        _class_cache[cache_key] = cls
    return cls


def _split_pairs(iterable: t.Any) -> tuple[tuple[t.Any, ...], list[t.Any]]:
    """Split a mapping or an iterable of pairs into keys and values."""
    keys: list[t.Any] = []
    values: list[t.Any] = []
    if hasattr(iterable, "keys"):
        for key in iterable:
            keys.append(key)
            values.append(iterable[key])
    else:
        for key, value in iterable:
            keys.append(key)
            values.append(value)
    return tuple(keys), values


class _RecordMeta(ABCMeta):
    """Metaclass of :class:`Record`: builds records from key-value pairs."""

    if not t.TYPE_CHECKING:

        def __call__(cls, iterable=()):
            keys, values = _split_pairs(iterable)
            return _record_class(cls, keys)(values)


class _FastRecordMeta(_RecordMeta):
    """Metaclass of the per-keys classes: plain (C) instantiation."""

    __call__ = type.__call__


def _restore_record(
    base: type[Record], keys: tuple[t.Any, ...], values: tuple[t.Any, ...]
) -> Record:
    """Unpickle a record."""
    return _record_class(base, keys)(values)


def record_factory(
    keys: tuple[str, ...],
) -> t.Callable[[list[t.Any]], Record]:
    """
    Get the fastest constructor for records with the given field names.

    The returned callable takes the values (a list, in the order of
    ``keys``) and returns a :class:`Record`: one length comparison,
    then the per-keys class builds the record in C.  A record of the
    wrong length must fail here, when it is decoded, while the
    connection it came on can still be given up (the official driver
    checks at the same point).

    :param keys: the field names shared by all records of a result
    :returns: callable building one record from a list of values; it
        raises :class:`RecordLengthError` if the list is not as long as
        ``keys``
    """
    return _record_class(Record, tuple(keys))._build


# ---------------------------------------------------------------------------
# Record
# ---------------------------------------------------------------------------


class Record(tuple[t.Any, ...], Mapping[str, t.Any], metaclass=_RecordMeta):
    """
    One row of a result: an immutable, ordered set of named values.

    A record is a tuple (iteration, ``len`` and ``in`` work on the
    values, like a :func:`collections.namedtuple`) that can also be
    read like a mapping, by field name.

    :param iterable: a mapping, or an iterable of ``(key, value)``
        pairs
    """

    __slots__ = ()

    #: the field names (on the per-keys subclass)
    _keys: t.ClassVar[tuple[t.Any, ...]] = ()
    #: field name -> first position, or None if the keys are unhashable
    _index: t.ClassVar[dict[t.Any, int] | None] = {}
    #: builds a record of the per-keys subclass from a list of values,
    #: checking its length (see :func:`record_factory`)
    _build: t.ClassVar[t.Callable[[list[t.Any]], Record]]

    if t.TYPE_CHECKING:

        def __new__(
            cls,
            iterable: t.Mapping[str, t.Any]
            | t.Iterable[tuple[str, t.Any]] = (),
        ) -> Self: ...

    @classmethod
    def _new(
        cls, keys: t.Collection[str], values: t.Collection[t.Any]
    ) -> Record:
        """
        Build a record from separate keys and values (internal).

        :raises RecordLengthError: if the lengths differ (a
            :class:`ValueError`)
        """
        if len(keys) != len(values):
            raise RecordLengthError(keys, values)
        base = cls.__dict__.get("_base", cls)
        return _record_class(base, tuple(keys))(values)

    # -- internal access ----------------------------------------------------

    def _field(self, index: int) -> t.Any:
        value = _tuple_getitem(self, index)
        if type(value) is BrokenValue:
            raise _broken_field(self, index) from value.error
        return value

    def _position(self, key: str) -> int:
        index = self._index
        if index is not None:
            try:
                return index[key]
            except (KeyError, TypeError):
                raise KeyError(key) from None
        try:
            return self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None

    # -- dunder protocol ----------------------------------------------------

    def __repr__(self) -> str:
        # raw values: a broken field shows its BrokenValue, never raises
        shown = map(_FIELD_REPR.format, self._keys, _tuple_iter(self))
        return f"<{type(self).__name__} {' '.join(shown)}>"

    __str__ = __repr__

    def __reduce__(
        self,
    ) -> tuple[
        t.Callable[..., Record],
        tuple[type[Record], tuple[t.Any, ...], tuple[t.Any, ...]],
    ]:
        base = type(self).__dict__.get("_base", type(self))
        values = tuple(tuple.__iter__(self))
        return _restore_record, (base, self._keys, values)

    def __eq__(self, other: object) -> bool:
        """
        Compare with a sequence (by order) and/or a mapping (by keys).

        Anything that is neither a :class:`~collections.abc.Sequence`
        nor a :class:`~collections.abc.Mapping` is not comparable
        (``NotImplemented``).
        """
        as_sequence = isinstance(other, Sequence)
        as_mapping = isinstance(other, Mapping)
        if as_sequence:
            if list(self) != list(t.cast(Sequence[t.Any], other)):
                return False
            if not as_mapping:
                return True
        if as_mapping:
            return dict(self) == dict(t.cast(Mapping[t.Any, t.Any], other))
        return NotImplemented

    def __hash__(self) -> int:
        return reduce(xor, map(hash, self.items()))

    def __iter__(self) -> t.Iterator[t.Any]:
        for value in _tuple_iter(self):
            if type(value) is BrokenValue:
                return self._iter_checked()
        return _tuple_iter(self)

    def _iter_checked(self) -> t.Iterator[t.Any]:
        for index in range(len(self)):
            yield self._field(index)

    def __getitem__(  # type: ignore[override]
        self, key: _K | slice
    ) -> t.Any:
        if type(key) is str:
            index = self._index
            if index is None:
                position = self._position(key)
            else:
                found = index.get(key)
                if found is None:
                    raise KeyError(key)
                position = found
        elif type(key) is int:
            if not 0 <= key < len(self):
                return None
            position = key
        elif isinstance(key, slice):
            values = _tuple_getitem(self, key)
            keys = self._keys[key]
            base = type(self).__dict__.get("_base", type(self))
            return _record_class(base, keys)(values)
        else:
            try:
                position = self.index(key)
            except IndexError:
                return None
        value = _tuple_getitem(self, position)
        if type(value) is BrokenValue:
            raise _broken_field(self, position) from value.error
        return value

    # -- public API -----------------------------------------------------------

    def get(self, key: str, default: object = None) -> t.Any:
        """
        Read a field by name.

        :param key: the field name (other values are converted with
            :class:`str`)
        :param default: returned if there is no such field
        :returns: the value or ``default``
        :raises neo4j.exceptions.BrokenRecordError: if the field could
            not be decoded
        """
        if type(key) is not str:
            key = str(key)
        index = self._index
        if index is not None:
            position = index.get(key)
            if position is None:
                return default
        else:
            try:
                position = self._keys.index(key)
            except ValueError:
                return default
        if 0 <= position < len(self):
            return self._field(position)
        return default

    def index(self, key: _K) -> int:  # type: ignore[override]
        """
        Get the position of a field.

        :param key: a field name or a position
        :returns: the position
        :raises KeyError: for an unknown name
        :raises IndexError: for a position out of range
        :raises TypeError: for any other type of ``key``
        """
        if isinstance(key, str):
            return self._position(key)
        if not isinstance(key, int):
            raise TypeError(key)
        if key not in range(len(self._keys)):
            raise IndexError(key)
        return key

    def _resolve(
        self, selectors: tuple[_K, ...]
    ) -> t.Iterator[tuple[t.Any, int | None]]:
        """
        Turn names and positions into ``(name, position)`` pairs.

        An unknown name comes back as ``(name, None)``; a bad position or
        type raises as in :meth:`index`.
        """
        for selector in selectors:
            try:
                found = self.index(selector)
            except KeyError:
                yield selector, None
            else:
                yield self._keys[found], found

    def _field_or_none(self, position: int | None) -> t.Any:
        return None if position is None else self._field(position)

    def value(self, key: _K = 0, default: object = None) -> t.Any:
        """
        Read one field by name or position.

        :param key: field name or position (default: the first field)
        :param default: returned if there is no such field
        :returns: the value or ``default``
        """
        if type(key) is str:
            index = self._index
            if index is not None:
                found = index.get(key)
                if found is None:
                    return default
                return self._field(found)
        try:
            position = self.index(key)
        except (IndexError, KeyError):
            return default
        return self._field(position)

    def keys(self) -> list[str]:  # type: ignore[override]
        """:returns: the field names, in order"""
        return list(self._keys)

    def values(self, *keys: _K) -> list[t.Any]:  # type: ignore[override]
        """
        Get the values, optionally only some of them.

        :param keys: names or positions to select; unknown names give
            ``None``
        :returns: list of values
        :raises IndexError: for a position out of range
        """
        if keys:
            return [self._field_or_none(at) for _, at in self._resolve(keys)]
        return list(self)

    def items(self, *keys: _K) -> list[tuple[str, t.Any]]:  # type: ignore[override]
        """
        Get ``(name, value)`` pairs, optionally only some of them.

        :param keys: names or positions to select; an unknown name gives
            ``(name, None)``
        :returns: list of pairs
        :raises IndexError: for a position out of range
        """
        if keys:
            return [
                (name, self._field_or_none(at))
                for name, at in self._resolve(keys)
            ]
        return list(zip(self._keys, self, strict=True))

    def data(self, *keys: _K) -> dict[str, t.Any]:
        """
        Convert the record into a dictionary of plain values.

        The conversion is recursive and loses type information: a
        :class:`.Node` becomes the dict of its properties, a
        :class:`.Relationship` a ``(start node, type name, end node)``
        tuple, a :class:`.Path` a list alternating nodes and type names;
        lists, tuples, sets and dicts are converted element by element.
        Points and temporal values are kept as they are.

        :param keys: names or positions to include (all by default);
            unknown names map to ``None``
        :returns: dictionary keyed by field name
        :raises IndexError: for a position out of range
        """
        if keys:
            pairs: t.Iterable[tuple[t.Any, t.Any]] = self.items(*keys)
        else:
            pairs = zip(self._keys, self, strict=True)
        result: dict[str, t.Any] = {}
        for key, value in pairs:
            result[key] = value if type(value) in _SCALARS else _export(value)
        return result


# ---------------------------------------------------------------------------
# Record.data() conversion
# ---------------------------------------------------------------------------

_SCALARS: frozenset[type] = frozenset(
    (str, int, float, bool, type(None), bytes)
)
_kept_types: tuple[type, ...] | None = None


def _kept() -> tuple[type, ...]:
    """Types that :meth:`Record.data` must not take apart."""
    global _kept_types
    if _kept_types is None:
        kept: list[type] = [str, Point]
        try:
            from . import time as _time

            kept.extend(
                getattr(_time, name)
                for name in ("Date", "Time", "DateTime", "Duration")
            )
        except (ImportError, AttributeError):  # pragma: no cover
            return tuple(kept)
        _kept_types = tuple(kept)
    return _kept_types


def _export(value: t.Any) -> t.Any:
    """Recursively convert one value for :meth:`Record.data`."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    if cls is list:
        return [_export(item) for item in value]
    if cls is dict:
        return {key: _export(item) for key, item in value.items()}
    if isinstance(value, Node):
        return _export(dict(value))
    if isinstance(value, Relationship):
        return (
            _export(dict(t.cast(Node, value.start_node))),
            type(value).__name__,
            _export(dict(t.cast(Node, value.end_node))),
        )
    if isinstance(value, Path):
        nodes = value.nodes
        converted: list[t.Any] = [_export(nodes[0])]
        for position, rel in enumerate(value.relationships, start=1):
            converted.append(type(rel).__name__)
            converted.append(_export(nodes[position]))
        return converted
    if isinstance(value, _kept()):
        return value
    if isinstance(value, (Sequence, Set)):
        return cls(map(_export, value))
    if isinstance(value, Mapping):
        return cls((key, _export(item)) for key, item in value.items())
    return value
