"""Hydration handlers, one per family of Bolt protocol versions.

Each handler declares only what differs from its parent:

* :class:`HydrationHandlerV1` - Bolt 4.4: legacy ``F``/``f`` date-times,
  or ``I``/``i`` with the ``utc`` patch; no vectors.
* :class:`HydrationHandlerV2` - Bolt 5.0-5.8: element ids (handled by the
  graph hooks, which accept both field layouts), UTC date-times.
* :class:`HydrationHandlerV3` - Bolt 6.0: adds ``V`` vectors and ``?``
  unsupported-type placeholders.
* :class:`HydrationHandlerV4` - Bolt 6.1: UUID parameters (PackStream 2;
  received UUIDs are decoded by the codec itself).
"""

from __future__ import annotations

import datetime as _dt
import functools
import uuid as _uuid_mod

from ...spatial import (
    CartesianPoint,
    Point,
    WGS84Point,
)
from ...time import (
    Date,
    DateTime,
    Duration,
    Time,
)
from ...vector import Vector
from . import (
    _spatial,
    _temporal,
    _uuid,
    _vector,
)
from ._extended import extended_hooks
from ._scope import HydrationHandlerBase


__all__ = [
    "HydrationHandlerV1",
    "HydrationHandlerV2",
    "HydrationHandlerV3",
    "HydrationHandlerV4",
]


class HydrationHandlerV1(HydrationHandlerBase):
    """Bolt 4.4.

    :param utc_patch: ``True`` if the server accepted
        ``patch_bolt: ["utc"]`` (UTC-based ``I``/``i`` date-times)
    """

    utc: bool

    def __init__(self, utc_patch: bool = False) -> None:
        super().__init__()
        self.utc = utc_patch
        if utc_patch:
            dt_hydrate = _temporal.hydrate_datetime_utc
            dt_dehydrate = _temporal.dehydrate_datetime_utc
            zoned = (0x49, 0x69)  # I, i
        else:
            dt_hydrate = _temporal.hydrate_datetime_legacy
            dt_dehydrate = _temporal.dehydrate_datetime_legacy
            zoned = (0x46, 0x66)  # F, f
        self.struct_hooks.update(
            {
                0x58: _spatial.hydrate_point,  # X
                0x59: _spatial.hydrate_point,  # Y
                0x44: _temporal.hydrate_date,  # D
                0x54: _temporal.hydrate_time,  # T
                0x74: _temporal.hydrate_time,  # t
                0x64: _temporal.hydrate_local_datetime,  # d
                zoned[0]: dt_hydrate,
                zoned[1]: dt_hydrate,
                0x45: _temporal.hydrate_duration,  # E
            }
        )
        self.fast_hooks.update(
            {
                _spatial.hydrate_point: _spatial.fast_point,
                _temporal.hydrate_date: _temporal.fast_date,
                _temporal.hydrate_datetime_utc: _temporal.fast_datetime_utc,
                _temporal.hydrate_duration: _temporal.fast_duration,
            }
        )
        exact, sub = extended_hooks(utc=utc_patch)
        self.dehydration_hooks.update(
            exact_types={
                Point: _spatial.dehydrate_point,
                CartesianPoint: _spatial.dehydrate_point,
                WGS84Point: _spatial.dehydrate_point,
                Date: _temporal.dehydrate_date,
                _dt.date: _temporal.dehydrate_date,
                Time: _temporal.dehydrate_time,
                _dt.time: _temporal.dehydrate_time,
                DateTime: dt_dehydrate,
                _dt.datetime: dt_dehydrate,
                Duration: _temporal.dehydrate_duration,
                _dt.timedelta: _temporal.dehydrate_timedelta,
                Vector: _vector.reject_vector,
                _uuid_mod.UUID: _uuid.reject_uuid,
                **exact,
            },
            subtypes={
                Point: _spatial.dehydrate_point,
                Vector: _vector.reject_vector,
                _uuid_mod.UUID: _uuid.reject_uuid,
                **sub,
            },
        )
        # numpy/pandas loaded after this point: rules added on first use
        self.dehydration_hooks.late = functools.partial(
            extended_hooks, utc=utc_patch
        )


class HydrationHandlerV2(HydrationHandlerV1):
    """Bolt 5.0 to 5.8: UTC-based date-times, element ids."""

    def __init__(self) -> None:
        super().__init__(utc_patch=True)


class HydrationHandlerV3(HydrationHandlerV2):
    """Bolt 6.0: adds vectors and unsupported-type placeholders."""

    def __init__(self) -> None:
        super().__init__()
        self.struct_hooks.update(
            {
                0x56: _vector.hydrate_vector,  # V
                0x3F: _vector.hydrate_unsupported,  # ?
            }
        )
        self.dehydration_hooks.update(
            exact_types={Vector: _vector.dehydrate_vector},
            subtypes={Vector: _vector.dehydrate_vector},
        )


class HydrationHandlerV4(HydrationHandlerV3):
    """Bolt 6.1: UUIDs as parameters (PackStream 2)."""

    def __init__(self) -> None:
        super().__init__()
        self.dehydration_hooks.update(
            exact_types={_uuid_mod.UUID: _uuid.dehydrate_uuid},
            subtypes={_uuid_mod.UUID: _uuid.dehydrate_uuid},
        )
