"""Nox sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one.

Nox is a convenience for developers; CI does not need it (``python3
bin/check`` runs the same steps in ``.venv``).  Each session installs
``-e .[dev]`` into its own virtual environment under ``.nox/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox


ROOT = Path(__file__).resolve().parent
nox.options.sessions = ["unasync", "lint", "typecheck", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True


def _install(session: nox.Session, extras: str = "dev") -> None:
    session.install("-e", f".[{extras}]")


@nox.session
def unasync(session: nox.Session) -> None:
    """Check the generated sync code (``-- --write`` regenerates)."""
    _install(session)
    args = list(session.posargs)
    if "--write" in args:
        args.remove("--write")
    elif "--check" not in args:
        args.insert(0, "--check")
    session.run("python", "bin/make-unasync", *args)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and formatting) and the import-linter contracts."""
    _install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src (the generated _sync included)."""
    _install(session)
    session.run("mypy", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """All tests; arguments go to pytest."""
    _install(session)
    session.run("pytest", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs; any warning is an error."""
    _install(session)
    session.run(
        "sphinx-build", "-W", "--keep-going", "-E", "-b", "html",
        "-d", "docs/_build/doctrees", "docs", "docs/_build/html",
    )  # fmt: skip


@nox.session
def demo(session: nox.Session) -> None:
    """Run examples/demo.py (embedded ArcadeDB unless NEO4J_URI is set)."""
    demo_py = ROOT / "examples" / "demo.py"
    if not demo_py.is_file():
        session.error("examples/demo.py does not exist yet")
    _install(session, "demo")
    session.run("python", str(demo_py), *session.posargs)


@nox.session
def testkit(session: nox.Session) -> None:
    """Run testkit's suites against testkitbackend/, both twins.

    Needs ``TESTKIT_DIR`` (a checkout of neo4j-drivers/testkit).  The
    session installs the driver and testkit's requirements, then runs
    ``python -m testkitbackend.run_stub`` once with ``--async`` and
    once with ``--sync``.  Arguments after ``--`` are passed on:
    ``--sync``/``--async`` pick one twin, other words name suites or
    tests (``nox -s testkit -- --sync retry routing.test_routing_v5x0``).

    ``--neo4j`` runs the real-server suites (``tests.neo4j``) instead,
    through ``python -m testkitbackend.run_neo4j``: each twin gets its
    own embedded Neo4j Community server (JDK 21/25 and Maven, see
    CONTRIBUTING.md); ``--scheme neo4j`` uses routing URIs
    (``nox -s testkit -- --neo4j --scheme neo4j test_summary``).
    """
    testkit_dir = os.environ.get("TESTKIT_DIR")
    if not testkit_dir:
        session.error(
            "set TESTKIT_DIR to a checkout of the testkit conformance "
            "suite; see CONTRIBUTING.md"
        )
    requirements = Path(testkit_dir) / "requirements.txt"
    if not requirements.is_file():
        session.error(f"TESTKIT_DIR={testkit_dir}: no requirements.txt")
    _install(session)
    session.install("-r", str(requirements))
    args = list(session.posargs)
    runner = "testkitbackend.run_stub"
    if "--neo4j" in args:
        args.remove("--neo4j")
        runner = "testkitbackend.run_neo4j"
    modes = [a for a in args if a in ("--async", "--sync")]
    rest = [a for a in args if a not in ("--async", "--sync")]
    for mode in modes or ["--async", "--sync"]:
        session.run(
            "python",
            "-m",
            runner,
            "--testkit-dir",
            testkit_dir,
            mode,
            *rest,
        )


@nox.session
def ecosystem(session: nox.Session) -> None:
    """Run libraries' test suites on the official driver and on ours.

    neomodel, langchain-neo4j and neo4j-graphrag, each in two venvs
    against one ArcadeDB server; prints the tests whose outcome differs.
    Heavy (downloads and installs the libraries): not in the default
    sessions nor in CI.  Arguments go to ``bin/ecosystem-check``
    (``nox -s ecosystem -- neomodel``, ``nox -s ecosystem -- --help``).
    """
    _install(session)
    session.run("python", "bin/ecosystem-check", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """A long fuzzing campaign: ``nox -s fuzz -- --inputs 1000000``
    (decoder, dechunker, connection feed; see ``tests/fuzz``)."""
    _install(session)
    session.run("python", "-m", "tests.fuzz", *session.posargs)
