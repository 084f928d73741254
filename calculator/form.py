"""The calculator form's answers, read as the visitor typed them, into the scenario format.

The page (content/assets/laskuri-form.js) sends the scenario's shape with each number field's text
as it is. Whole numbers become numbers, decimals are written with a point, an optional field left
at zero is left out; any other text stays as typed, for the scenario's checks to name in Finnish.
The result is also what the page's link (#s=) carries: the same, byte for byte, as the links the
page made before Python read its form, so old links and new ones mean the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .finnish import date_fi, number_fi, volume_fi
from .scenario import DECIMAL_TEXT, InputProblem

WHOLE_TEXT = re.compile(r"-?[0-9]{1,30}")  # longer is no number anyone means: left as text
# The form's number fields by their name in the scenario: whole or decimal, and whether the field is
# left out when the visitor leaves it at zero ("0"; a decimal also when empty).
WHOLE = {"apartments", "places", "volume_l", "count", "interval_weeks", "emptyings"}
WHOLE_OR_ZERO = {"vacancy_months", "extra_emptyings", "paper_invoices", "washings"}
DECIMAL = {"volume_m3"}
DECIMAL_OR_ZERO = {"carry_distance_m", "extra_detour_km", "extra_work_hours"}
NUMBERS = WHOLE | WHOLE_OR_ZERO | DECIMAL | DECIMAL_OR_ZERO
CHOSEN = {"interval_weeks"}  # chosen from a list the page labels itself: no text to give
DATES = {"first_emptying"}  # typed as a Finnish date ("7.1.2026"), or as the scenario writes it ("2026-01-07")
DATE_FI = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# What set-up B ("Vertaa toiseen vaihtoehtoon") gives of its own; the rest of it is set-up A's.
ALTERNATIVE_EXTRAS = ("paper_invoices", "washings")


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

    def day(text: str, where: str) -> str:
        if found := DATE_FI.fullmatch(text):
            text = "{2}-{1:0>2}-{0:0>2}".format(*found.groups())
        with contextlib.suppress(ValueError):
            shown[where] = date_fi(dt.date.fromisoformat(text))
        return text

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
            elif isinstance(value, str) and key in DATES:
                if value.strip():  # an optional date left empty is left out
                    result[key] = day(value.strip(), where)
            else:
                result[key] = read(value, where)
        return result

    scenario = read(form, "")
    if isinstance(scenario, dict) and scenario.get("extras") == {}:
        del scenario["extras"]  # no extra service asked for
    return ReadForm(scenario, shown)


def alternative_of(scenario: Any, own: Any) -> tuple[Any, list[InputProblem]]:
    """Set-up B from set-up A's scenario and what B gives of its own (`own`: its containers, paper
    invoices and washings, as the page's link carries them): A with those in their place. Anything else
    in `own` is a problem, not silently dropped: the page shows B only those fields."""
    if not isinstance(own, dict):
        return own, [InputProblem("alternative", "must be an object", "tiedot ovat väärässä muodossa")]
    extras = own.get("extras", {})
    unknown = [key for key in own if key not in ("containers", "extras")]
    unknown += [f"extras.{key}" for key in extras if key not in ALTERNATIVE_EXTRAS] if isinstance(extras, dict) else []
    problems = [InputProblem(f"alternative.{key}", "an alternative gives only its containers, paper_invoices and "
                             "washings", "vaihtoehdossa voi muuttaa vain astioita, pesuja ja paperilaskuja")
                for key in unknown]  # fmt: skip
    if not isinstance(scenario, dict) or problems:
        return scenario, problems
    merged = {key: value for key, value in scenario.items() if key != "containers"}
    if "containers" in own:
        merged["containers"] = own["containers"]
    theirs = scenario.get("extras")
    kept = {k: v for k, v in theirs.items() if k not in ALTERNATIVE_EXTRAS} if isinstance(theirs, dict) else {}
    merged["extras"] = dict(kept, **extras) if isinstance(extras, dict) else extras
    if not merged["extras"]:
        del merged["extras"]
    return merged, []
