"""A horizontal bar chart as SVG with real text; the data table beside it is its text alternative."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from calculator.finnish import signed_fi


def percent_chart_svg(rows: list[tuple[str, Decimal, Decimal, Decimal, int]]) -> Markup:
    """Bars of the average per-cent change per table: (label, average, lowest, highest, count)."""
    if not rows:
        return Markup("")
    width, label_w, bar_h, gap = 760, 400, 20, 10
    top = max(max(r[1] for r in rows), Decimal(1))
    scale = Decimal(width - label_w - 90) / top
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg class="kaavio" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="kaavio-otsikko" aria-describedby="kaavio-kuvaus" xmlns="http://www.w3.org/2000/svg">',
        '<title id="kaavio-otsikko">Hintojen keskimääräinen muutos prosentteina taulukoittain</title>',
        '<desc id="kaavio-kuvaus">Samat luvut ovat kaavion alla olevassa taulukossa.</desc>',
    ]
    for i, (label, average, *_range) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        bar = max(int(average * scale), 1) if average > 0 else 1
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="kaavio-teksti">'
            f"{escape(label if len(label) <= 56 else label[:55] + '…')}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar}" height="{bar_h}" class="kaavio-palkki"/>')
        value = signed_fi(average, "%")
        parts.append(f'<text x="{label_w + bar + 6}" y="{y + 15}" class="kaavio-teksti">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
