"""The emptying days of an estimate, one per container and day: what the calendar file and the month
grid show (calculator/ics.py, calculator/months.py), so both list the very same days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .estimate import Estimate, Line
from .finnish import volume_fi
from .scenario import WASTES_FI, Container


@dataclass(frozen=True)
class Emptying:
    day: dt.date
    index: int  # the container's place in the scenario (the form's "Jäteastia index + 1")
    container: Container
    line: Line  # the estimate's line that prices it

    @property
    def name(self) -> str:
        """The container in Finnish: "Poltettava jäte 240 l", "Biojäte 140 l, 2 kpl"."""
        name = f"{WASTES_FI[self.container.waste]} {volume_fi(self.container.volume_l)}"
        return name + (f", {self.container.count} kpl" if self.container.count > 1 else "")


def emptyings(result: Estimate) -> list[Emptying]:
    """Every dated emptying of the estimate's containers, line by line (a container's days priced under
    two tariffs are on two lines)."""
    found = []
    for line in result.lines:
        if line.dates:
            index = int(line.id.split("@")[0].removeprefix("container-"))
            container = result.scenario.containers[index]
            found += [Emptying(day, index, container, line) for day in line.dates]
    return found
