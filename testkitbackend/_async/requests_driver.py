"""Driver requests: creation, connectivity, execute_query, routing."""

from __future__ import annotations

import typing as t
import warnings

import neo4j
from neo4j.warnings import PreviewWarning

from .._api import AsyncGraphDatabase
from .._cypher import (
    params_to_native,
    record,
)
from .._options import (
    auth_token,
    client_certificate,
    notification_options,
    seconds,
    trusted_certificates,
    tx_options,
)
from .._registry import make_registry
from .._summary import (
    server_info,
    summary,
)
from . import internals


if t.TYPE_CHECKING:
    from .._framing import Request
    from .backend import AsyncBackend


HANDLERS, handles = make_registry()

_SECONDS_OPTIONS = (
    ("connectionTimeoutMs", "connection_timeout"),
    ("maxTxRetryTimeMs", "max_transaction_retry_time"),
    ("connectionAcquisitionTimeoutMs", "connection_acquisition_timeout"),
    ("livenessCheckTimeoutMs", "liveness_check_timeout"),
)


@handles("NewDriver")
async def new_driver(backend: AsyncBackend, data: Request) -> t.Any:
    options: dict[str, t.Any] = {}
    auth = auth_token(data, "authorizationToken")
    manager_id = data.get("authTokenManagerId")
    if manager_id is not None:
        auth = backend.auth_managers[manager_id]
    provider_id = data.get("clientCertificateProviderId")
    if provider_id is not None:
        options["client_certificate"] = backend.cert_providers[provider_id]
        data.mark_read_if("clientCertificate", None)
    else:
        cert = client_certificate(data, "clientCertificate")
        if cert is not None:
            options["client_certificate"] = cert
    custom = bool(data.get("resolverRegistered"))
    dns = bool(data.get("domainNameResolverRegistered"))
    if custom or dns:
        options["resolver"] = _resolver(backend, custom, dns)
    for field, option in _SECONDS_OPTIONS:
        value = seconds(data, field)
        if value is not None:
            options[option] = value
    for field, option in (
        ("maxConnectionPoolSize", "max_connection_pool_size"),
        ("fetchSize", "fetch_size"),
    ):
        if data.get(field) is not None:
            options[option] = data[field]
    if data.get("telemetryDisabled") is not None:
        options["telemetry_disabled"] = data["telemetryDisabled"]
    if "encrypted" in data:
        options["encrypted"] = data["encrypted"]
    trust = trusted_certificates(data)
    if trust is not None:
        options["trusted_certificates"] = trust
    options.update(notification_options(data))
    # fields of newer testkits the driver has no option for; null = unset
    for field in ("sessionConnectionTimeoutMs", "updateRoutingTableTimeoutMs"):
        data.mark_read_if(field, None)
    if data.get("userAgent") is not None:
        options["user_agent"] = data["userAgent"]
    # GetConnectionPoolMetrics reads driver.metrics()
    options.update(internals.metrics_options())
    with warnings.catch_warnings():
        # preview features (mutual TLS) warn on use
        warnings.simplefilter("ignore", PreviewWarning)
        driver = AsyncGraphDatabase.driver(
            data["uri"],
            auth=auth,
            warn_notification_severity=neo4j.NotificationMinimumSeverity.OFF,
            **options,
        )
    key = backend.next_key()
    backend.drivers[key] = driver
    return "Driver", {"id": key}


def _resolver(backend: AsyncBackend, custom: bool, dns: bool) -> t.Any:
    """A ``resolver`` that asks testkit: first the custom resolution of
    the address, then the DNS resolution of each resulting host.  (The
    driver has no DNS hook; it calls the resolver for every connection,
    so doing both here is equivalent.)"""

    async def resolve(address: t.Any) -> list[t.Any]:
        addresses = [f"{address[0]}:{address[1]}"]
        if custom:
            addresses = await backend.callback(
                "ResolverResolutionRequired", {"address": addresses[0]}
            )
        if dns:
            resolved: list[str] = []
            for addr in addresses:
                host, _, port = addr.rpartition(":")
                ips = await backend.callback(
                    "DomainNameResolutionRequired", {"name": host}
                )
                resolved += [f"{ip}:{port}" for ip in ips]
            addresses = resolved
        return [neo4j.Address.parse(a) for a in addresses]

    return resolve


@handles("ResolverResolutionCompleted")
async def resolver_resolution_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], list(data["addresses"]))


@handles("DomainNameResolutionCompleted")
async def domain_name_resolution_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], list(data["addresses"]))


@handles("DriverClose")
async def driver_close(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["driverId"]
    await backend.drivers[key].close()
    return "Driver", {"id": key}


@handles("VerifyConnectivity")
async def verify_connectivity(backend: AsyncBackend, data: Request) -> t.Any:
    key = data["driverId"]
    await backend.drivers[key].verify_connectivity()
    return "Driver", {"id": key}


@handles("GetServerInfo")
async def get_server_info(backend: AsyncBackend, data: Request) -> t.Any:
    info = await backend.drivers[data["driverId"]].get_server_info()
    return "ServerInfo", server_info(info)


@handles("CheckMultiDBSupport")
async def check_multi_db_support(
    backend: AsyncBackend, data: Request
) -> t.Any:
    available = await backend.drivers[data["driverId"]].supports_multi_db()
    return "MultiDBSupport", {"id": backend.next_key(), "available": available}


@handles("CheckSessionAuthSupport")
async def check_session_auth_support(
    backend: AsyncBackend, data: Request
) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    available = await driver.supports_session_auth()
    return "SessionAuthSupport", {
        "id": backend.next_key(),
        "available": available,
    }


@handles("VerifyAuthentication")
async def verify_authentication(backend: AsyncBackend, data: Request) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    auth = auth_token(data, "authorizationToken")
    authenticated = await driver.verify_authentication(auth=auth)
    return "DriverIsAuthenticated", {
        "id": backend.next_key(),
        "authenticated": authenticated,
    }


@handles("CheckDriverIsEncrypted")
async def check_driver_is_encrypted(
    backend: AsyncBackend, data: Request
) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    return "DriverIsEncrypted", {"encrypted": driver.encrypted}


@handles("ExecuteQuery")
async def execute_query(backend: AsyncBackend, data: Request) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    params = params_to_native(data.get("params"))
    config = data.get("config")
    options: dict[str, t.Any] = {}
    query: t.Any = data["cypher"]
    if config is not None:
        for field, option in (
            ("database", "database_"),
            ("routing", "routing_"),
            ("impersonatedUser", "impersonated_user_"),
        ):
            if config.get(field) is not None:
                options[option] = config[field]
        manager_id = config.get("bookmarkManagerId")
        if manager_id == -1:
            options["bookmark_manager_"] = None
        elif manager_id is not None:
            options["bookmark_manager_"] = backend.bookmark_managers[
                manager_id
            ]
        if "authorizationToken" in config:
            options["auth_"] = auth_token(config, "authorizationToken")
        tx = tx_options(config)
        if tx:
            query = neo4j.Query(query, **tx)
    eager = await driver.execute_query(query, params, **options)
    return "EagerResult", {
        "keys": list(eager.keys),
        "records": [record(r.values()) for r in eager.records],
        "summary": summary(eager.summary),
    }


@handles("ForcedRoutingTableUpdate")
async def forced_routing_table_update(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = data["driverId"]
    await internals.force_routing_table_update(
        backend.drivers[key], data["database"], data["bookmarks"]
    )
    return "Driver", {"id": key}


@handles("GetRoutingTable")
async def get_routing_table(backend: AsyncBackend, data: Request) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    return "RoutingTable", internals.routing_table(driver, data["database"])


@handles("GetConnectionPoolMetrics")
async def get_connection_pool_metrics(
    backend: AsyncBackend, data: Request
) -> t.Any:
    driver = backend.drivers[data["driverId"]]
    in_use, idle = internals.pool_metrics(
        driver, neo4j.Address.parse(data["address"])
    )
    return "ConnectionPoolMetrics", {"inUse": in_use, "idle": idle}
