"""Core PackStream data types shared by the encoder and the decoder."""

from __future__ import annotations

import typing as t


__all__ = [
    "DehydrationHooks",
    "PackStreamDecodeError",
    "Preencoded",
    "Structure",
]


class Preencoded:
    """A value a dehydration hook has already turned into PackStream
    bytes (marker included); the encoder copies them as they are.

    Used for types that are neither a core type nor a structure, such as
    the UUID of PackStream 2 (Bolt 6.1).

    :param data: the complete encoding of one value
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Preencoded({self.data.hex(' ')})"


class Structure:
    """A raw PackStream structure: a one-byte tag plus a list of fields.

    Structures that have no hydration hook are handed to callers in this
    form; Bolt messages are also described with it.

    :param tag: the structure tag, exactly one byte (e.g. ``b"N"``)
    :param fields: the field values
    """

    __slots__ = ("fields", "tag")

    tag: bytes
    fields: list[t.Any]

    def __init__(self, tag: bytes, *fields: t.Any) -> None:
        self.tag = tag
        self.fields = list(fields)

    def __repr__(self) -> str:
        inner = ", ".join(map(repr, (self.tag, *self.fields)))
        return f"Structure({inner})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Structure):
            return NotImplemented
        return self.tag == other.tag and self.fields == other.fields

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, index: int) -> t.Any:
        return self.fields[index]

    def __setitem__(self, index: int, value: t.Any) -> None:
        self.fields[index] = value


def _new_structure(tag: bytes, fields: list[t.Any]) -> Structure:
    # Decoder shortcut: adopt an already built field list without copying.
    inst = object.__new__(Structure)
    inst.tag = tag
    inst.fields = fields
    return inst


class PackStreamDecodeError(Exception):
    """Raised when bytes are not one well-formed PackStream value.

    Covers truncated input, unknown markers, invalid UTF-8, non-string map
    keys, excessive nesting and unconsumed trailing bytes.
    """


_Transformer = t.Callable[[t.Any], t.Any]


class DehydrationHooks:
    """Rules turning non-core Python values into packable values.

    A transformer receives the value and returns something the encoder
    understands (usually a :class:`Structure`, a list or ``None``).

    :param exact_types: transformers looked up by ``type(value)``
    :param subtypes: transformers tried with ``isinstance`` (in insertion
        order) when no exact type matched
    """

    __slots__ = ("_cache", "exact_types", "late", "subtypes")

    exact_types: dict[type, _Transformer]
    subtypes: dict[type, _Transformer]
    #: asked for more rules when a type has none: returns ``(exact,
    #: subtypes)`` for libraries loaded since (numpy, pandas), which the
    #: driver does not import itself
    late: t.Callable[[], tuple[dict[type, t.Any], dict[type, t.Any]]] | None

    def __init__(
        self,
        exact_types: dict[type, _Transformer] | None = None,
        subtypes: dict[type, _Transformer] | None = None,
    ) -> None:
        self.exact_types = dict(exact_types or {})
        self.subtypes = dict(subtypes or {})
        self._cache: dict[type, _Transformer | None] = {}
        self.late = None

    def update(
        self,
        exact_types: dict[type, _Transformer] | None = None,
        subtypes: dict[type, _Transformer] | None = None,
    ) -> None:
        """Add or replace transformers in place.

        :param exact_types: more exact-type transformers
        :param subtypes: more ``isinstance`` transformers
        """
        if exact_types:
            self.exact_types.update(exact_types)
        if subtypes:
            self.subtypes.update(subtypes)
        self._cache.clear()

    def extend(
        self,
        exact_types: dict[type, _Transformer] | None = None,
        subtypes: dict[type, _Transformer] | None = None,
    ) -> DehydrationHooks:
        """Return a new hook set with extra transformers (self untouched).

        :param exact_types: more exact-type transformers
        :param subtypes: more ``isinstance`` transformers
        :returns: the combined hooks
        """
        new = DehydrationHooks(self.exact_types, self.subtypes)
        new.late = self.late
        new.update(exact_types, subtypes)
        return new

    def get_transformer(self, type_: type) -> _Transformer | None:
        """Find the transformer for values of ``type_``.

        :param type_: the value's exact type
        :returns: the transformer, or ``None`` if no rule applies
        """
        found = self.exact_types.get(type_)
        if found is not None:
            return found
        try:
            return self._cache[type_]
        except KeyError:
            pass
        for base, transformer in self.subtypes.items():
            if issubclass(type_, base):
                found = transformer
                break
        if found is None and self._learn_late_rules():
            return self.get_transformer(type_)
        self._cache[type_] = found
        return found

    def _learn_late_rules(self) -> bool:
        """Add the rules :attr:`late` has for libraries loaded since.

        :returns: True if any rule was new
        """
        if self.late is None:
            return False
        exact, sub = self.late()
        new_exact = {
            k: v for k, v in exact.items() if k not in self.exact_types
        }
        new_sub = {k: v for k, v in sub.items() if k not in self.subtypes}
        if not new_exact and not new_sub:
            return False
        self.update(new_exact, new_sub)
        return True
