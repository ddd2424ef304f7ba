"""Interpreters for each driver the runner compares.

* ``ours``: ``OURS_PYTHON``, else the running interpreter; the
  repository's ``src`` is put on ``PYTHONPATH`` so this checkout is the
  one measured;
* ``official``: see :mod:`benchmarks._official_venv` (``OFFICIAL_PYTHON``
  or ``benchmarks/.venv-official`` with ``pip install neo4j``);
* ``official-rust``: ``OFFICIAL_RUST_PYTHON``, else
  ``benchmarks/.venv-official-rust`` created with
  ``pip install neo4j-rust-ext`` (which pulls in the matching ``neo4j``);
* ``ours-metrics``, ``ours-otel``: ours again, the workload process
  told (``--observe``) to create its driver with ``metrics_enabled=True``
  or with OpenTelemetry SDK providers (see :data:`OBSERVED`): the cost
  of observability, measured next to plain ``ours``.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import venv
from pathlib import Path

from benchmarks._official_venv import official_python


__all__ = ["DRIVERS", "LABELS", "OBSERVED", "Interpreter", "resolve"]


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: the drivers compared by default
DRIVERS = ("ours", "official", "official-rust")
#: extra labels: our driver with observability on (label -> the
#: workload's ``--observe`` mode)
OBSERVED = {"ours-metrics": "metrics", "ours-otel": "otel"}
#: every label :func:`resolve` knows
LABELS = (*DRIVERS, *OBSERVED)
RUST_VENV = HERE / ".venv-official-rust"


@dataclasses.dataclass(frozen=True)
class Interpreter:
    """How to start a workload process for one driver.

    :param driver: the driver label (one of :data:`LABELS`)
    :param python: the interpreter path
    :param env: the environment for the process
    :param args: extra arguments of the workload script (how the
        driver is configured, e.g. ``("--observe", "metrics")``)
    """

    driver: str
    python: str
    env: dict[str, str]
    args: tuple[str, ...] = ()


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _venv_python(root: Path) -> Path:
    sub = "Scripts/python.exe" if sys.platform == "win32" else "bin/python"
    return root / sub


def _imports(python: str, module: str) -> bool:
    probe = subprocess.run(
        [python, "-c", f"import {module}"],
        capture_output=True,
        check=False,
        env=_clean_env(),
    )
    return probe.returncode == 0


def _ours(label: str = "ours") -> Interpreter:
    python = os.environ.get("OURS_PYTHON") or sys.executable
    env = _clean_env()
    env["PYTHONPATH"] = str(ROOT / "src")
    mode = OBSERVED.get(label)
    args = ("--observe", mode) if mode else ()
    return Interpreter(label, python, env, args)


def _rust() -> Interpreter:
    override = os.environ.get("OFFICIAL_RUST_PYTHON")
    if override:
        if not _imports(override, "neo4j._rust"):
            raise RuntimeError(
                f"OFFICIAL_RUST_PYTHON={override} has no neo4j-rust-ext"
            )
        return Interpreter("official-rust", override, _clean_env())
    python = _venv_python(RUST_VENV)
    if not (python.exists() and _imports(str(python), "neo4j._rust")):
        if not python.exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(RUST_VENV)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "neo4j-rust-ext"],
            check=True,
        )
        if not _imports(str(python), "neo4j._rust"):
            raise RuntimeError("installing neo4j-rust-ext did not work")
    return Interpreter("official-rust", str(python), _clean_env())


def resolve(driver: str) -> Interpreter:
    """The interpreter running ``driver``, creating its venv if needed.

    :param driver: one of :data:`LABELS`
    :returns: how to start it
    :raises RuntimeError: if the interpreter cannot be set up
    :raises ValueError: for an unknown driver label
    """
    if driver == "ours" or driver in OBSERVED:
        return _ours(driver)
    if driver == "official":
        return Interpreter("official", official_python(), _clean_env())
    if driver == "official-rust":
        return _rust()
    raise ValueError(f"unknown driver {driver!r}; known: {LABELS}")
