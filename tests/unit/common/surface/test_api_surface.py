"""Our public API surface must match the official driver's.

The reference is ``official_api_6.json``, written by
``bin/dump-api-surface`` from the official package (see
``_surface.py`` for what is recorded).  The same introspection runs here
on our own ``neo4j`` and the two are compared.

Every difference must be listed below, with a reason:

* ``PENDING``: API that later issues will build (driver, sessions,
  results, pools, auth/bookmark managers, debug, summaries...).  Value
  types, exceptions, constants, ``Record``, ``Auth``, ``Bookmarks``,
  ``Address``, ``Query``, ``unit_of_work``, ``RoutingControl`` and
  ``EagerResult`` never belong here.
* ``DEVIATIONS``: deliberate, permanent differences.

Keys are difference paths: ``<module>.<name>`` covers everything about
that name, ``<module>.<name>.<attribute>`` one class attribute, and a
``#<field>`` suffix one recorded field (``#init``, ``#mro``,
``#signature``, ``#value``...).  A listed entry that no longer matches
any difference fails the test as stale, so the lists only shrink.

Regenerate the snapshot (only when moving to a new official version)::

    python bin/dump-api-surface --official --version 6.4.1 \\
        --out tests/unit/common/surface/official_api_6.json
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from tests.unit.common.surface import _surface


HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
SNAPSHOT = HERE / "official_api_6.json"
SCRIPT = REPO / "bin" / "dump-api-surface"

_DRIVER = "driver/session API: built with the driver issue"
_RESULT = "result/transaction API: built with the session issue"

PENDING: dict[str, str] = {
    # drivers and their factories
    # sessions, transactions, results
    # summaries
    # managers
    # logging helpers
}

DEVIATIONS: dict[str, str] = {
    "neo4j.DriverMetrics": (
        "an extension: the snapshot driver.metrics() returns (issue 14); "
        "the official driver has no public pool metrics"
    ),
    "neo4j.ConnectionPoolMetrics": "see neo4j.DriverMetrics",
    **{
        f"neo4j.{prefix}{kind}Driver.metrics": (
            "an extension: the metrics snapshot (metrics_enabled=True, "
            "issue 14)"
        )
        for prefix in ("", "Async")
        for kind in ("", "Bolt", "Neo4j", "Http")
    },
    **{
        f"neo4j.{prefix}Result.{method}": (
            "an extension: results as objects, Arrow tables and Polars "
            "frames (issue 15)"
        )
        for prefix in ("", "Async")
        for method in (
            "as_objects",
            "to_arrow",
            "iter_arrow_batches",
            "to_polars",
        )
    },
    "neo4j.exceptions.ResponseTimeoutError": (
        "an extension: the error of the client-side response_timeout "
        "option (issue 12), which the official driver does not have"
    ),
    **{
        f"neo4j.{prefix}{name}#init": (
            "constructed only by the driver, never by users: the internal "
            "constructor takes what our implementation needs"
        )
        for prefix in ("", "Async")
        for name in (
            "ManagedTransaction",
            "Result",
            "Session",
            "Transaction",
        )
    },
    "neo4j.Session.cancel": (
        "the sync twin is generated from the async code, so it keeps "
        "cancel(): it kills the connection without I/O (usable from a "
        "signal handler or another thread)"
    ),
    "neo4j.Transaction.cancel": "see neo4j.Session.cancel",
    "neo4j.api.Bookmarks#protocols": (
        "Bookmarks iterate over their raw values (FEATURES.md §9 asks for "
        "__iter__; the official class needs .raw_values for that)"
    ),
    "neo4j.time.DateTime#init": (
        "keyword-only fold=0, as datetime.datetime has, so DST folds can be "
        "told apart with zoneinfo zones (no pytz needed)"
    ),
    "neo4j.time.DateTime.fold": "see neo4j.time.DateTime#init",
    "neo4j.time.DateTime.timestamp": (
        "POSIX timestamp like datetime.datetime.timestamp (a drop-in "
        "convenience; the official DateTime lacks it)"
    ),
    "neo4j.spatial.point_type": (
        "CONTRACT.md: the codec's SRID -> point class helper is "
        "neo4j.spatial.point_type (official keeps it private)"
    ),
    "neo4j.warnings.NotificationPrinter": (
        "not in the official __all__: an import that leaks from the "
        "official warnings.py (the class lives in neo4j._debug)"
    ),
}


def _covers(entry: str, path: str) -> bool:
    """Whether exception ``entry`` covers difference ``path``."""
    return path == entry or path.startswith((entry + ".", entry + "#"))


def _module_of(path: str) -> str:
    """The public module a path belongs to (longest prefix wins)."""
    best = ""
    for module in _surface.PUBLIC_MODULES:
        if _covers(module, path) and len(module) > len(best):
            best = module
    return best


@pytest.fixture(scope="module")
def expected() -> dict[str, t.Any]:
    with SNAPSHOT.open(encoding="utf-8") as f:
        data: dict[str, t.Any] = json.load(f)
    return data


@pytest.fixture(scope="module")
def actual() -> dict[str, t.Any]:
    return _surface.dump_surface()


@pytest.fixture(scope="module")
def differences(
    expected: dict[str, t.Any], actual: dict[str, t.Any]
) -> list[_surface.Difference]:
    return _surface.diff_surfaces(expected, actual)


def test_snapshot_is_official_6x(expected: dict[str, t.Any]) -> None:
    meta = expected["meta"]
    assert meta["format"] == _surface.FORMAT_VERSION
    assert str(meta["neo4j_version"]).startswith("6.")
    assert sorted(expected["modules"]) == sorted(_surface.PUBLIC_MODULES)
    for module in expected["modules"].values():
        assert module["error"] is None
        assert module["names"]


def test_exception_lists_are_disjoint_and_well_formed() -> None:
    assert not set(PENDING) & set(DEVIATIONS)
    for entry, reason in {**PENDING, **DEVIATIONS}.items():
        assert _module_of(entry), f"{entry}: not in a public module"
        assert reason.strip(), f"{entry}: give a reason"


@pytest.mark.parametrize("module", _surface.PUBLIC_MODULES)
def test_surface_matches_official(
    module: str, differences: list[_surface.Difference]
) -> None:
    listed = {**PENDING, **DEVIATIONS}
    mine = [d for d in differences if _module_of(d.path) == module]
    unlisted = [d for d in mine if not any(_covers(e, d.path) for e in listed)]
    stale = [
        entry
        for entry in sorted(listed)
        if _module_of(entry) == module
        # neither a difference under it, nor one above it (a missing
        # class makes its attributes' entries impossible to judge)
        and not any(
            _covers(entry, d.path) or _covers(d.path, entry)
            for d in differences
        )
    ]
    lines: list[str] = []
    if unlisted:
        lines.append(
            f"{len(unlisted)} difference(s) from the official {module} "
            "(fix, or list in PENDING/DEVIATIONS with a reason):"
        )
        lines += [f"  {d.path}: {d.message}" for d in unlisted]
    if stale:
        lines.append("stale exception entry: remove it:")
        lines += [f"  {entry}" for entry in stale]
    if lines:
        pytest.fail("\n".join(lines), pytrace=False)


def test_dump_is_deterministic(actual: dict[str, t.Any]) -> None:
    again = _surface.dump_surface()
    assert json.dumps(again, sort_keys=True) == json.dumps(
        actual, sort_keys=True
    )


def test_dump_script_matches_in_process_dump(
    actual: dict[str, t.Any], tmp_path: Path
) -> None:
    out = tmp_path / "surface.json"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--python",
            sys.executable,
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    with out.open(encoding="utf-8") as f:
        dumped = json.load(f)
    assert dumped == json.loads(json.dumps(actual))


# ----------------------------------------------------- the comparison itself


def _surface_of(**names: dict[str, t.Any]) -> dict[str, t.Any]:
    return {
        "meta": {},
        "modules": {"neo4j.x": {"error": None, "names": names}},
    }


def _cls(**fields: t.Any) -> dict[str, t.Any]:
    entry: dict[str, t.Any] = {
        "kind": "class",
        "in_all": True,
        "bases": [],
        "mro": [],
        "init": "()",
        "attributes": {},
    }
    entry.update(fields)
    return entry


def test_diff_reports_missing_unexpected_and_changed() -> None:
    method = {"kind": "method", "signature": "(self, a=1)"}
    expected = _surface_of(
        A=_cls(attributes={"m": method, "gone": method}),
        B=_cls(),
    )
    actual = _surface_of(
        A=_cls(
            init="(x)",
            attributes={
                "m": {"kind": "method", "signature": "(self, a=2)"},
                "new": {"kind": "property", "settable": False},
            },
        ),
        C={"kind": "function", "in_all": True, "signature": "()"},
    )
    assert _surface.diff_surfaces(expected, actual) == [
        ("neo4j.x.A#init", "init: expected '()', got '(x)'"),
        ("neo4j.x.A.gone", "missing method"),
        (
            "neo4j.x.A.m#signature",
            "signature: expected '(self, a=1)', got '(self, a=2)'",
        ),
        ("neo4j.x.A.new", "unexpected property"),
        ("neo4j.x.B", "missing class"),
        ("neo4j.x.C", "unexpected function"),
    ]


def test_diff_of_kind_change_is_one_entry() -> None:
    expected = _surface_of(A=_cls())
    actual = _surface_of(A={"kind": "alias", "in_all": True, "target": "B"})
    assert _surface.diff_surfaces(expected, actual) == [
        ("neo4j.x.A#kind", "kind: expected 'class', got 'alias'"),
    ]


def _sample(
    a: int, /, b: str = "x", *args: t.Any, c: object = None, **kw: t.Any
) -> None:
    """Sample callable for :func:`test_format_signature`."""


def _keyword_only(*, d: tuple[int, ...] = (1, 2)) -> int:
    """Sample callable for :func:`test_format_signature`."""
    return len(d)


def test_format_signature() -> None:
    assert (
        _surface.format_signature(_sample)
        == "(a, /, b='x', *args, c=None, **kw)"
    )
    assert _surface.format_signature(_keyword_only) == "(*, d=(1, 2))"
    assert _surface.format_signature(lambda: None) == "()"


def test_format_signature_hides_memory_addresses() -> None:
    sentinel = object()

    def f(x: object = sentinel) -> None:
        """Default whose repr contains an address."""

    assert _surface.format_signature(f) == "(x=<object object>)"


def test_covers() -> None:
    assert _covers("neo4j.Driver", "neo4j.Driver")
    assert _covers("neo4j.Driver", "neo4j.Driver.session#signature")
    assert _covers("neo4j.Driver", "neo4j.Driver#init")
    assert not _covers("neo4j.Driver", "neo4j.DriverX")
    assert _module_of("neo4j.time.Date#init") == "neo4j.time"
    assert _module_of("neo4j.Driver") == "neo4j"


class _WithInstanceAttributes:
    """Sample class for :func:`test_instance_attributes_from_source`."""

    def __init__(self, a: int) -> None:
        self.a = a
        self._hidden = a
        self.b: int = a
        self.c, self.d = a, a

    def bump(this) -> None:
        this.e = 1
        this.b += 1


def test_instance_attributes_from_source() -> None:
    assert _surface._assigned_instance_attributes(_WithInstanceAttributes) == {
        "a",
        "b",
        "c",
        "d",
        "e",
    }


def test_import_neo4j_exposes_the_official_submodules() -> None:
    # a fresh interpreter: other tests have imported the submodules
    code = (
        "import types, neo4j\n"
        "print(sorted(k for k, v in vars(neo4j).items()\n"
        "      if isinstance(v, types.ModuleType) and k[0] != '_'))\n"
        "print(neo4j.time.DateTime(2020, 1, 1).year)\n"
        "print(neo4j.auth_management.AuthManagers.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert out[0] == str(
        [
            "api",
            "auth_management",
            "exceptions",
            "graph",
            "spatial",
            "time",
            "types",
            "vector",
            "warnings",
        ]
    )
    assert out[1:3] == ["2020", "AuthManagers"]
