"""The one build: load an authority's data, check it, render its pages, run MkDocs, swap into place.

python build.py [--authority ID|PATH] [--site DIR]   build one authority's site (site/ changes only on success)
python build.py --check                              check every file (pages rendered, not built) and print the
                                                     data-consistency report; exit 1 on any data problem
python build.py --update-anchors                     also publish new link targets in links/published-anchors.txt

The authority defaults to the one named in tariffs/default-authority.
"""

# ruff: noqa: E402 - the Ctrl-C handler comes before the imports it covers
from __future__ import annotations

import signal
import sys


def _interrupted(number: int, frame: object) -> None:
    print("Interrupted before the build started; nothing was changed.", file=sys.stderr)
    raise SystemExit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupted)  # until main() runs: no traceback from the imports

import argparse
import datetime as dt
import time
from pathlib import Path

from calculator.problems import Problem, TariffDataError

ROOT = Path(__file__).resolve().parent


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authority", help="authority id under tariffs/, or its folder (a path with a /)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="output folder")
    parser.add_argument("--check", action="store_true", help="print the data-consistency report and stop")
    parser.add_argument("--update-anchors", action="store_true", help="publish new link targets")
    parser.add_argument("--today", type=_day, help="build as if on this day (YYYY-MM-DD)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C: KeyboardInterrupt, cleaned up below
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        # Imported here, so that Ctrl-C during the slow imports also ends with one line.
        from sitebuild.report import consistency_report
        from sitebuild.site import build_site, check_links
        from sitebuild.site_data import load_site_data

        data = load_site_data(args.authority)
        if args.check:
            problems = check_links(data, args.today or dt.date.today())
            if problems:
                return _stop(problems, args.site, "in the published links")
            print(consistency_report(data.catalog, data.sources), end="")
            return 0
        problems = build_site(data, args.site, args.update_anchors, args.today)
    except KeyboardInterrupt:
        print(f"Interrupted; {args.site} was not changed.", file=sys.stderr)
        return 130
    except TariffDataError as exc:
        return _stop(exc.problems, args.site, "in the data")
    except Exception as exc:
        if args.debug:
            raise
        print(f"Internal error (a bug, not a data problem): {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"Stopped; {args.site} was not changed. `python build.py --debug` shows where.", file=sys.stderr)
        return 70
    if problems:
        return _stop(problems, args.site, "in the published links")
    print(f"Built {data.authority.id} into {args.site} in {time.perf_counter() - started:.1f} s")
    return 0


def _stop(problems: list[Problem], site: Path, where: str) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Stopped: {len(problems)} problem(s) {where}; {site} was not changed.", file=sys.stderr)
    return 1


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # `kill` cleans up like Ctrl-C


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
