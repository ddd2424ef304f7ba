"""Running the build tools (Maven, ``javac``) the server launchers need."""

from __future__ import annotations

import subprocess


__all__ = ["run_tool"]


def run_tool(
    argv: list[str],
    what: str,
    timeout: float,
    error: type[Exception],
    tail_lines: int = 40,
) -> None:
    """Run a tool to completion; raise ``error`` if it cannot be started,
    times out or fails.

    :param argv: the command
    :param what: what the command does, for the error message
    :param timeout: seconds allowed
    :param error: the launcher's "server not available" exception type
    :param tail_lines: how much of the tool's output the error quotes
    """
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise error(f"{what} failed: {exc!r}") from exc
    if done.returncode != 0:
        tail = "\n".join(
            (done.stdout + done.stderr).splitlines()[-tail_lines:]
        )
        raise error(f"{what} failed with code {done.returncode}:\n{tail}")
