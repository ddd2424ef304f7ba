"""Auth token managers, client certificate providers, bookmark managers.

Each of these wraps client code, so their methods call back into
testkit (:meth:`AsyncBackend.callback`); the ``...Completed`` requests
carry testkit's answers.
"""

from __future__ import annotations

import typing as t

import neo4j

from .._api import (
    AsyncAuthManager,
    AsyncAuthManagers,
    AsyncClientCertificateProvider,
    AsyncGraphDatabase,
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
    from .backend import AsyncBackend


HANDLERS, handles = make_registry()


# ------------------------------------------------------------- auth managers


class _AsyncTestkitAuthManager(AsyncAuthManager):
    """An auth manager whose both methods are answered by testkit."""

    def __init__(self, backend: AsyncBackend, key: int) -> None:
        self._backend = backend
        self._key = key

    async def get_auth(self) -> t.Any:
        return await self._backend.callback(
            "AuthTokenManagerGetAuthRequest",
            {"authTokenManagerId": self._key},
        )

    async def handle_security_exception(
        self, auth: t.Any, error: t.Any
    ) -> bool:
        return bool(
            await self._backend.callback(
                "AuthTokenManagerHandleSecurityExceptionRequest",
                {
                    "authTokenManagerId": self._key,
                    "auth": auth_to_testkit(auth),
                    "errorCode": error.code,
                },
            )
        )


@handles("NewAuthTokenManager")
async def new_auth_token_manager(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = backend.next_key()
    backend.auth_managers[key] = _AsyncTestkitAuthManager(backend, key)
    return "AuthTokenManager", {"id": key}


@handles("AuthTokenManagerGetAuthCompleted")
async def auth_token_manager_get_auth_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], auth_token(data, "auth"))


@handles("AuthTokenManagerHandleSecurityExceptionCompleted")
async def auth_token_manager_handle_security_exception_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], bool(data["handled"]))


@handles("AuthTokenManagerClose")
async def auth_token_manager_close(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = data["id"]
    del backend.auth_managers[key]
    return "AuthTokenManager", {"id": key}


@handles("NewBasicAuthTokenManager")
async def new_basic_auth_token_manager(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = backend.next_key()

    async def provider() -> t.Any:
        return await backend.callback(
            "BasicAuthTokenProviderRequest", {"basicAuthTokenManagerId": key}
        )

    backend.auth_managers[key] = AsyncAuthManagers.basic(provider)
    return "BasicAuthTokenManager", {"id": key}


@handles("BasicAuthTokenProviderCompleted")
async def basic_auth_token_provider_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], auth_token(data, "auth"))


@handles("NewBearerAuthTokenManager")
async def new_bearer_auth_token_manager(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = backend.next_key()

    async def provider() -> t.Any:
        return await backend.callback(
            "BearerAuthTokenProviderRequest",
            {"bearerAuthTokenManagerId": key},
        )

    backend.auth_managers[key] = AsyncAuthManagers.bearer(provider)
    return "BearerAuthTokenManager", {"id": key}


@handles("BearerAuthTokenProviderCompleted")
async def bearer_auth_token_provider_completed(
    backend: AsyncBackend, data: Request
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


class _AsyncTestkitCertificateProvider(AsyncClientCertificateProvider):
    """A client certificate provider answered by testkit."""

    def __init__(self, backend: AsyncBackend, key: int) -> None:
        self._backend = backend
        self._key = key

    async def get_certificate(self) -> t.Any:
        return await self._backend.callback(
            "ClientCertificateProviderRequest",
            {"clientCertificateProviderId": self._key},
        )


@handles("NewClientCertificateProvider")
async def new_client_certificate_provider(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = backend.next_key()
    backend.cert_providers[key] = _AsyncTestkitCertificateProvider(
        backend, key
    )
    return "ClientCertificateProvider", {"id": key}


@handles("ClientCertificateProviderClose")
async def client_certificate_provider_close(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = data["id"]
    del backend.cert_providers[key]
    return "ClientCertificateProvider", {"id": key}


@handles("ClientCertificateProviderCompleted")
async def client_certificate_provider_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    if data["hasUpdate"]:
        cert = client_certificate(data, "clientCertificate")
    else:
        data.mark_read("clientCertificate", recursive=True)
        cert = None
    backend.complete(data["requestId"], cert)


# --------------------------------------------------------- bookmark managers


@handles("NewBookmarkManager")
async def new_bookmark_manager(backend: AsyncBackend, data: Request) -> t.Any:
    key = backend.next_key()
    options: dict[str, t.Any] = {}
    initial = data.get("initialBookmarks")
    if initial is not None:
        options["initial_bookmarks"] = neo4j.Bookmarks.from_raw_values(initial)
    if data.get("bookmarksSupplierRegistered"):

        async def supplier() -> t.Any:
            return await backend.callback(
                "BookmarksSupplierRequest", {"bookmarkManagerId": key}
            )

        options["bookmarks_supplier"] = supplier
    if data.get("bookmarksConsumerRegistered"):

        async def consumer(bookmarks: t.Any) -> None:
            await backend.callback(
                "BookmarksConsumerRequest",
                {
                    "bookmarkManagerId": key,
                    "bookmarks": sorted(bookmarks.raw_values),
                },
            )

        options["bookmarks_consumer"] = consumer
    backend.bookmark_managers[key] = AsyncGraphDatabase.bookmark_manager(
        **options
    )
    return "BookmarkManager", {"id": key}


@handles("BookmarkManagerClose")
async def bookmark_manager_close(
    backend: AsyncBackend, data: Request
) -> t.Any:
    key = data["id"]
    del backend.bookmark_managers[key]
    return "BookmarkManager", {"id": key}


@handles("BookmarksSupplierCompleted")
async def bookmarks_supplier_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(
        data["requestId"], neo4j.Bookmarks.from_raw_values(data["bookmarks"])
    )


@handles("BookmarksConsumerCompleted")
async def bookmarks_consumer_completed(
    backend: AsyncBackend, data: Request
) -> t.Any:
    backend.complete(data["requestId"], None)
