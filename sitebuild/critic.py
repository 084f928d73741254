"""The one CriticMarkup engine: {++added++}, {--removed--}, {~~old~>new~~} in the text part.

One annotated file gives the text in force (changes rejected), the proposed text
(changes accepted) and the changes view (changes marked with the site's macros);
`marked(old, new)` writes that file from the two plain texts.

A moved paragraph, line or list item is removed at its old place and added, word for word, at its new
one, each as a whole line; the changes view shows such a pair as moved away and moved here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup

ADDED, REMOVED, SUBSTITUTED = ("{++", "++}"), ("{--", "--}"), ("{~~", "~>", "~~}")
DELIMITERS = (*ADDED, *REMOVED, *SUBSTITUTED)
CRITIC_MARKUP = re.compile("|".join("(.*?)".join(map(re.escape, d)) for d in (ADDED, REMOVED, SUBSTITUTED)), re.S)
EMPTY_ITEM = re.compile(r"^[ \t]*[-*+][ \t]*\n", re.M)
BULLET = re.compile(r"([ \t]*[-*+][ \t]+)(\S.*)")
# What may stand before a mark that holds a whole line: indentation and a list marker.
LINE_START = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])?[ \t]*")
# A line of Markdown: its structure (indentation, heading or list marker), its words, its {#anchor}.
LINE = re.compile(r"([ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+)?)(.*?)([ \t]*\{#[\w-]+\}[ \t]*)?(\n?)", re.S)
TABLE_CELL = re.compile(r"[^|]*[^|\s:-][^|]*")  # a cell with words (not a ---|:--: rule)
LINES = re.compile(r"[^\n]*\n|[^\n]+")
# A word, its closing punctuation, a space: "taulukoissa 17–20." is "taulukoissa", " ", "17–20", ".".
WORD = re.compile(r"\s+|\S+?(?=[.,:;!?)]*(?:\s|$))")
SIMILAR = 0.5  # paragraphs or lines at least this alike are marked word by word, others whole


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


def mark(text: str, macros: Any) -> str:
    """The text with every change shown by the `change` and `changed` macros (of `_macros.j2`).

    A mark that holds whole lines is shown line by line inside the line's Markdown (heading, list item,
    table cells); a removed heading leaves its {#anchor} to the one that stays. Whole lines removed and
    the same lines added elsewhere are shown as moved away and moved here.
    """
    whole = [m for m in CRITIC_MARKUP.finditer(text) if _whole_lines(text, m)]
    removed = {m[2].rstrip("\n") for m in whole if m[2] is not None}
    added = {m[1].rstrip("\n") for m in whole if m[1] is not None}
    starts = {m.start() for m in whole}

    def one(match: re.Match) -> str:
        added_text, removed_text, old, new = match.groups()
        if match.start() not in starts:
            old_text = removed_text if removed_text is not None else old
            new_text = added_text if added_text is not None else new
            return str(macros.changed(Markup(old_text or ""), Markup(new_text or "")))
        if added_text is not None:
            body, kind = added_text, "moved_here" if added_text.rstrip("\n") in removed else "added"
        else:
            body, kind = removed_text, "moved_away" if removed_text.rstrip("\n") in added else "removed"
        return "".join(_marked_line(macros.change, kind, line) for line in LINES.findall(body))

    return CRITIC_MARKUP.sub(one, text)


def _whole_lines(text: str, match: re.Match) -> bool:
    """Whether an added or removed mark holds its lines whole (after their list marker)."""
    body = match[1] if match[1] is not None else match[2]
    if not body:
        return False
    ends_line = body.endswith("\n") or text.startswith("\n", match.end()) or match.end() == len(text)
    line_start = text.rfind("\n", 0, match.start()) + 1
    return ends_line and LINE_START.fullmatch(text, line_start, match.start()) is not None


def _marked_line(change, kind: str, line: str) -> str:
    structure, words, anchor, end = LINE.fullmatch(line).groups()
    if "|" in words:  # a table row: each cell
        words = TABLE_CELL.sub(lambda cell: _marked_words(change, kind, cell.group()), words)
    else:
        words = _marked_words(change, kind, words)
    if kind in ("removed", "moved_away"):
        anchor = None  # the heading's id belongs to the text that stays
    return f"{structure}{words}{anchor or ''}{end}"


def _marked_words(change, kind: str, words: str) -> str:
    stripped = words.strip()
    if not stripped:
        return words
    start = words.index(stripped)
    return f"{words[:start]}{change(kind, Markup(stripped))}{words[start + len(stripped) :]}"


def has_changes(text: str) -> bool:
    return CRITIC_MARKUP.search(text) is not None


def first_delimiter(text: str) -> tuple[int, str] | None:
    """The line and the CriticMarkup delimiter that comes first in a plain text, if any."""
    found = [(text.index(d), d) for d in DELIMITERS if d in text]
    if not found:
        return None
    at, delimiter = min(found)
    return text.count("\n", 0, at) + 1, delimiter


def normal(text: str) -> str:
    """A plain text as the site reads it: blocks apart by one blank line, no bare list markers (resolve drops them)."""
    return "\n\n".join("\n".join(block) for block in _blocks(EMPTY_ITEM.sub("", text + "\n")))


def marked(old: str, new: str) -> str:
    """The text part with the changes from `old` to `new` marked: resolve() gives back each, in normal form.

    Paragraphs (blocks between blank lines) are matched first; a changed one is marked line by line and
    a changed line word by word. The texts must hold no CriticMarkup delimiter (see first_delimiter).
    """
    return "\n".join(_marked_parts(_blocks(old), _blocks(new), _marked_block))


def _marked_block(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    return "".join(_marked_parts(old, new, _changed_line))


def _marked_parts(old: Sequence, new: Sequence, changed: Callable[[Any, Any], str]) -> list[str]:
    """The parts (blocks or lines) of the new text with the changes from the old: alike ones by `changed`."""
    marked_parts = []
    for old_part, new_part in _align(old, new):
        if old_part == new_part:
            marked_parts.append("".join(f"{line}\n" for line in _lines(new_part)))
        elif old_part is None or new_part is None:
            marks, part = (ADDED, new_part) if old_part is None else (REMOVED, old_part)
            marked_parts.append("".join(_whole_line(marks, line) for line in _lines(part)))
        else:
            marked_parts.append(changed(old_part, new_part))
    return marked_parts


def _lines(part: str | tuple[str, ...]) -> tuple[str, ...]:
    return part if isinstance(part, tuple) else (part,)


def _blocks(text: str) -> list[tuple[str, ...]]:
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [tuple(block) for block in blocks if block]


def _align(old: Sequence, new: Sequence) -> list[tuple]:
    """(old, new) pairs in order: the same, alike (to be marked inside), removed (new None) or added (old None).

    A part found in both texts but not in place is paired with nothing, so it is removed at its old place
    and added at its new one: a move.
    """
    opcodes = SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    moved = {p for op in opcodes if op[0] != "equal" for p in old[op[1] : op[2]]}
    moved &= {p for op in opcodes if op[0] != "equal" for p in new[op[3] : op[4]]}
    pairs: list[tuple] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            pairs += [(part, part) for part in new[j1:j2]]
            continue
        news = list(new[j1:j2])
        for part in old[i1:i2]:
            match = None if part in moved else _most_alike(part, [None if n in moved else n for n in news])
            if match is None:
                pairs.append((part, None))
                continue
            pairs += [(None, n) for n in news[:match]] + [(part, news[match])]
            news = news[match + 1 :]
        pairs += [(None, n) for n in news]
    return pairs


def _most_alike(old: str | tuple, candidates: list) -> int | None:
    """The index of the first candidate most like `old`, if any is alike enough (None is no candidate)."""
    matcher = SequenceMatcher(b=_words(old), autojunk=False)
    best, found = SIMILAR, None
    for index, candidate in enumerate(candidates):
        if candidate is None:
            continue
        matcher.set_seq1(_words(candidate))
        if matcher.real_quick_ratio() < best or matcher.quick_ratio() < best:
            continue
        score = matcher.ratio()
        if score > best or (found is None and score == best):
            best, found = score, index
    return found


def _words(part: str | tuple[str, ...]) -> list[str]:
    """The words that tell how alike two parts are (not spaces, not a table's column lines)."""
    return [word for word in WORD.findall("\n".join(_lines(part))) if word != "|" and not word.isspace()]


def _whole_line(marks: tuple[str, str], line: str) -> str:
    """A line added or removed whole. A list item keeps its marker outside, as resolve() drops a bare one."""
    bullet = BULLET.fullmatch(line)
    if bullet:
        return f"{bullet[1]}{marks[0]}{bullet[2]}{marks[1]}\n"
    return f"{marks[0]}{line}\n{marks[1]}"


def _changed_line(old: str, new: str) -> str:
    """A line changed word by word, a table row cell by cell (or removed and added whole if its cells changed)."""
    if old.count("|") != new.count("|"):
        return _whole_line(REMOVED, old) + _whole_line(ADDED, new)
    return "|".join(_changed_words(o, n) for o, n in zip(old.split("|"), new.split("|"), strict=True)) + "\n"


def _changed_words(old: str, new: str) -> str:
    """Words changed. Little words between two changes go into one change, and so does all between the first
    change and the last when less than half of the words stay."""
    a, b = WORD.findall(old), WORD.findall(new)
    opcodes = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    pieces = [("".join(a[i1:i2]), "".join(b[j1:j2]), op != "equal") for op, i1, i2, j1, j2 in opcodes]
    changed = [k for k, piece in enumerate(pieces) if piece[2]] or [0]
    little = 2 * sum(len(o) for o, _, change in pieces if not change) < max(len(old), len(new))
    merged: list[tuple[str, str, bool]] = []
    for k, (o, n, change) in enumerate(pieces):
        change = change or (changed[0] < k < changed[-1] and (little or len(o.strip()) <= 3))
        if change and merged and merged[-1][2]:
            merged[-1] = (merged[-1][0] + o, merged[-1][1] + n, True)
        else:
            merged.append((o, n, change))
    return "".join(_change(o, n) if change else o for o, n, change in _space_after(merged))


def _space_after(pieces: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """Words added or removed with the space after them, not before, as the document marks them:
    "asunto{++ tai asuntola++} (" is "asunto {++tai asuntola ++}(". Pieces alternate: same, changed, same…"""
    for k in range(1, len(pieces) - 1):
        o, n, change = pieces[k]
        space = (o or n)[:1]
        if change and not (o and n) and space.isspace() and pieces[k + 1][0].startswith(space):
            before, after = pieces[k - 1][0] + space, pieces[k + 1][0][1:]
            pieces[k - 1 : k + 2] = [(before, before, False), (o and o[1:] + space, n and n[1:] + space, True),
                                     (after, after, False)]  # fmt: skip
    return pieces


def _change(old: str, new: str) -> str:
    if not old:
        return f"{ADDED[0]}{new}{ADDED[1]}"
    if not new:
        return f"{REMOVED[0]}{old}{REMOVED[1]}"
    return f"{SUBSTITUTED[0]}{old}{SUBSTITUTED[1]}{new}{SUBSTITUTED[2]}"
