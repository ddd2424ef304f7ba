"""
Optional third-party libraries, imported only if they are installed.

Each module attribute is either the imported module or ``None``; the
``HAS_*`` flags say the same thing as booleans.  Nothing in the driver
may import numpy, pandas or pyarrow directly: go through this module so
that a missing library never breaks ``import neo4j``.
"""

from __future__ import annotations

import importlib
import typing as t


if t.TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pa_compute


__all__ = [
    "HAS_NUMPY",
    "HAS_PANDAS",
    "HAS_PYARROW",
    "np",
    "pa",
    "pa_compute",
    "pd",
]


def _try_import(name: str) -> t.Any:
    """
    Import a module by name.

    :param name: dotted module name
    :returns: the module, or :data:`None` if it cannot be imported
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


if not t.TYPE_CHECKING:
    np = _try_import("numpy")
    pd = _try_import("pandas")
    pa = _try_import("pyarrow")
    pa_compute = _try_import("pyarrow.compute") if pa is not None else None


HAS_NUMPY: t.Final[bool] = np is not None
HAS_PANDAS: t.Final[bool] = pd is not None
HAS_PYARROW: t.Final[bool] = pa is not None
