"""The calculator's examples (an authority's scenarios/presets.yaml): read, checked and priced at build time.

    source: Jätelautakunnan pöytäkirja 26.11.2025, § 23   # where the examples come from (optional)
    says: >-                    # what that source says of them, in its words, in Finnish (optional)
      Ekomaksu eli perusmaksu ... eikä se sisälly esimerkkeihin.
    examples:
      - name: 1–2 henkilön kotitalous, ...
        scenario: {containers: [...]}
        household: {kind: permanent, apartments: 1}   # what such a household also pays (optional)

The pages show each example as a household pays it (with `household`); where the example's own figure
differs, they give it beside only when `source` names where it comes from. Every problem, in the file's
shape or in a scenario, names the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from calculator import schema
from calculator.api import comparison_to_json
from calculator.catalog import Catalog
from calculator.compare import compare
from calculator.model import TariffVersion
from calculator.scenario import ScenarioError, parse_scenario
from calculator.schema import Fields, FileProblems

from .yamlfile import read_yaml, shown_path


@dataclass(frozen=True)
class Preset:
    """An example as its source prices it (`scenario`, `comparison`) and, where the source leaves out what
    every such household pays (the minutes leave out the eco fee), as a household pays it (`full_*`)."""

    name: str
    scenario: dict[str, Any]  # plain JSON data, as the page's form takes it
    comparison: dict[str, Any]  # the scenario under the version in force and the proposal
    full_scenario: dict[str, Any]  # `scenario` with the example's `household`, or `scenario` itself
    full_comparison: dict[str, Any]

    @property
    def leaves_out(self) -> list[dict[str, Any]]:
        """The lines of `full_comparison` that `comparison` has not (what the source leaves out)."""
        priced = {line["id"] for line in self.comparison["lines"]}
        return [line for line in self.full_comparison["lines"] if line["id"] not in priced]

    @property
    def has_basic_fee(self) -> bool:
        """Whether the example as the pages show it (`full_comparison`) has the eco fee (the basic fee) in it."""
        full = self.full_comparison
        return any(line["id"] == "eco-fee" for side in ("old", "new") for line in full[side]["lines"])


@dataclass(frozen=True)
class Presets:
    """The examples, and what their source is and says of them (None: the file does not say)."""

    examples: tuple[Preset, ...] = ()
    source: str | None = None
    says: str | None = None

    @property
    def without_basic_fee(self) -> bool:
        """No example, as the pages show it, has the eco fee in it."""
        return bool(self.examples) and not any(p.has_basic_fee for p in self.examples)


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


def priced(scenario: Any, catalog: Catalog, old: TariffVersion, new: TariffVersion) -> dict[str, Any]:
    """A scenario under `old` and `new` (raises ScenarioError)."""
    return comparison_to_json(compare(parse_scenario(plain(scenario), today=old.valid_from), catalog, old, new))


def read_presets(file: Path, catalog: Catalog, old: TariffVersion, new: TariffVersion) -> Presets:
    """The examples, each priced under `old` and `new`; raise with every problem of the file."""
    if not file.is_file():
        return Presets()
    shown = shown_path(file)
    found = FileProblems(shown)
    top = Fields(found, read_yaml(file, shown), what="the examples' 'examples', 'source' and 'says'")
    source, says = top.get("source", schema.text, required=False), top.get("says", schema.text, required=False)
    nodes = top.get("examples", schema.a_list, default=[])
    top.finish()
    examples = schema.items(found, nodes, "examples", top.line("examples"))
    presets = []
    for i, item, line in examples:
        where = f"examples[{i}]"
        fields = Fields(found, item, where, line, "an example with 'name' and 'scenario'")
        name = fields.get("name", schema.text)
        scenario = fields.get("scenario", schema.mapping)
        fields.get("source", schema.text, required=False)
        fields.get("note", schema.text, required=False)
        household = fields.get("household", schema.mapping, required=False)
        fields.get("expected", schema.mapping, required=False)  # the worked examples' answers (tests)
        fields.finish()
        if name is None or scenario is None:
            continue
        if household is not None and "household" in scenario:
            found.report(line_at(item, "household"), f"{where}.household", "the scenario has a household already")
            continue
        full = dict(plain(scenario), household=plain(household)) if household is not None else plain(scenario)
        try:
            result = priced(scenario, catalog, old, new)
            full_result = priced(full, catalog, old, new) if household is not None else result
        except ScenarioError as exc:
            for p in exc.problems:
                at = item if p.field.startswith("household") else scenario
                path = p.field if p.field.startswith("household") else f"scenario.{p.field}"
                found.report(line_at(at, p.field), f"{where}.{path}", p.message)
            continue
        presets.append(Preset(name, plain(scenario), result, full, full_result))
    found.raise_any()
    return Presets(tuple(presets), source, says)
