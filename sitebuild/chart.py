"""The changes summary's bar chart: bars in an HTML table beside real text, readable at any width."""

from __future__ import annotations

from decimal import Decimal


def bar_widths(values: list[Decimal]) -> list[int]:
    """Each value as a whole per cent of the largest: the length of its bar (0 for a change that is not a rise)."""
    top = max([v for v in values if v > 0], default=Decimal(0))
    return [max(1, int(v * 100 / top)) if v > 0 else 0 for v in values]
