"""Request handler tables.

Each handler module owns a table (request name -> coroutine function
or function) filled by the decorator this module makes.  A handler
takes ``(backend, data)`` and returns the final response as
``(name, data)``, or None for requests that expect no response (the
``...Completed`` answers to callbacks).  Returning the response instead
of sending it lets the backend first check that every request field
was understood.
"""

from __future__ import annotations

import typing as t


Handler = t.Callable[..., t.Any]
Response = tuple[str, dict[str, t.Any]]


def make_registry() -> tuple[
    dict[str, Handler], t.Callable[[str], t.Callable[[Handler], Handler]]
]:
    """A new table and the decorator ``@handles("Name")`` that fills it."""
    table: dict[str, Handler] = {}

    def handles(name: str) -> t.Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            if name in table:
                raise ValueError(f"two handlers for {name}")
            table[name] = func
            return func

        return register

    return table, handles
