"""Consultations: the public-comment periods of proposals (tariffs/<id>/consultations/*.yaml), validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calculator.catalog import Catalog
from calculator.problems import Problem, TariffDataError

from .sources import read_yaml, shown_path


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


def _month(value: object) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in str(value).split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise ValueError(f"expected a month YYYY-MM, found {value!r}") from None
    return year, month


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"expected a date YYYY-MM-DD, found {value!r}")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, found {value!r}")
    return value.strip()


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of texts, found {value!r}")
    return tuple(_text(item) for item in value)


CONSULTATION_FIELDS = {
    "version": (_text, True),
    "period_start": (_date, True),
    "period_end": (_date, True),
    "decision": (_text, True),
    "how_to_comment": (_texts, True),
    "contact_source": (_text, True),
    "minutes": (dict, True),
    "official_prevails": (_text, True),
    "planned_decision": (_month, False),
    "main_changes": (_texts, False),
}


def read_consultation(path: Path) -> Consultation:
    """One consultations/*.yaml file; every problem as `file:line: field`."""
    data, shown = read_yaml(path), shown_path(path)
    if not isinstance(data, dict):
        raise TariffDataError([Problem(shown, getattr(data, "line", 1), "", "expected a mapping")])
    problems, values = [], {}
    for name, (convert, required) in CONSULTATION_FIELDS.items():
        if data.get(name) is None:
            if required:
                problems.append(Problem(shown, data.line, name, "missing required field"))
            continue
        try:
            values[name] = data[name] if convert is dict else convert(data[name])
        except ValueError as exc:
            problems.append(Problem(shown, data.key_lines.get(name), name, str(exc)))
    problems += [
        Problem(shown, data.key_lines.get(k), str(k), "unknown field") for k in data if k not in CONSULTATION_FIELDS
    ]
    minutes = values.get("minutes", {})
    if isinstance(minutes, dict) and minutes:
        for name in ("title", "published"):
            if not isinstance(minutes.get(name), str):
                problems.append(
                    Problem(shown, getattr(minutes, "line", None), f"minutes.{name}", "missing required field")
                )
        problems += [
            Problem(shown, minutes.key_lines.get(k), f"minutes.{k}", "unknown field")
            for k in minutes
            if k not in ("title", "published", "url")
        ]
    elif "minutes" in values:
        problems.append(Problem(shown, data.key_lines.get("minutes"), "minutes", "expected a mapping"))
    if not problems and values["period_end"] < values["period_start"]:
        problems.append(Problem(shown, data.key_lines.get("period_end"), "period_end", "ends before period_start"))
    if problems:
        raise TariffDataError(problems)
    return Consultation(
        **{k: v for k, v in values.items() if k not in ("minutes",)}
        | {
            "minutes": Minutes(minutes["title"], minutes["published"], minutes.get("url")),
            "planned_decision": values.get("planned_decision"),
            "main_changes": values.get("main_changes", ()),
            "file": shown,
            "version_line": data.key_lines.get("version", data.line),
        }
    )


def read_consultations(folder: Path, catalog: Catalog) -> dict[str, Consultation]:
    """Every consultation of an authority by the version it concerns; unknown versions are problems."""
    found, problems = {}, []
    for path in sorted(folder.glob("*.yaml")):
        try:
            consultation = read_consultation(path)
        except TariffDataError as exc:
            problems += exc.problems
            continue
        if consultation.version not in {v.id for v in catalog.versions}:
            message = f"unknown version {consultation.version!r}"
            problems.append(Problem(consultation.file, consultation.version_line, "version", message))
        found[consultation.version] = consultation
    if problems:
        raise TariffDataError(problems)
    return found
