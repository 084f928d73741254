"""A copy of an authority whose tables have thousands of generated rows, for build-cost benchmarks."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from calculator.money import add_vat

ROOT = Path(__file__).resolve().parent.parent
TABLE = "tyhjennys-poltettava"  # a table of both Lakeus versions (emptying columns)


def _rows(count: int, vat: Decimal, factor: Decimal) -> str:
    lines = []
    for i in range(count):
        transport, treatment = Decimal(i % 97 + 100) / 100 * factor, Decimal(i % 89 + 50) / 100
        transport = transport.quantize(Decimal("0.01"))
        total = transport + treatment
        lines.append(
            f"    - id: synteettinen-{i}\n      label: Synteettinen rivi {i}\n"
            "      reading: A generated row, not in the source document.\n      source_line: 1\n"
            f"      values: {{transport: {transport}, treatment: {treatment}, total: {total}, "
            f"total_vat: {add_vat(total, vat)}}}\n"
        )
    return "".join(lines)


def synthetic_authority(tmp: Path, rows: int, authority: str = "lakeus") -> Path:
    """tmp/<authority>: the real data with `rows` more rows in one table of every version that has it."""
    folder = tmp / authority
    shutil.copytree(ROOT / "tariffs" / authority, folder)
    for path in (folder / "versions").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        marker = f"  - id: {TABLE}\n"
        if marker not in text:
            continue
        start = text.index(marker)
        at = text.index("    rows:\n", start) + len("    rows:\n")
        factor = Decimal("1.04") if "status: proposal" in text else Decimal(1)
        path.write_text(text[:at] + _rows(rows, Decimal("25.5"), factor) + text[at:], encoding="utf-8")
    return folder
