"""Run testkit's suites and write one JSON line per test.

Executed by the Python of testkit's environment (it needs testkit's
requirements, not the driver)::

    python testkitbackend/_stub_runner.py TESTKIT_DIR OUT.jsonl [NAMES...]

``NAMES`` are unittest names; a package (``tests.stub``,
``tests.neo4j``) runs every test module below it (default: all stub
suites).  Each output line is ``{"test": id, "outcome":
"pass"|"fail"|"error"|"skip", "detail": text, "seconds": float}``; the
backend must already be listening.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
import typing as t
import unittest


class _JsonResult(unittest.TextTestResult):
    """Records every outcome (subtest failures count for their test)."""

    out: t.TextIO
    _started: float = 0.0

    def startTest(self, test: t.Any) -> None:
        self._started = time.monotonic()
        super().startTest(test)

    def _emit(self, test: t.Any, outcome: str, detail: str = "") -> None:
        line = {
            "test": test.id(),
            "outcome": outcome,
            "detail": detail,
            "seconds": round(time.monotonic() - self._started, 3),
        }
        self.out.write(json.dumps(line) + "\n")
        self.out.flush()

    def addSuccess(self, test: t.Any) -> None:
        super().addSuccess(test)
        if not getattr(test, "_subtest_failed", False):
            self._emit(test, "pass")

    def addFailure(self, test: t.Any, err: t.Any) -> None:
        super().addFailure(test, err)
        self._emit(test, "fail", self._text(err))

    def addError(self, test: t.Any, err: t.Any) -> None:
        super().addError(test, err)
        self._emit(test, "error", self._text(err))

    def addSkip(self, test: t.Any, reason: str) -> None:
        super().addSkip(test, reason)
        self._emit(test, "skip", reason)

    def addSubTest(self, test: t.Any, subtest: t.Any, err: t.Any) -> None:
        super().addSubTest(test, subtest, err)
        if err is None:
            return
        test._subtest_failed = True
        is_failure = issubclass(err[0], test.failureException)
        skip = issubclass(err[0], unittest.SkipTest)
        if skip:
            self._emit(subtest, "skip", str(err[1]))
        else:
            self._emit(
                subtest, "fail" if is_failure else "error", self._text(err)
            )

    @staticmethod
    def _text(err: t.Any) -> str:
        return "".join(traceback.format_exception(*err))[-4000:]


def main(argv: list[str]) -> int:
    testkit_dir, out_path, *names = argv
    os.chdir(testkit_dir)
    sys.path.insert(0, testkit_dir)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in names or ["tests.stub"]:
        folder = os.path.join(testkit_dir, *name.split("."))
        if os.path.isdir(folder):  # a package: discover its test modules
            suite.addTest(loader.discover(folder, top_level_dir=testkit_dir))
        else:
            suite.addTest(loader.loadTestsFromName(name))
    with open(out_path, "w", encoding="utf-8") as out:
        _JsonResult.out = out
        runner = unittest.TextTestRunner(
            resultclass=t.cast(t.Any, _JsonResult),
            verbosity=1,
            stream=sys.stderr,
        )
        result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
