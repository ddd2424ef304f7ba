"""``python -m tests.fuzz [--inputs N] [--seed S] [TARGET ...]``: a long
fuzzing campaign over the decoder, the dechunker and the connection's
feed path (see :mod:`tests.fuzz`); exits 1 on any finding."""

from __future__ import annotations

import argparse
import sys

from . import TARGETS, run_campaign


#: address-space limit of a campaign: an input that makes the driver
#: allocate gigabytes shows up as a MemoryError (a finding)
_MEMORY_LIMIT = 2 * 1024**3


def main() -> int:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, _MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument(
        "--inputs",
        type=int,
        default=1_000_000,
        help="inputs in all (split over the targets)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("targets", nargs="*", default=sorted(TARGETS))
    args = parser.parse_args()
    per_target = max(1, args.inputs // len(args.targets))
    found = 0
    for target in args.targets:
        campaign = run_campaign(target, per_target, seed=args.seed)
        found += len(campaign.findings)
        print(
            f"{target:7} {campaign.inputs:>9,} inputs  "
            f"{campaign.decoded:>9,} decoded  "
            f"{campaign.typed_errors:>9,} typed errors  "
            f"{len(campaign.findings):>3} findings  "
            f"{campaign.seconds:7.1f} s",
            flush=True,
        )
        for data, exc in campaign.findings:
            print(f"  {type(exc).__name__}: {exc}  input={data[:64].hex()}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
