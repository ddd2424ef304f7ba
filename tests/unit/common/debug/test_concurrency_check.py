"""The debug-mode guard against concurrent use: threads (sync driver),
and the wiring of the driver's classes in and out of debug mode."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from neo4j._sync._debug._concurrency_check import (
    NonConcurrentMethodError,
    guard,
)


ROOT = Path(__file__).resolve().parents[4]


class _Work:
    def __init__(self) -> None:
        self.inside = threading.Event()
        self.release = threading.Event()

    @guard
    def slow(self) -> str:
        self.inside.set()
        self.release.wait(10)
        return "slow"

    @guard
    def quick(self) -> str:
        return "quick"

    @guard
    def nested(self) -> str:
        return self.quick()


def test_second_thread_is_refused_while_the_first_is_inside() -> None:
    work = _Work()
    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(work.slow()))
    first.start()
    assert work.inside.wait(10)
    with pytest.raises(NonConcurrentMethodError) as info:
        work.quick()
    assert "Other invocation site" in str(info.value)
    assert isinstance(info.value, RuntimeError)
    work.release.set()
    first.join(10)
    assert results == ["slow"]
    assert work.quick() == "quick"


def test_the_same_thread_may_reenter() -> None:
    assert _Work().nested() == "quick"


GUARDED = {
    "Session": [
        "begin_transaction", "close", "execute_read", "execute_write",
        "last_bookmarks", "run",
    ],
    "Transaction": ["run", "commit", "rollback", "close", "__exit__"],
    "ManagedTransaction": ["run"],
    "Result": [
        "__iter__", "__next__", "consume", "data", "fetch", "graph",
        "peek", "single", "to_df", "to_eager_result", "value", "values",
    ],
}  # fmt: skip

_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys, threading
    import neo4j
    from tests.unit.async_.fake_bolt import FakeBoltServer

    guarded = json.loads(sys.argv[1])
    report = {"wrapped": {}, "async_error": None, "sync_error": None}
    for name, methods in guarded.items():
        for prefix in ("", "Async"):
            cls = getattr(neo4j, prefix + name)
            for method in methods:
                if prefix:
                    method = method.replace("__iter__", "__aiter__")
                    method = method.replace("__next__", "__anext__")
                    method = method.replace("__exit__", "__aexit__")
                key = f"{prefix}{name}.{method}"
                report["wrapped"][key] = hasattr(
                    getattr(cls, method), "__wrapped__"
                )
    if report["wrapped"]["Session.run"]:
        server = FakeBoltServer()
        try:
            async def use_twice():
                driver = neo4j.AsyncGraphDatabase.driver(
                    server.uri, auth=("u", "p")
                )
                session = driver.session()
                async def query():
                    result = await session.run("5000")
                    return [r async for r in result]
                outcome = await asyncio.gather(
                    query(), query(), return_exceptions=True
                )
                await session.close()
                await driver.close()
                return [type(o).__name__ for o in outcome
                        if isinstance(o, BaseException)]
            report["async_error"] = asyncio.run(use_twice())
            driver = neo4j.GraphDatabase.driver(server.uri, auth=("u", "p"))
            session = driver.session()
            errors = []
            def query():
                try:
                    for _ in range(20):
                        list(session.run("2000"))
                except Exception as exc:
                    errors.append(type(exc).__name__)
            threads = [threading.Thread(target=query) for _ in range(2)]
            [t.start() for t in threads]
            [t.join(60) for t in threads]
            session.close()
            driver.close()
            report["sync_error"] = errors
        finally:
            server.stop()
    print(json.dumps(report))
    """
)


def _run(env_value: str | None, *flags: str) -> dict[str, object]:
    import json

    env = dict(os.environ)
    env.pop("PYTHONNEO4JDEBUG", None)
    if env_value is not None:
        env["PYTHONNEO4JDEBUG"] = env_value
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    done = subprocess.run(
        [sys.executable, *flags, "-c", _SCRIPT, json.dumps(GUARDED)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return t_cast(json.loads(done.stdout.strip().splitlines()[-1]))


def t_cast(value: object) -> dict[str, object]:
    assert isinstance(value, dict)
    return value


def test_off_by_default_no_method_is_wrapped() -> None:
    report = _run(None)
    assert report["wrapped"] and not any(report["wrapped"].values())


@pytest.mark.parametrize(
    ("value", "flags"), [("1", ()), (None, ("-X", "dev"))]
)
def test_debug_mode_guards_sessions_transactions_and_results(
    value: str | None, flags: tuple[str, ...]
) -> None:
    report = _run(value, *flags)
    assert all(report["wrapped"].values()), report["wrapped"]
    assert report["async_error"] == ["NonConcurrentMethodError"]
    assert report["sync_error"] == ["NonConcurrentMethodError"]
