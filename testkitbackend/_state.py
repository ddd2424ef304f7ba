"""Per-object state the backend keeps besides the driver objects."""

from __future__ import annotations

import typing as t


class SessionState:
    """A session and the state of its running transaction function."""

    def __init__(self, session: t.Any) -> None:
        self.session = session
        #: "+" commit, "-" give up, None while testkit is still deciding
        self.verdict: str | None = None
        #: id of the stored driver error to raise on "-", if any
        self.error_id: t.Any = None
