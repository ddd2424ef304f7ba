"""
Optional third-party libraries: numpy, pandas and pyarrow.

Nothing is imported with ``neo4j``: loading pandas alone takes about
half a second and 50 MiB, and most applications never hand the driver
a data frame.  Two ways in, both through this module:

* :func:`loaded` returns a library only if the application has already
  imported it.  That is all a type check needs: a value cannot be a
  ``numpy.ndarray`` unless numpy is loaded.
* The attributes ``np``, ``pd``, ``pa`` and ``pa_compute`` import the
  library on first access (``None`` if it is not installed), for code
  that needs it (``Result.to_df()``).

The ``HAS_*`` flags say whether a library is installed, without
importing it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
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
    "loaded",
    "np",
    "pa",
    "pa_compute",
    "pd",
]

#: attribute -> module it imports on first access
_ON_ACCESS: t.Final = {
    "np": "numpy",
    "pd": "pandas",
    "pa": "pyarrow",
    "pa_compute": "pyarrow.compute",
}


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


HAS_NUMPY: t.Final[bool] = _installed("numpy")
HAS_PANDAS: t.Final[bool] = _installed("pandas")
HAS_PYARROW: t.Final[bool] = _installed("pyarrow")


def loaded(name: str) -> t.Any:
    """The library ``name`` if it has been imported already, else None.

    :param name: ``"numpy"``, ``"pandas"`` or ``"pyarrow"``
    """
    return sys.modules.get(name)


def _try_import(name: str) -> t.Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def __getattr__(attribute: str) -> t.Any:
    # PEP 562: runs only while the attribute is not set yet
    name = _ON_ACCESS.get(attribute)
    if name is None:
        raise AttributeError(
            f"module {__name__!r} has no attribute {attribute!r}"
        )
    module = _try_import(name)
    globals()[attribute] = module
    return module
