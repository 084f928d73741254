"""The same scenario under two tariff versions: differences per line and in total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .estimate import ZERO_SPAN, Estimate, Line, Span, estimate
from .model import TariffVersion
from .scenario import Scenario

PERCENT_STEP = Decimal("0.1")


def percent_change(old: Decimal, new: Decimal) -> Decimal | None:
    """Change in per cent, rounded half up to one decimal; None when there is nothing to compare to."""
    if old == 0:
        return None
    return ((new - old) / old * 100).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


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
