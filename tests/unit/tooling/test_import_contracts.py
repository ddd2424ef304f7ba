"""The import-linter contracts of pyproject.toml catch upward imports.

Each test builds a fake ``neo4j`` package in a temporary folder, copies
the repository's ``pyproject.toml`` next to it and runs ``lint-imports``
there, so the real contracts are exercised without touching ``src``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


pytestmark = pytest.mark.tooling

REPO = Path(__file__).resolve().parents[3]

#: a package with one module per layer that imports only downwards
BASE_TREE = {
    "__init__.py": "from neo4j._async.driver import AsyncDriver\n",
    "exceptions.py": "",
    "_meta.py": "",
    "time/__init__.py": "import neo4j.warnings\n",
    "graph/__init__.py": "import neo4j.time\n",
    "_codec/__init__.py": "import neo4j.graph\nimport neo4j.time\n",
    "_bolt/__init__.py": "import neo4j._codec\nimport neo4j.exceptions\n",
    "_async_compat/__init__.py": "import neo4j._meta\n",
    "_async/__init__.py": "import neo4j._async_compat\n",
    "_async/driver.py": (
        "import neo4j._async_compat\nimport neo4j._bolt\n"
        "class AsyncDriver: ...\n"
    ),
    "_sync/__init__.py": "import neo4j._async_compat\n",
}
#: every other module the contracts name (they must all exist)
for _name in [
    "auth_management",
    "_shared/__init__",
    "_http/__init__",
    "_exceptions",
    "_gql_error",
    "warnings",
    "_warnings",
    "spatial/__init__",
    "vector",
    "_vector/__init__",
    "types/__init__",
    "_data",
    "api",
    "_api",
    "addressing",
    "_addressing",
    "_work/__init__",
    "_auth_management",
    "_debug/__init__",
    "debug",
    "_optional_deps",
    "metrics",
    "opentelemetry",
    "_otel/__init__",
    "mapping",
    "_mapping/__init__",
    "_arrow/__init__",
]:
    BASE_TREE.setdefault(f"{_name}.py", "")


def _lint_imports() -> str:
    exe = Path(sys.executable).parent / "lint-imports"
    found = str(exe) if exe.exists() else shutil.which("lint-imports")
    if not found:
        pytest.fail("lint-imports is not installed (dev extra)")
    return found


def run_contracts(
    tmp_path: Path, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    files = {**BASE_TREE, **(extra or {})}
    for rel, text in files.items():
        path = tmp_path / "src" / "neo4j" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run(
        [_lint_imports(), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_downward_imports_pass(tmp_path: Path) -> None:
    proc = run_contracts(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 2 kept, 0 broken." in proc.stdout


@pytest.mark.parametrize(
    ("rel", "code", "message"),
    [
        # a value type importing the codec
        (
            "time/_bad.py",
            "import neo4j._codec\n",
            "neo4j.time is not allowed to import neo4j._codec",
        ),
        # the codec importing the protocol core
        (
            "_codec/_bad.py",
            "from neo4j._bolt import x\n",
            "neo4j._codec is not allowed to import neo4j._bolt",
        ),
        # the sans-IO core importing the async twin
        (
            "_bolt/_bad.py",
            "import neo4j._async.driver\n",
            "neo4j._bolt is not allowed to import neo4j._async",
        ),
        # the core touching the I/O compat layer
        (
            "_bolt/_bad.py",
            "import neo4j._async_compat\n",
            "Illegal imports of protected package neo4j._async_compat",
        ),
        # compat importing the codec (it is a leaf)
        (
            "_async_compat/_bad.py",
            "import neo4j._codec\n",
            "neo4j._async_compat is not allowed to import neo4j._codec",
        ),
        # a value type importing a shared API module
        (
            "graph/_bad.py",
            "import neo4j.exceptions\n",
            "neo4j.graph is not allowed to import neo4j.exceptions",
        ),
        (
            "time/_bad.py",
            "from neo4j.api import Auth\n",
            "neo4j.time is not allowed to import neo4j.api",
        ),
        # the shared logic importing a twin
        (
            "_shared/_bad.py",
            "import neo4j._async.driver\n",
            "neo4j._shared is not allowed to import neo4j._async",
        ),
        # the twins must not import each other
        (
            "_sync/_bad.py",
            "import neo4j._async.driver\n",
            "neo4j._sync is not allowed to import neo4j._async",
        ),
        # only the twins may use _async_compat
        (
            "api.py",
            "import neo4j._async_compat\n",
            "Illegal imports of protected package neo4j._async_compat",
        ),
    ],
)
def test_upward_import_fails(
    tmp_path: Path, rel: str, code: str, message: str
) -> None:
    proc = run_contracts(tmp_path, {rel: code})
    assert proc.returncode == 1, proc.stdout
    assert message in proc.stdout
    assert "BROKEN" in proc.stdout


def test_missing_layer_module_fails(tmp_path: Path) -> None:
    # a renamed or deleted module must not silently empty its layer
    run_contracts(tmp_path)
    shutil.rmtree(tmp_path / "src" / "neo4j" / "_shared")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    proc = subprocess.run(
        [_lint_imports(), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "neo4j._shared does not exist" in proc.stdout


def test_unplaced_top_level_module_fails(tmp_path: Path) -> None:
    # the layers contract is exhaustive: a new module must be placed
    proc = run_contracts(tmp_path, {"_newcomer.py": ""})
    assert proc.returncode != 0, proc.stdout
    assert "neo4j._newcomer" in proc.stdout


def test_empty_package_fails(tmp_path: Path) -> None:
    (tmp_path / "src" / "neo4j").mkdir(parents=True)
    (tmp_path / "src" / "neo4j" / "__init__.py").write_text("", "utf-8")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    proc = subprocess.run(
        [_lint_imports(), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0, proc.stdout + proc.stderr
