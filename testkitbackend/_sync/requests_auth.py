# This file is generated from testkitbackend/_async/requests_auth.py by bin/make-unasync; do not edit.
# make-unasync digest: ba026235a0ab5c5ab017d6253229420d4504e069119e4925ebbde7198e3840ea
"""Auth token managers, client certificate providers, bookmark managers.

Each of these wraps client code, so their methods call back into
testkit (:meth:`Backend.callback`); the ``...Completed`` requests
carry testkit's answers.
"""

from __future__ import annotations

import typing as t

import neo4j

from .._api import (
    AuthManager,
    AuthManagers,
    ClientCertificateProvider,
    GraphDatabase,
    ExpiringAuth,
)
from .._options import (
    auth_to_testkit,
    auth_token,
    client_certificate,
)
from .._registry import make_registry


if t.TYPE_CHECKING:
    from .._framing import Request
    from .backend import Backend


HANDLERS, handles = make_registry()


# ------------------------------------------------------------- auth managers


class _TestkitAuthManager(AuthManager):
    """An auth manager whose both methods are answered by testkit."""

    def __init__(self, backend: Backend, key: int) -> None:
        self._backend = backend
        self._key = key

    def get_auth(self) -> t.Any:
        return self._backend.callback(
            "AuthTokenManagerGetAuthRequest",
            {"authTokenManagerId": self._key},
        )

    def handle_security_exception(self, auth: t.Any, error: t.Any) -> bool:
        return bool(
            self._backend.callback(
                "AuthTokenManagerHandleSecurityExceptionRequest",
                {
                    "authTokenManagerId": self._key,
                    "auth": auth_to_testkit(auth),
                    "errorCode": error.code,
                },
            )
        )


@handles("NewAuthTokenManager")
def new_auth_token_manager(backend: Backend, data: Request) -> t.Any:
    key = backend.next_key()
    backend.auth_managers[key] = _TestkitAuthManager(backend, key)
    return "AuthTokenManager", {"id": key}


@handles("AuthTokenManagerGetAuthCompleted")
def auth_token_manager_get_auth_completed(
    backend: Backend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], auth_token(data, "auth"))


@handles("AuthTokenManagerHandleSecurityExceptionCompleted")
def auth_token_manager_handle_security_exception_completed(
    backend: Backend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], bool(data["handled"]))


@handles("AuthTokenManagerClose")
def auth_token_manager_close(backend: Backend, data: Request) -> t.Any:
    key = data["id"]
    del backend.auth_managers[key]
    return "AuthTokenManager", {"id": key}


@handles("NewBasicAuthTokenManager")
def new_basic_auth_token_manager(backend: Backend, data: Request) -> t.Any:
    key = backend.next_key()

    def provider() -> t.Any:
        return backend.callback(
            "BasicAuthTokenProviderRequest", {"basicAuthTokenManagerId": key}
        )

    backend.auth_managers[key] = AuthManagers.basic(provider)
    return "BasicAuthTokenManager", {"id": key}


@handles("BasicAuthTokenProviderCompleted")
def basic_auth_token_provider_completed(
    backend: Backend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], auth_token(data, "auth"))


@handles("NewBearerAuthTokenManager")
def new_bearer_auth_token_manager(backend: Backend, data: Request) -> t.Any:
    key = backend.next_key()

    def provider() -> t.Any:
        return backend.callback(
            "BearerAuthTokenProviderRequest",
            {"bearerAuthTokenManagerId": key},
        )

    backend.auth_managers[key] = AuthManagers.bearer(provider)
    return "BearerAuthTokenManager", {"id": key}


@handles("BearerAuthTokenProviderCompleted")
def bearer_auth_token_provider_completed(
    backend: Backend, data: Request
) -> t.Any:
    wrapped = data["auth"]
    wrapped.mark_read_if("name", "AuthTokenAndExpiration")
    inner = wrapped["data"]
    expiring = ExpiringAuth(auth_token(inner, "auth"))
    expires_in_ms = inner.get("expiresInMs")
    if expires_in_ms is not None:
        expiring = expiring.expires_in(expires_in_ms / 1000)
    backend.complete(data["requestId"], expiring)


# ------------------------------------------------------ client certificates


class _TestkitCertificateProvider(ClientCertificateProvider):
    """A client certificate provider answered by testkit."""

    def __init__(self, backend: Backend, key: int) -> None:
        self._backend = backend
        self._key = key

    def get_certificate(self) -> t.Any:
        return self._backend.callback(
            "ClientCertificateProviderRequest",
            {"clientCertificateProviderId": self._key},
        )


@handles("NewClientCertificateProvider")
def new_client_certificate_provider(backend: Backend, data: Request) -> t.Any:
    key = backend.next_key()
    backend.cert_providers[key] = _TestkitCertificateProvider(backend, key)
    return "ClientCertificateProvider", {"id": key}


@handles("ClientCertificateProviderClose")
def client_certificate_provider_close(
    backend: Backend, data: Request
) -> t.Any:
    key = data["id"]
    del backend.cert_providers[key]
    return "ClientCertificateProvider", {"id": key}


@handles("ClientCertificateProviderCompleted")
def client_certificate_provider_completed(
    backend: Backend, data: Request
) -> t.Any:
    if data["hasUpdate"]:
        cert = client_certificate(data, "clientCertificate")
    else:
        data.mark_read("clientCertificate", recursive=True)
        cert = None
    backend.complete(data["requestId"], cert)


# --------------------------------------------------------- bookmark managers


@handles("NewBookmarkManager")
def new_bookmark_manager(backend: Backend, data: Request) -> t.Any:
    key = backend.next_key()
    options: dict[str, t.Any] = {}
    initial = data.get("initialBookmarks")
    if initial is not None:
        options["initial_bookmarks"] = neo4j.Bookmarks.from_raw_values(initial)
    if data.get("bookmarksSupplierRegistered"):

        def supplier() -> t.Any:
            return backend.callback(
                "BookmarksSupplierRequest", {"bookmarkManagerId": key}
            )

        options["bookmarks_supplier"] = supplier
    if data.get("bookmarksConsumerRegistered"):

        def consumer(bookmarks: t.Any) -> None:
            backend.callback(
                "BookmarksConsumerRequest",
                {
                    "bookmarkManagerId": key,
                    "bookmarks": sorted(bookmarks.raw_values),
                },
            )

        options["bookmarks_consumer"] = consumer
    backend.bookmark_managers[key] = GraphDatabase.bookmark_manager(**options)
    return "BookmarkManager", {"id": key}


@handles("BookmarkManagerClose")
def bookmark_manager_close(backend: Backend, data: Request) -> t.Any:
    key = data["id"]
    del backend.bookmark_managers[key]
    return "BookmarkManager", {"id": key}


@handles("BookmarksSupplierCompleted")
def bookmarks_supplier_completed(backend: Backend, data: Request) -> t.Any:
    backend.complete(
        data["requestId"], neo4j.Bookmarks.from_raw_values(data["bookmarks"])
    )


@handles("BookmarksConsumerCompleted")
def bookmarks_consumer_completed(backend: Backend, data: Request) -> t.Any:
    backend.complete(data["requestId"], None)
