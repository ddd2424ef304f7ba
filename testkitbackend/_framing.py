"""The wire format of the testkit protocol (no I/O here).

Each request arrives as lines::

    #request begin
    {"name": "NewDriver", "data": {...}}
    #request end

and each response leaves as::

    #response begin
    {"name": "Driver", "data": {"id": 1}}
    #response end

Lines outside the markers are ignored by both sides (the backend may
send log lines there).  A request's JSON may span several lines.
"""

from __future__ import annotations

import json
import typing as t


REQUEST_BEGIN = "#request begin"
REQUEST_END = "#request end"
RESPONSE_BEGIN = b"#response begin\n"
RESPONSE_END = b"#response end\n"


class ProtocolError(Exception):
    """A request that is not well-formed."""


class Request(dict):  # type: ignore[type-arg]
    """A JSON object of a request that remembers which keys were read.

    Testkit adds fields to requests over time; a field the backend never
    looks at would silently be ignored.  After handling a request, the
    backend asks :meth:`unread_keys` and reports any leftover as an
    error, so an unsupported option is never mistaken for a pass.
    Reading is ``obj[key]`` or ``obj.get(key)``; ``key in obj`` does not
    count as reading.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._read: set[str] = set()

    def __getitem__(self, key: str) -> t.Any:
        self._read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: t.Any = None) -> t.Any:
        self._read.add(key)
        return super().get(key, default)

    def mark_read(self, *keys: str, recursive: bool = False) -> None:
        """Mark ``keys`` (all keys if none given) as read.

        :param recursive: also mark everything nested below them
        """
        chosen = keys or tuple(self.keys())
        self._read.update(chosen)
        if recursive:
            for key in chosen:
                if key in self:
                    _mark_all(super().__getitem__(key))

    def mark_read_if(self, key: str, value: t.Any) -> None:
        """Mark ``key`` as read if it is absent or equals ``value``: the
        backend accepts that value without acting on it."""
        if key not in self or super().__getitem__(key) == value:
            self._read.add(key)

    def unread_keys(self) -> list[str]:
        """Dotted paths of keys nobody read, nested ones included."""
        found: list[str] = []
        for key, value in self.items():
            if key not in self._read:
                found.append(key)
            elif isinstance(value, Request):
                found.extend(f"{key}.{sub}" for sub in value.unread_keys())
        return sorted(found)


def _mark_all(value: t.Any) -> None:
    if isinstance(value, Request):
        value.mark_read(recursive=True)
    elif isinstance(value, list):
        for item in value:
            _mark_all(item)


class RequestAssembler:
    """Collects lines until a whole request has arrived."""

    def __init__(self) -> None:
        self._inside = False
        self._parts: list[str] = []

    def feed(self, line: str) -> str | None:
        """Take one line (with or without its line break).

        :returns: the request's JSON text once its end marker arrived,
            else None
        :raises ProtocolError: on a begin marker inside a request or an
            end marker outside one
        """
        line = line.rstrip("\r\n")
        if line == REQUEST_BEGIN:
            if self._inside:
                raise ProtocolError("'#request begin' inside a request")
            self._inside = True
            self._parts = []
            return None
        if line == REQUEST_END:
            if not self._inside:
                raise ProtocolError("'#request end' outside a request")
            self._inside = False
            text = "\n".join(self._parts)
            self._parts = []
            return text
        if self._inside:
            self._parts.append(line)
        return None


def parse_request(text: str) -> tuple[str, Request]:
    """Decode a request's JSON text into its name and data.

    :raises ProtocolError: if it is not ``{"name": str, "data": {...}}``
    """
    try:
        obj = json.loads(text, object_pairs_hook=Request)
    except ValueError as exc:
        raise ProtocolError(f"request is not valid JSON: {exc}") from None
    if not isinstance(obj, Request):
        raise ProtocolError("request is not a JSON object")
    name = obj.get("name")
    if not isinstance(name, str):
        raise ProtocolError("request has no string 'name'")
    data = obj.get("data", None)
    if data is None:
        data = Request()
    if not isinstance(data, Request):
        raise ProtocolError(f"{name}: 'data' is not a JSON object")
    return name, data


def encode_response(name: str, data: t.Mapping[str, t.Any]) -> bytes:
    """The framed bytes of one response (JSON on a single line)."""
    body = json.dumps({"name": name, "data": data}, ensure_ascii=False)
    return RESPONSE_BEGIN + body.encode("utf-8") + b"\n" + RESPONSE_END
