"""Stub scripts: parsing the text into a header and a tree of steps.

The format is documented in ``tests/stub/README.md``.  Parsing is strict:
every problem is a :class:`ScriptError` naming the line, raised when the
test starts the server rather than in the middle of a conversation.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from ._values import (
    ListPattern,
    ScriptValueError,
    concrete,
    parse_values,
    render_fields,
)


__all__ = [
    "CLIENT_MESSAGES",
    "SERVER_MESSAGES",
    "Action",
    "Block",
    "Expect",
    "Script",
    "ScriptError",
    "Step",
    "Version",
    "message_name",
    "parse_script",
    "substitute",
]

#: client request names -> tag (aliases of older protocol versions too)
CLIENT_MESSAGES: dict[str, int] = {
    "HELLO": 0x01,
    "INIT": 0x01,
    "GOODBYE": 0x02,
    "ACK_FAILURE": 0x0E,
    "RESET": 0x0F,
    "RUN": 0x10,
    "BEGIN": 0x11,
    "COMMIT": 0x12,
    "ROLLBACK": 0x13,
    "DISCARD": 0x2F,
    "DISCARD_ALL": 0x2F,
    "PULL": 0x3F,
    "PULL_ALL": 0x3F,
    "TELEMETRY": 0x54,
    "ROUTE": 0x66,
    "LOGON": 0x6A,
    "LOGOFF": 0x6B,
}
#: server response names -> tag
SERVER_MESSAGES: dict[str, int] = {
    "SUCCESS": 0x70,
    "RECORD": 0x71,
    "IGNORED": 0x7E,
    "FAILURE": 0x7F,
}
_CLIENT_NAMES: dict[int, str] = {}
for _name, _tag in CLIENT_MESSAGES.items():
    _CLIENT_NAMES.setdefault(_tag, _name)
_SERVER_NAMES = {tag: name for name, tag in SERVER_MESSAGES.items()}


def message_name(tag: int, client: bool = True) -> str:
    """The script name of a message tag (``#XX`` when unknown)."""
    names = _CLIENT_NAMES if client else _SERVER_NAMES
    return names.get(tag, f"#{tag:02X}")


class ScriptError(ValueError):
    """A stub script is malformed."""


@dataclass(frozen=True)
class Version:
    """A Bolt version offer: ``major.minor`` down to ``minor - range``."""

    major: int
    minor: int
    range: int = 0

    def covers(self, major: int, minor: int) -> bool:
        return major == self.major and (
            self.minor - self.range <= minor <= self.minor
        )

    def __str__(self) -> str:
        if self.range:
            low = self.minor - self.range
            return f"{self.major}.{low}-{self.major}.{self.minor}"
        return f"{self.major}.{self.minor}"


@dataclass(eq=False)
class Expect:
    """A client line: the message the client must send next."""

    line: int
    prefix: str
    tag: int
    name: str
    fields: ListPattern

    def describe(self) -> str:
        text = render_fields(self.fields)
        return f"line {self.line}: {self.prefix} {self.name} {text}".rstrip()


@dataclass(eq=False)
class Action:
    """A server line: a reply or a control action.

    ``kind`` is ``"message"`` (``tag``/``fields`` set), ``"sleep"``
    (``seconds``), ``"exit"``, ``"raw"`` (``data``) or ``"noop"``.
    """

    line: int
    kind: str
    tag: int = 0
    fields: list[t.Any] = field(default_factory=list)
    seconds: float = 0.0
    data: bytes = b""

    def describe(self) -> str:
        if self.kind == "message":
            name = message_name(self.tag, client=False)
            return f"S: {name} {render_fields(self.fields)}".rstrip()
        if self.kind == "sleep":
            return f"S: <SLEEP {self.seconds}>"
        if self.kind == "raw":
            return f"S: <RAW> {self.data.hex(' ').upper()}"
        return f"S: <{self.kind.upper()}>"


@dataclass(eq=False)
class Block:
    """A block of alternatives (``|``), optional (``?``) or repeated steps.

    ``kind`` is ``"?"`` (0 or 1 time), ``"*"`` (0 or more), ``"+"`` (1 or
    more) or ``"|"`` (exactly one of ``branches``).  Only ``"|"`` has more
    than one branch.
    """

    line: int
    kind: str
    branches: list[list[Step]]


Step = Expect | Action | Block


@dataclass
class Script:
    """A parsed stub script."""

    name: str
    versions: list[Version] = field(default_factory=list)
    manifest: bool = False
    capabilities: int = 0
    handshake_override: bytes | None = None
    handshake_delay: float = 0.0
    auto: dict[int, list[Action] | None] = field(default_factory=dict)
    concurrent: bool = False
    restart: bool = False
    #: the client may close the connection at any point (storm tests)
    hangup: bool = False
    body: list[Step] = field(default_factory=list)


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def substitute(text: str, variables: t.Mapping[str, object]) -> str:
    """Replace ``${name}`` by ``str(variables[name])``.

    :raises ScriptError: for a name that is not given.
    """

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in variables:
            raise ScriptError(f"undefined script variable ${{{name}}}")
        return str(variables[name])

    return _VAR.sub(replace, text)


def _balance(text: str) -> int:
    """Open brackets minus closed ones, ignoring those in strings."""
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
    return depth


_LINE_PREFIXES = ("!:", "C:", "?C:", "*C:", "+C:", "S:")
_BLOCK_OPEN = {"?{": "?", "*{": "*", "+{": "+", "|{": "|"}


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Strip comments/blank lines and join bracketed continuations."""
    lines: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if pending is not None:
            joined = pending[1] + " " + stripped
            if _balance(joined) > 0:
                pending = (pending[0], joined)
            else:
                lines.append((pending[0], joined))
                pending = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(_LINE_PREFIXES) and _balance(stripped) > 0:
            pending = (number, stripped)
        else:
            lines.append((number, stripped))
    if pending is not None:
        raise ScriptError(f"line {pending[0]}: unclosed bracket")
    return lines


def _parse_versions(line: int, words: list[str]) -> list[Version]:
    versions = []
    for word in words:
        found = re.fullmatch(r"(\d+)\.(\d+)(?:-(\d+)\.(\d+))?", word)
        if not found:
            raise ScriptError(f"line {line}: bad Bolt version {word!r}")
        major, minor = int(found.group(1)), int(found.group(2))
        if found.group(3) is None:
            versions.append(Version(major, minor))
            continue
        top_major, top_minor = int(found.group(3)), int(found.group(4))
        if top_major != major or top_minor < minor:
            raise ScriptError(f"line {line}: bad version range {word!r}")
        versions.append(Version(major, top_minor, top_minor - minor))
    if not versions:
        raise ScriptError(f"line {line}: BOLT needs at least one version")
    return versions


def _hex(line: int, text: str) -> bytes:
    try:
        return bytes.fromhex("".join(text.split()))
    except ValueError:
        raise ScriptError(f"line {line}: bad hex bytes {text!r}") from None


def _parse_header(script: Script, line: int, text: str) -> None:
    words = text.split()
    if not words:
        raise ScriptError(f"line {line}: empty '!:' line")
    keyword, args = words[0].upper(), words[1:]
    if keyword == "BOLT":
        script.versions = _parse_versions(line, args)
    elif keyword == "MANIFEST" and not args:
        script.manifest = True
    elif keyword == "CAPABILITIES" and len(args) == 1 and args[0].isdigit():
        script.capabilities = int(args[0])
    elif keyword == "HANDSHAKE" and args and args[0].upper() == "DELAY":
        script.handshake_delay = _seconds(line, " ".join(args[1:]))
    elif keyword == "HANDSHAKE" and args:
        script.handshake_override = _hex(line, " ".join(args))
    elif keyword == "AUTO" and args:
        tag = _client_tag(line, args[0])
        rest = text.split(None, 2)[2] if len(args) > 1 else ""
        if rest.strip().upper() == "<NONE>":
            script.auto[tag] = []
        elif rest:
            script.auto[tag] = [_parse_action(line, rest)]
        else:
            script.auto[tag] = None  # the built-in default reply
    elif keyword == "ALLOW" and args == ["CONCURRENT"]:
        script.concurrent = True
    elif keyword == "ALLOW" and args == ["RESTART"]:
        script.restart = True
    elif keyword == "ALLOW" and args == ["HANGUP"]:
        script.hangup = True
    else:
        raise ScriptError(f"line {line}: unknown header line '!: {text}'")


def _seconds(line: int, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScriptError(f"line {line}: bad duration {text!r}") from None
    if value < 0:
        raise ScriptError(f"line {line}: negative duration {text!r}")
    return value


def _client_tag(line: int, name: str) -> int:
    if name in CLIENT_MESSAGES:
        return CLIENT_MESSAGES[name]
    if re.fullmatch(r"#[0-9A-Fa-f]{2}", name):
        return int(name[1:], 16)
    raise ScriptError(f"line {line}: unknown client message {name!r}")


def _split_message(line: int, text: str) -> tuple[str, ListPattern]:
    parts = text.split(None, 1)
    if not parts:
        raise ScriptError(f"line {line}: missing message name")
    try:
        fields = parse_values(parts[1] if len(parts) > 1 else "")
    except ScriptValueError as exc:
        raise ScriptError(f"line {line}: {exc}") from None
    return parts[0], fields


def _parse_expect(line: int, prefix: str, text: str) -> Expect:
    name, fields = _split_message(line, text)
    tag = _client_tag(line, name)
    return Expect(line, prefix, tag, message_name(tag), fields)


def _parse_action(line: int, text: str) -> Action:
    control = re.fullmatch(r"<([A-Z]+)(?:\s+([^>]*))?>\s*(.*)", text)
    if control:
        word, inner, after = control.groups()
        if word == "SLEEP" and inner and not after:
            return Action(line, "sleep", seconds=_seconds(line, inner))
        if word == "EXIT" and not inner and not after:
            return Action(line, "exit")
        if word == "NOOP" and not inner and not after:
            return Action(line, "noop")
        if word == "RAW" and not inner and after:
            return Action(line, "raw", data=_hex(line, after))
        raise ScriptError(f"line {line}: bad server action {text!r}")
    name, pattern = _split_message(line, text)
    if name in SERVER_MESSAGES:
        tag = SERVER_MESSAGES[name]
    elif re.fullmatch(r"#[0-9A-Fa-f]{2}", name):
        tag = int(name[1:], 16)
    else:
        raise ScriptError(f"line {line}: unknown server message {name!r}")
    try:
        fields = concrete(pattern)
    except ScriptValueError as exc:
        raise ScriptError(f"line {line}: {exc}") from None
    return Action(line, "message", tag=tag, fields=fields)


def _starts_with_client(steps: list[Step]) -> bool:
    if not steps:
        return False
    head = steps[0]
    if isinstance(head, Expect):
        return True
    if isinstance(head, Block):
        return all(_starts_with_client(b) for b in head.branches)
    return False


def _check_sequence(steps: list[Step], top: bool) -> None:
    """Enforce the rules that keep playing a script deterministic."""
    if not top and steps and not _starts_with_client(steps):
        line = _line_of(steps[0])
        raise ScriptError(
            f"line {line}: a block (and each alternative) must start with "
            "a client line"
        )
    previous: Step | None = None
    for step in steps:
        if isinstance(previous, Action) and previous.kind == "exit":
            raise ScriptError(
                f"line {_line_of(step)}: unreachable after <EXIT>"
            )
        if (
            isinstance(step, Action)
            and isinstance(previous, Block)
            and previous.kind != "|"
        ):
            raise ScriptError(
                f"line {step.line}: a server line cannot follow an optional "
                "or repeated block (it would have no client line to answer)"
            )
        if isinstance(step, Block):
            for branch in step.branches:
                _check_sequence(branch, top=False)
        previous = step


def _line_of(step: Step) -> int:
    return step.line


class _Builder:
    """Turns logical lines into nested step lists."""

    def __init__(self, script: Script) -> None:
        self.script = script
        # stack of (block or None for the top level, current branch)
        self.stack: list[tuple[Block | None, list[Step]]] = [
            (None, script.body)
        ]
        # a modified client line (?C: *C: +C:) and its server lines
        self.line_block: Block | None = None
        # what a line without prefix continues: "C:", "S:" or nothing
        self.last_prefix = ""

    @property
    def current(self) -> list[Step]:
        if self.line_block is not None:
            return self.line_block.branches[0]
        return self.stack[-1][1]

    def close_line_block(self) -> None:
        self.line_block = None

    def feed(self, line: int, text: str) -> None:
        if text.startswith(("C:", "S:")):
            self.last_prefix = text[:2]
        elif text.startswith(("?C:", "*C:", "+C:")):
            self.last_prefix = "S:"
        elif not text.startswith(("!:", "}")) and text not in _BLOCK_OPEN:
            if not self.last_prefix:
                raise ScriptError(f"line {line}: cannot parse {text!r}")
            text = f"{self.last_prefix} {text}"
        else:
            self.last_prefix = ""
        if text in _BLOCK_OPEN:
            self.close_line_block()
            block = Block(line, _BLOCK_OPEN[text], [[]])
            self.stack[-1][1].append(block)
            self.stack.append((block, block.branches[0]))
        elif text == "}|{":
            self.close_line_block()
            outer = self.stack[-1][0]
            if outer is None or outer.kind != "|":
                raise ScriptError(f"line {line}: '}}|{{' outside '|{{'")
            branch: list[Step] = []
            outer.branches.append(branch)
            self.stack[-1] = (outer, branch)
        elif text == "}":
            self.close_line_block()
            if len(self.stack) == 1:
                raise ScriptError(f"line {line}: '}}' without a block")
            self.stack.pop()
        elif text.startswith(("?C:", "*C:", "+C:")):
            self.close_line_block()
            expect = _parse_expect(line, text[:3], text[3:].strip())
            block = Block(line, text[0], [[expect]])
            self.stack[-1][1].append(block)
            self.line_block = block
        elif text.startswith("C:"):
            self.close_line_block()
            self.current.append(_parse_expect(line, "C:", text[2:].strip()))
        elif text.startswith("S:"):
            self.current.append(_parse_action(line, text[2:].strip()))
        elif text.startswith("!:"):
            raise ScriptError(
                f"line {line}: header lines ('!:') must come first"
            )
        else:
            raise ScriptError(f"line {line}: cannot parse {text!r}")

    def finish(self) -> None:
        if len(self.stack) > 1:
            block = self.stack[-1][0]
            assert block is not None
            raise ScriptError(f"line {block.line}: block is never closed")
        _check_sequence(self.script.body, top=True)


def parse_script(text: str, name: str = "<script>") -> Script:
    """Parse a stub script.

    :param text: the script (variables already substituted).
    :param name: what to call it in messages (e.g. its file name).
    :raises ScriptError: if the script is malformed.
    """
    script = Script(name)
    builder = _Builder(script)
    in_header = True
    for line, content in _logical_lines(text):
        if content.startswith("!:") and in_header:
            _parse_header(script, line, content[2:].strip())
            continue
        in_header = False
        builder.feed(line, content)
    builder.finish()
    if not script.versions:
        raise ScriptError(f"{name}: missing '!: BOLT <version>' line")
    return script
