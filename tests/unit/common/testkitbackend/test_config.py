from __future__ import annotations

import pytest

from testkitbackend import _config


def test_skip_reason_exact_and_regex() -> None:
    skips = {
        "'stub.a.test_a.T.test_x'": "exact",
        r"stub\.b\.test_b\.T[0-9]\.test_": "pattern",
    }
    assert _config.skip_reason("stub.a.test_a.T.test_x", skips) == "exact"
    assert _config.skip_reason("stub.a.test_a.T.test_xy", skips) is None
    assert _config.skip_reason("stub.b.test_b.T5.test_q", skips) == "pattern"
    assert _config.skip_reason("stub.b.test_b.TX.test_q", skips) is None


def test_every_skip_has_a_reason() -> None:
    for pattern, reason in _config.SKIPS.items():
        assert pattern
        assert reason.strip(), pattern


def test_handshake_versions_decodes_ranges_and_ignores_manifest() -> None:
    offer = b"\x00\x00\x01\xff\x00\x08\x08\x05\x00\x02\x04\x04\x00\x00\x00\x03"
    assert _config._handshake_versions(offer) == {
        (5, 0), (5, 1), (5, 2), (5, 3), (5, 4), (5, 5), (5, 6), (5, 7),
        (5, 8), (4, 2), (4, 3), (4, 4), (3, 0),
    }  # fmt: skip


def test_features_follow_driver_bolt_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        _config, "driver_bolt_versions", lambda: {(4, 4), (5, 7), (6, 0)}
    )
    monkeypatch.delenv("TESTKIT_EXTRA_FEATURES", raising=False)
    found = _config.features()
    bolt = [f for f in found if f.startswith("Feature:Bolt:")]
    # 6.0 is not in the testkit feature enum this backend targets
    assert sorted(bolt) == [
        "Feature:Bolt:4.4",
        "Feature:Bolt:5.7",
        "Feature:Bolt:Patch:UTC",
    ]
    assert len(found) == len(set(found))
    assert not set(found) & set(_config.NOT_DECLARED)


def test_extra_features_from_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TESTKIT_EXTRA_FEATURES", "Feature:Bolt:6.0, X ,")
    found = _config.features()
    assert found[-2:] == ["Feature:Bolt:6.0", "X"]


def test_skip_agent_rejection_tests_only() -> None:
    base = "stub.versions.test_versions.TestProtocolVersions."
    assert _config.skip_reason(base + "test_server_agent") is not None
    assert (
        _config.skip_reason(
            base + "test_should_reject_server_using_verify_connectivity_"
            "bolt_5x0"
        )
        is not None
    )
    assert _config.skip_reason(base + "test_server_agent_extra") is None
    assert _config.skip_reason(base + "test_supports_bolt_5x0") is None
