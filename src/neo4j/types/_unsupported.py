"""Placeholder for values whose type this driver cannot represent."""

from __future__ import annotations

import typing as t


if t.TYPE_CHECKING:
    from typing_extensions import Self


__all__ = ["UnsupportedType"]


class UnsupportedType:
    """
    A value of a type that the driver (or negotiated protocol) lacks.

    Newer servers may return values of types this driver does not know.
    Such a value arrives as an :class:`UnsupportedType` that only
    describes the type; the value itself is not available.  It can be
    received but never sent back as a parameter.

    The attributes are meant for humans (logging, debugging).  Their
    content is defined by the server and may change between versions,
    so do not build application logic on them; upgrade the driver
    instead.
    """

    __slots__ = ("_message", "_minimum_protocol_version", "_name")

    _name: str
    _minimum_protocol_version: tuple[int, int]
    _message: str | None

    @classmethod
    def _new(
        cls,
        name: str,
        minimum_protocol_version: tuple[int, int],
        message: str | None,
    ) -> Self:
        """
        Build an instance (driver internal; used by the hydration).

        :param name: the server's name of the type
        :param minimum_protocol_version: ``(major, minor)`` Bolt version
            that introduced the type
        :param message: optional explanation sent by the server
        :returns: the new instance
        """
        inst = cls.__new__(cls)
        inst._name = name
        inst._minimum_protocol_version = minimum_protocol_version
        inst._message = message
        return inst

    @property
    def name(self) -> str:
        """Name of the type, as reported by the server."""
        return self._name

    @property
    def minimum_protocol_version(self) -> tuple[int, int]:
        """
        Oldest Bolt protocol version able to carry this type.

        A ``(major, minor)`` pair of :class:`int`.  Note that Bolt
        protocol versions are not driver versions; consult the driver
        manual to find which driver release supports the type.
        """
        return self._minimum_protocol_version

    @property
    def message(self) -> str | None:
        """Extra detail about the type sent by the server, if any."""
        return self._message

    def __getstate__(self) -> dict[str, t.Any]:
        return {
            "name": self._name,
            "minimum_protocol_version": self._minimum_protocol_version,
            "message": self._message,
        }

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        self._name = state["name"]
        self._minimum_protocol_version = state["minimum_protocol_version"]
        self._message = state["message"]

    def __str__(self) -> str:
        return f"{type(self).__name__}<{self._name}>"

    def __repr__(self) -> str:
        parts = [
            f"name={self._name!r}",
            f"minimum_protocol_version={self._minimum_protocol_version!r}",
        ]
        if self._message is not None:
            parts.append(f"message={self._message!r}")
        return f"<{type(self).__name__} {' '.join(parts)}>"
