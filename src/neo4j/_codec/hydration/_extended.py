"""numpy and pandas values as query parameters.

Registered for the libraries the application has loaded (see
:mod:`neo4j._optional_deps`): the driver never imports them itself, and a
library loaded later is registered when its first value is met (see
``DehydrationHooks.late``).  Scalars become the matching core values,
arrays/series become lists, data frames become maps of column lists;
NaT/NA become null.  Complex and void numpy values, and pandas
Period/Interval/pyarrow-backed data are rejected.
"""

from __future__ import annotations

import typing as t

from ..._optional_deps import loaded
from ...time import Duration
from ..packstream import (
    Structure,
    UnsupportedTypeError,
)
from ._temporal import (
    EPOCH_ORDINAL,
    NANO,
    dehydrate_duration,
)


__all__ = ["extended_hooks"]


_Hook = t.Callable[[t.Any], t.Any]

# Bolt dates span years 1..9999
_MIN_SECONDS: t.Final = (1 - EPOCH_ORDINAL) * 86_400
_MAX_SECONDS: t.Final = (3_652_060 - EPOCH_ORDINAL) * 86_400  # 10000-01-01

_NS_PER_UNIT: t.Final = {
    "h": 3_600 * NANO,
    "m": 60 * NANO,
    "s": NANO,
    "ms": 1_000_000,
    "us": 1_000,
    "ns": 1,
}
_SUB_NS_DIVISOR: t.Final = {"ps": 1_000, "fs": 1_000_000, "as": NANO}


def _reject(what: str) -> t.NoReturn:
    raise UnsupportedTypeError(f"{what} values are not supported")


def _np_ndarray(value: t.Any) -> t.Any:
    kind = value.dtype.kind
    if kind in "biuf":
        return value.tolist()
    if kind in "cV":
        _reject(f"numpy arrays of dtype {value.dtype}")
    return list(value)


def _np_datetime(value: t.Any) -> t.Any:
    np = loaded("numpy")
    if np.isnat(value):
        return None
    unit, count = np.datetime_data(value.dtype)
    ticks = int(value.astype(np.int64)) * count
    if unit in _NS_PER_UNIT:
        seconds, nanos = divmod(ticks * _NS_PER_UNIT[unit], NANO)
    elif unit in _SUB_NS_DIVISOR:
        seconds, nanos = divmod(ticks // _SUB_NS_DIVISOR[unit], NANO)
    else:  # calendar units (Y, M, W, D)
        seconds = int(value.astype("datetime64[s]").astype(np.int64))
        nanos = 0
    if not _MIN_SECONDS <= seconds < _MAX_SECONDS:
        raise ValueError(f"Year out of range (1..9999) found {value}")
    return Structure(b"d", seconds, nanos)


def _np_timedelta(value: t.Any) -> t.Any:
    np = loaded("numpy")
    if np.isnat(value):
        return None
    unit, count = np.datetime_data(value.dtype)
    ticks = int(value.astype(np.int64)) * count
    if unit == "Y":
        duration = Duration(months=12 * ticks)
    elif unit == "M":
        duration = Duration(months=ticks)
    elif unit == "W":
        duration = Duration(days=7 * ticks)
    elif unit == "D":
        duration = Duration(days=ticks)
    elif unit in _NS_PER_UNIT:
        seconds, nanos = divmod(ticks * _NS_PER_UNIT[unit], NANO)
        duration = Duration(seconds=seconds, nanoseconds=nanos)
    elif unit in _SUB_NS_DIVISOR:
        duration = Duration(nanoseconds=ticks // _SUB_NS_DIVISOR[unit])
    else:
        raise TypeError(f"Unsupported numpy.timedelta64 unit: {unit!r}")
    return dehydrate_duration(duration)


def _none(_: t.Any) -> None:
    return None


def _pd_timedelta(value: t.Any) -> Structure:
    return dehydrate_duration(Duration(nanoseconds=value.value))


def _pd_timestamp_utc(value: t.Any) -> Structure:
    seconds, nanos = divmod(value.value, NANO)  # UTC based
    tz = value.tzinfo
    if tz is None:
        return Structure(b"d", seconds, nanos)
    from ._temporal import (
        _offset_seconds,
        _zone_id,
    )

    name = _zone_id(tz)
    if name is not None:
        return Structure(b"i", seconds, nanos, name)
    return Structure(b"I", seconds, nanos, _offset_seconds(value.utcoffset()))


def _pd_timestamp_legacy(value: t.Any) -> Structure:
    tz = value.tzinfo
    if tz is None:
        seconds, nanos = divmod(value.value, NANO)
        return Structure(b"d", seconds, nanos)
    from ._temporal import _zone_id

    offset = value.utcoffset()
    offset_s = offset.days * 86_400 + offset.seconds
    seconds, nanos = divmod(value.value + offset_s * NANO, NANO)
    name = _zone_id(tz)
    if name is not None:
        return Structure(b"f", seconds, nanos, name)
    return Structure(b"F", seconds, nanos, offset_s)


def _pd_check_dtype(dtype: t.Any) -> None:
    pd = loaded("pandas")
    arrow = getattr(pd, "ArrowDtype", None)
    if arrow is not None and isinstance(dtype, arrow):
        _reject(f"pandas data of pyarrow dtype {dtype}")
    if isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype)):
        _reject(f"pandas data of dtype {dtype}")


def _pd_sequence(value: t.Any) -> list[t.Any]:
    _pd_check_dtype(value.dtype)
    return list(value)


def _pd_frame(value: t.Any) -> dict[t.Any, t.Any]:
    return dict(value.items())


def extended_hooks(
    utc: bool,
) -> tuple[dict[type, _Hook], dict[type, _Hook]]:
    """Build the numpy/pandas dehydration hooks.

    :param utc: ``True`` for UTC-based date-times (``I``/``i``),
        ``False`` for the legacy ``F``/``f`` encoding
    :returns: ``(exact_types, subtypes)`` for the libraries loaded now
        (empty if none is)
    """
    exact: dict[type, _Hook] = {}
    sub: dict[type, _Hook] = {}
    np = loaded("numpy")
    pd = loaded("pandas")
    if np is not None:
        exact[np.bool_] = bool
        exact[np.ndarray] = _np_ndarray
        exact[np.datetime64] = _np_datetime
        exact[np.timedelta64] = _np_timedelta
        sub[np.integer] = int
        sub[np.floating] = float
        sub[np.ndarray] = _np_ndarray
    if pd is not None:
        exact[type(pd.NaT)] = _none
        exact[type(pd.NA)] = _none
        exact[pd.Timestamp] = (
            _pd_timestamp_utc if utc else _pd_timestamp_legacy
        )
        exact[pd.Timedelta] = _pd_timedelta
        exact[pd.DataFrame] = _pd_frame
        exact[pd.Series] = _pd_sequence
        sub[pd.DataFrame] = _pd_frame
        sub[pd.Series] = _pd_sequence
        sub[pd.Categorical] = _pd_sequence
        sub[pd.api.extensions.ExtensionArray] = _pd_sequence
    return exact, sub
