"""What the backend tells testkit: supported features and skipped tests.

Features are declared only where the driver really implements them.
Bolt versions are read from the driver under test (this project's
driver and the official one support different sets), everything else
is listed here.  Feature names must exist in testkit's
``nutkit/protocol/feature.py``: testkit fails on unknown names, so
newer ones (``Feature:Bolt:5.8``, ``Feature:Bolt:6.0``...) can only be
added via ``TESTKIT_EXTRA_FEATURES`` (comma-separated) when running a
testkit that knows them.

A skip entry maps a test id pattern to its reason.  A pattern in
single quotes must equal the test id; any other pattern is a regular
expression matched at the start of the id.  Every skip needs a reason
that says why the test does not apply (a declared missing feature is
handled by testkit itself and needs no entry).
"""

from __future__ import annotations

import os
import re
import ssl
import typing as t


API_FEATURES: tuple[str, ...] = (
    "Feature:API:BookmarkManager",
    "Feature:API:ConnectionAcquisitionTimeout",
    "Feature:API:Driver.ExecuteQuery",
    "Feature:API:Driver.ExecuteQuery:WithAuth",
    "Feature:API:Driver:GetServerInfo",
    "Feature:API:Driver.IsEncrypted",
    "Feature:API:Driver.VerifyAuthentication",
    "Feature:API:Driver.VerifyConnectivity",
    "Feature:API:Driver.SupportsSessionAuth",
    "Feature:API:Driver:NotificationsConfig",
    "Feature:API:Liveness.Check",
    "Feature:API:Result.List",
    "Feature:API:Result.Peek",
    "Feature:API:Result.Single",
    "Feature:API:Result.SingleOptional",
    "Feature:API:RetryableExceptions",
    "Feature:API:Session:AuthConfig",
    "Feature:API:Session:NotificationsConfig",
    "Feature:API:SSLClientCertificate",
    "Feature:API:SSLConfig",
    "Feature:API:SSLSchemes",
    "Feature:API:Summary:GqlStatusObjects",
    "Feature:API:Type.Spatial",
    "Feature:API:Type.Temporal",
    "Feature:Auth:Bearer",
    "Feature:Auth:Custom",
    "Feature:Auth:Kerberos",
    "Feature:Auth:Managed",
    "Feature:Bolt:Patch:UTC",
    "Feature:Impersonation",
    "Feature:TLS:1.2",
    # optimizations
    "AuthorizationExpiredTreatment",
    "Optimization:AuthPipelining",
    "Optimization:ConnectionReuse",
    "Optimization:EagerTransactionBegin",
    "Optimization:ExecuteQueryPipelining",
    "Optimization:ImplicitDefaultArguments",
    "Optimization:MinimalBookmarksSet",
    "Optimization:MinimalResets",
    "Optimization:PullPipelining",
    # configuration hints
    "ConfHint:connection.recv_timeout_seconds",
    # backend abilities
    "Backend:MockTime",
    "Backend:RTFetch",
    "Backend:RTForceUpdate",
)

#: features deliberately not declared, with the reason
NOT_DECLARED: dict[str, str] = {
    "Feature:TLS:1.1": "TLS 1.1 is refused by the driver (insecure)",
    "Optimization:ResultListFetchAll": (
        "list(result) iterates with the configured fetch size"
    ),
    "Optimization:MinimalVerifyAuthentication": (
        "verify_authentication opens a fresh connection"
    ),
    "Detail:ClosedDriverIsEncrypted": "not checked by the stub suites",
    "Detail:DefaultSecurityConfigValueEquality": "not implemented",
    "Detail:NumberIsNumber": "Python tells int and float apart",
    "Feature:API:Type.Vector": "not in this testkit's feature list",
}

#: Bolt versions testkit has feature flags for
_TESTKIT_BOLT_VERSIONS = (
    (3, 0),
    (4, 1),
    (4, 2),
    (4, 3),
    (4, 4),
    (5, 0),
    (5, 1),
    (5, 2),
    (5, 3),
    (5, 4),
    (5, 5),
    (5, 6),
    (5, 7),
)


def _handshake_versions(offer: bytes) -> set[tuple[int, int]]:
    """Versions offered by a 16-byte Bolt handshake (each slot is
    ``00 range minor major``; the manifest slot is ignored)."""
    found: set[tuple[int, int]] = set()
    for i in range(0, len(offer), 4):
        _, span, minor, major = offer[i : i + 4]
        if major == 0xFF or (major, minor) == (0, 0) or major == 0:
            continue
        for step in range(span + 1):
            if minor - step >= 0:
                found.add((major, minor - step))
    return found


def driver_bolt_versions() -> set[tuple[int, int]]:
    """The Bolt versions the driver under test can speak."""
    try:  # this project's driver
        from neo4j._bolt.handshake import SUPPORTED_VERSIONS

        return set(SUPPORTED_VERSIONS)
    except ImportError:
        pass
    try:  # the official driver keeps its offer in the Bolt base class
        from neo4j._async.io._bolt import (  # type: ignore[import-not-found]
            AsyncBolt,
        )

        return _handshake_versions(AsyncBolt.get_handshake())
    except (ImportError, AttributeError):
        return set()


def features() -> list[str]:
    """The feature list sent in response to ``GetFeatures``."""
    found = list(API_FEATURES)
    supported = driver_bolt_versions()
    found += [
        f"Feature:Bolt:{major}.{minor}"
        for major, minor in _TESTKIT_BOLT_VERSIONS
        if (major, minor) in supported
    ]
    if ssl.HAS_TLSv1_3:
        found.append("Feature:TLS:1.3")
    extra = os.environ.get("TESTKIT_EXTRA_FEATURES", "")
    found += [name.strip() for name in extra.split(",") if name.strip()]
    return found


#: why testkit's Bolt 4.2 stub server cannot be reached
_BOLT_4_2_STUB = (
    "This testkit's Bolt 4.0-4.2 stub server ignores the range byte of a "
    "handshake slot, so it reads the official 6.x offer 4.4-4.2 as 4.4 "
    "only; the driver offers 4.2 exactly as the official 6.4.1 does (and "
    "the official fails these tests the same way)"
)

SKIPS: dict[str, str] = {
    r"stub\.authorization\.test_authorization\.TestAuthorizationV[0-9x]+\."
    r"test_should_(retry_on_auth_expired|fail_on_token_expired)_on_begin_"
    r"using_tx_function": (
        "Flaky: the test needs the driver to contact the readers in one "
        "specific order (fails with the official driver too)"
    ),
    r"stub\.authorization\.(test_user_switching\.TestUserSwitchingV5x0\."
    r"test_read_with_switch|verify_authentication\."
    r"test_verify_authentication\.TestVerifyAuthenticationV5x0\."
    r"test_is_not_supported)": (
        "This testkit (Oct 2024) expects the 5.x message 'bolt protocol "
        "version(5, 0)'; 6.x drivers say 'bolt protocol 5.0' (the official "
        "6.4.1 fails it too)"
    ),
    r"stub\.versions\.test_versions\.TestProtocolVersions\."
    r"(test_server_agent$|test_should_reject_server_using_verify_"
    r"connectivity_bolt_)": (
        "This testkit (Oct 2024) expects a server agent not starting with "
        "'Neo4j/' to be rejected; 6.x drivers accept any agent (the "
        "official 6.4.1 fails the same subtests)"
    ),
    r"stub\.driver_parameters\.test_connection_acquisition_timeout_ms\."
    r"TestConnectionAcquisitionTimeoutMs\.(test_does_not_encompass_router_"
    r"route_response|test_router_handshake_has_own_timeout_in_time)$": (
        "Since 6.0 the connection acquisition timeout also covers fetching "
        "the routing table; this testkit (Oct 2024) predates that and "
        "expects routing to have its own time budget (the official 6.4.1 "
        "fails both tests too)"
    ),
    r"stub\.(versions\.test_versions\.TestProtocolVersions\.test_supports_"
    r"bolt_4x2|types\.test_temporal_types\.TestTemporalTypesV4x2\.)": (
        _BOLT_4_2_STUB
    ),
    "'stub.session_run_parameters.test_session_run_parameters."
    "TestSessionRunParameters.test_empty_query'": (
        "The driver refuses an empty query before sending it"
    ),
    "'neo4j.test_summary.TestSummary.test_protocol_version_information'": (
        "This testkit (Oct 2024) caps servers from 5.23 on at Bolt 5.6; "
        "the embedded Neo4j 2026.08 negotiates 6.1 (the official 6.4.1 "
        "fails it the same way)"
    ),
}

_TZ_CYPHER = (
    "'neo4j.datatypes.test_temporal_types.TestDataTypes."
    "test_date_time_cypher_created_tz_id'"
)

#: subtests to skip: test id pattern (as in :data:`SKIPS`) -> subtest
#: pattern -> reason; a subtest pattern is a regular expression matched
#: at the start of ``name=value`` of one of the subtest's arguments
SUBTEST_SKIPS: dict[str, dict[str, str]] = {
    r"stub\.versions\.test_versions\.TestProtocolVersions\.test_server_"
    r"(address_in_summary|version)$": {r"version=4x2$": _BOLT_4_2_STUB},
    _TZ_CYPHER: {
        r"tz_id=SystemV/": (
            "The server's Java time zones still have the SystemV/ ids, "
            "which the IANA database dropped in 2020b: Python (zoneinfo "
            "and pytz) cannot read them (the official 6.4.1 fails too)"
        ),
        r"tz_id=Africa/Monrovia$": (
            "This testkit (Oct 2024) compares versions as strings, so "
            "'2026.08' < '5' and it expects the wall clock of pre-5.0 "
            "servers; the -00:44:30 of 1970 is shown as pytz rounds it "
            "(-00:44) while the server keeps the seconds (the official "
            "6.4.1 fails the same way)"
        ),
    },
}


def _matches(pattern: str, test_id: str) -> bool:
    if len(pattern) > 1 and pattern[0] == pattern[-1] == "'":
        return pattern[1:-1] == test_id
    return re.match(pattern, test_id) is not None


def skip_reason(
    test_id: str, skips: t.Mapping[str, str] | None = None
) -> str | None:
    """The reason to skip ``test_id``, or None to run it."""
    for pattern, reason in (SKIPS if skips is None else skips).items():
        if _matches(pattern, test_id):
            return reason
    return None


def has_subtest_skips(
    test_id: str, skips: t.Mapping[str, t.Mapping[str, str]] | None = None
) -> bool:
    """Whether some subtests of ``test_id`` are to be skipped."""
    table = SUBTEST_SKIPS if skips is None else skips
    return any(_matches(pattern, test_id) for pattern in table)


def subtest_skip_reason(
    test_id: str,
    arguments: t.Mapping[str, t.Any],
    skips: t.Mapping[str, t.Mapping[str, str]] | None = None,
) -> str | None:
    """The reason to skip the subtest of ``test_id`` with ``arguments``
    (only plain string arguments are matched), or None to run it."""
    table = SUBTEST_SKIPS if skips is None else skips
    texts = [
        f"{name}={value}"
        for name, value in arguments.items()
        if isinstance(value, str)
    ]
    for pattern, subtests in table.items():
        if not _matches(pattern, test_id):
            continue
        for sub_pattern, reason in subtests.items():
            if any(re.match(sub_pattern, text) for text in texts):
                return reason
    return None
