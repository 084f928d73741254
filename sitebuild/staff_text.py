"""`python -m sitebuild mark-text OLD.md NEW.md`: the text part with its changes marked, from two plain texts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from calculator.problems import Problem, TariffDataError

from . import critic
from .yaml_edit import write_all
from .yamlfile import read_text, shown_path

HELP = """Write the text part (content/<id>/tekstiosa.md) with the changes from OLD to NEW in CriticMarkup:
{--removed--}, {++added++}, {~~old~>new~~}. Paragraphs are matched first, then lines, then words; a
paragraph, line or list item that moved is removed at its old place and added word for word at its new one,
which the changes view shows as moved. Headings keep their {#anchor}. Accepting the marks gives NEW back,
rejecting them OLD (blank lines between paragraphs may differ). Both files are plain Markdown in UTF-8."""


def add_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "mark-text", help="mark the changes between two plain texts of the text part", description=HELP
    )
    parser.add_argument("old", type=Path, metavar="OLD.md", help="the text in force, plain Markdown")
    parser.add_argument("new", type=Path, metavar="NEW.md", help="the proposed text, plain Markdown")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write here (replaced whole); default: stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    old, new = plain_text(args.old), plain_text(args.new)
    text = critic.marked(old, new)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_all({args.output: text})
    except OSError as exc:
        raise TariffDataError([Problem(shown_path(args.output), None, "", f"cannot write: {exc.strerror}")]) from None
    print(f"{args.output}: {len(critic.CRITIC_MARKUP.findall(text))} change(s) marked", file=sys.stderr)
    return 0


def plain_text(path: Path) -> str:
    """A text part without change marks; one with a CriticMarkup delimiter is refused at its line."""
    text = read_text(path).replace("\r\n", "\n")
    found = critic.first_delimiter(text)
    if found is not None:
        line, delimiter = found
        message = f"already holds CriticMarkup ({delimiter!r}); give the plain text (accept or reject the marks first)"
        raise TariffDataError([Problem(shown_path(path), line, "", message)])
    return text
