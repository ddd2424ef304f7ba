"""Driver, session and transaction configuration (pure, no I/O).

Configuration arrives as keyword arguments to ``GraphDatabase.driver`` and
``Driver.session``.  Each group of options is a small class whose class
attributes are the defaults; :func:`consume_config` splits a keyword dict
into those groups and rejects what no group knows.  ``None`` means "use the
default", as with the official driver.
"""

from __future__ import annotations

import typing as t
import warnings

from .. import _debug
from .._api import NotificationMinimumSeverity, TrustStore, TrustSystemCAs
from ..api import DEFAULT_DATABASE, READ_ACCESS, WRITE_ACCESS
from ..exceptions import ConfigurationError


_G = t.TypeVar("_G", bound="ConfigGroup")


class ConfigGroup:
    """A set of options with defaults given as class attributes."""

    #: option name -> default, filled in by ``__init_subclass__``
    _defaults: t.ClassVar[dict[str, t.Any]] = {}

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        defaults: dict[str, t.Any] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if name.startswith("_") or callable(value):
                    continue
                if isinstance(value, (classmethod, staticmethod, property)):
                    continue
                defaults[name] = value
        cls._defaults = defaults

    def __init__(self, values: t.Mapping[str, t.Any] | None = None) -> None:
        if values:
            for key, value in values.items():
                if key not in self._defaults:
                    raise ConfigurationError(f"Unexpected config keys: {key}")
                if value is not None:
                    setattr(self, key, value)

    @classmethod
    def keys(cls) -> t.KeysView[str]:
        """The option names this group understands."""
        return cls._defaults.keys()

    @classmethod
    def take(cls: type[_G], data: dict[str, t.Any]) -> _G:
        """Build the group from (and remove its keys from) ``data``."""
        mine = {k: data.pop(k) for k in list(data) if k in cls._defaults}
        return cls(mine)

    def merged(self: _G, overrides: t.Mapping[str, t.Any]) -> _G:
        """A copy with the non-``None`` ``overrides`` applied."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        for key, value in overrides.items():
            if key not in self._defaults:
                raise ConfigurationError(f"Unexpected config keys: {key}")
            if value is not None:
                setattr(new, key, value)
        return new

    def as_dict(self) -> dict[str, t.Any]:
        """All options with their effective values."""
        return {key: getattr(self, key) for key in self._defaults}

    def __repr__(self) -> str:
        # credentials never appear: ``auth`` is shown by type only
        items = []
        for key, value in self.as_dict().items():
            shown = type(value).__name__ if key == "auth" else repr(value)
            items.append(f"{key}={shown}")
        return f"<{type(self).__name__} {' '.join(items)}>"


class PoolConfig(ConfigGroup):
    """Connection and pool options (driver level only)."""

    max_connection_lifetime: float = 3600
    liveness_check_timeout: float | None = None
    max_connection_pool_size: int = 100
    connection_timeout: float = 30.0
    connection_write_timeout: float = 30.0
    resolver: t.Any = None
    encrypted: bool = False
    trusted_certificates: TrustStore = TrustSystemCAs()
    client_certificate: t.Any = None
    ssl_context: t.Any = None
    user_agent: str | None = None
    keep_alive: bool = True
    auth: t.Any = None
    notifications_min_severity: t.Any = None
    notifications_disabled_classifications: t.Any = None
    telemetry_disabled: bool = False
    # observability (extensions of this driver, all off by default; see
    # neo4j._shared.observe): ``driver.metrics()`` snapshots, and
    # OpenTelemetry tracing and metrics through the given providers
    metrics_enabled: bool = False
    tracer_provider: t.Any = None
    meter_provider: t.Any = None
    #: record the query text on spans (parameters are never recorded)
    trace_query_text: bool = False


class WorkspaceConfig(ConfigGroup):
    """Options shared by sessions; driver-level values act as defaults."""

    connection_acquisition_timeout: float = 60.0
    max_transaction_retry_time: float = 30.0
    initial_retry_delay: float = 1.0
    retry_delay_multiplier: float = 2.0
    retry_delay_jitter_factor: float = 0.2
    database: str | None = DEFAULT_DATABASE
    fetch_size: int = 1000
    impersonated_user: str | None = None
    bookmark_manager: t.Any = None
    warn_notification_severity: t.Any = None
    disable_auto_commit_retries: bool = False
    #: client-side limit (seconds) for each wait for a server reply; an
    #: extension of this driver, None (the default) waits as long as
    #: the server takes
    response_timeout: float | None = None


class SessionConfig(WorkspaceConfig):
    """Options of one session."""

    bookmarks: t.Any = None
    default_access_mode: str = WRITE_ACCESS
    auth: t.Any = None
    notifications_min_severity: t.Any = None
    notifications_disabled_classifications: t.Any = None


class RoutingConfig(ConfigGroup):
    """Options of the routing driver."""

    routing_table_purge_delay: float = 30.0


_DEPRECATED_ALIASES: t.Final = {
    "notifications_disabled_categories": (
        "notifications_disabled_classifications"
    ),
}


def _apply_aliases(data: dict[str, t.Any], stacklevel: int) -> None:
    for old, new in _DEPRECATED_ALIASES.items():
        if old not in data:
            continue
        value = data.pop(old)
        warnings.warn(
            f"{old} is deprecated, use {new} instead.",
            DeprecationWarning,
            # ``stacklevel`` already counts this frame (see the callers)
            stacklevel=stacklevel,
        )
        if value is None:
            continue
        current = data.get(new)
        if current is None:
            data[new] = value
        else:
            # both given: the server ignores the union of the two
            data[new] = [*current, *value]


def consume_driver_config(
    config: t.Mapping[str, t.Any], stacklevel: int = 2
) -> tuple[PoolConfig, WorkspaceConfig, RoutingConfig]:
    """Split driver keyword arguments into their option groups.

    :raises ConfigurationError: on keys no group understands.
    """
    data = dict(config)
    _apply_aliases(data, stacklevel + 1)
    pool = PoolConfig.take(data)
    workspace = WorkspaceConfig.take(data)
    routing = RoutingConfig.take(data)
    if data:
        raise ConfigurationError("Unexpected config keys: " + ", ".join(data))
    validate_pool_config(pool)
    validate_workspace_config(workspace)
    normalize_warn_notification_severity(workspace)
    return pool, workspace, routing


def normalize_warn_notification_severity(workspace: WorkspaceConfig) -> None:
    """Validate the driver's ``warn_notification_severity`` and store the
    severity to warn from (``None``: never warn).

    Unset means ``INFORMATION`` in development mode (``python -X dev`` or
    ``PYTHONNEO4JDEBUG``) and no warnings otherwise; ``OFF`` means no
    warnings.

    :raises ValueError: the value is not a severity (or its name)
    """
    value = workspace.warn_notification_severity
    value = getattr(value, "value", value)
    try:
        known = value is None or value in _WARN_SEVERITIES
    except TypeError:
        known = False
    if not known:
        raise ValueError(
            "Invalid value for configuration warn_notification_severity: "
            f"{value}. Should be None, a NotificationMinimumSeverity, or a "
            "string representing a NotificationMinimumSeverity."
        )
    if value is None:
        if _debug.ENABLED:
            value = NotificationMinimumSeverity.INFORMATION
    elif value == NotificationMinimumSeverity.OFF:
        value = None
    workspace.warn_notification_severity = value


_WARN_SEVERITIES: t.Final = frozenset(
    member.value for member in NotificationMinimumSeverity
)


def consume_session_config(
    defaults: WorkspaceConfig,
    config: t.Mapping[str, t.Any],
    stacklevel: int = 2,
) -> SessionConfig:
    """Build a session's options over the driver's workspace defaults.

    :raises ConfigurationError: on unknown keys.
    :raises ValueError: on an invalid access mode or fetch size.
    """
    data = dict(config)
    # a driver-level option only: silently ignored per session
    data.pop("warn_notification_severity", None)
    _apply_aliases(data, stacklevel + 1)
    allowed = SessionConfig.keys()
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ConfigurationError(
            "Unexpected config keys: " + ", ".join(unknown)
        )
    session = SessionConfig()
    session.__dict__.update(defaults.__dict__)
    session = session.merged(data)
    if session.default_access_mode not in (READ_ACCESS, WRITE_ACCESS):
        raise ValueError(
            "Invalid default_access_mode "
            f"{session.default_access_mode!r}: expected "
            f"{READ_ACCESS!r} or {WRITE_ACCESS!r}"
        )
    validate_workspace_config(session)
    return session


def require_trust_store(value: object) -> None:
    """Check a ``trusted_certificates`` value.

    :raises ConfigurationError: it is not a :class:`.TrustStore` (``None``
        included: leave the option out for the default)
    """
    accepted = ("TrustSystemCAs()", "TrustAll()", "TrustCustomCAs(...)")
    if not isinstance(value, TrustStore):
        choices = " or ".join(f"neo4j.{name}" for name in accepted)
        raise ConfigurationError(
            f"trusted_certificates takes {choices}, not {type(value)}"
        )


def validate_observability(pool: PoolConfig) -> None:
    """Check the observability options.

    :raises TypeError: a flag that is not a bool, or a provider without
        the OpenTelemetry provider method (naming the value)
    """
    for name in ("metrics_enabled", "trace_query_text"):
        value = getattr(pool, name)
        if not isinstance(value, bool):
            raise TypeError(
                f'The config setting "{name}" must be True or False but '
                f"was {value!r}"
            )
    for name, method in (
        ("tracer_provider", "get_tracer"),
        ("meter_provider", "get_meter"),
    ):
        value = getattr(pool, name)
        if value is not None and not callable(getattr(value, method, None)):
            raise TypeError(
                f'The config setting "{name}" must be an OpenTelemetry '
                f"provider (with a {method}() method) or None but was "
                f"{value!r}"
            )


def validate_pool_config(pool: PoolConfig) -> None:
    """Check option values that can be checked without I/O."""
    require_trust_store(pool.trusted_certificates)
    validate_observability(pool)
    timeout = pool.liveness_check_timeout
    if timeout is not None and timeout < 0:
        raise ConfigurationError(
            f"liveness_check_timeout cannot be negative (got {timeout}); "
            "use 0 to check every idle connection or None to never check"
        )
    if pool.max_connection_pool_size is not None and not isinstance(
        pool.max_connection_pool_size, int
    ):
        raise ConfigurationError(
            'The config setting "max_connection_pool_size" must be an int '
            f"but was {pool.max_connection_pool_size!r}"
        )
    # connection_timeout: 0 means no TCP connect timeout and a negative
    # value fails when connecting (see check_connection_timeout), as with
    # the official driver; only the type is checked this early
    value = pool.connection_timeout
    if not isinstance(value, (int, float)):
        raise ConfigurationError(
            'The config setting "connection_timeout" must be a number '
            f"but was {value!r}"
        )
    value = pool.connection_write_timeout
    if not isinstance(value, (int, float)) or value <= 0:
        raise ConfigurationError(
            'The config setting "connection_write_timeout" must be a '
            f"positive number but was {value!r}"
        )


def check_connection_timeout(timeout: float | None) -> float | None:
    """The TCP connect timeout to use for ``connection_timeout``.

    Checked when a connection is opened, not when the driver is made (as
    the official driver does).

    :returns: ``None`` (no timeout) for ``None`` or 0, else ``timeout``
    :raises ValueError: ``Timeout value out of range`` if negative
    """
    if timeout is None or timeout == 0:
        return None
    if timeout < 0:
        raise ValueError("Timeout value out of range")
    return timeout


def check_acquisition_timeout(timeout: object) -> float | None:
    """Validate ``connection_acquisition_timeout`` when it is used.

    A connection acquisition checks it, not the driver or session
    construction (as the official driver does, with its wording).

    :returns: the timeout (``None``: no deadline, for internal callers)
    :raises TypeError: it is not a number
    :raises ValueError: it is not > 0, or NaN
    """
    if timeout is None:
        return None
    what = "Connection acquisition timeout"
    if isinstance(timeout, (int, float)):
        if timeout > 0:
            return timeout
        # NaN is neither > 0 nor <= 0
        problem = (
            "must not be NaN"
            if timeout != timeout
            else (f"must be > 0, got {timeout}")
        )
        raise ValueError(f"{what} {problem}")
    raise TypeError(f"{what} must be a number, got {type(timeout)}")


def check_response_timeout(value: object) -> None:
    """Validate ``response_timeout``: None or a positive number.

    :raises ConfigurationError: anything else (naming the value)
    """
    if value is None:
        return
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 < value < float("inf")
    ):
        return
    raise ConfigurationError(
        'The config setting "response_timeout" must be None or a '
        f"positive number of seconds but was {value!r}"
    )


def validate_workspace_config(workspace: WorkspaceConfig) -> None:
    """Check session-level option values.

    ``connection_acquisition_timeout`` is checked when a connection is
    acquired (:func:`check_acquisition_timeout`).
    """
    check_response_timeout(workspace.response_timeout)
    fetch_size = workspace.fetch_size
    if not isinstance(fetch_size, int) or (
        fetch_size <= 0 and fetch_size != -1
    ):
        raise ValueError(
            f"fetch_size must be a positive int or -1, got {fetch_size!r}"
        )
