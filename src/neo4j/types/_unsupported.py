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

    # Everything the server told about the type, in one immutable
    # record; the class itself only presents it.  Without a public
    # ``__init__``, ``UnsupportedType(...)`` rejects any argument.
    __slots__ = ("_about",)

    _about: _TypeFacts

    def __reduce__(self) -> tuple[t.Callable[..., Self], _TypeFacts]:
        # pickle (and copy) by the facts alone
        return type(self)._new, self._about

    @property
    def message(self) -> str | None:
        """Free-form explanation from the server, or :data:`None`."""
        return self._about.message

    @property
    def minimum_protocol_version(self) -> tuple[int, int]:
        """
        The first Bolt protocol version that can transport the type.

        A ``(major, minor)`` pair of :class:`int`.  Bolt protocol versions
        are not driver versions: the driver manual tells which driver
        release speaks which protocol.
        """
        return self._about.minimum_protocol_version

    @property
    def name(self) -> str:
        """The type's name in the server's vocabulary."""
        return self._about.name

    @classmethod
    def _new(
        cls,
        type_name: str,
        since: tuple[int, int],
        detail: str | None,
    ) -> Self:
        """
        Build an instance (driver internal; used by the hydration).

        :param type_name: the server's name of the type
        :param since: ``(major, minor)`` Bolt version that introduced the
            type
        :param detail: optional explanation sent by the server
        :returns: the new instance
        """
        made = cls.__new__(cls)
        made._about = _TypeFacts(type_name, since, detail)
        return made

    def __str__(self) -> str:
        return f"{type(self).__name__}<{self._about.name}>"

    def __repr__(self) -> str:
        # the message is left out entirely when the server sent none
        shown = [
            f"{field}={value!r}"
            for field, value in zip(
                _TypeFacts._fields, self._about, strict=True
            )
            if value is not None or field != "message"
        ]
        return "<{} {}>".format(type(self).__name__, " ".join(shown))


class _TypeFacts(t.NamedTuple):
    """What the server reports about a type it could not send."""

    name: str
    minimum_protocol_version: tuple[int, int]
    message: str | None
