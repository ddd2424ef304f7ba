"""``typing_mapping_check.py`` passes ``mypy --strict``.

That file asserts the types mapping functions return (``as_objects(...,
Person)`` is ``list[Person]``) and marks the calls mypy must refuse
with ``# type: ignore[...]``; strict mode reports an ignore that is not
needed, so both directions are checked by one clean run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


pytestmark = pytest.mark.tooling

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def test_mapping_functions_are_typed_generically(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    env = dict(os.environ, MYPYPATH=str(REPO / "src"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            "--python-version",
            "3.10",
            "--hide-error-context",
            "--no-pretty",
            "typing_mapping_check.py",
        ],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Success" in output, output
