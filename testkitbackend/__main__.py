"""``python -m testkitbackend [--sync|--async] [--host H] [--port P]``

Listens for testkit on ``127.0.0.1:9876`` unless told otherwise by the
flags or by the environment variables testkit itself reads
(``TEST_BACKEND_HOST``, ``TEST_BACKEND_PORT``), so one set of variables
configures both sides.  ``--async`` (the default) drives the driver's
async twin, ``--sync`` the sync twin; ``TESTKIT_BACKEND_MODE=sync``
does the same as ``--sync``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testkitbackend",
        description="Testkit backend for the neo4j Python driver.",
    )
    mode = parser.add_mutually_exclusive_group()
    default_mode = os.environ.get("TESTKIT_BACKEND_MODE", "async").lower()
    mode.add_argument(
        "--async",
        dest="mode",
        action="store_const",
        const="async",
        help="drive the async twin (default)",
    )
    mode.add_argument(
        "--sync",
        dest="mode",
        action="store_const",
        const="sync",
        help="drive the sync twin",
    )
    parser.add_argument(
        "--host", default=os.environ.get("TEST_BACKEND_HOST", "127.0.0.1")
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("TEST_BACKEND_PORT", "9876")),
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log requests, responses and the driver's debug log to stderr",
    )
    args = parser.parse_args(argv)
    mode_name = args.mode or default_mode
    if mode_name not in ("async", "sync"):
        parser.error(
            f"TESTKIT_BACKEND_MODE must be async or sync, not {mode_name!r}"
        )
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    import neo4j

    from . import _server

    def ready() -> None:
        print(
            f"testkit backend ({mode_name}, neo4j {neo4j.__version__} from "
            f"{os.path.dirname(neo4j.__file__)}) listening on "
            f"{args.host}:{args.port}",
            flush=True,
        )

    serve = _server.serve_async if mode_name == "async" else _server.serve_sync
    try:
        serve(args.host, args.port, ready)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
