"""Locate the ``arcadedb-embedded`` installation (bundled JRE and jars).

The package is found with :func:`importlib.util.find_spec` and never
imported: importing it would start a JVM in the test process. The
environment variable ``ARCADEDB_EMBEDDED_DIR`` (the package folder, the
one holding ``jre/`` and ``jars/``) overrides the lookup, so an
interpreter without the package (e.g. the official driver's venv used
for comparisons) can still launch servers.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


__all__ = [
    "ArcadeDBNotInstalledError",
    "jars_dir",
    "java_executable",
    "keytool_executable",
    "package_dir",
]

PACKAGE = "arcadedb_embedded"
ENV_DIR = "ARCADEDB_EMBEDDED_DIR"


class ArcadeDBNotInstalledError(RuntimeError):
    """``arcadedb-embedded`` (or a part of it) is missing."""


def package_dir() -> Path:
    """Return the directory of the installed ``arcadedb_embedded`` package.

    :raises ArcadeDBNotInstalledError: if it is not installed
    """
    override = os.environ.get(ENV_DIR)
    if override:
        return _existing(Path(override), f"${ENV_DIR}")
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ArcadeDBNotInstalledError(
            "the integration tests need ArcadeDB: install it into the test "
            "environment with `pip install arcadedb-embedded` (Linux x86_64,"
            " bundles its own JRE)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _existing(path: Path, what: str) -> Path:
    if not path.exists():
        raise ArcadeDBNotInstalledError(
            f"{what} not found at {path}: the arcadedb-embedded "
            "installation looks incomplete"
        )
    return path


def java_executable() -> Path:
    """Return the bundled ``java`` binary.

    :raises ArcadeDBNotInstalledError: if it is missing
    """
    return _existing(package_dir() / "jre" / "bin" / "java", "bundled java")


def keytool_executable() -> Path:
    """Return the bundled ``keytool`` binary.

    :raises ArcadeDBNotInstalledError: if it is missing
    """
    return _existing(
        package_dir() / "jre" / "bin" / "keytool", "bundled keytool"
    )


def jars_dir() -> Path:
    """Return the directory holding the ArcadeDB jars.

    :raises ArcadeDBNotInstalledError: if it is missing
    """
    return _existing(package_dir() / "jars", "ArcadeDB jars")
