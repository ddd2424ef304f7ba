"""Result.to_df data shaping (neo4j._work.dataframe), without a server."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from neo4j import Record
from neo4j._codec.hydration._temporal import hydrate_datetime_utc
from neo4j._work.dataframe import records_to_df
from neo4j.time import Date, DateTime


def test_parse_dates_converts_temporal_columns() -> None:
    cet = datetime.timezone(datetime.timedelta(hours=1))
    records = [
        Record({"when": DateTime(2024, 1, 2, 3, 4, 5, 123456789)}),
        Record({"when": DateTime(2024, 1, 2, 3, 4, 5, tzinfo=cet)}),
        Record({"when": None}),
        Record({"when": Date(2024, 5, 6)}),
    ]
    frame = records_to_df(records, ["when"], False, True)
    naive, aware, missing, day = frame["when"]
    assert naive == pd.Timestamp("2024-01-02T03:04:05.123456789")
    assert aware == pd.Timestamp("2024-01-02T02:04:05Z")
    assert isinstance(aware, pd.Timestamp)
    assert aware.utcoffset() == datetime.timedelta(hours=1)
    assert missing is pd.NaT
    assert day == pd.Timestamp("2024-05-06")


def test_parse_dates_with_zone_ids() -> None:
    # a zoned DateTime as the server sends it (DateTimeZoneId, Bolt 5):
    # the column gets the zone, as with the official driver (pandas 3 once
    # failed on the zone pinned to one offset; pandas 2 dropped the zone)
    berlin = hydrate_datetime_utc(1704106800, 0, "Europe/Berlin")
    summer = hydrate_datetime_utc(1719835200, 5, "Europe/Berlin")
    records = [
        Record({"z": berlin}),
        Record({"z": summer}),
        Record({"z": None}),
    ]
    frame = records_to_df(records, ["z"], False, True)
    assert str(frame.dtypes["z"]) == "datetime64[ns, Europe/Berlin]"
    winter_ts, summer_ts, missing = frame["z"]
    assert winter_ts == pd.Timestamp("2024-01-01T11:00:00Z")
    assert str(winter_ts) == "2024-01-01 12:00:00+01:00"
    assert summer_ts == pd.Timestamp("2024-07-01T12:00:00.000000005Z")
    assert str(summer_ts) == "2024-07-01 14:00:00.000000005+02:00"
    assert missing is pd.NaT


def test_parse_dates_leaves_other_columns() -> None:
    records = [
        Record({"d": Date(2024, 5, 6), "x": 1}),
        Record({"d": "2024-05-06", "x": 2}),
    ]
    frame = records_to_df(records, ["d", "x"], False, True)
    assert frame["d"][0] == Date(2024, 5, 6)
    assert frame["d"][1] == "2024-05-06"
    assert list(frame["x"]) == [1, 2]


@pytest.mark.parametrize("parse_dates", [False, True])
def test_empty(parse_dates: bool) -> None:
    frame = records_to_df([], ["a", "b"], False, parse_dates)
    assert list(frame.columns) == ["a", "b"]
    assert len(frame) == 0
