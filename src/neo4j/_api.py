"""
Enums and URI handling shared by the driver layers.

``parse_neo4j_uri`` decides the driver type and security type of a URI and
rejects URIs the driver cannot honour; ``parse_routing_context`` turns the
query part of a ``neo4j://`` URI into the routing context, and
``routing_context_with_address`` adds the ``address`` entry sent to the
server (the user may not set it).
"""

from __future__ import annotations

import enum
import typing as t
from urllib.parse import (
    ParseResult,
    parse_qs,
    urlparse,
)

from . import api
from ._warnings import (
    deprecation_warn,
    preview_warn,
)
from .exceptions import ConfigurationError


__all__ = [
    "DRIVER_BOLT",
    "DRIVER_HTTP",
    "DRIVER_NEO4J",
    "SECURITY_TYPE_NOT_SECURE",
    "SECURITY_TYPE_SECURE",
    "SECURITY_TYPE_SELF_SIGNED_CERTIFICATE",
    "NotificationCategory",
    "NotificationClassification",
    "NotificationDisabledCategory",
    "NotificationDisabledClassification",
    "NotificationMinimumSeverity",
    "NotificationSeverity",
    "RoutingControl",
    "TelemetryAPI",
    "TrustAll",
    "TrustCustomCAs",
    "TrustStore",
    "TrustSystemCAs",
    "check_access_mode",
    "parse_neo4j_uri",
    "parse_routing_context",
    "routing_context_with_address",
]


DRIVER_BOLT: t.Final = "DRIVER_BOLT"
DRIVER_NEO4J: t.Final = "DRIVER_NEO4J"
DRIVER_HTTP: t.Final = "DRIVER_HTTP"

T_DRIVER_TYPE: t.TypeAlias = t.Literal[
    "DRIVER_BOLT", "DRIVER_NEO4J", "DRIVER_HTTP"
]

SECURITY_TYPE_NOT_SECURE: t.Final[str] = "SECURITY_TYPE_NOT_SECURE"
SECURITY_TYPE_SELF_SIGNED_CERTIFICATE: t.Final[str] = (
    "SECURITY_TYPE_SELF_SIGNED_CERTIFICATE"
)
SECURITY_TYPE_SECURE: t.Final[str] = "SECURITY_TYPE_SECURE"

# scheme -> (driver type, security type)
_SCHEMES: t.Final[dict[str, tuple[T_DRIVER_TYPE, str]]] = {
    api.URI_SCHEME_BOLT: (DRIVER_BOLT, SECURITY_TYPE_NOT_SECURE),
    api.URI_SCHEME_BOLT_SELF_SIGNED_CERTIFICATE: (
        DRIVER_BOLT,
        SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
    ),
    api.URI_SCHEME_BOLT_SECURE: (DRIVER_BOLT, SECURITY_TYPE_SECURE),
    api.URI_SCHEME_NEO4J: (DRIVER_NEO4J, SECURITY_TYPE_NOT_SECURE),
    api.URI_SCHEME_NEO4J_SELF_SIGNED_CERTIFICATE: (
        DRIVER_NEO4J,
        SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
    ),
    api.URI_SCHEME_NEO4J_SECURE: (DRIVER_NEO4J, SECURITY_TYPE_SECURE),
    api.URI_SCHEME_HTTP: (DRIVER_HTTP, SECURITY_TYPE_NOT_SECURE),
    api.URI_SCHEME_HTTPS: (DRIVER_HTTP, SECURITY_TYPE_SECURE),
}


class _UriRules(t.NamedTuple):
    # how a driver family treats the optional URI parts
    kind: str  # "direct", "routing", "Query API/HTTP"
    scheme_hint: str
    path: str  # "ok", "warn" or "error"
    fragment: str
    query_allowed: bool


_RULES: t.Final[dict[str, _UriRules]] = {
    DRIVER_BOLT: _UriRules("direct", "bolt[+s[sc]]://", "warn", "warn", False),
    DRIVER_NEO4J: _UriRules(
        "routing", "neo4j[+s[sc]]://", "warn", "warn", True
    ),
    DRIVER_HTTP: _UriRules(
        "Query API/HTTP", "http[s]://", "ok", "error", False
    ),
}


def parse_neo4j_uri(uri: str) -> tuple[T_DRIVER_TYPE, str, ParseResult]:
    """
    Classify and validate a connection URI.

    :param uri: e.g. ``"neo4j+s://example.com:7687?policy=eu"``
    :returns: ``(driver type, security type, parsed URI)``
    :raises ConfigurationError: for an unknown scheme, user info in the
        URI, a query on a direct (``bolt``) URI, or an invalid routing
        context
    """
    parsed = urlparse(uri)
    scheme = parsed.scheme
    entry = _SCHEMES.get(scheme)
    if entry is None:
        if scheme == api.URI_SCHEME_BOLT_ROUTING:
            raise ConfigurationError(
                f"Uri scheme {scheme!r} has been renamed. "
                f"Use {api.URI_SCHEME_NEO4J!r}"
            )
        raise ConfigurationError(
            f"URI scheme {scheme!r} is not supported. Supported URI "
            f"schemes are {list(_SCHEMES)}. Examples: bolt://host[:port] "
            "or neo4j://host[:port][?routing_context]"
        )
    driver_type, security_type = entry
    if driver_type == DRIVER_HTTP:
        preview_warn(
            "Query API/HTTP support (http:// and https:// URIs) is a "
            "preview feature.",
            stack_level=3,
        )
    _check_uri_parts(parsed, uri, _RULES[driver_type])
    return driver_type, security_type, parsed


def _check_uri_parts(parsed: ParseResult, uri: str, rules: _UriRules) -> None:
    drivers = f'{rules.kind} drivers ("{rules.scheme_hint}" scheme)'
    if parsed.username or parsed.password:
        raise ConfigurationError(
            f"URI userinfo is not supported by {drivers}. Given URI: {uri!r}."
        )
    checks = (
        ("path", "The path", rules.path, parsed.path not in {"", "/"}),
        ("fragment", "The fragments", rules.fragment, bool(parsed.fragment)),
    )
    for part, subject, mode, present in checks:
        if not present or mode == "ok":
            continue
        if mode == "warn":
            deprecation_warn(
                f"Creating {rules.kind} drivers with "
                f'("{rules.scheme_hint}" scheme) with URI {part} is '
                f"deprecated. {subject} will be ignored. This will raise "
                f"an error in a future release. Given URI: {uri!r}",
                stack_level=4,
            )
            continue
        raise ConfigurationError(
            f"URI {part} is not supported by {drivers}. Given URI: {uri!r}."
        )
    # A routing URI's query is parsed (and validated) when the driver is
    # built, see parse_routing_context.
    if not rules.query_allowed and parse_routing_context(parsed.query):
        raise ConfigurationError(
            "Routing context (providing URI query parameters) is not "
            f"supported by {drivers}. Given URI: {uri!r}."
        )


def parse_routing_context(query: str | None) -> dict[str, str]:
    """
    Turn a URI query string into a routing context.

    :param query: e.g. ``"policy=eu&region=west"``
    :returns: key to value, e.g. ``{"policy": "eu", "region": "west"}``
    :raises ConfigurationError: for a repeated key or an empty value
    """
    # keep blank values: "a=" and a bare "a" must be reported, not dropped
    grouped = parse_qs(query, keep_blank_values=True) if query else {}
    for key, values in grouped.items():
        problem = _routing_entry_problem(key, values, t.cast(str, query))
        if problem is not None:
            raise ConfigurationError(problem)
    return {key: values[0] for key, values in grouped.items()}


def _routing_entry_problem(
    key: str, values: list[str], query: str
) -> str | None:
    # what is wrong with one key of a routing context query, if anything
    if len(values) > 1:
        return (
            f"Duplicated query parameters with key '{key}', value "
            f"'{values}' found in query string '{query}'"
        )
    if values[0]:
        return None
    return f"Invalid parameters:'{key}=' in query string '{query}'."


def routing_context_with_address(
    address: object, routing_context: dict[str, str] | None
) -> dict[str, str]:
    """
    Build the routing context sent to the server.

    :param address: the initial router address (its ``str`` is used)
    :param routing_context: the context parsed from the URI, if any
    :returns: a new dict with an added ``address`` entry
    :raises ConfigurationError: if the user context has an ``address`` key
    """
    if routing_context and "address" in routing_context:
        raise ConfigurationError(
            "The key 'address' is reserved for routing context."
        )
    context = dict(routing_context or {})
    context["address"] = str(address)
    return context


_ACCESS_MODES: t.Final[tuple[str, ...]] = (api.READ_ACCESS, api.WRITE_ACCESS)


def check_access_mode(access_mode: str | None) -> str:
    """
    Validate an access mode.

    :param access_mode: ``"READ"`` or ``"WRITE"``
    :returns: the access mode
    :raises ValueError: for any other value
    """
    if access_mode is not None and access_mode in _ACCESS_MODES:
        return access_mode
    allowed = " or ".join(f"'{mode}'" for mode in _ACCESS_MODES)
    raise ValueError(
        f"Unsupported access mode {access_mode}, must be one of {allowed}."
    )


class NotificationMinimumSeverity(str, enum.Enum):
    """
    Lowest severity of notifications the server should send.

    A :class:`str` enum; its plain string values are accepted as well.
    """

    OFF = "OFF"
    WARNING = "WARNING"
    INFORMATION = "INFORMATION"


class NotificationSeverity(str, enum.Enum):
    """Severity of a notification sent by the server."""

    WARNING = "WARNING"
    INFORMATION = "INFORMATION"
    #: A severity this driver does not know.
    UNKNOWN = "UNKNOWN"


class NotificationDisabledCategory(str, enum.Enum):
    """
    Notification category to switch off.

    .. deprecated:: 6.0 Use :class:`NotificationDisabledClassification`.
    """

    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    #: Needs Neo4j 5.13 or newer.
    TOPOLOGY = "TOPOLOGY"
    #: Needs Neo4j 5.17 or newer.
    SCHEMA = "SCHEMA"


class NotificationDisabledClassification(str, enum.Enum):
    """
    Notification classification to switch off.

    Same members as :class:`NotificationDisabledCategory`, named after
    :attr:`.GqlStatusObject.classification`.
    """

    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    #: Needs Neo4j 5.13 or newer.
    TOPOLOGY = "TOPOLOGY"
    #: Needs Neo4j 5.17 or newer.
    SCHEMA = "SCHEMA"


class NotificationCategory(str, enum.Enum):
    """
    Category of a notification sent by the server.

    .. deprecated:: 6.0 Use :class:`NotificationClassification`.
    """

    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    TOPOLOGY = "TOPOLOGY"
    SCHEMA = "SCHEMA"
    #: A category this driver does not know, or none was sent.
    UNKNOWN = "UNKNOWN"


class NotificationClassification(str, enum.Enum):
    """Classification of a notification or GQL status object."""

    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    TOPOLOGY = "TOPOLOGY"
    SCHEMA = "SCHEMA"
    #: A classification this driver does not know, or none was sent.
    UNKNOWN = "UNKNOWN"


class RoutingControl(str, enum.Enum):
    """
    Whether a query goes to a reader or the writer of a cluster.

    A :class:`str` enum: ``"r"`` and ``"w"`` are accepted as well.
    """

    READ = "r"
    WRITE = "w"


class TelemetryAPI(int, enum.Enum):
    """The API a transaction was started with, reported by TELEMETRY."""

    TX_FUNC = 0
    TX = 1
    AUTO_COMMIT = 2
    DRIVER = 3


if t.TYPE_CHECKING:
    T_NotificationMinimumSeverity: t.TypeAlias = (
        NotificationMinimumSeverity
        | t.Literal["OFF", "WARNING", "INFORMATION"]
    )
    T_NotificationDisabledClassification: t.TypeAlias = (
        NotificationDisabledCategory
        | NotificationDisabledClassification
        | t.Literal[
            "HINT",
            "UNRECOGNIZED",
            "UNSUPPORTED",
            "PERFORMANCE",
            "DEPRECATION",
            "GENERIC",
            "SECURITY",
            "TOPOLOGY",
            "SCHEMA",
        ]
    )
    T_RoutingControl: t.TypeAlias = RoutingControl | t.Literal["r", "w"]


class TrustStore:
    """Base class of the ``trusted_certificates`` option values."""


class TrustSystemCAs(TrustStore):
    """
    Trust certificates signed by the system's CAs (the default).

    The CAs are loaded with :meth:`ssl.SSLContext.load_default_certs`.
    """


class TrustAll(TrustStore):
    """
    Trust any certificate, e.g. the self-signed default one.

    Traffic is encrypted but the server is not authenticated, so this does
    not protect against man-in-the-middle attacks.
    """


class TrustCustomCAs(TrustStore):
    """
    Trust certificates signed by the given CAs.

    :param certificates: paths of PEM files with CA certificates
    """

    certs: tuple[str, ...]

    def __init__(self, *certificates: str) -> None:
        self.certs = certificates
