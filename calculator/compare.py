"""The same scenario under two tariff versions: differences per line and in total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .catalog import Catalog
from .estimate import Estimate, Line, estimate
from .model import TariffVersion
from .money import percent_change
from .scenario import Scenario
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
    old: Estimate
    new: Estimate

    @property
    def lines(self) -> list[LineChange]:
        old = {line.id: line for line in self.old.lines}
        new = {line.id: line for line in self.new.lines}
        ids = list(old) + [i for i in new if i not in old]
        return [LineChange(i, (new.get(i) or old[i]).label, old.get(i), new.get(i)) for i in ids]

    @property
    def difference(self) -> Span:
        return self.new.total + self.old.total * -1

    @property
    def percent(self) -> Decimal | None:
        return percent_change(self.old.total.typical, self.new.total.typical)


def compare(scenario: Scenario, catalog: Catalog, old: TariffVersion, new: TariffVersion) -> Comparison:
    return Comparison(estimate(scenario, catalog, old), estimate(scenario, catalog, new))
