# This file is generated from testkitbackend/_async/requests_meta.py by bin/make-unasync; do not edit.
# make-unasync digest: 99f0a32cabd40fcbba7dd7d958b8c7a2623d5edc78f9c11d2cc3e30086b2c2b3
"""Requests about the test run itself: start/skip, features, fake time."""

from __future__ import annotations

import typing as t

from .._config import (
    features,
    skip_reason,
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
    return "RunTest", {}


@handles("StartSubTest")
def start_sub_test(backend: Backend, data: Request) -> t.Any:
    data.mark_read("subtestArguments", recursive=True)
    reason = skip_reason(data["testName"])
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
