"""numpy, pandas and pyarrow are not imported with the driver.

Each check runs in a fresh interpreter: this test process has imported
those libraries long ago.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


LIBRARIES = ("numpy", "pandas", "pyarrow")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_neo4j_loads_no_optional_library() -> None:
    out = _run(
        """
        import sys
        import neo4j
        import neo4j.vector
        import neo4j._optional_deps as deps
        assert deps.HAS_NUMPY and deps.HAS_PANDAS and deps.HAS_PYARROW
        print(sorted(set(sys.modules) & {"numpy", "pandas", "pyarrow"}))
        """
    )
    assert out == "[]"


def test_library_attribute_imports_on_first_access() -> None:
    out = _run(
        """
        import sys
        import neo4j._optional_deps as deps
        assert deps.loaded("numpy") is None
        np = deps.np
        import numpy
        print(np is numpy, deps.loaded("numpy") is numpy)
        """
    )
    assert out == "True True"


def test_numpy_and_pandas_loaded_after_the_driver_still_encode() -> None:
    # the hooks of a protocol version are built before the application
    # imports numpy/pandas; their values must encode as when they were
    # imported first
    values = (
        "[np.int64(5), np.float32(1.5), np.array([1, 2]), np.bool_(True),"
        " pd.Timestamp('2020-01-01T10:00', tz='Europe/Paris'),"
        " pd.Series([1.5, 2.5]), pd.NaT]"
    )
    late = _run(
        f"""
        import sys
        from neo4j._codec.hydration import HydrationHandlerV2
        from neo4j._codec.packstream import pack_struct
        hooks = HydrationHandlerV2().dehydration_hooks
        assert "numpy" not in sys.modules and "pandas" not in sys.modules
        import numpy as np
        import pandas as pd
        out = bytearray()
        pack_struct(out, b"\\x10", {values}, hooks)
        print(out.hex())
        """
    )
    early = _run(
        f"""
        import numpy as np
        import pandas as pd
        from neo4j._codec.hydration import HydrationHandlerV2
        from neo4j._codec.packstream import pack_struct
        hooks = HydrationHandlerV2().dehydration_hooks
        out = bytearray()
        pack_struct(out, b"\\x10", {values}, hooks)
        print(out.hex())
        """
    )
    assert late == early
    assert late.startswith("b710")


def test_late_rules_are_learned_once_and_kept_by_extend() -> None:
    from neo4j._codec.packstream import DehydrationHooks

    class Loaded:
        pass

    class Other:
        pass

    calls = []
    available: dict[type, object] = {}

    def late() -> tuple[dict[type, object], dict[type, object]]:
        calls.append(1)
        return dict(available), {}

    hooks = DehydrationHooks()
    hooks.late = late
    assert hooks.get_transformer(Other) is None
    available[Loaded] = str  # the library is loaded now
    assert hooks.get_transformer(Loaded) is str
    assert hooks.extend().get_transformer(Loaded) is str
    extended = DehydrationHooks().extend()
    assert extended.late is None
    assert hooks.get_transformer(Other) is None
    count = len(calls)
    assert hooks.get_transformer(Other) is None  # cached: not asked again
    assert len(calls) == count
