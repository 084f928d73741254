"""Read tariff YAML with line numbers (build and test time only: needs PyYAML).

Mappings and lists keep the line of every key and item, so that problems can
say `file:line`. Numbers with a decimal point become Decimal, never float.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from .loading import read_version
from .problems import Problem, TariffDataError


class LineDict(dict):
    line: int
    key_lines: dict


class LineList(list):
    line: int
    item_lines: list


class _Loader(yaml.SafeLoader):
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


def load_catalog(directory: Path):
    """Load and validate every `*.yaml` in a directory; raise with all problems of all files."""
    from .catalog import validated_catalog

    read, syntax_problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        name = str(path.relative_to(directory.parent))
        try:
            read.append(read_version(parse_yaml(path.read_text(encoding="utf-8"), name), name))
        except TariffDataError as exc:
            syntax_problems += exc.problems
    return validated_catalog(read, syntax_problems)
