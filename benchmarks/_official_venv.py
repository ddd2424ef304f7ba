"""Locate (or create) a Python interpreter with the official driver.

Benchmarks compare this package with the official ``neo4j`` driver from
PyPI, which must live in its own virtual environment because both use
the import name ``neo4j``.

Resolution order:

1. ``OFFICIAL_PYTHON`` environment variable: path of an interpreter that
   already has the official driver installed;
2. ``benchmarks/.venv-official`` next to this file, created on first use
   with ``python -m venv`` and ``pip install neo4j``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path


__all__ = ["official_python"]


VENV_DIR = Path(__file__).resolve().parent / ".venv-official"


def _venv_python(root: Path) -> Path:
    if sys.platform == "win32":
        return root / "Scripts" / "python.exe"
    return root / "bin" / "python"


def _has_driver(python: Path | str) -> bool:
    probe = subprocess.run(
        [str(python), "-c", "import neo4j._codec.packstream.v1"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def official_python(requirement: str = "neo4j") -> str:
    """Return the path of an interpreter running the official driver.

    :param requirement: pip requirement used when creating the venv
    :returns: interpreter path
    :raises RuntimeError: if ``OFFICIAL_PYTHON`` points to an interpreter
        without the driver, or installing it fails
    """
    override = os.environ.get("OFFICIAL_PYTHON")
    if override:
        if not _has_driver(override):
            raise RuntimeError(
                f"OFFICIAL_PYTHON={override} cannot import the official "
                "neo4j driver"
            )
        return override
    python = _venv_python(VENV_DIR)
    if python.exists() and _has_driver(python):
        return str(python)
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV_DIR)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", requirement],
        check=True,
    )
    if not _has_driver(python):
        raise RuntimeError(f"installing {requirement!r} did not work")
    return str(python)


if __name__ == "__main__":
    print(official_python())
