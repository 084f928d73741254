"""A year's emptying days as month grids, as the self-service portals show them: Monday first, the ISO
week number in the first column, each emptying day marked by its container, and the day a compared
tariff starts marked too. The page draws the grid as it is given here; it decides nothing itself."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .emptyings import emptyings
from .estimate import Estimate
from .finnish import count_fi, month_fi
from .model import TariffVersion

WEEK = dt.timedelta(weeks=1)
TARIFF_MARK = "T"
WEEK_HEADER = ("vk", "viikko")  # the first column's heading, short and in full


@dataclass(frozen=True)
class Mark:
    id: str  # "astia-1" (the form's "Jäteastia 1"), "taksa-<version id>"
    short: str  # what the day's cell shows: "1", "T"
    text: str  # the legend's words, and what a screen reader hears in the cell
    tariff: str | None = None  # the version that starts on the day (the page names it by its status)


@dataclass(frozen=True)
class Day:
    date: dt.date
    marks: tuple[str, ...]  # Mark ids


@dataclass(frozen=True)
class Week:
    number: int  # ISO 8601 week number
    days: tuple[Day | None, ...]  # Monday to Sunday; None: a day of the month before or after


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: tuple[Week, ...]
    caption: str  # "Tammikuu 2026: 2 tyhjennystä"


@dataclass(frozen=True)
class YearGrid:
    year: int
    marks: tuple[Mark, ...]
    months: tuple[Month, ...]
    first: int  # the month shown first (0 = January): the month of the first emptying


def month_weeks(year: int, month: int, marked: dict[dt.date, tuple[str, ...]]) -> tuple[Week, ...]:
    """The weeks of a month, Monday first; a week belongs to the month when one of its days does."""
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    monday, weeks = first - dt.timedelta(days=first.weekday()), []
    while monday <= last:
        days = (monday + dt.timedelta(days=n) for n in range(7))
        weeks.append(Week(monday.isocalendar().week, tuple(
            Day(day, marked.get(day, ())) if day.month == month else None for day in days)))  # fmt: skip
        monday += WEEK
    return tuple(weeks)


def year_grid(result: Estimate, versions: Iterable[TariffVersion]) -> YearGrid | None:
    """The months of the estimate's calendar year with its emptying days (calculator/emptyings.py) and the
    start of each of `versions` that starts in that year; None when no container has a first emptying."""
    found = emptyings(result)
    year = result.scenario.calendar_year
    if not found or year is None:
        return None
    marks: dict[str, Mark] = {}
    marked: dict[dt.date, list[str]] = {}
    for emptying in sorted(found, key=lambda e: (e.index, e.day)):
        number = str(emptying.index + 1)
        mark = Mark(f"astia-{number}", number, f"Jäteastia {number}: {emptying.name}")
        mark = marks.setdefault(mark.id, mark)
        marked.setdefault(emptying.day, []).append(mark.id)
    for version in versions:
        if version.valid_from.year == year:
            mark = Mark(f"taksa-{version.id}", TARIFF_MARK, "Taksa vaihtuu", version.id)
            marks[mark.id] = mark
            marked.setdefault(version.valid_from, []).append(mark.id)
    days = {day: tuple(ids) for day, ids in marked.items()}
    months = []
    for month in range(1, 13):
        weeks = month_weeks(year, month, days)
        in_month = [marks[mark] for week in weeks for day in week.days if day for mark in day.marks]
        count = sum(1 for mark in in_month if mark.tariff is None)
        caption = f"{month_fi(year, month)}: {count_fi(count, 'tyhjennys', 'tyhjennystä')}"
        if any(mark.tariff for mark in in_month):
            caption += ", taksa vaihtuu"
        months.append(Month(year, month, weeks, caption))
    first = min(e.day for e in found).month - 1
    return YearGrid(year, tuple(marks.values()), tuple(months), first)
