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
    return Comparison(estimate(scenario, catalog, old), estimate(scenario, catalog, new))


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
