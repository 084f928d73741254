"""The same scenario under two tariff versions: differences per line and in total."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .catalog import Catalog
from .emptyings import emptyings
from .estimate import Estimate, Line, estimate
from .finnish import date_fi, list_fi
from .model import TariffVersion
from .money import percent_change
from .scenario import InputProblem, Scenario, ScenarioError
from .schedules import ZERO_SPAN, Span


@dataclass(frozen=True)
class LineChange:
    id: str
    label: str
    old: Line | None
    new: Line | None

    @property
    def old_amount(self) -> Span:
        return self.old.amount if self.old else ZERO_SPAN

    @property
    def new_amount(self) -> Span:
        return self.new.amount if self.new else ZERO_SPAN

    @property
    def difference(self) -> Span:
        return self.new_amount + self.old_amount * -1

    @property
    def percent(self) -> Decimal | None:
        return percent_change(self.old_amount.typical, self.new_amount.typical)


@dataclass(frozen=True)
class Comparison:
    """Two estimates line by line: one scenario under two tariffs (lines matched by id), or two set-ups
    under one tariff (`by_label`: a line matches the line that prices the same thing)."""

    old: Estimate
    new: Estimate
    by_label: bool = False

    def _keyed(self, estimate: Estimate) -> dict[tuple[str, int], Line]:
        seen: dict[str, int] = {}
        keyed = {}
        for line in estimate.lines:
            name = line.label if self.by_label else line.id
            seen[name] = seen.get(name, -1) + 1  # equal lines of one set-up stay apart
            keyed[(name, seen[name])] = line
        return keyed

    @property
    def lines(self) -> list[LineChange]:
        old, new = self._keyed(self.old), self._keyed(self.new)
        keys = list(old) + [k for k in new if k not in old]
        return [LineChange((new.get(k) or old[k]).id, k[0] if self.by_label else (new.get(k) or old[k]).label,
                           old.get(k), new.get(k)) for k in keys]  # fmt: skip

    @property
    def difference(self) -> Span:
        return self.new.total + self.old.total * -1

    @property
    def percent(self) -> Decimal | None:
        return percent_change(self.old.total.typical, self.new.total.typical)


def compare(scenario: Scenario, catalog: Catalog, old: TariffVersion, new: TariffVersion) -> Comparison:
    """The scenario under both tariffs; ScenarioError when a container's emptying day falls under neither."""
    result = Comparison(estimate(scenario, catalog, old), estimate(scenario, catalog, new))
    outside = {}
    for emptying in emptyings(result.new):
        if not (old.in_force_on(emptying.day) or new.in_force_on(emptying.day)):
            outside.setdefault(emptying.index, emptying.day)
    if outside:
        valid = validity_fi(old, new)
        raise ScenarioError([InputProblem(
            f"containers[{index}].first_emptying", f"neither {old.id} nor {new.id} is valid on {day.isoformat()}",
            f"päivälle {date_fi(day)} ei ole vertailtavaa taksaa: taksat ovat voimassa {valid}",
        ) for index, day in sorted(outside.items())])  # fmt: skip
    return result


def validity_fi(*versions: TariffVersion) -> str:
    """When the versions are valid, together: "1.5.2025 alkaen", "1.1.2019–31.12.2019 ja 1.4.2026 alkaen"."""
    spans: list[list[dt.date | None]] = []
    for version in sorted(versions, key=lambda v: v.valid_from):
        last = spans[-1] if spans else None
        if last and (last[1] is None or last[1] + dt.timedelta(days=1) >= version.valid_from):
            last[1] = None if last[1] is None or version.valid_until is None else max(last[1], version.valid_until)
        else:
            spans.append([version.valid_from, version.valid_until])
    return list_fi([f"{date_fi(start)} alkaen" if end is None else f"{date_fi(start)}–{date_fi(end)}"
                    for start, end in spans])  # fmt: skip


@dataclass(frozen=True)
class Alternatives:
    """Two set-ups (A, the household's own, and B, the one it considers) under two tariffs."""

    a: Comparison
    b: Comparison

    @property
    def switch_old(self) -> Comparison:
        """From A to B under the old tariff: which lines make the difference."""
        return Comparison(self.a.old, self.b.old, by_label=True)

    @property
    def switch_new(self) -> Comparison:
        return Comparison(self.a.new, self.b.new, by_label=True)
