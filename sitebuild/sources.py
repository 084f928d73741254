"""Tariff YAML with line numbers, read into the calculator's plain data (build and test time: needs PyYAML).

Mappings and lists keep the line of every key and item, so that problems can
say `file:line`. Numbers with a decimal point become Decimal, never float.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from calculator.loading import read_version
from calculator.problems import Problem, TariffDataError

from .checks import validated_catalog


class LineDict(dict):
    line: int
    key_lines: dict


class LineList(list):
    line: int
    item_lines: list


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where present: 10x faster
    """SafeLoader that keeps line numbers and reads decimals exactly."""

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
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
        return Decimal(self.construct_scalar(node).replace("_", ""))


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


def parse_yaml(text: str, file: str):
    """Parse YAML text; a syntax error becomes a TariffDataError with its line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise TariffDataError([Problem(file, line, "", f"YAML syntax error: {message}")]) from None


ROOT = Path(__file__).resolve().parent.parent


def shown_path(path: Path, base: Path | None = None) -> str:
    """A file's name in messages: relative to the project (or to `base` outside it)."""
    path = path.resolve()
    if path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return str(path.relative_to(base.resolve())) if base and path.is_relative_to(base.resolve()) else str(path)


def read_yaml(path: Path):
    """One YAML file with line numbers; a syntax error becomes a TariffDataError naming the file."""
    return parse_yaml(path.read_text(encoding="utf-8"), shown_path(path))


def load_catalog(directory: Path):
    """Load and validate every `*.yaml` in a directory; raise with all problems of all files."""
    read, syntax_problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        name = shown_path(path, directory.parent)
        try:
            read.append(read_version(parse_yaml(path.read_text(encoding="utf-8"), name), name))
        except TariffDataError as exc:
            syntax_problems += exc.problems
    return validated_catalog(read, syntax_problems)
