"""The one CriticMarkup engine: {++added++}, {--removed--}, {~~old~>new~~} in the text part.

One annotated file gives the text in force (changes rejected), the proposed text
(changes accepted) and the changes view (changes marked with the site's macros).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

CRITIC_MARKUP = re.compile(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}", re.S)
EMPTY_ITEM = re.compile(r"^[ \t]*[-*+][ \t]*\n", re.M)


def resolve(text: str, accept: bool) -> str:
    """The text with its changes accepted (proposal) or rejected (text in force)."""

    def pick(match: re.Match) -> str:
        added, removed, old, new = match.groups()
        if added is not None:
            return added if accept else ""
        if removed is not None:
            return "" if accept else removed
        return new if accept else old

    resolved = CRITIC_MARKUP.sub(pick, text)
    # A list item that was all change and is left out leaves its bare marker ("- "), which Markdown would
    # read as a heading underline: drop such lines.
    return EMPTY_ITEM.sub("", resolved)


def mark(text: str, changed: Callable[[Markup, Markup], Markup]) -> str:
    """The text with every change shown by `changed(old, new)` (the `changed` macro)."""

    def one(match: re.Match) -> str:
        added, removed, old, new = match.groups()
        old_text = removed if removed is not None else old
        new_text = added if added is not None else new
        return str(changed(Markup(old_text or ""), Markup(new_text or "")))

    return CRITIC_MARKUP.sub(one, text)


def has_changes(text: str) -> bool:
    return CRITIC_MARKUP.search(text) is not None
