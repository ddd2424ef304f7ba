"""Playing a script: which client message may come next, and what follows.

This part is pure (no I/O) so it can be tested directly.  The position in
the script is a *continuation*: a tuple of steps still to play, where a
block at its head is expanded only when a client message arrives.  A
message is matched greedily: alternatives in script order, an optional or
repeated block is entered before it is skipped.  No backtracking happens
after a message was accepted, which is why every block must start with a
client line.
"""

from __future__ import annotations

import typing as t

from ._script import Action, Block, Expect, Script, Step, message_name
from ._values import match, render_fields


__all__ = ["Player"]

Continuation = tuple[Step, ...]


def _advance(
    cont: Continuation, tag: int, fields: list[t.Any]
) -> Continuation | None:
    """The continuation after consuming one client message, or ``None``."""
    if not cont:
        return None
    head, rest = cont[0], cont[1:]
    if isinstance(head, Expect):
        if head.tag == tag and match(head.fields, fields) is None:
            return rest
        return None
    if isinstance(head, Action):
        return None
    if head.kind == "|":
        for branch in head.branches:
            found = _advance((*branch, *rest), tag, fields)
            if found is not None:
                return found
        return None
    body = tuple(head.branches[0])
    again: Continuation = ()
    if head.kind in "*+":
        again = (Block(head.line, "*", head.branches),)
    found = _advance((*body, *again, *rest), tag, fields)
    if found is not None or head.kind == "+":
        return found
    return _advance(rest, tag, fields)


def _firsts(cont: Continuation) -> tuple[list[Expect], bool]:
    """Client lines that may come next, and whether the script may end."""
    if not cont:
        return [], True
    head, rest = cont[0], cont[1:]
    if isinstance(head, Expect):
        return [head], False
    if isinstance(head, Action):
        return [], False
    expects: list[Expect] = []
    nullable = False
    if head.kind == "|":
        for branch in head.branches:
            found, can_end = _firsts((*branch, *rest))
            expects += found
            nullable = nullable or can_end
        return _unique(expects), nullable
    found, can_end = _firsts((*head.branches[0], *rest))
    if head.kind == "+":
        return found, can_end
    skipped, skip_end = _firsts(rest)
    return _unique(found + skipped), can_end or skip_end


def _unique(expects: list[Expect]) -> list[Expect]:
    seen: set[int] = set()
    result = []
    for expect in expects:
        if id(expect) not in seen:
            seen.add(id(expect))
            result.append(expect)
    return result


class Player:
    """The position of one connection in its script.

    :param script: the parsed script to play.
    """

    def __init__(self, script: Script) -> None:
        self.script = script
        self._cont: Continuation = tuple(script.body)

    def take_actions(self) -> list[Action]:
        """Pop the server lines due now (before the next client line)."""
        actions = []
        while self._cont and isinstance(self._cont[0], Action):
            action = self._cont[0]
            actions.append(action)
            self._cont = self._cont[1:]
            if action.kind == "exit":
                self._cont = ()
        return actions

    def feed(self, tag: int, fields: list[t.Any]) -> bool:
        """Consume a client message if the script allows it here.

        :returns: whether it matched (the position moves only then).
        """
        found = _advance(self._cont, tag, fields)
        if found is None:
            return False
        self._cont = found
        return True

    @property
    def finished(self) -> bool:
        """Nothing at all is left to play."""
        return not self._cont

    @property
    def can_end(self) -> bool:
        """The script may end here (what is left is optional)."""
        return _firsts(self._cont)[1]

    def expected(self) -> list[Expect]:
        """The client lines that could be matched next."""
        return _firsts(self._cont)[0]

    def explain(self, tag: int, fields: list[t.Any]) -> str:
        """Why a client message does not fit: expected lines and diffs."""
        received = f"{message_name(tag)} {render_fields(fields)}".rstrip()
        lines = [f"  received: C: {received}"]
        expects = self.expected()
        if not expects:
            lines.append("  expected: nothing (the script is finished)")
        else:
            lines.append(
                "  expected one of:" if len(expects) > 1 else "  expected:"
            )
            for expect in expects:
                lines.append(f"    {expect.describe()}")
                if expect.tag != tag:
                    problem = (
                        f"message is {message_name(tag)}, not {expect.name}"
                    )
                else:
                    problem = match(expect.fields, fields, "fields") or "?"
                lines.append(f"      difference: {problem}")
        if self.can_end and expects:
            lines.append("  (the script could also end here)")
        return "\n".join(lines)
