"""Charts as SVG with real text; the data table beside each is its text alternative."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from calculator.finnish import eur_fi, signed_fi


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


def price_history_svg(ident: str, title: str, points: list[tuple[str, Decimal, Decimal]]) -> Markup:
    """Bars of a row's price per version: (date label, VAT 0, VAT included); the table beside it has the numbers."""
    width, height, top, bottom, left = 360, 190, 24, 44, 8
    top_value = max(max(vat, vat0) for _, vat0, vat in points) or Decimal(1)
    scale = Decimal(height - top - bottom) / top_value
    slot = Decimal(width - 2 * left) / len(points)
    bar = min(int(slot / 3), 48)
    base = height - bottom
    parts = [
        f'<svg class="kaavio hintakaavio" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-kaavio-otsikko {ident}-kaavio-kuvaus" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-kaavio-otsikko">{escape(title)}</title>',
        f'<desc id="{ident}-kaavio-kuvaus">Pylväät: hinta ilman arvonlisäveroa (ääriviiva) ja verollinen hinta '
        "(täytetty) kunkin taksan alkaessa. Samat luvut ovat taulukossa.</desc>",
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" class="kaavio-akseli"/>',
    ]
    for i, (label, vat0, vat) in enumerate(points):
        middle = left + slot * i + slot / 2
        for offset, value, css in ((-bar - 2, vat0, "kaavio-palkki-alv0"), (2, vat, "kaavio-palkki")):
            x, h = int(middle) + offset, max(int(value * scale), 1)
            parts.append(f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" class="{css}"/>')
            parts.append(
                f'<text x="{x + bar // 2}" y="{base - h - 4}" text-anchor="middle" class="kaavio-teksti">'
                f"{eur_fi(value)}</text>"
            )
        parts.append(
            f'<text x="{int(middle)}" y="{base + 16}" text-anchor="middle" class="kaavio-teksti">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}" class="kaavio-teksti kaavio-selite">'
        "Ääriviiva: alv 0 %. Täytetty: sis. alv. Euroa.</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
