"""UUID parameters: native on Bolt 6.1 (PackStream 2), refused before.

Received UUIDs need no hook: the decoder reads marker ``E0`` itself.
"""

from __future__ import annotations

import typing as t
import uuid

from ..packstream import Preencoded, UnsupportedTypeError


__all__ = ["dehydrate_uuid", "reject_uuid"]

_UUID_MARKER = b"\xe0"


def dehydrate_uuid(value: uuid.UUID) -> Preencoded:
    """Encode a UUID as PackStream 2 does: marker ``E0`` and its 16 bytes
    (big-endian, as :attr:`uuid.UUID.bytes` gives them)."""
    return Preencoded(_UUID_MARKER + value.bytes)


def reject_uuid(value: uuid.UUID) -> t.NoReturn:
    """Refuse UUIDs on connections older than Bolt 6.1.

    :raises UnsupportedTypeError: (a ``ValueError``) always
    """
    # the official wording, which names the version needed
    raise UnsupportedTypeError(
        f"Values of type {type(value)} are not supported "
        "(requires Bolt protocol version 6.1 or newer)"
    )
