"""The staff's commands for a tariff's year: an authority's first version from a workbook, a new
version, its prices, its text's changes, the consultation and the decision.
`python -m sitebuild COMMAND --help` tells each command's options.

Exit status: 0 done; 1 a problem in the input, every problem printed as `file:line: field: message`
or `sheet!cell: message`, and no file changed; 2 a wrong command line. The README's "Staff commands"
walks through a year.
"""

# Each command lives in its own module, which adds its subcommand in `add_command(commands)`.

from __future__ import annotations

import argparse
import importlib
import sys

from calculator.problems import TariffDataError

COMMAND_MODULES: tuple[str, ...] = (
    "sitebuild.staff_text", "sitebuild.staff_first", "sitebuild.staff_versions", "sitebuild.staff_sheets",
    "sitebuild.staff_lifecycle",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped reading: not an error of the command
        sys.stdout = None
        return 0
    except TariffDataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"Stopped: {len(exc.problems)} problem(s); no file was changed.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
