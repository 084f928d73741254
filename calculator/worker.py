"""What the browser worker calls: one handler over the tariff data, JSON text in, Finnish-labelled JSON text out.

The build starts it in Pyodide, answers a warm-up request and saves the memory snapshot; the
worker either restores that snapshot or calls `text_handler` itself (the fallback start).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .api import errors_json, handle_request, read_json
from .catalog import catalog_from_data
from .finnish import localize
from .scenario import InputProblem, ScenarioError

MISSING_MODULE_FI = ("laskurin Python-ympäristöstä puuttuu osa, jota tämä laskelma tarvitsee, joten laskuri ei voi "
                     "laskea sitä; kaikki hinnat löytyvät kotitalouksien hinnastosta")


def text_handler(data_text: str) -> Callable[[str], str]:
    """A handler for the worker's requests over the catalog in `data_text` (the site's taksat.json)."""
    catalog = catalog_from_data(json.loads(data_text))

    def handle(request_text: str) -> str:
        try:
            result = handle_request(catalog, read_json(request_text))
        except ScenarioError as exc:
            result = errors_json(exc.problems)
        except ModuleNotFoundError as exc:  # the browser's standard library holds what the build saw imported
            result = errors_json([InputProblem("", f"module {exc.name} missing from the runtime", MISSING_MODULE_FI)])
        return json.dumps(localize(result))

    return handle
