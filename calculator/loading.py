"""Build a TariffVersion from plain data (parsed YAML or JSON), reporting every problem.

The input is nested dicts and lists. Dicts and lists parsed from YAML also carry
line numbers (see `yaml_source`); data from JSON has none, and problems then
name only the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .model import (
    DASH,
    Act,
    Column,
    Lifecycle,
    Outcome,
    Row,
    RowGroup,
    Section,
    Source,
    StatedChange,
    Status,
    Table,
    TariffVersion,
)
from .money import parse_amount
from .problems import Problem, TariffDataError
from .rules import Rule, Rules, read_rule

KEY_DEFAULTS = {"emptying": {"segment": "housing"}}
# No tariff price is this large: beyond it a value is a typing mistake (and would overflow the cent arithmetic).
MAX_PRICE = Decimal(1_000_000)


class _Context:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def report(self, line: int | None, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, path, message))


def _line_of(node: Any, key: object = None) -> int | None:
    if key is not None:
        lines = getattr(node, "key_lines", None) or getattr(node, "item_lines", None)
        if lines:
            if isinstance(lines, dict) and key in lines:
                return lines[key]
            if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
                return lines[key]
    return getattr(node, "line", None)


class _Fields:
    """Reads the fields of one mapping; unknown and missing fields become problems."""

    def __init__(self, ctx: _Context, node: Any, path: str, at: int | None = None):
        """`at`: the node's line as its parent knows it, for a node that carries none (a scalar)."""
        self.ctx, self.node, self.path, self.at = ctx, node, path, at
        self.seen: set[str] = set()
        self.ok = isinstance(node, dict)
        if not self.ok:
            ctx.report(self.line(), path, f"expected a mapping, found {_kind(node)}")

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def line(self, name: str | None = None) -> int | None:
        return _line_of(self.node, name) or self.at

    def get(self, name: str, convert: Callable[[Any], Any], required: bool = True, default: Any = None) -> Any:
        self.seen.add(name)
        if not self.ok:
            return default
        if name not in self.node or self.node[name] is None:
            if required:
                self.ctx.report(self.line(), self.field_path(name), "missing required field")
            return default
        try:
            return convert(self.node[name])
        except ValueError as exc:
            self.ctx.report(self.line(name), self.field_path(name), str(exc))
            return default

    def raw(self, name: str) -> Any:
        self.seen.add(name)
        return self.node.get(name) if self.ok else None

    def finish(self) -> None:
        if not self.ok:
            return
        for name in self.node:
            if name not in self.seen:
                self.ctx.report(self.line(name), self.field_path(str(name)), "unknown field")


def _kind(value: Any) -> str:
    for kind, name in ((dict, "a mapping"), (list, "a list"), (str, "text")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, found {value!r}")
    return value.strip()


def _ident(value: Any) -> str:
    text = _text(value)
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in text) or text != text.lower():
        raise ValueError(f"id {text!r} must be lower-case ascii letters, digits, '-' and '_'")
    return text


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, found {value!r}")
    return value


def _number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"expected a number or text, found {value!r}")
    return str(value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the calendar") from None
    raise ValueError(f"expected a date YYYY-MM-DD, found {value!r}")


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {value!r}")
    return value


def _amount_within(low: Decimal, high: Decimal) -> Callable[[Any], Decimal]:
    def convert(value: Any) -> Decimal:
        amount = parse_amount(value)
        if not low <= amount <= high:
            raise ValueError(f"{amount} is outside {low}...{high}")
        return amount

    return convert


_percent = _amount_within(Decimal(0), Decimal(100))
_quantity = _amount_within(Decimal(0), MAX_PRICE)


def _step(value: Any) -> Decimal:
    amount = _quantity(value)
    if amount == 0:
        raise ValueError("a step must be more than 0")
    return amount


def _paragraphs(value: Any) -> tuple[str, ...]:
    """Text as paragraphs: a list of texts, or one text with blank lines between paragraphs."""
    items = value if isinstance(value, list) else [value]
    return tuple(p.strip() for item in items for p in _text(item).split("\n\n") if p.strip())


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, found {value!r}")
    return value


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, found {value!r}")
    return value


def read_version(data: Any, file: str) -> tuple[TariffVersion, list[Problem]]:
    """Build a version as far as the data allows, with every structural problem found."""
    ctx = _Context(file)
    return _read_version(ctx, data), ctx.problems


def load_version(data: Any, file: str) -> TariffVersion:
    """Validate the structure of one tariff version and build it; raise with all problems."""
    version, problems = read_version(data, file)
    if problems:
        raise TariffDataError(problems)
    return version


def _read_version(ctx: _Context, data: Any) -> TariffVersion:
    f = _Fields(ctx, data, "")
    version_id = f.get("id", _ident)
    status_text = f.get("status", _text)
    status = None
    if status_text is not None:
        try:
            status = Status(status_text)
        except ValueError:
            ctx.report(
                f.line("status"), "status", f"unknown status {status_text!r} (use in_force, proposal or historical)"
            )
    vat = f.get("vat_percent", _percent, required=False)
    source_fields = _Fields(ctx, f.raw("source"), "source", f.line("source")) if f.raw("source") is not None else None
    if source_fields is None:
        f.get("source", _mapping)
        source = None
    else:
        source = Source(source_fields.get("document", _text), source_fields.get("title", _text))
        source_fields.finish()
    column_sets = _read_column_sets(ctx, f)
    sections = _read_sections(ctx, f, column_sets)
    if sections and f.ok and f.node.get("vat_percent") is None:
        ctx.report(f.line(), "vat_percent", "missing required field (a version with price tables needs its VAT rate)")
    stated = _read_stated_changes(ctx, f)
    version = TariffVersion(
        id=version_id,
        title=f.get("title", _text),
        authority=f.get("authority", _text),
        operator=f.get("operator", _text),
        status=status,
        valid_from=f.get("valid_from", _date),
        valid_until=f.get("valid_until", _date, required=False),
        lifecycle=_read_lifecycle(ctx, f),
        replaces=f.get("replaces", _ident, required=False),
        vat_percent=vat,
        source=source,
        sections=sections,
        stated_changes=stated,
        rules=_read_rules(ctx, f),
        file=ctx.file,
        field_lines=dict(getattr(data, "key_lines", None) or {}),
    )
    f.finish()
    return version


def _read_lifecycle(ctx: _Context, f: _Fields) -> Lifecycle | None:
    """The version's status history: when checked, its proposal, decision, amendments, successor."""
    if f.raw("lifecycle") is None:
        f.get("lifecycle", _mapping, required=False)
        return None
    lf = _Fields(ctx, f.raw("lifecycle"), "lifecycle", f.line("lifecycle"))
    if not lf.ok:
        return None
    amendments = lf.get("amendments", _list, required=False, default=[])
    lifecycle = Lifecycle(
        checked=lf.get("checked", _date),
        proposal=_read_act(ctx, lf, "proposal", decision=False),
        decision=_read_act(ctx, lf, "decision", decision=True),
        amendments=tuple(
            act
            for i, node in enumerate(amendments)
            if (act := _act(ctx, node, f"lifecycle.amendments[{i}]", _line_of(amendments, i), False)) is not None
        ),
        superseded_by=lf.get("superseded_by", _ident, required=False),
        reading=lf.get("reading", _text, required=False),
        line=lf.line(),
    )
    lf.finish()
    return lifecycle


def _read_act(ctx: _Context, parent: _Fields, name: str, decision: bool) -> Act | None:
    node = parent.raw(name)
    return None if node is None else _act(ctx, node, parent.field_path(name), parent.line(name), decision)


def _outcome(value: Any) -> Outcome:
    try:
        return Outcome(_text(value))
    except ValueError:
        raise ValueError(f"unknown outcome {value!r} (use {', '.join(o.value for o in Outcome)})") from None


def _act(ctx: _Context, node: Any, path: str, at: int | None, decision: bool) -> Act | None:
    af = _Fields(ctx, node, path, at)
    if not af.ok:
        return None
    act = Act(
        date=af.get("date", _date),
        body=af.get("body", _text),
        document=af.get("document", _text),
        section=af.get("section", _text, required=False),
        outcome=af.get("outcome", _outcome) if decision else None,
        in_force_from=af.get("in_force_from", _date, required=False),
    )
    af.finish()
    return act


def _read_column_sets(ctx: _Context, f: _Fields) -> dict[str, tuple[Column, ...]]:
    raw = f.get("column_sets", _mapping, required=bool(f.raw("sections")), default={})
    sets: dict[str, tuple[Column, ...]] = {}
    for name, columns in raw.items():
        path = f"column_sets.{name}"
        if not isinstance(columns, list) or not columns:
            ctx.report(_line_of(raw, name), path, "expected a non-empty list of columns")
            continue
        read: list[Column] = []
        for i, node in enumerate(columns):
            cf = _Fields(ctx, node, f"{path}[{i}]", _line_of(columns, i))
            column = Column(
                id=cf.get("id", _ident, default=f"?{i}"),
                label=cf.get("label", _text, default=""),
                sum_of=tuple(cf.get("sum_of", _list, required=False, default=[])),
                vat_of=tuple(cf.get("vat_of", _list, required=False, default=[])),
            )
            cf.finish()
            read.append(column)
        ids = [c.id for c in read]
        for column in read:
            for ref in column.sum_of + column.vat_of:
                if ref not in ids:
                    ctx.report(_line_of(columns), path, f"column {column.id} refers to unknown column {ref!r}")
        if sum(1 for c in read if c.vat_inclusive) != 1:
            ctx.report(_line_of(raw, name), path, "exactly one column must be VAT-inclusive (vat_of)")
        sets[name] = tuple(read)
    return sets


def _read_sections(ctx: _Context, f: _Fields, column_sets: dict[str, tuple[Column, ...]]) -> tuple[Section, ...]:
    nodes = f.get("sections", _list, default=[])
    sections: list[Section] = []
    section_ids: dict[str, int | None] = {}
    table_ids: dict[str, int | None] = {}
    for i, node in enumerate(nodes):
        sf = _Fields(ctx, node, f"sections[{i}]", _line_of(nodes, i))
        section_id = sf.get("id", _ident, default=f"?{i}")
        _unique(ctx, section_ids, section_id, sf.line("id"), sf.field_path("id"), "section")
        tables = []
        tnodes = sf.get("tables", _list, default=[])
        for j, tnode in enumerate(tnodes):
            table = _read_table(ctx, tnode, f"{sf.path}.tables[{j}]", _line_of(tnodes, j), section_id, column_sets)
            if table is not None:
                _unique(ctx, table_ids, table.id, _line_of(tnode, "id"), f"{sf.path}.tables[{j}].id", "table")
                tables.append(table)
        sections.append(
            Section(
                id=section_id,
                number=sf.get("number", _number_text, default="?"),
                title=sf.get("title", _text, default=""),
                description=sf.get("description", _paragraphs, required=False, default=()),
                reading=sf.get("reading", _text, required=False),
                tables=tuple(tables),
            )
        )
        sf.finish()
    return tuple(sections)


def _unique(ctx: _Context, seen: dict[str, int | None], ident: str, line: int | None, path: str, what: str) -> None:
    if ident in seen:
        first = seen[ident]
        where = f" (first used on line {first})" if first else ""
        ctx.report(line, path, f"duplicate {what} id {ident!r}{where}")
    else:
        seen[ident] = line


def _read_table(
    ctx: _Context, node: Any, path: str, at: int | None, section_id: str, column_sets: dict
) -> Table | None:
    tf = _Fields(ctx, node, path, at)
    if not tf.ok:
        return None
    set_name = tf.get("columns", _text, default=None)
    columns = column_sets.get(set_name) if set_name else None
    if set_name and columns is None:
        ctx.report(
            tf.line("columns"),
            tf.field_path("columns"),
            f"unknown column set {set_name!r} (known: {', '.join(sorted(column_sets))})",
        )
    table_id = tf.get("id", _ident, default="?")
    row_ids: dict[str, int | None] = {}
    groups: list[RowGroup] = []
    if tf.raw("groups") is not None and tf.raw("rows") is not None:
        ctx.report(tf.line("groups"), tf.field_path("groups"), "a table has either rows or groups, not both")
    if tf.raw("groups") is not None:
        gnodes = tf.get("groups", _list, default=[])
        for k, gnode in enumerate(gnodes):
            gf = _Fields(ctx, gnode, f"{path}.groups[{k}]", _line_of(gnodes, k))
            rows = _read_rows(ctx, gf, columns or (), row_ids)
            groups.append(
                RowGroup(
                    id=gf.get("id", _ident, default=f"?{k}"),
                    title=gf.get("title", _text, required=False),
                    unit=gf.get("unit", _text, required=False),
                    reading=gf.get("reading", _text, required=False),
                    rows=rows,
                )
            )
            gf.finish()
    else:
        groups.append(RowGroup(id="rivit", title=None, rows=_read_rows(ctx, tf, columns or (), row_ids)))
    table = Table(
        id=table_id,
        number=tf.get("number", _int, default=0),
        title=tf.get("title", _text, default=""),
        unit=tf.get("unit", _text, default=""),
        row_header=tf.get("row_header", _text, default=""),
        column_set=set_name or "",
        columns=columns or (),
        groups=tuple(groups),
        section_id=section_id,
        description=tf.get("description", _paragraphs, required=False, default=()),
        notes=tf.get("notes", _paragraphs, required=False, default=()),
        valid_from=tf.get("valid_from", _date, required=False),
        reading=tf.get("reading", _text, required=False),
    )
    tf.finish()
    return table


def _read_rows(ctx: _Context, parent: _Fields, columns: tuple[Column, ...], row_ids: dict) -> tuple[Row, ...]:
    rows = []
    nodes = parent.get("rows", _list, default=[])
    for i, node in enumerate(nodes):
        rf = _Fields(ctx, node, f"{parent.path}.rows[{i}]", _line_of(nodes, i))
        if not rf.ok:
            continue
        row_id = rf.get("id", _ident, default=f"?{i}")
        _unique(ctx, row_ids, row_id, rf.line("id"), rf.field_path("id"), "row")
        values, dash = _read_values(ctx, rf, columns)
        text = rf.get("text", _text, required=False)
        if not values and text is None:
            ctx.report(rf.line(), rf.path, "a row needs values or a text such as 'eräkohtainen hinnoittelu'")
        rows.append(
            Row(
                id=row_id,
                label=rf.get("label", _text, default=""),
                columns=columns,
                values=values,
                key=_read_key(ctx, rf),
                unit=rf.get("unit", _text, required=False),
                text=text,
                shown_as_dash=dash,
                reading=rf.get("reading", _text, required=False),
                source_inconsistency=rf.get("source_inconsistency", _text, required=False),
                credit=rf.get("credit", _flag, required=False, default=False),
                verify=rf.get("verify", _text, required=False),
                line=rf.line(),
            )
        )
        rf.finish()
    return tuple(rows)


def _read_values(ctx: _Context, rf: _Fields, columns: tuple[Column, ...]) -> tuple[dict[str, Decimal], bool]:
    raw = rf.get("values", _mapping, required=False, default={})
    known = {c.id for c in columns}
    values: dict[str, Decimal] = {}
    dashes = 0
    for name, value in raw.items():
        path = f"{rf.path}.values.{name}"
        line = _line_of(raw, name) or rf.line("values")
        if name not in known:
            ctx.report(line, path, f"unknown column {name!r} (this table has: {', '.join(c.id for c in columns)})")
            continue
        if value == DASH:
            dashes += 1
            values[name] = Decimal("0.00")
            continue
        try:
            values[name] = _amount_within(-MAX_PRICE, MAX_PRICE)(value)
        except ValueError as exc:
            ctx.report(line, path, f"price {exc}")
    if dashes and dashes != len(raw):
        ctx.report(rf.line("values"), f"{rf.path}.values", "a row shows a dash in every column or in none")
    if raw and not dashes:
        missing = [c.id for c in columns if c.id not in raw]
        if missing:
            ctx.report(rf.line("values"), f"{rf.path}.values", f"missing column(s) {', '.join(missing)}")
    return values, bool(dashes)


def _read_key(ctx: _Context, rf: _Fields) -> dict[str, object] | None:
    raw = rf.get("key", _mapping, required=False)
    if raw is None:
        return None
    key = dict(raw)
    if "service" not in key:
        ctx.report(rf.line("key"), f"{rf.path}.key", "a key needs a 'service'")
        return key
    for name, default in KEY_DEFAULTS.get(str(key["service"]), {}).items():
        key.setdefault(name, default)
    return key


def _read_rules(ctx: _Context, f: _Fields) -> Rules:
    node = f.get("rules", _mapping, required=False)
    if node is None:
        return Rules()
    by_id: dict[str, Rule] = {}
    for rule_id, rule_node in node.items():
        if rule_id == "source":
            continue
        path = f"rules.{rule_id}"

        def report(name: str, message: str, rule_node=rule_node, path=path, rule_id=rule_id) -> None:
            line = _line_of(rule_node, name) if name and isinstance(rule_node, dict) else _line_of(node, rule_id)
            ctx.report(line, f"{path}.{name}" if name else path, message)

        rule = read_rule(str(rule_id), rule_node, report)
        if rule is not None:
            by_id[rule.id] = rule
    source = node.get("source")
    if source is not None and not (isinstance(source, str) and source.strip()):
        ctx.report(_line_of(node, "source"), "rules.source", f"expected text, found {source!r}")
    return Rules(by_id, source.strip() if isinstance(source, str) else None)


def _read_stated_changes(ctx: _Context, f: _Fields) -> tuple[StatedChange, ...]:
    changes = []
    nodes = f.get("stated_changes", _list, required=False, default=[])
    for i, node in enumerate(nodes):
        cf = _Fields(ctx, node, f"stated_changes[{i}]", _line_of(nodes, i))
        changes.append(
            StatedChange(
                id=cf.get("id", _ident, default="?"),
                percent=cf.get("percent", _amount_within(Decimal(-100), Decimal(1000)), default=Decimal(0)),
                description=cf.get("description", _text, default=""),
                source=cf.get("source", _text, default=""),
                applies_to=tuple(cf.get("applies_to", _list, default=[])),
            )
        )
        cf.finish()
    return tuple(changes)
