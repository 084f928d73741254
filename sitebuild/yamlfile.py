"""Data files (YAML) with line numbers, for the checks of calculator/schema.py (build and test time: PyYAML).

Mappings and lists keep the line of every key and item, so that problems can
say `file:line`. Numbers with a decimal point become Decimal, never float.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from calculator.problems import Problem, TariffDataError


class LineDict(dict):
    line: int
    key_lines: dict


class LineList(list):
    line: int
    item_lines: list


# Deeper nesting than any tariff file needs is refused with its line, before Python's recursion limit.
MAX_YAML_DEPTH = 100


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where present: 10x faster
    """SafeLoader that keeps line numbers, reads decimals exactly and refuses aliases.

    A scalar that looks like a date or a number but is not one (2025-02-30, 1.2.3) stays text, so
    that the field that expected a date or a number reports it with its path.
    """

    def construct_object(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if node in self.constructed_objects or node in self.recursive_objects:
            # An alias (*name) reuses a node: one entry could stand for millions of values.
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in tariff data: write the value out", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | type(None) | Decimal | date):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain name, not a list or a mapping", key_node.start_mark
                )
            if key in result:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):  # noqa: D102 - PyYAML hook
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_yaml_float(self, node):  # noqa: D102 - PyYAML hook
        text = self.construct_scalar(node)
        special = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}
        try:
            return Decimal(special.get(text.lower(), text.replace("_", "")))
        except InvalidOperation:
            return text

    def construct_yaml_int(self, node):  # noqa: D102 - PyYAML hook
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # e.g. more digits than Python converts
            return self.construct_scalar(node)

    def construct_yaml_timestamp(self, node):  # noqa: D102 - PyYAML hook
        try:
            value = super().construct_yaml_timestamp(node)
        except ValueError:  # 2025-13-01, 2025-02-30
            return self.construct_scalar(node)
        return value


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _too_deep(text: str) -> int | None:
    """The line where nesting first goes deeper than MAX_YAML_DEPTH (the scanner is not recursive)."""
    depth = 0
    starts = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
              yaml.FlowSequenceStartToken)  # fmt: skip
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, starts):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return token.start_mark.line + 1
        elif isinstance(token, yaml.BlockEndToken | yaml.FlowMappingEndToken | yaml.FlowSequenceEndToken):
            depth -= 1
    return None


def parse_yaml(text: str, file: str):
    """Parse YAML text; a syntax error becomes a TariffDataError with its line."""
    try:
        deep = _too_deep(text)
        if deep is None:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise TariffDataError([Problem(file, line, "", f"YAML syntax error: {message}")]) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise TariffDataError([Problem(file, line, "", f"control character U+{code:04X} is not allowed")]) from None
    raise TariffDataError([Problem(file, deep, "", f"nested more than {MAX_YAML_DEPTH} levels deep")])


ROOT = Path(__file__).resolve().parent.parent


def shown_path(path: Path, base: Path | None = None) -> str:
    """A file's name in messages: relative to the project (or to `base` outside it)."""
    path = path.resolve()
    if path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return str(path.relative_to(base.resolve())) if base and path.is_relative_to(base.resolve()) else str(path)


def read_text(path: Path, shown: str | None = None) -> str:
    """A data file as text; unreadable or not UTF-8 becomes a TariffDataError with the line of the bad byte."""
    shown = shown or shown_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TariffDataError([Problem(shown, 1, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        message = f"not UTF-8 text: byte 0x{byte} cannot be read (save the file as UTF-8)"
        raise TariffDataError([Problem(shown, line, "", message)]) from None


def read_yaml(path: Path, shown: str | None = None):
    """One YAML file with line numbers; a fault becomes a TariffDataError naming the file and line."""
    shown = shown or shown_path(path)
    return parse_yaml(read_text(path, shown), shown)
