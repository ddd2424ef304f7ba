"""
Package metadata: version, user agent and Bolt agent.

``version`` is the one place the package version is kept (``pyproject.toml``
reads it).  It is the version of the official driver API this package
implements, never lower: installers compare it with the requirements of
other packages (``neo4j>=6.3``), and a lower or pre-release version makes
them replace this package with the official one.

``USER_AGENT`` is the default value of the ``user_agent`` driver option and
``BOLT_AGENT_DICT`` is the ``bolt_agent`` entry sent in HELLO from Bolt 5.3
on.  Both are computed once at import time.
"""

from __future__ import annotations

import platform
import sys
import typing as t


__all__ = [
    "BOLT_AGENT_DICT",
    "USER_AGENT",
    "get_bolt_agent",
    "get_user_agent",
    "package",
    "version",
]


package = "neo4j"
version = "6.4.1"


def _version_info_str(info: t.Any) -> str:
    # sys.version_info and sys.implementation.version are both 5-tuples:
    # (major, minor, micro, releaselevel, serial)
    major, minor, micro, level, serial = tuple(info)[:5]
    return f"{major}.{minor}.{micro}-{level}-{serial}"


def _build_bolt_agent() -> dict[str, str]:
    python = _version_info_str(sys.version_info)
    system = platform.system() or "Unknown"
    release = platform.release() or "unknown"
    machine = platform.machine() or "unknown"
    build = ", ".join(platform.python_build())
    details = (
        f"{platform.python_implementation()}; "
        f"{_version_info_str(sys.implementation.version)} "
        f"({build}) [{platform.python_compiler()}]"
    )
    return {
        "product": f"neo4j-python/{version}",
        "platform": f"{system} {release}; {machine}",
        "language": f"Python/{python}",
        "language_details": details,
    }


#: The ``bolt_agent`` map sent in HELLO (Bolt 5.3+).  Do not mutate; use
#: :func:`get_bolt_agent` for a private copy.
BOLT_AGENT_DICT: t.Final[dict[str, str]] = _build_bolt_agent()

#: The default user agent string.
USER_AGENT: t.Final[str] = (
    f"{BOLT_AGENT_DICT['product']} {BOLT_AGENT_DICT['language']} "
    f"({sys.platform})"
)


def get_user_agent() -> str:
    """
    Return the user agent the driver sends when none is configured.

    The format is ``neo4j-python/<driver version> Python/<x.y.z-level-n>
    (<platform>)``.

    :returns: the default user agent string
    """
    return USER_AGENT


def get_bolt_agent() -> dict[str, str]:
    """
    Return a fresh copy of the ``bolt_agent`` map for HELLO.

    :returns: dict with the keys ``product``, ``platform``, ``language``
        and ``language_details``
    """
    return dict(BOLT_AGENT_DICT)
