"""Package metadata."""

from __future__ import annotations

version = "6.0.0.dev0"
