"""The one way every data file is read: declared fields, their types, required or optional, and a
`file:line: field: message` problem for each fault (standard library only: the browser runs it too).

The input is nested dicts and lists. Those parsed from YAML carry the line of every key and item
(`line`, `key_lines`, `item_lines`; see sitebuild/yamlfile.py); data from JSON has none, and
problems then name only the file and the field. A converter takes a value and returns it read, or
raises ValueError with the message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .money import parse_amount
from .problems import Problem, TariffDataError

Convert = Callable[[Any], Any]


class Invalid(ValueError):
    """A value refused: the message, and for a visitor the message in Finnish."""

    def __init__(self, message: str, message_fi: str = ""):
        super().__init__(message)
        self.message_fi = message_fi


class FileProblems:
    """The problems found in one data file. `Fields` reports through these methods, so another sink
    (a scenario's, calculator/scenario.py) words the same faults its own way."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def report(self, line: int | None, path: str, message: str, message_fi: str = "") -> None:
        self.problems.append(Problem(self.file, line, path, message))

    def missing(self, line: int | None, path: str) -> None:
        self.report(line, path, "missing required field")

    def unknown(self, line: int | None, path: str, name: object) -> None:
        self.report(line, join(path, str(name)), "unknown field")

    def not_mapping(self, line: int | None, path: str, node: Any, what: str) -> None:
        self.report(line, path, f"expected {what or 'a mapping'}, found {kind(node)}")

    def raise_any(self) -> None:
        if self.problems:
            raise TariffDataError(self.problems)


def line_of(node: Any, key: object = None) -> int | None:
    """The line of `node[key]` (a key of a mapping or an index of a list), else of the node itself."""
    if key is not None:
        lines = getattr(node, "key_lines", None) or getattr(node, "item_lines", None)
        if lines:
            if isinstance(lines, dict) and key in lines:
                return lines[key]
            if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
                return lines[key]
    return getattr(node, "line", None)


def join(path: str, name: object) -> str:
    """A field's path: "sections[0].tables", "[2].name"."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else str(name)


class Fields:
    """Reads the fields of one mapping: each `get` declares one; `finish` reports every undeclared one."""

    def __init__(self, found: FileProblems, node: Any, path: str = "", at: int | None = None, what: str = ""):
        """`at`: the node's line as its parent knows it, for a node that carries none (a scalar).
        `what`: the mapping's expected content in words, for the message when `node` is no mapping."""
        self.found, self.node, self.path, self.at = found, node, path, _file_start(path, at)
        self.seen: set[str] = set()
        self.ok = isinstance(node, dict)
        if not self.ok:
            found.not_mapping(self.line(), path, node, what)

    def field_path(self, name: str) -> str:
        return join(self.path, name)

    def line(self, name: str | None = None) -> int | None:
        return line_of(self.node, name) or self.at

    def get(self, name: str, convert: Convert, required: bool = True, default: Any = None) -> Any:
        self.seen.add(name)
        if not self.ok:
            return default
        if name not in self.node or self.node[name] is None:
            if required:
                self.found.missing(self.line(), self.field_path(name))
            return default
        try:
            return convert(self.node[name])
        except ValueError as exc:
            self.found.report(self.line(name), self.field_path(name), str(exc), getattr(exc, "message_fi", ""))
            return default

    def raw(self, name: str) -> Any:
        self.seen.add(name)
        return self.node.get(name) if self.ok else None

    def fields(self, name: str, required: bool = True, what: str = "") -> Fields | None:
        """The fields of a nested mapping; None when it is absent (reported if required)."""
        if self.raw(name) is None:
            self.get(name, mapping, required=required)
            return None
        return Fields(self.found, self.node[name], self.field_path(name), self.line(name), what)

    def finish(self) -> None:
        if not self.ok:
            return
        for name in self.node:
            if name not in self.seen:
                self.found.unknown(self.line(name), self.path, name)


def items(found: FileProblems, node: Any, path: str = "", at: int | None = None, what: str = "a list") -> list:
    """The items of a list as (index, item, line); anything else is reported and reads as empty."""
    if node is None:
        return []
    if not isinstance(node, list):
        found.report(line_of(node) or _file_start(path, at), path, f"expected {what}, found {kind(node)}")
        return []
    return [(i, item, line_of(node, i) or at) for i, item in enumerate(node)]


def _file_start(path: str, at: int | None) -> int | None:
    """A file's top level (no path) that carries no line, such as a bare scalar, is reported on line 1."""
    return 1 if at is None and not path else at


def kind(value: Any) -> str:
    if value is None:
        return "nothing"
    for type_, name in ((dict, "a mapping"), (list, "a list"), (str, "text")):
        if isinstance(value, type_):
            return name
    return repr(value)


# --- converters: a value read, or ValueError with the message -----------------------------------


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, found {value!r}")
    return value.strip()


def ident(value: Any) -> str:
    word = text(value)
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in word) or word != word.lower():
        raise ValueError(f"id {word!r} must be lower-case ascii letters, digits, '-' and '_'")
    return word


def whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, found {value!r}")
    return value


def line_range(value: Any) -> tuple[int, int]:
    """A line of a document (1655), or its lines "first-last" ("1459-1462")."""
    found = re.fullmatch(r"([1-9]\d*)(?:-([1-9]\d*))?", str(value)) if not isinstance(value, bool) else None
    first, last = (int(found[1]), int(found[2] or found[1])) if found else (0, 0)
    if not found or last < first:
        raise ValueError(f"expected a line number or lines 'first-last', found {value!r}")
    return first, last


def number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"expected a number or text, found {value!r}")
    return str(value)


def date(value: Any) -> dt.date:
    """A day: a YAML date, or text YYYY-MM-DD (as JSON has it)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the calendar") from None
    raise ValueError(f"expected a date YYYY-MM-DD, found {value!r}")


def month(value: Any) -> tuple[int, int]:
    """A month YYYY-MM as (year, month)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, number = int(value[:4]), int(value[5:])
        if 1 <= number <= 12:
            return year, number
    raise ValueError(f"expected a month YYYY-MM, found {value!r}")


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {value!r}")
    return value


def amount_within(low: Decimal, high: Decimal) -> Convert:
    def convert(value: Any) -> Decimal:
        amount = parse_amount(value)
        if not low <= amount <= high:
            raise ValueError(f"{amount} is outside {low}...{high}")
        return amount

    return convert


def paragraphs(value: Any) -> tuple[str, ...]:
    """Text as paragraphs: a list of texts, or one text with blank lines between paragraphs."""
    listed = value if isinstance(value, list) else [value]
    return tuple(p.strip() for item in listed for p in text(item).split("\n\n") if p.strip())


def texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of texts, found {value!r}")
    return tuple(text(item) for item in value)


def idents(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of ids, found {value!r}")
    return tuple(ident(item) for item in value)


def a_list(value: Any) -> list:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, found {value!r}")
    return value


def mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, found {value!r}")
    return value
