"""Tests of ``bin/make-unasync``: the renames and the ``--check`` modes."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
import textwrap
import types
import typing as t
from pathlib import Path

import pytest


pytestmark = pytest.mark.tooling

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "bin" / "make-unasync"
SAMPLES = Path(__file__).resolve().parent / "samples"


def _load_script() -> types.ModuleType:
    name = "make_unasync_under_test"
    if name in sys.modules:
        return sys.modules[name]
    loader = importlib.machinery.SourceFileLoader(name, str(SCRIPT))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


mu = _load_script()


def unasync(source: str) -> str:
    rule = mu.SyncRule("src/neo4j/_async", "src/neo4j/_sync")
    return t.cast(str, rule.unasync_source(textwrap.dedent(source)))


def same(got: str, expected: str) -> None:
    assert got == textwrap.dedent(expected)


# ------------------------------------------------------------- renames


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # keywords
        ("async def f():\n    await g()\n", "def f():\n    g()\n"),
        ("async with a as b:\n    pass\n", "with a as b:\n    pass\n"),
        ("async for x in y:\n    pass\n", "for x in y:\n    pass\n"),
        ("x = await(y)\n", "x = (y)\n"),
        ("x = [await y for y in z]\n", "x = [y for y in z]\n"),
        ("x = (await y).z\n", "x = (y).z\n"),
        # class name prefixes
        ("x = AsyncDriver()\n", "x = Driver()\n"),
        ("x = _AsyncPool()\n", "x = _Pool()\n"),
        ("x = __AsyncHidden\n", "x = __Hidden\n"),
        (
            "class AsyncBoltSocket(AsyncSocket): ...\n",
            "class BoltSocket(Socket): ...\n",
        ),
        # compat pairs
        (
            "a = (AsyncUtil, AsyncLock, AsyncRLock, AsyncCondition)\n",
            "a = (Util, Lock, RLock, Condition)\n",
        ),
        ("a = AsyncCooperativeLock()\n", "a = CooperativeLock()\n"),
        ("a = AsyncUtil.is_async_code\n", "a = Util.is_async_code\n"),
        # async_ prefix, module paths
        ("async_driver = 1\n", "driver = 1\n"),
        ("f(async_mode=True)\n", "f(mode=True)\n"),
        (
            "from neo4j._async.driver import AsyncDriver\n",
            "from neo4j._sync.driver import Driver\n",
        ),
        (
            "from tests.unit.async_.fakes import AsyncFake\n",
            "from tests.unit.sync.fakes import Fake\n",
        ),
        (
            "from neo4j._async_compat import AsyncUtil\n",
            "from neo4j._async_compat import Util\n",
        ),
        # dunders and friends
        (
            "async def __aenter__(s): ...\nasync def __aexit__(s): ...\n",
            "def __enter__(s): ...\ndef __exit__(s): ...\n",
        ),
        (
            "def __aiter__(s): ...\nasync def __anext__(s): ...\n",
            "def __iter__(s): ...\ndef __next__(s): ...\n",
        ),
        ("await x.aclose()\n", "x.close()\n"),
        ("raise StopAsyncIteration\n", "raise StopIteration\n"),
        ("x = await anext(aiter(y))\n", "x = next(iter(y))\n"),
        (
            "@contextlib.asynccontextmanager\ndef f(): ...\n",
            "@contextlib.contextmanager\ndef f(): ...\n",
        ),
        # left alone
        (
            "import asyncio\nAsync = 1\nasyncx = 2\n",
            "import asyncio\nAsync = 1\nasyncx = 2\n",
        ),
        ("Asynchronous = 1\n", "Asynchronous = 1\n"),
    ],
)
def test_code_renames(source: str, expected: str) -> None:
    assert unasync(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x: t.AsyncIterator[int]\n", "x: t.Iterator[int]\n"),
        ("x: t.AsyncIterable[int]\n", "x: t.Iterable[int]\n"),
        ("x: AsyncIterator[int]\n", "x: Iterator[int]\n"),
        ("def f() -> t.Awaitable[int]: ...\n", "def f() -> int: ...\n"),
        ("def f() -> Awaitable[int]: ...\n", "def f() -> int: ...\n"),
        ("x: typing.Awaitable[A | None]\n", "x: A | None\n"),
        (
            "x: collections.abc.Awaitable[dict[str, int]]\n",
            "x: dict[str, int]\n",
        ),
        (
            "x: t.Coroutine[t.Any, t.Any, list[int]]\n",
            "x: list[int]\n",
        ),
        (
            "x: t.Coroutine[t.Any, t.Any, t.Awaitable[AsyncResult]]\n",
            "x: Result\n",
        ),
        (
            "x: t.Callable[[int], t.Awaitable[None]]\n",
            "x: t.Callable[[int], None]\n",
        ),
        (
            "x: t.Union[t.Awaitable[int], int]\n",
            "x: t.Union[int, int]\n",
        ),
        (
            "x: t.AsyncIterator[t.Awaitable[int]]\n",
            "x: t.Iterator[int]\n",
        ),
        (
            "x: t.AsyncGenerator[int, None]\n",
            "x: t.Generator[int, None, None]\n",
        ),
        (
            "x: t.AsyncGenerator[t.Awaitable[int], str]\n",
            "x: t.Generator[int, str, None]\n",
        ),
        # multi-line subscripts stay valid once the brackets are gone
        (
            "def f() -> t.Awaitable[\n    int  # the count\n]: ...\n",
            "def f() -> int: ...\n",
        ),
        (
            (
                "def f() -> t.Coroutine[\n    t.Any,\n    t.Any,\n"
                "    dict[\n        str, int\n    ],\n]: ...\n"
            ),
            "def f() -> dict[\n        str, int\n    ]: ...\n",
        ),
        # a bare name (no subscript) is left alone
        ("from typing import Awaitable\n", "from typing import Awaitable\n"),
        # string annotations
        ('x: "t.Awaitable[AsyncBolt]"\n', 'x: "Bolt"\n'),
        ("x: 't.AsyncIterator[int]'\n", "x: 't.Iterator[int]'\n"),
    ],
)
def test_type_annotations(source: str, expected: str) -> None:
    assert unasync(source) == expected


def test_docstrings_and_examples() -> None:
    source = '''\
    def f():
        """Run a query with an :class:`AsyncSession`.

        Example::

            async with driver.session() as session:
                result = await session.run("RETURN 1")
                async for record in result:
                    print(record)
            await driver.aclose()

        :param tx: an ``AsyncManagedTransaction``
        :returns: a ``t.Awaitable[AsyncResult]``
        :raises StopAsyncIteration: never
        """
    '''
    expected = '''\
    def f():
        """Run a query with an :class:`Session`.

        Example::

            with driver.session() as session:
                result = session.run("RETURN 1")
                for record in result:
                    print(record)
            driver.close()

        :param tx: an ``ManagedTransaction``
        :returns: a ``Result``
        :raises StopIteration: never
        """
    '''
    same(unasync(source), expected)


def test_strings_and_comments() -> None:
    source = """\
    x = f"{AsyncDriver.__name__} via neo4j._async.driver"  # AsyncDriver
    y = r'async_mode'  # await the AsyncPool
    z = "an async driver; async def f(): await g()"
    """
    expected = """\
    x = f"{Driver.__name__} via neo4j._sync.driver"  # Driver
    y = r'mode'  # the Pool
    z = "an async driver; def f(): g()"
    """
    same(unasync(source), expected)


def test_compat_block_is_kept() -> None:
    source = """\
    async def f():
        if AsyncUtil.is_async_code:
            await asyncio.sleep(0)
        else:
            pass
    """
    expected = """\
    def f():
        if Util.is_async_code:
            asyncio.sleep(0)
        else:
            pass
    """
    same(unasync(source), expected)


def test_sample_module_end_to_end() -> None:
    rule = mu.SyncRule("src/neo4j/_async", "src/neo4j/_sync")
    source = (SAMPLES / "async_sample.py").read_text("utf-8")
    out = mu.render(source, "src/neo4j/_async/sample.py", rule)
    lines = out.splitlines(keepends=True)
    assert lines[0] == (
        "# This file is generated from src/neo4j/_async/sample.py by "
        "bin/make-unasync; do not edit.\n"
    )
    assert lines[1].startswith("# make-unasync digest: ")
    body = "".join(lines[2:])
    assert body == (SAMPLES / "sync_sample.py").read_text("utf-8")
    # the digest is the one of the body: parse_header agrees
    assert mu.parse_header(out) == ("src/neo4j/_async/sample.py", True)
    # deterministic
    assert mu.render(source, "src/neo4j/_async/sample.py", rule) == out


def test_output_is_formatted() -> None:
    rule = mu.SyncRule("src/neo4j/_async", "src/neo4j/_sync")
    source = "async def f(a):\n    return await g(\n        a\n    )\n"
    out = mu.render(source, "src/neo4j/_async/f.py", rule)
    assert out.split("\n", 2)[2] == "def f(a):\n    return g(a)\n"


# ------------------------------------------------------- python pinning


def test_python_pin() -> None:
    assert mu.check_python(mu.PINNED_PYTHON, {}) is None
    message = mu.check_python((3, 13), {})
    assert message is not None
    assert "Python 3.11 only (this is 3.13)" in message
    assert mu.OVERRIDE_ENV in message
    assert mu.check_python((3, 13), {mu.OVERRIDE_ENV: "1"}) is None


# ------------------------------------------------------------------ CLI

ASYNC_MODULE = '''\
from __future__ import annotations


class AsyncThing:
    """An async thing."""

    async def run(self) -> int:
        return await self._go()

    async def _go(self) -> int:
        return 1
'''


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text("utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository with a fake async package and generated twin."""
    src = tmp_path / "src" / "neo4j" / "_async"
    (src / "work").mkdir(parents=True)
    (src / "__init__.py").write_text("", "utf-8")
    (src / "thing.py").write_text(ASYNC_MODULE, "utf-8")
    (src / "work" / "__init__.py").write_text(
        "from neo4j._async.thing import AsyncThing\n", "utf-8"
    )
    tests = tmp_path / "tests" / "unit" / "async_"
    tests.mkdir(parents=True)
    (tests / "test_thing.py").write_text(
        "from neo4j._async.thing import AsyncThing\n\n\n"
        "async def test_thing() -> None:\n"
        "    assert await AsyncThing().run() == 1\n",
        "utf-8",
    )
    proc = run_cli(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "make-unasync: 4 written, 0 removed, 0 unchanged"
    )
    return tmp_path


def test_generates_all_trees(tree: Path) -> None:
    sync = tree / "src" / "neo4j" / "_sync"
    generated = [
        p.relative_to(tree).as_posix()
        for p in sorted(tree.rglob("*.py"))
        if "async" not in p.relative_to(tree).as_posix()
    ]
    assert generated == [
        "src/neo4j/_sync/__init__.py",
        "src/neo4j/_sync/thing.py",
        "src/neo4j/_sync/work/__init__.py",
        "tests/unit/sync/test_thing.py",
    ]
    assert (
        (sync / "work" / "__init__.py")
        .read_text("utf-8")
        .endswith("from neo4j._sync.thing import Thing\n")
    )
    test_text = (tree / "tests/unit/sync/test_thing.py").read_text("utf-8")
    assert test_text.startswith(
        "# This file is generated from tests/unit/async_/test_thing.py "
        "by bin/make-unasync; do not edit.\n"
    )
    assert "def test_thing() -> None:\n    assert Thing().run() == 1\n" in (
        test_text
    )


def test_check_passes_on_clean_tree(tree: Path) -> None:
    before = snapshot(tree)
    proc = run_cli(tree, "--check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "make-unasync: 4 generated files up to date"
    assert snapshot(tree) == before
    # regenerating a clean tree changes nothing
    proc = run_cli(tree)
    assert proc.stdout.strip() == (
        "make-unasync: 0 written, 0 removed, 4 unchanged"
    )
    assert snapshot(tree) == before


def test_check_reports_stale(tree: Path) -> None:
    source = tree / "src/neo4j/_async/thing.py"
    source.write_text(ASYNC_MODULE.replace("return 1", "return 2"), "utf-8")
    before = snapshot(tree)
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert (
        "  stale:       src/neo4j/_sync/thing.py "
        "(source src/neo4j/_async/thing.py changed)"
    ) in proc.stderr.splitlines()
    assert "hand-edited" not in proc.stderr
    assert snapshot(tree) == before  # --check writes nothing
    assert run_cli(tree).returncode == 0
    assert "return 2" in (tree / "src/neo4j/_sync/thing.py").read_text()
    assert run_cli(tree, "--check").returncode == 0


def test_check_reports_missing(tree: Path) -> None:
    (tree / "src/neo4j/_async/new.py").write_text("X = 1\n", "utf-8")
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert (
        "  stale:       src/neo4j/_sync/new.py "
        "(missing; from src/neo4j/_async/new.py)"
    ) in proc.stderr.splitlines()
    assert not (tree / "src/neo4j/_sync/new.py").exists()


def test_check_reports_hand_edit(tree: Path) -> None:
    generated = tree / "src/neo4j/_sync/thing.py"
    edited = generated.read_text("utf-8").replace("return 1", "return 3")
    generated.write_text(edited, "utf-8")
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert (
        "  hand-edited: src/neo4j/_sync/thing.py" in proc.stderr.splitlines()
    )
    assert "stale" not in proc.stderr
    assert generated.read_text("utf-8") == edited
    # a plain regeneration refuses to overwrite the edit...
    proc = run_cli(tree)
    assert proc.returncode == 1
    assert "refusing to overwrite hand-edited files" in proc.stderr
    assert generated.read_text("utf-8") == edited
    # ...unless forced
    assert run_cli(tree, "--force").returncode == 0
    assert "return 1" in generated.read_text("utf-8")
    assert run_cli(tree, "--check").returncode == 0


def test_check_reports_removed_header(tree: Path) -> None:
    generated = tree / "src/neo4j/_sync/thing.py"
    body = generated.read_text("utf-8").split("\n", 2)[2]
    generated.write_text(body, "utf-8")
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert "  hand-edited: src/neo4j/_sync/thing.py" in proc.stderr


def test_check_reports_orphan(tree: Path) -> None:
    (tree / "tests/unit/async_/test_thing.py").unlink()
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert (
        "  orphan:      tests/unit/sync/test_thing.py "
        "(its async source is gone)"
    ) in proc.stderr.splitlines()
    assert (tree / "tests/unit/sync/test_thing.py").exists()
    proc = run_cli(tree)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "make-unasync: 0 written, 1 removed, 3 unchanged"
    )
    assert not (tree / "tests/unit/sync").exists()  # empty dirs go too
    assert run_cli(tree, "--check").returncode == 0


def test_check_reports_orphan_of_removed_tree(tree: Path) -> None:
    # the whole async package is gone; its twin must go as well
    for path in sorted((tree / "src/neo4j/_async").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (tree / "src/neo4j/_async").rmdir()
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    orphans = [line for line in proc.stderr.splitlines() if "orphan:" in line]
    assert len(orphans) == 3


def test_hand_written_file_in_generated_tree_is_orphan(tree: Path) -> None:
    (tree / "src/neo4j/_sync/extra.py").write_text("X = 1\n", "utf-8")
    proc = run_cli(tree, "--check")
    assert proc.returncode == 1
    assert "  orphan:      src/neo4j/_sync/extra.py" in proc.stderr
    # it has no header: deleting it needs --force
    proc = run_cli(tree)
    assert proc.returncode == 1
    assert "src/neo4j/_sync/extra.py" in proc.stderr
    assert run_cli(tree, "--force").returncode == 0
    assert not (tree / "src/neo4j/_sync/extra.py").exists()


def test_empty_tree_is_clean(tmp_path: Path) -> None:
    proc = run_cli(tmp_path, "--check")
    assert proc.returncode == 0
    assert proc.stdout.strip() == "make-unasync: 0 generated files up to date"


def test_repository_is_up_to_date() -> None:
    """The real tree: the same check bin/check runs."""
    proc = run_cli(REPO, "--check")
    assert proc.returncode == 0, proc.stderr
