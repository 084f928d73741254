"""The household price list: the rows of content/<id>/hinnasto.yaml, now and as proposed."""

from __future__ import annotations

from calculator.model import Row, TariffVersion
from calculator.problems import Problem, TariffDataError

from .. import urls
from ..sources import read_yaml, shown_path
from .fees import cell


def _row_or_none(version: TariffVersion | None, table_id: str, row_id: str) -> Row | None:
    try:
        return version.table(table_id).row(row_id) if version else None
    except KeyError:
        return None


def _problems(config, shown: str, current: TariffVersion) -> list[Problem]:
    """The file's shape and its table ids, checked like the tariffs: `file:line: field: message`."""
    if not isinstance(config, dict) or not isinstance(config.get("groups"), list):
        return [Problem(shown, getattr(config, "line", 1), "groups", "expected a list of groups")]
    problems = []
    tables = {t.id for t in current.tables}
    for i, group in enumerate(config["groups"]):
        line = config["groups"].item_lines[i]
        if not isinstance(group, dict) or not isinstance(group.get("title"), str) or "tables" not in group:
            problems.append(Problem(shown, line, f"groups[{i}]", "expected a group with 'title' and 'tables'"))
            continue
        for name in ("tables", "rows"):
            ids = group.get(name, [])
            if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
                problems.append(Problem(shown, group.key_lines[name], f"groups[{i}].{name}", "expected a list of ids"))
        for table_id in group.get("tables") if isinstance(group.get("tables"), list) else []:
            if isinstance(table_id, str) and table_id not in tables:
                message = f"no table {table_id!r} in {current.id}"
                problems.append(Problem(shown, group.key_lines["tables"], f"groups[{i}].tables", message))
    return problems


def build(site) -> None:
    file = site.content_file("hinnasto.yaml")
    current, proposal = site.catalog.current_and_proposal()
    if file is None or current is None:
        return
    shown = shown_path(file)
    config = read_yaml(file, shown)
    problems = _problems(config, shown, current)
    if problems:
        raise TariffDataError(problems)
    groups = []
    for group in config["groups"]:
        rows = []
        for table_id in group["tables"]:
            table = current.table(table_id)
            for row in table.rows:
                if (row.key or {}).get("segment") == "municipal" or row.price_vat is None:
                    continue
                if "rows" in group and row.id not in group["rows"]:
                    continue
                rows.append((table, row, _row_or_none(proposal, table_id, row.id)))
        groups.append({"title": group["title"], "rows": rows, "label_with_table": group.get("label_with_table")})
    site.render(
        urls.PRICE_LIST, "hinnasto.md.j2", config=config, groups=groups, current=current, proposal=proposal, cell=cell
    )
    site.nav.append({"Kotitalouksien hinnasto": urls.markdown_file(urls.PRICE_LIST)})
