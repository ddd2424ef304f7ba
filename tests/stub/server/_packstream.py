"""The stub server's PackStream codec: the shared test-side peer codec.

The stub is the driver's peer in tests, so it must not share code with
the driver's codec (a bug there would be mirrored here and go
unnoticed).  It shares the independent codec of
:mod:`tests.servers.packstream` with the other peers instead; this module
names the part the stub uses (and :mod:`tests.stub.server` re-exports).
"""

from __future__ import annotations

from tests.servers.packstream import (
    PackError,
    Struct,
    UnpackError,
    pack,
    pack_message,
    unpack_message,
)


__all__ = [
    "PackError",
    "Struct",
    "UnpackError",
    "pack",
    "pack_message",
    "unpack_message",
]
