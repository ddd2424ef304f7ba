"""Wire-format layer: PackStream encoding/decoding and value hydration.

This package sits directly above the value types.  It never performs I/O:
callers hand it bytes (or a ``bytearray`` to append to) and get values
back.
"""

from __future__ import annotations
