"""
Auth managers and client certificate providers.

* :class:`AuthManager`/:class:`AsyncAuthManager`: supply (and refresh)
  the driver's auth; :class:`AuthManagers`/:class:`AsyncAuthManagers`
  create the usual kinds (static, basic with password rotation, expiring
  bearer tokens).
* :class:`ClientCertificateProvider` and friends: supply the client
  certificate for mutual TLS;
  :class:`ClientCertificateProviders`/
  :class:`AsyncClientCertificateProviders` create static and rotating
  ones.
"""

from __future__ import annotations

from ._async.auth_management import (
    AsyncAuthManagers,
    AsyncClientCertificateProviders,
    AsyncRotatingClientCertificateProvider,
)
from ._auth_management import (
    AsyncAuthManager,
    AsyncClientCertificateProvider,
    AuthManager,
    ClientCertificate,
    ClientCertificateProvider,
    ExpiringAuth,
)
from ._sync.auth_management import (
    AuthManagers,
    ClientCertificateProviders,
    RotatingClientCertificateProvider,
)


__all__ = [
    "AsyncAuthManager",
    "AsyncAuthManagers",
    "AsyncClientCertificateProvider",
    "AsyncClientCertificateProviders",
    "AsyncRotatingClientCertificateProvider",
    "AuthManager",
    "AuthManagers",
    "ClientCertificate",
    "ClientCertificateProvider",
    "ClientCertificateProviders",
    "ExpiringAuth",
    "RotatingClientCertificateProvider",
]
