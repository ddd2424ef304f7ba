from __future__ import annotations

import json
import typing as t

import pytest

from testkitbackend._async.backend import AsyncBackend
from testkitbackend._sync.backend import Backend


def _frame(name: str, data: dict[str, t.Any] | None = None) -> list[str]:
    body = {"name": name}
    if data is not None:
        body["data"] = data
    return ["#request begin\n", json.dumps(body) + "\n", "#request end\n"]


class _Stream:
    """Scripted testkit: lines to read, bytes written."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.written = bytearray()
        self.closed = False

    def _readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""

    def responses(self) -> list[tuple[str, dict[str, t.Any]]]:
        out = []
        for chunk in self.written.decode().split("#response begin\n")[1:]:
            body, end, _ = chunk.partition("#response end\n")
            assert end
            obj = json.loads(body)
            out.append((obj["name"], obj["data"]))
        return out


class _AsyncStream(_Stream):
    async def readline(self) -> str:
        return self._readline()

    async def write(self, data: bytes) -> None:
        self.written += data

    async def close(self) -> None:
        self.closed = True


class _SyncStream(_Stream):
    def readline(self) -> str:
        return self._readline()

    def write(self, data: bytes) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True


async def _run(lines: list[str]) -> _AsyncStream:
    stream = _AsyncStream(lines)
    backend = AsyncBackend(stream)  # type: ignore[arg-type]
    while await backend.process_request():
        pass
    await backend.close()
    assert stream.closed
    return stream


async def test_get_features() -> None:
    stream = await _run(_frame("GetFeatures", {}))
    [(name, data)] = stream.responses()
    assert name == "FeatureList"
    assert "Feature:API:Result.List" in data["features"]


async def test_start_test_run_and_skip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from testkitbackend import _config

    monkeypatch.setitem(_config.SKIPS, "'stub.x.T.test_y'", "because")
    stream = await _run(
        _frame("StartTest", {"testName": "stub.x.T.test_y"})
        + _frame("StartTest", {"testName": "stub.x.T.test_z"})
        + _frame(
            "StartSubTest",
            {"testName": "stub.x.T.test_z", "subtestArguments": {"a": 1}},
        )
    )
    assert stream.responses() == [
        ("SkipTest", {"reason": "because"}),
        ("RunTest", {}),
        ("RunTest", {}),
    ]


async def test_unknown_request_is_a_backend_error() -> None:
    stream = await _run(_frame("NoSuchRequest", {}))
    [(name, data)] = stream.responses()
    assert name == "BackendError"
    assert "unknown request 'NoSuchRequest'" in data["msg"]


async def test_unread_field_is_reported_instead_of_the_response() -> None:
    stream = await _run(_frame("GetFeatures", {"surprise": 1}))
    [(name, data)] = stream.responses()
    assert name == "BackendError"
    assert "ignores these fields of GetFeatures: surprise" in data["msg"]


async def test_bad_framing_answers_and_continues() -> None:
    stream = await _run(["#request end\n", *_frame("GetFeatures")])
    names = [name for name, _ in stream.responses()]
    assert names == ["BackendError", "FeatureList"]


async def test_malformed_json_is_a_backend_error() -> None:
    stream = await _run(["#request begin\n", "{oops\n", "#request end\n"])
    [(name, data)] = stream.responses()
    assert name == "BackendError"
    assert "not valid JSON" in data["msg"]


async def test_driver_error_gets_an_id_and_type() -> None:
    # a session id that does not exist raises KeyError in the backend:
    # a backend error, not a driver error
    stream = await _run(_frame("SessionClose", {"sessionId": 99}))
    [(name, _)] = stream.responses()
    assert name == "BackendError"


async def test_new_driver_and_close_without_io() -> None:
    stream = await _run(
        _frame(
            "NewDriver",
            {
                "uri": "bolt://127.0.0.1:1",
                "authorizationToken": {
                    "name": "AuthorizationToken",
                    "data": {
                        "scheme": "basic",
                        "principal": "u",
                        "credentials": "p",
                        "realm": "",
                    },
                },
                "authTokenManagerId": None,
                "userAgent": "ua",
                "resolverRegistered": False,
                "domainNameResolverRegistered": False,
                "connectionTimeoutMs": 1000,
                "fetchSize": None,
                "maxTxRetryTimeMs": None,
                "livenessCheckTimeoutMs": None,
                "maxConnectionPoolSize": None,
                "connectionAcquisitionTimeoutMs": None,
                "clientCertificate": None,
                "clientCertificateProviderId": None,
            },
        )
        + _frame("CheckDriverIsEncrypted", {"driverId": 1})
        + _frame("DriverClose", {"driverId": 1})
    )
    assert stream.responses() == [
        ("Driver", {"id": 1}),
        ("DriverIsEncrypted", {"encrypted": False}),
        ("Driver", {"id": 1}),
    ]


async def test_callback_waits_for_its_completion() -> None:
    stream = _AsyncStream(
        [
            # an unrelated request first, then the answer
            *_frame("GetFeatures"),
            *_frame(
                "ResolverResolutionCompleted",
                {"requestId": 1, "addresses": ["a:1", "b:2"]},
            ),
        ]
    )
    backend = AsyncBackend(stream)  # type: ignore[arg-type]
    got = await backend.callback("ResolverResolutionRequired", {"x": 5})
    assert got == ["a:1", "b:2"]
    names = [name for name, _ in stream.responses()]
    assert names == ["ResolverResolutionRequired", "FeatureList"]
    assert stream.responses()[0][1] == {"id": 1, "x": 5}


async def test_callback_fails_when_testkit_hangs_up() -> None:
    backend = AsyncBackend(_AsyncStream([]))  # type: ignore[arg-type]
    with pytest.raises(ConnectionAbortedError, match="before answering X"):
        await backend.callback("X", {})


async def test_bookmark_manager_requests() -> None:
    stream = await _run(
        _frame(
            "NewBookmarkManager",
            {
                "initialBookmarks": ["bm1"],
                "bookmarksSupplierRegistered": False,
                "bookmarksConsumerRegistered": False,
            },
        )
        + _frame("BookmarkManagerClose", {"id": 1})
    )
    assert stream.responses() == [
        ("BookmarkManager", {"id": 1}),
        ("BookmarkManager", {"id": 1}),
    ]


async def test_fake_time_requests() -> None:
    stream = await _run(
        _frame("FakeTimeInstall")
        + _frame("FakeTimeTick", {"incrementMs": 1500})
        + _frame("FakeTimeUninstall")
        + _frame("FakeTimeUninstall")
    )
    names = [name for name, _ in stream.responses()]
    assert names == [
        "FakeTimeAck",
        "FakeTimeAck",
        "FakeTimeAck",
        "BackendError",
    ]


def test_sync_twin_dispatches_the_same() -> None:
    stream = _SyncStream(
        _frame("GetFeatures") + _frame("StartTest", {"testName": "a.b"})
    )
    backend = Backend(stream)  # type: ignore[arg-type]
    while backend.process_request():
        pass
    backend.close()
    assert [n for n, _ in stream.responses()] == ["FeatureList", "RunTest"]
