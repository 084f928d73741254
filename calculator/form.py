"""The calculator form's answers, read as the visitor typed them, into the scenario format.

The page (content/assets/laskuri-form.js) sends the scenario's shape with each number field's text
as it is. Whole numbers become numbers, decimals are written with a point, an optional field left
at zero is left out; any other text stays as typed, for the scenario's checks to name in Finnish.
The result is also what the page's link (#s=) carries: the same, byte for byte, as the links the
page made before Python read its form, so old links and new ones mean the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .finnish import number_fi, volume_fi
from .scenario import DECIMAL_TEXT

WHOLE_TEXT = re.compile(r"-?[0-9]{1,30}")  # longer is no number anyone means: left as text
# The form's number fields by their name in the scenario: whole or decimal, and whether the field is
# left out when the visitor leaves it at zero ("0"; a decimal also when empty).
WHOLE = {"apartments", "places", "volume_l", "count", "interval_weeks", "emptyings"}
WHOLE_OR_ZERO = {"vacancy_months", "extra_emptyings", "paper_invoices", "washings"}
DECIMAL = {"volume_m3"}
DECIMAL_OR_ZERO = {"carry_distance_m", "extra_detour_km", "extra_work_hours"}
NUMBERS = WHOLE | WHOLE_OR_ZERO | DECIMAL | DECIMAL_OR_ZERO
CHOSEN = {"interval_weeks"}  # chosen from a list the page labels itself: no text to give


@dataclass(frozen=True)
class ReadForm:
    scenario: Any  # the scenario format, as the link carries it
    shown: dict[str, str]  # the Finnish text of each number read, by its field ("containers[0].count")


def read_form(form: Any) -> ReadForm:
    """The scenario that a form's text gives. Never fails: what cannot be read is left for the checks."""
    shown: dict[str, str] = {}

    def number(key: str, text: str, where: str) -> Any:
        if key in DECIMAL or key in DECIMAL_OR_ZERO:
            text = text.replace(",", ".", 1)
            if DECIMAL_TEXT.fullmatch(text.lstrip("-")):
                shown[where] = number_fi(text)
            return text
        if not WHOLE_TEXT.fullmatch(text):
            return text
        value = int(text)
        if key not in CHOSEN:
            shown[where] = volume_fi(value) if key == "volume_l" else number_fi(value)
        return value

    def read(node: Any, path: str) -> Any:
        if isinstance(node, list):
            return [read(item, f"{path}[{i}]") for i, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if isinstance(value, str) and key in NUMBERS:
                text = value.strip()
                if text == "0" and key in WHOLE_OR_ZERO | DECIMAL_OR_ZERO or text == "" and key in DECIMAL_OR_ZERO:
                    continue
                result[key] = number(key, text, where)
            else:
                result[key] = read(value, where)
        return result

    scenario = read(form, "")
    if isinstance(scenario, dict) and scenario.get("extras") == {}:
        del scenario["extras"]  # no extra service asked for
    return ReadForm(scenario, shown)
