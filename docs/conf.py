"""Sphinx configuration for the neo4j driver documentation.

Built by ``python3 bin/check`` (and ``nox -s docs``) with ``-W``: every
warning fails the build.  No network access: no intersphinx inventories
are fetched, so references to the standard library are written as plain
literals rather than cross-references.
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
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    # included by observability.rst, not a page of its own
    "observability_otel.rst",
]
root_doc = "index"
language = "en"

# Every directive states which members it documents; nothing is pulled in
# implicitly, so each object is described exactly once (under its public
# name) and cross-references stay unambiguous.
autodoc_default_options: dict[str, bool | str] = {}
autodoc_member_order = "bysource"
# Types go into the parameter descriptions, where they are easier to read
# than in the long signatures of the driver methods.
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autoclass_content = "class"
add_module_names = False
python_display_short_literal_types = True

html_theme = "alabaster"
html_title = f"neo4j {release}"
html_static_path: list[str] = []
html_theme_options = {
    "description": "A fast drop-in Python driver for Bolt databases",
    "fixed_sidebar": True,
    "show_relbars": True,
}
html_sidebars = {
    "**": [
        "about.html",
        "navigation.html",
        "relations.html",
        "searchbox.html",
    ]
}
