"""Charts with real text: the changes summary's bars (in an HTML table, readable at any width) and a row's
price history (SVG; the data table beside it is its text alternative)."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from calculator.finnish import eur_fi, rate_fi


def bar_widths(values: list[Decimal]) -> list[int]:
    """Each value as a whole per cent of the largest: the length of its bar (0 for a change that is not a rise)."""
    top = max([v for v in values if v > 0], default=Decimal(0))
    return [max(1, int(v * 100 / top)) if v > 0 else 0 for v in values]


def price_history_svg(ident: str, title: str, points: list[tuple[str, Decimal, Decimal]]) -> Markup:
    """Bars of a row's price per version: (date label, VAT 0, VAT included); the table beside it has the numbers."""
    width, height, top, bottom, left = 360, 220, 26, 66, 8
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
        # One number per pair, the price paid, centred: wide enough to stay readable on a phone.
        top_of_pair = base - max(int(max(vat, vat0) * scale), 1)
        parts.append(
            f'<text x="{int(middle)}" y="{top_of_pair - 5}" text-anchor="middle" class="kaavio-teksti">'
            f"{eur_fi(vat)}</text>"
        )
        parts.append(
            f'<text x="{int(middle)}" y="{base + 18}" text-anchor="middle" class="kaavio-teksti">{escape(label)}</text>'
        )
    legend = ((height - 24, f"Ääriviiva: hinta alv {rate_fi(0)}."), (height - 6, "Täytetty ja luku: sis. alv, €."))
    for y, text in legend:
        parts.append(f'<text x="{left}" y="{y}" class="kaavio-teksti kaavio-selite">{text}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
