# This file is generated from testkitbackend/_async/requests_meta.py by bin/make-unasync; do not edit.
# make-unasync digest: e26cc89a7d1668af60f8330d15809457e4dd0300f3ec665b0837cf41084def27
"""Requests about the test run itself: start/skip, features, fake time."""

from __future__ import annotations

import typing as t

from .._config import (
    features,
    has_subtest_skips,
    skip_reason,
    subtest_skip_reason,
)
from .._fake_time import FakeClock
from .._registry import make_registry


if t.TYPE_CHECKING:
    from .._framing import Request
    from .backend import Backend


HANDLERS, handles = make_registry()


@handles("StartTest")
def start_test(backend: Backend, data: Request) -> t.Any:
    reason = skip_reason(data["testName"])
    if reason is not None:
        return "SkipTest", {"reason": reason}
    if has_subtest_skips(data["testName"]):
        return "RunSubTests", {}
    return "RunTest", {}


@handles("StartSubTest")
def start_sub_test(backend: Backend, data: Request) -> t.Any:
    arguments = data["subtestArguments"]
    data.mark_read("subtestArguments", recursive=True)
    reason = skip_reason(data["testName"])
    if reason is None:
        reason = subtest_skip_reason(data["testName"], arguments)
    if reason is not None:
        return "SkipTest", {"reason": reason}
    return "RunTest", {}


@handles("GetFeatures")
def get_features(backend: Backend, data: Request) -> t.Any:
    return "FeatureList", {"features": features()}


@handles("FakeTimeInstall")
def fake_time_install(backend: Backend, data: Request) -> t.Any:
    if backend.fake_clock is not None:
        raise RuntimeError("fake time is installed already")
    backend.fake_clock = FakeClock()
    backend.fake_clock.install()
    return "FakeTimeAck", {}


@handles("FakeTimeTick")
def fake_time_tick(backend: Backend, data: Request) -> t.Any:
    if backend.fake_clock is None:
        raise RuntimeError("fake time is not installed")
    backend.fake_clock.tick(data["incrementMs"] / 1000)
    return "FakeTimeAck", {}


@handles("FakeTimeUninstall")
def fake_time_uninstall(backend: Backend, data: Request) -> t.Any:
    if backend.fake_clock is None:
        raise RuntimeError("fake time is not installed")
    backend.fake_clock.uninstall()
    backend.fake_clock = None
    return "FakeTimeAck", {}
