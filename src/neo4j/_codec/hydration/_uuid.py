"""UUID parameters: native on Bolt 6.1 (PackStream 2), refused before.

Sending: :data:`dehydrate_uuid` is the codec's own
:func:`~neo4j._codec.packstream.native_uuid`, which the encoder
recognises and bypasses for exact :class:`uuid.UUID` values (it writes
marker ``E0`` and the 16 bytes in place).  Received UUIDs need no hook:
the decoder reads marker ``E0`` itself.
"""

from __future__ import annotations

import typing as t
import uuid

from ..packstream import UnsupportedTypeError, native_uuid


__all__ = ["dehydrate_uuid", "reject_uuid"]


#: Encode a UUID as PackStream 2 does: marker ``E0`` and its 16 bytes
#: (big-endian, as :attr:`uuid.UUID.bytes` gives them).  The very same
#: function object as the codec's, so the encoder's fast path applies.
dehydrate_uuid = native_uuid


def reject_uuid(value: uuid.UUID) -> t.NoReturn:
    """Refuse UUIDs on connections older than Bolt 6.1.

    :raises UnsupportedTypeError: (a ``ValueError``) always
    """
    # the official wording, which names the version needed
    raise UnsupportedTypeError(
        f"Values of type {type(value)} are not supported "
        "(requires Bolt protocol version 6.1 or newer)"
    )
