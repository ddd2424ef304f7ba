"""Protocol classes, one per Bolt version (each extends the previous).

:data:`PROTOCOL_CLASSES` maps a negotiated ``(major, minor)`` to its
class; :func:`protocol_class` looks one up.
"""

from __future__ import annotations

from ._base import BoltBase, QueueMark
from .bolt3 import Bolt3
from .bolt4 import Bolt4x2, Bolt4x3, Bolt4x4
from .bolt5 import (
    Bolt5x0,
    Bolt5x1,
    Bolt5x2,
    Bolt5x3,
    Bolt5x4,
    Bolt5x5,
    Bolt5x6,
    Bolt5x7,
    Bolt5x8,
)
from .bolt6 import Bolt6x0, Bolt6x1


__all__ = [
    "PROTOCOL_CLASSES",
    "Bolt3",
    "Bolt4x2",
    "Bolt4x3",
    "Bolt4x4",
    "Bolt5x0",
    "Bolt5x1",
    "Bolt5x2",
    "Bolt5x3",
    "Bolt5x4",
    "Bolt5x5",
    "Bolt5x6",
    "Bolt5x7",
    "Bolt5x8",
    "Bolt6x0",
    "Bolt6x1",
    "BoltBase",
    "QueueMark",
    "protocol_class",
]

#: Negotiated version -> protocol class.
PROTOCOL_CLASSES: dict[tuple[int, int], type[Bolt3]] = {
    cls.PROTOCOL_VERSION: cls
    for cls in (
        Bolt3,
        Bolt4x2,
        Bolt4x3,
        Bolt4x4,
        Bolt5x0,
        Bolt5x1,
        Bolt5x2,
        Bolt5x3,
        Bolt5x4,
        Bolt5x5,
        Bolt5x6,
        Bolt5x7,
        Bolt5x8,
        Bolt6x0,
        Bolt6x1,
    )
}


def protocol_class(version: tuple[int, int]) -> type[Bolt3]:
    """Return the class implementing ``version``.

    :param version: ``(major, minor)`` as negotiated
    :raises KeyError: if the version is not implemented
    """
    return PROTOCOL_CLASSES[version]
