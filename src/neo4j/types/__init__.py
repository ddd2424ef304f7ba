"""Value types that do not fit any other value module."""

from __future__ import annotations

from ._unsupported import UnsupportedType


__all__ = [
    "UnsupportedType",
]
