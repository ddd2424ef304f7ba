"""Shared by ``bin/check`` and ``bin/demo``: create and fill ``.venv``.

Only the standard library is used: these scripts must run on a fresh
machine that has nothing but Python and pip.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP_NAME = ".neo4j-installed.json"


class BootstrapError(Exception):
    """The virtual environment could not be prepared."""


def venv_python(venv_dir: Path = VENV) -> Path:
    if os.name == "nt":  # pragma: no cover - not used in CI
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def _pyproject_digest(root: Path) -> str:
    data = (root / "pyproject.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()


def _read_stamp(venv_dir: Path) -> dict[str, object]:
    try:
        stamp = json.loads((venv_dir / STAMP_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def ensure_venv(
    extras: list[str],
    *,
    root: Path = ROOT,
    venv_dir: Path = VENV,
    log: bool = True,
    base_python: Path | None = None,
) -> Path:
    """Make sure ``venv_dir`` exists and has ``-e root[extras]`` installed.

    The install is skipped when a stamp shows that the same pyproject.toml
    was already installed with at least these extras.

    :param base_python: the interpreter the venv is made from; default:
        the one running this code
    :returns: the virtual environment's Python interpreter.
    :raises BootstrapError: if the venv cannot be created or filled.
    """
    python = venv_python(venv_dir)
    if not python.exists():
        if log:
            print(f"bootstrap: creating virtual environment {venv_dir}")
        try:
            if base_python is None:
                venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
            else:
                subprocess.run(
                    [str(base_python), "-m", "venv", "--clear", str(venv_dir)],
                    check=True,
                )
        except Exception as exc:
            raise BootstrapError(
                f"cannot create {venv_dir}: {exc}\n(on Debian/Ubuntu "
                "install the python3-venv package)"
            ) from exc
    digest = _pyproject_digest(root)
    stamp = _read_stamp(venv_dir)
    installed = stamp.get("extras", [])
    if (
        stamp.get("pyproject") == digest
        and isinstance(installed, list)
        and set(extras) <= set(installed)
    ):
        return python
    wanted = sorted(set(extras) | set(installed or []))
    if stamp.get("pyproject") != digest:
        wanted = sorted(set(extras))
    spec = f"{root}[{','.join(wanted)}]" if wanted else str(root)
    if log:
        print(f"bootstrap: pip install -e {spec!r} into {venv_dir}")
    cmd = [str(python), "-m", "pip", "install", "-q", "-e", spec]
    if subprocess.run(cmd, check=False).returncode != 0:
        raise BootstrapError(f"pip install failed: {' '.join(cmd)}")
    (venv_dir / STAMP_NAME).write_text(
        json.dumps({"pyproject": digest, "extras": wanted}), "utf-8"
    )
    return python


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)
