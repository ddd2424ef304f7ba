"""Sphinx configuration for the neo4j driver documentation.

Built by ``python3 bin/check`` (and ``nox -s docs``) with ``-W``: every
warning fails the build.  No network access: no intersphinx inventories
are fetched.
"""

from __future__ import annotations

import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from neo4j._meta import version as _version  # noqa: E402


project = "neo4j"
author = "The neo4j fast driver contributors"
copyright = "the neo4j fast driver contributors"
release = _version
version = ".".join(_version.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
# intersphinx would download inventories; the build must work offline.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

templates_path: list[str] = []
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
language = "en"

autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autoclass_content = "both"

html_theme = "alabaster"
html_title = f"neo4j {release}"
html_static_path: list[str] = []
