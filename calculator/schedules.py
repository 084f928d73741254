"""Emptying schedules: how many emptyings a year, and on which dates.

Without dates a year is counted as 52 weeks, as the authority's own examples do
("8 weeks year-round gives 6 or 7 emptyings", "2 weeks gives 26"). A seasonal
schedule splits those 52 weeks between its seasons in proportion to their days.
A season of L weeks emptied every w weeks gets floor(L/w) or ceil(L/w)
emptyings depending on the week of its first emptying; the long-run average is
L/w. With a first emptying date the real dates are listed instead, and the
interval that applies is the one of the season in which the previous emptying fell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .finnish import interval_fi
from .money import round_cents

YEAR_WEEKS = 52
REFERENCE_YEAR = 2025  # a non-leap year for counting the days of a season


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        """Parse "MM-DD" (the scenario format), e.g. "04-01"."""
        try:
            month, day = (int(part) for part in text.split("-"))
            dt.date(REFERENCE_YEAR, month, day)
        except (ValueError, AttributeError):
            raise ValueError(f"{text!r} is not a day of the year in the form MM-DD") from None
        return cls(month, day)

    def in_year(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.day}.{self.month}."


@dataclass(frozen=True)
class Season:
    start: MonthDay
    end: MonthDay
    interval_weeks: int

    def days(self) -> int:
        start, end = self.start.in_year(REFERENCE_YEAR), self.end.in_year(REFERENCE_YEAR)
        if end < start:
            end = end.replace(year=REFERENCE_YEAR + 1)
        return (end - start).days + 1

    def contains(self, day: dt.date) -> bool:
        point = (day.month, day.day)
        start, end = (self.start.month, self.start.day), (self.end.month, self.end.day)
        if start <= end:
            return start <= point <= end
        return point >= start or point <= end


@dataclass(frozen=True)
class Span:
    """A count, quantity or amount: the fewest, the most and the long-run average."""

    min: Decimal
    max: Decimal
    typical: Decimal

    @classmethod
    def exact(cls, value: Decimal | int) -> Span:
        value = Decimal(value)
        return cls(value, value, value)

    def __add__(self, other: Span) -> Span:
        return Span(self.min + other.min, self.max + other.max, self.typical + other.typical)

    def __mul__(self, factor: Decimal | int) -> Span:
        return Span(self.min * factor, self.max * factor, self.typical * factor)

    def cents(self) -> Span:
        return Span(round_cents(self.min), round_cents(self.max), round_cents(self.typical))


ZERO_SPAN = Span.exact(0)


@dataclass(frozen=True)
class Schedule:
    seasons: tuple[Season, ...]

    @classmethod
    def every(cls, weeks: int) -> Schedule:
        return cls((Season(MonthDay(1, 1), MonthDay(12, 31), weeks),))

    def __post_init__(self) -> None:
        problem = self.coverage_problem()
        if problem:
            raise ValueError(problem)

    def coverage_problem(self) -> str | None:
        """Seasons must cover every day of the year exactly once."""
        day = dt.date(REFERENCE_YEAR, 1, 1)
        while day.year == REFERENCE_YEAR:
            covering = sum(1 for s in self.seasons if s.contains(day))
            if covering != 1:
                what = "is not covered by any season" if covering == 0 else "is covered by more than one season"
                return f"{day.day}.{day.month}. {what}"
            day += dt.timedelta(days=1)
        return None

    def season_weeks(self) -> list[int]:
        """The 52 weeks of a year split between the seasons by their days (largest remainder)."""
        shares = [Decimal(s.days() * YEAR_WEEKS) / 365 for s in self.seasons]
        weeks = [int(share) for share in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - weeks[i], reverse=True)
        for i in by_remainder[: YEAR_WEEKS - sum(weeks)]:
            weeks[i] += 1
        return weeks

    def count(self) -> Span:
        """Emptyings in a year: the fewest, the most and the long-run average."""
        total = ZERO_SPAN
        for season, weeks in zip(self.seasons, self.season_weeks(), strict=True):
            low, high = divmod(weeks, season.interval_weeks)
            total += Span(Decimal(low), Decimal(low + (1 if high else 0)), Decimal(weeks) / season.interval_weeks)
        return total

    def interval_on(self, day: dt.date) -> int:
        return next(s.interval_weeks for s in self.seasons if s.contains(day))

    def dates(self, first: dt.date, until: dt.date) -> list[dt.date]:
        """Emptying dates from the first emptying up to and including `until`."""
        found = []
        day = first
        while day <= until:
            found.append(day)
            day += dt.timedelta(weeks=self.interval_on(day))
        return found

    def describe(self) -> str:
        """Finnish description, e.g. "joka 2. viikko" or "1.4.–30.9. joka 2. viikko, 1.10.–31.3. joka 8. viikko"."""
        if len(self.seasons) == 1:
            return interval_fi(self.seasons[0].interval_weeks)
        return ", ".join(f"{s.start}–{s.end} {interval_fi(s.interval_weeks)}" for s in self.seasons)
