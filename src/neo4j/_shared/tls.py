"""Building the :class:`ssl.SSLContext` of a driver (pure, no I/O).

The context depends only on configuration: the ``encrypted`` and
``trusted_certificates`` options (or the URI scheme that implies them),
a user supplied ``ssl_context`` and an optional client certificate for
mutual TLS.  Connections reuse one context; a rotating client
certificate provider makes the pool build a new one.
"""

from __future__ import annotations

import os
import ssl
import typing as t

from .._api import TrustAll, TrustCustomCAs, TrustStore
from ..exceptions import CertificateConfigurationError


if t.TYPE_CHECKING:
    from .._auth_management import ClientCertificate


__all__ = ["make_ssl_context"]


def make_ssl_context(
    trusted_certificates: TrustStore,
    client_certificate: ClientCertificate | None = None,
) -> ssl.SSLContext:
    """Create a client context: TLS 1.2 or newer, SNI, verification as the
    trust setting says.

    :param trusted_certificates: :class:`TrustSystemCAs` (verify against
        the system store and check the host name), :class:`TrustAll`
        (no verification) or :class:`TrustCustomCAs` (verify against the
        given PEM files and check the host name)
    :param client_certificate: certificate for mutual TLS
    :raises CertificateConfigurationError: a certificate file cannot be
        loaded
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog:
        context.keylog_filename = keylog
    try:
        _apply_trust(context, trusted_certificates)
        if client_certificate is not None:
            context.load_cert_chain(
                client_certificate.certfile,
                keyfile=client_certificate.keyfile,
                password=client_certificate.password,
            )
    except (OSError, ssl.SSLError) as exc:
        raise CertificateConfigurationError(
            f"Failed to load certificates: {exc}"
        ) from exc
    return context


def _apply_trust(context: ssl.SSLContext, trust: TrustStore) -> None:
    # Verification is all or nothing: TrustAll turns both the chain and
    # the host name check off; every other store verifies both, against
    # the given PEM files or else the system's default CAs.
    verify = not isinstance(trust, TrustAll)
    # check_hostname must be off before CERT_NONE is allowed, and
    # CERT_REQUIRED before it may be switched on: set them in that order
    if not verify:
        context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
    context.check_hostname = verify
    if not verify:
        return
    ca_files = trust.certs if isinstance(trust, TrustCustomCAs) else None
    if ca_files is None:
        context.load_default_certs()
        return
    for ca_file in ca_files:
        context.load_verify_locations(ca_file)
