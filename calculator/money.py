"""Money as Decimal: parsing, VAT and the one rounding rule (half up to cents)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
PERCENT_STEP = Decimal("0.1")


def parse_amount(value: object) -> Decimal:
    """Turn a data value into a Decimal; reject floats, booleans and text.

    Accepts Decimal, int and strings such as "3.89". Floats are refused so that
    no binary rounding error can enter the money path.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"{value!r} is not an exact decimal number")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            hint = " (use a dot as the decimal separator)" if "," in value else ""
            raise ValueError(f"{value!r} is not a number{hint}") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not amount.is_finite():
        raise ValueError(f"{str(value)!r} is not a finite number")
    return amount


def round_cents(amount: Decimal) -> Decimal:
    """The single rounding rule of the project: half up, to cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def add_vat(amount_vat0: Decimal, vat_percent: Decimal) -> Decimal:
    """VAT-inclusive price of a VAT 0 price, rounded to cents."""
    return round_cents(amount_vat0 * (HUNDRED + vat_percent) / HUNDRED)


def percent_change(old: Decimal, new: Decimal) -> Decimal | None:
    """Change in per cent, rounded half up to one decimal; None when there is nothing to compare to."""
    if old == 0:
        return None
    return ((new - old) / old * 100).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)
