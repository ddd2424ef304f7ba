"""Request fields that become driver, session and transaction options."""

from __future__ import annotations

import os
import typing as t

import neo4j

from ._api import ClientCertificate
from ._cypher import params_to_native
from ._framing import Request


#: where testkit's TLS tests put the CA certificates they mean
CA_DIR = os.environ.get(
    "TESTKIT_CA_DIR", "/usr/local/share/custom-ca-certificates/"
)


def auth_token(data: Request, key: str) -> t.Any:
    """The driver auth of the ``AuthorizationToken`` in ``data[key]``."""
    wrapped = data.get(key)
    if wrapped is None:
        return None
    wrapped.mark_read_if("name", "AuthorizationToken")
    token = wrapped["data"]
    scheme = token["scheme"]
    if scheme == "basic":
        return neo4j.basic_auth(
            token["principal"], token["credentials"], realm=token.get("realm")
        )
    if scheme == "bearer":
        return neo4j.bearer_auth(token["credentials"])
    if scheme == "kerberos":
        return neo4j.kerberos_auth(token["credentials"])
    parameters = token.get("parameters") or {}
    token.mark_read("parameters", recursive=True)
    return neo4j.custom_auth(
        token.get("principal"),
        token.get("credentials"),
        token.get("realm"),
        scheme,
        **{k: _plain(v) for k, v in parameters.items()},
    )


def _plain(value: t.Any) -> t.Any:
    """A custom auth parameter: a Cypher value or plain JSON."""
    if isinstance(value, dict) and "name" in value and "data" in value:
        return params_to_native({"v": value})["v"]  # type: ignore[index]
    return value


def auth_to_testkit(auth: t.Any) -> dict[str, t.Any]:
    """The ``AuthorizationToken`` form of a driver auth object."""
    if auth is None:
        return {"name": "AuthorizationToken", "data": {}}
    if isinstance(auth, dict):
        fields = dict(auth)
    elif isinstance(auth, (tuple, list)):
        fields = {"scheme": "basic", "principal": auth[0]}
        if len(auth) > 1:
            fields["credentials"] = auth[1]
    else:
        fields = {
            name: getattr(auth, name)
            for name in (
                "scheme",
                "principal",
                "credentials",
                "realm",
                "parameters",
            )
            if getattr(auth, name, None) is not None
        }
    return {"name": "AuthorizationToken", "data": fields}


def client_certificate(data: Request, key: str) -> t.Any:
    """The :class:`ClientCertificate` in ``data[key]``, or None."""
    wrapped = data.get(key)
    if wrapped is None:
        return None
    wrapped.mark_read_if("name", "ClientCertificate")
    cert = wrapped["data"]
    return ClientCertificate(
        cert["certfile"], cert["keyfile"], cert.get("password")
    )


def trusted_certificates(data: Request) -> t.Any:
    """The ``trusted_certificates`` option, or None if absent."""
    if "trustedCertificates" not in data:
        return None
    certs = data["trustedCertificates"]
    if certs is None:
        return neo4j.TrustSystemCAs()
    if not certs:
        return neo4j.TrustAll()
    return neo4j.TrustCustomCAs(*(os.path.join(CA_DIR, c) for c in certs))


def notification_options(data: Request) -> dict[str, t.Any]:
    """Notification filter options (driver or session level)."""
    options: dict[str, t.Any] = {}
    if "notificationsMinSeverity" in data:
        options["notifications_min_severity"] = (
            neo4j.NotificationMinimumSeverity[data["notificationsMinSeverity"]]
        )
    disabled: list[t.Any] = []
    any_disabled = False
    # categories are the older name of classifications: same members
    for key in (
        "notificationsDisabledCategories",
        "notificationsDisabledClassifications",
    ):
        if key in data:
            any_disabled = True
            disabled += [
                neo4j.NotificationDisabledClassification[name]
                for name in data[key]
            ]
    if any_disabled:
        options["notifications_disabled_classifications"] = disabled
    return options


def tx_options(data: Request) -> dict[str, t.Any]:
    """``metadata`` and ``timeout`` (seconds) of a transaction."""
    options: dict[str, t.Any] = {}
    if "txMeta" in data:
        options["metadata"] = params_to_native(data["txMeta"])
    if "timeout" in data:
        timeout = data["timeout"]
        options["timeout"] = None if timeout is None else timeout / 1000
    return options


def seconds(data: Request, key: str) -> float | None:
    """A millisecond field as seconds; None if absent or null."""
    value = data.get(key)
    return None if value is None else value / 1000
