"""PackStream v1: the binary value format under Bolt (pure, no I/O).

Public surface for the rest of the driver:

* :class:`Structure`, :class:`PackStreamDecodeError`,
  :class:`DehydrationHooks`
* :func:`pack` / :func:`pack_struct` append encodings to a ``bytearray``
* :func:`native_uuid`, the dehydration transformer that lets UUIDs
  through as PackStream 2 (Bolt 6.1) values; the decoder always reads
  them (marker ``E0``)
* :func:`unpack` decodes one complete value, :func:`unpack_message` one
  Bolt message in place, :func:`unpack_chunked` many chunked messages
  straight from a receive buffer, :func:`unpack_body` one message whose
  chunks were joined.

Hydration hooks are keyed by the struct tag as ``int`` and called as
``hook(*fields)``.  A hook that cannot build its value should return a
:class:`BrokenHydrationObject` rather than raise; lists and maps holding
such a marker become broken markers themselves (RECORD field lists
excepted, so one bad field does not spoil the record).
"""

from __future__ import annotations

from .._broken import BrokenHydrationObject
from ._chunked import (
    find_message_end,
    unpack_body,
    unpack_chunked,
)
from ._decode import (
    Buffer,
    HydrationHooks,
    unpack,
    unpack_at,
    unpack_message,
)
from ._encode import (
    UnsupportedTypeError,
    native_uuid,
    pack,
    pack_struct,
)
from ._structure import (
    DehydrationHooks,
    PackStreamDecodeError,
    Preencoded,
    Structure,
)


__all__ = [
    "BrokenHydrationObject",
    "Buffer",
    "DehydrationHooks",
    "HydrationHooks",
    "PackStreamDecodeError",
    "Preencoded",
    "Structure",
    "UnsupportedTypeError",
    "find_message_end",
    "native_uuid",
    "pack",
    "pack_struct",
    "unpack",
    "unpack_at",
    "unpack_body",
    "unpack_chunked",
    "unpack_message",
]
