"""The calculator's examples (an authority's scenarios/presets.yaml): read, checked and priced at build time.

Every problem, in the file's shape or in a scenario, names the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from calculator.api import comparison_to_json
from calculator.catalog import Catalog
from calculator.compare import compare
from calculator.model import TariffVersion
from calculator.problems import Problem, TariffDataError
from calculator.scenario import ScenarioError, parse_scenario

from .sources import read_yaml, shown_path

FIELDS = {"name", "scenario", "source", "note", "expected"}


@dataclass(frozen=True)
class Preset:
    name: str
    scenario: dict[str, Any]  # plain JSON data, as the page's form takes it
    comparison: dict[str, Any]  # the scenario under the version in force and the proposal


def plain(node: Any) -> Any:
    """YAML data as JSON data: decimals and dates become text."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, Decimal):
        return str(node)
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def line_at(node: Any, path: str) -> int | None:
    """The line of a scenario field such as "containers[0].volume_l" (the nearest one that has a line)."""
    line = getattr(node, "line", None)
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        key: Any = int(index) if index else name
        lines = getattr(node, "item_lines" if index else "key_lines", None)
        try:
            line, node = lines[key], node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def read_presets(file: Path, catalog: Catalog, old: TariffVersion, new: TariffVersion) -> list[Preset]:
    """The examples, each priced under `old` and `new`; raise with every problem of the file."""
    if not file.is_file():
        return []
    shown = shown_path(file)
    data = read_yaml(file, shown)
    if data is None:
        return []
    if not isinstance(data, list):
        raise TariffDataError([Problem(shown, getattr(data, "line", 1), "", "expected a list of examples")])
    problems: list[Problem] = []
    presets = []
    for i, item in enumerate(data):
        found = _shape_problems(shown, item, i, data.item_lines[i])
        if found:
            problems += found
            continue
        scenario = item["scenario"]
        try:
            parsed = parse_scenario(plain(scenario), today=old.valid_from)
            result = comparison_to_json(compare(parsed, catalog, old, new))
        except ScenarioError as exc:
            problems += [
                Problem(shown, line_at(scenario, p.field), f"[{i}].scenario.{p.field}", p.message)
                for p in exc.problems
            ]
            continue
        presets.append(Preset(item["name"].strip(), plain(scenario), result))
    if problems:
        raise TariffDataError(problems)
    return presets


def _shape_problems(shown: str, item: Any, i: int, line: int) -> list[Problem]:
    if not isinstance(item, dict):
        return [Problem(shown, line, f"[{i}]", "expected an example with 'name' and 'scenario'")]
    problems = [Problem(shown, item.key_lines[k], f"[{i}].{k}", "unknown field") for k in item if k not in FIELDS]
    if not isinstance(item.get("name"), str) or not item["name"].strip():
        problems.append(Problem(shown, item.key_lines.get("name", line), f"[{i}].name", "expected the example's name"))
    if not isinstance(item.get("scenario"), dict):
        where = item.key_lines.get("scenario", line)
        problems.append(Problem(shown, where, f"[{i}].scenario", "expected a scenario (a mapping)"))
    return problems
