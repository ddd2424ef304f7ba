"""Root conftest: marks tests by the folder they live in.

The markers themselves are registered in ``pyproject.toml``
(``--strict-markers`` is on).  Tests under ``tests/integration`` get the
``integration`` marker, ``tests/stub`` ``stub`` and ``tests/unit/tooling``
``tooling``, so that for instance ``pytest -m "not integration"`` runs
only the tests that need no database server.

Test modules are imported with ``--import-mode=importlib`` (see
CONTRIBUTING.md): folders need no ``__init__.py`` and test files in
different folders may share a name.
"""

from __future__ import annotations

from pathlib import Path

import pytest


TESTS = Path(__file__).resolve().parent
_FOLDER_MARKERS = (
    (TESTS / "integration", "integration"),
    (TESTS / "stub", "stub"),
    (TESTS / "unit" / "tooling", "tooling"),
)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    for item in items:
        path = Path(str(item.path))
        for folder, marker in _FOLDER_MARKERS:
            if path.is_relative_to(folder):
                item.add_marker(getattr(pytest.mark, marker))
