"""Consultations: the public-comment periods of proposals (tariffs/<id>/consultations/*.yaml), validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calculator import schema
from calculator.catalog import Catalog
from calculator.problems import Problem, TariffDataError
from calculator.schema import Fields, FileProblems

from .yamlfile import read_yaml, shown_path


@dataclass(frozen=True)
class Minutes:
    title: str
    published: str
    url: str | None


@dataclass(frozen=True)
class Consultation:
    """A public-comment period of a proposal, as the minutes that opened it give it."""

    version: str
    period_start: dt.date
    period_end: dt.date
    decision: str  # the act that opened the period, in words
    how_to_comment: tuple[str, ...]
    contact_source: str
    minutes: Minutes
    official_prevails: str
    planned_decision: tuple[int, int] | None  # (year, month) the minutes plan the decision for
    main_changes: tuple[str, ...]
    file: str = ""
    version_line: int = 1

    def planned_decision_passed(self, today: dt.date) -> bool:
        if self.planned_decision is None:
            return False
        year, month = self.planned_decision
        return (today.year, today.month) > (year, month)


def is_skeleton(data: object) -> bool:
    """A file that gives only `version`, as `python -m sitebuild new-version` writes it: no period yet."""
    return isinstance(data, dict) and list(data) == ["version"]


def read_consultation(path: Path) -> Consultation | None:
    """One consultations/*.yaml file; every problem as `file:line: field`. None for a skeleton."""
    shown = shown_path(path)
    found = FileProblems(shown)
    data = read_yaml(path, shown)
    if is_skeleton(data):
        return None
    fields = Fields(found, data)
    values = dict(
        version=fields.get("version", schema.ident),
        period_start=fields.get("period_start", schema.date),
        period_end=fields.get("period_end", schema.date),
        decision=fields.get("decision", schema.text),
        how_to_comment=fields.get("how_to_comment", schema.texts),
        contact_source=fields.get("contact_source", schema.text),
        official_prevails=fields.get("official_prevails", schema.text),
        planned_decision=fields.get("planned_decision", schema.month, required=False),
        main_changes=fields.get("main_changes", schema.texts, required=False, default=()),
    )
    minutes = fields.fields("minutes")
    if minutes is not None:
        values["minutes"] = Minutes(
            minutes.get("title", schema.text), minutes.get("published", schema.text),
            minutes.get("url", schema.text, required=False),
        )  # fmt: skip
        minutes.finish()
    fields.finish()
    start, end = values["period_start"], values["period_end"]
    if start and end and end < start:
        found.report(fields.line("period_end"), "period_end", "ends before period_start")
    found.raise_any()
    return Consultation(**values, file=shown, version_line=fields.line("version"))


def read_consultations(folder: Path, catalog: Catalog) -> dict[str, Consultation]:
    """Every consultation of an authority by the version it concerns; unknown versions are problems."""
    found, problems = {}, []
    for path in sorted(folder.glob("*.yaml")):
        try:
            consultation = read_consultation(path)
        except TariffDataError as exc:
            problems += exc.problems
            continue
        if consultation is None:
            continue
        if consultation.version not in {v.id for v in catalog.versions}:
            message = f"unknown version {consultation.version!r}"
            problems.append(Problem(consultation.file, consultation.version_line, "version", message))
        found[consultation.version] = consultation
    if problems:
        raise TariffDataError(problems)
    return found
