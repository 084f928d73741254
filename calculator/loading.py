"""Build a TariffVersion from plain data (parsed YAML or JSON), reporting every problem.

The input is nested dicts and lists. Dicts and lists parsed from YAML also carry
line numbers (see `yaml_source`); data from JSON has none, and problems then
name only the file and the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import schema
from .model import (
    DASH,
    Act,
    Column,
    Lifecycle,
    OperatorRole,
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
from .problems import Problem, TariffDataError
from .rules import RULE_PARAMETERS, Rule, Rules, read_rule
from .schema import Fields, FileProblems, line_of

KEY_DEFAULTS = {"emptying": {"segment": "housing"}}
# No tariff price is this large: beyond it a value is a typing mistake (and would overflow the cent arithmetic).
MAX_PRICE = Decimal(1_000_000)


_percent = schema.amount_within(Decimal(0), Decimal(100))
_quantity = schema.amount_within(Decimal(0), MAX_PRICE)


def read_version(data: Any, file: str) -> tuple[TariffVersion, list[Problem]]:
    """Build a version as far as the data allows, with every structural problem found."""
    ctx = FileProblems(file)
    return _read_version(ctx, data), ctx.problems


def load_version(data: Any, file: str) -> TariffVersion:
    """Validate the structure of one tariff version and build it; raise with all problems."""
    version, problems = read_version(data, file)
    if problems:
        raise TariffDataError(problems)
    return version


def _read_version(ctx: FileProblems, data: Any) -> TariffVersion:
    f = Fields(ctx, data, "")
    version_id = f.get("id", schema.ident)
    status_text = f.get("status", schema.text)
    status = None
    if status_text is not None:
        try:
            status = Status(status_text)
        except ValueError:
            ctx.report(
                f.line("status"), "status", f"unknown status {status_text!r} (use in_force, proposal or historical)"
            )
    vat = f.get("vat_percent", _percent, required=False)
    source_fields = Fields(ctx, f.raw("source"), "source", f.line("source")) if f.raw("source") is not None else None
    if source_fields is None:
        f.get("source", schema.mapping)
        source = None
    else:
        source = Source(
            source_fields.get("document", schema.text),
            source_fields.get("title", schema.text),
            source_fields.get("transcribed", schema.flag, required=False, default=True),
        )
        source_fields.finish()
    column_sets = _read_column_sets(ctx, f)
    sections = _read_sections(ctx, f, column_sets)
    if sections and f.ok and f.node.get("vat_percent") is None:
        ctx.report(f.line(), "vat_percent", "missing required field (a version with price tables needs its VAT rate)")
    stated = _read_stated_changes(ctx, f)
    role = f.fields("operator_role", required=False, what="the operator's 'title' and 'source'")
    operator_role = role and OperatorRole(role.get("title", schema.text), role.get("source", schema.text))
    if role:
        role.finish()
    version = TariffVersion(
        id=version_id,
        title=f.get("title", schema.text),
        authority=f.get("authority", schema.text),
        operator=f.get("operator", schema.text),
        status=status,
        valid_from=f.get("valid_from", schema.date),
        valid_until=f.get("valid_until", schema.date, required=False),
        lifecycle=_read_lifecycle(ctx, f),
        replaces=f.get("replaces", schema.ident, required=False),
        vat_percent=vat,
        source=source,
        sections=sections,
        stated_changes=stated,
        rules=_read_rules(ctx, f),
        operator_role=operator_role,
        file=ctx.file,
        field_lines=dict(getattr(data, "key_lines", None) or {}),
    )
    f.finish()
    return version


def _read_lifecycle(ctx: FileProblems, f: Fields) -> Lifecycle | None:
    """The version's status history: when checked, its proposal, decision, amendments, successor."""
    if f.raw("lifecycle") is None:
        f.get("lifecycle", schema.mapping, required=False)
        return None
    lf = Fields(ctx, f.raw("lifecycle"), "lifecycle", f.line("lifecycle"))
    if not lf.ok:
        return None
    amendments = lf.get("amendments", schema.a_list, required=False, default=[])
    lifecycle = Lifecycle(
        checked=lf.get("checked", schema.date),
        proposal=_read_act(ctx, lf, "proposal", decision=False),
        decision=_read_act(ctx, lf, "decision", decision=True),
        amendments=tuple(
            act
            for i, node in enumerate(amendments)
            if (act := _act(ctx, node, f"lifecycle.amendments[{i}]", line_of(amendments, i), False)) is not None
        ),
        superseded_by=lf.get("superseded_by", schema.ident, required=False),
        reading=lf.get("reading", schema.text, required=False),
        line=lf.line(),
    )
    lf.finish()
    return lifecycle


def _read_act(ctx: FileProblems, parent: Fields, name: str, decision: bool) -> Act | None:
    node = parent.raw(name)
    return None if node is None else _act(ctx, node, parent.field_path(name), parent.line(name), decision)


def _outcome(value: Any) -> Outcome:
    try:
        return Outcome(schema.text(value))
    except ValueError:
        raise ValueError(f"unknown outcome {value!r} (use {', '.join(o.value for o in Outcome)})") from None


def _act(ctx: FileProblems, node: Any, path: str, at: int | None, decision: bool) -> Act | None:
    af = Fields(ctx, node, path, at)
    if not af.ok:
        return None
    act = Act(
        date=af.get("date", schema.date),
        body=af.get("body", schema.text),
        document=af.get("document", schema.text),
        section=af.get("section", schema.text, required=False),
        outcome=af.get("outcome", _outcome) if decision else None,
        in_force_from=af.get("in_force_from", schema.date, required=False),
    )
    af.finish()
    return act


def _read_column_sets(ctx: FileProblems, f: Fields) -> dict[str, tuple[Column, ...]]:
    raw = f.get("column_sets", schema.mapping, required=bool(f.raw("sections")), default={})
    sets: dict[str, tuple[Column, ...]] = {}
    for name, columns in raw.items():
        path = f"column_sets.{name}"
        if not isinstance(columns, list) or not columns:
            ctx.report(line_of(raw, name), path, "expected a non-empty list of columns")
            continue
        read: list[Column] = []
        for i, node in enumerate(columns):
            cf = Fields(ctx, node, f"{path}[{i}]", line_of(columns, i))
            column = Column(
                id=cf.get("id", schema.ident, default=f"?{i}"),
                label=cf.get("label", schema.text, default=""),
                sum_of=tuple(cf.get("sum_of", schema.a_list, required=False, default=[])),
                vat_of=tuple(cf.get("vat_of", schema.a_list, required=False, default=[])),
            )
            cf.finish()
            read.append(column)
        ids = [c.id for c in read]
        for column in read:
            for ref in column.sum_of + column.vat_of:
                if ref not in ids:
                    ctx.report(line_of(columns), path, f"column {column.id} refers to unknown column {ref!r}")
        if sum(1 for c in read if c.vat_inclusive) != 1:
            ctx.report(line_of(raw, name), path, "exactly one column must be VAT-inclusive (vat_of)")
        sets[name] = tuple(read)
    return sets


def _read_sections(ctx: FileProblems, f: Fields, column_sets: dict[str, tuple[Column, ...]]) -> tuple[Section, ...]:
    nodes = f.get("sections", schema.a_list, default=[])
    sections: list[Section] = []
    section_ids: dict[str, int | None] = {}
    table_ids: dict[str, int | None] = {}
    for i, node in enumerate(nodes):
        sf = Fields(ctx, node, f"sections[{i}]", line_of(nodes, i))
        section_id = sf.get("id", schema.ident, default=f"?{i}")
        _unique(ctx, section_ids, section_id, sf.line("id"), sf.field_path("id"), "section")
        tables = []
        tnodes = sf.get("tables", schema.a_list, default=[])
        for j, tnode in enumerate(tnodes):
            table = _read_table(ctx, tnode, f"{sf.path}.tables[{j}]", line_of(tnodes, j), section_id, column_sets)
            if table is not None:
                _unique(ctx, table_ids, table.id, line_of(tnode, "id"), f"{sf.path}.tables[{j}].id", "table")
                tables.append(table)
        sections.append(
            Section(
                id=section_id,
                number=sf.get("number", schema.number_text, default="?"),
                title=sf.get("title", schema.text, default=""),
                description=sf.get("description", schema.paragraphs, required=False, default=()),
                reading=sf.get("reading", schema.text, required=False),
                tables=tuple(tables),
            )
        )
        sf.finish()
    return tuple(sections)


def _unique(ctx: FileProblems, seen: dict[str, int | None], ident: str, line: int | None, path: str, what: str) -> None:
    if ident in seen:
        first = seen[ident]
        where = f" (first used on line {first})" if first else ""
        ctx.report(line, path, f"duplicate {what} id {ident!r}{where}")
    else:
        seen[ident] = line


def _read_table(
    ctx: FileProblems, node: Any, path: str, at: int | None, section_id: str, column_sets: dict
) -> Table | None:
    tf = Fields(ctx, node, path, at)
    if not tf.ok:
        return None
    set_name = tf.get("columns", schema.text, default=None)
    columns = column_sets.get(set_name) if set_name else None
    if set_name and columns is None:
        ctx.report(
            tf.line("columns"),
            tf.field_path("columns"),
            f"unknown column set {set_name!r} (known: {', '.join(sorted(column_sets))})",
        )
    table_id = tf.get("id", schema.ident, default="?")
    row_ids: dict[str, int | None] = {}
    groups: list[RowGroup] = []
    if tf.raw("groups") is not None and tf.raw("rows") is not None:
        ctx.report(tf.line("groups"), tf.field_path("groups"), "a table has either rows or groups, not both")
    if tf.raw("groups") is not None:
        gnodes = tf.get("groups", schema.a_list, default=[])
        for k, gnode in enumerate(gnodes):
            gf = Fields(ctx, gnode, f"{path}.groups[{k}]", line_of(gnodes, k))
            rows = _read_rows(ctx, gf, columns or (), row_ids)
            groups.append(
                RowGroup(
                    id=gf.get("id", schema.ident, default=f"?{k}"),
                    title=gf.get("title", schema.text, required=False),
                    unit=gf.get("unit", schema.text, required=False),
                    reading=gf.get("reading", schema.text, required=False),
                    rows=rows,
                )
            )
            gf.finish()
    else:
        groups.append(RowGroup(id="rivit", title=None, rows=_read_rows(ctx, tf, columns or (), row_ids)))
    table = Table(
        id=table_id,
        number=tf.get("number", schema.whole, default=0),
        title=tf.get("title", schema.text, default=""),
        unit=tf.get("unit", schema.text, default=""),
        row_header=tf.get("row_header", schema.text, default=""),
        column_set=set_name or "",
        columns=columns or (),
        groups=tuple(groups),
        section_id=section_id,
        description=tf.get("description", schema.paragraphs, required=False, default=()),
        notes=tf.get("notes", schema.paragraphs, required=False, default=()),
        valid_from=tf.get("valid_from", schema.date, required=False),
        reading=tf.get("reading", schema.text, required=False),
    )
    tf.finish()
    return table


def _read_rows(ctx: FileProblems, parent: Fields, columns: tuple[Column, ...], row_ids: dict) -> tuple[Row, ...]:
    rows = []
    nodes = parent.get("rows", schema.a_list, default=[])
    for i, node in enumerate(nodes):
        rf = Fields(ctx, node, f"{parent.path}.rows[{i}]", line_of(nodes, i))
        if not rf.ok:
            continue
        row_id = rf.get("id", schema.ident, default=f"?{i}")
        _unique(ctx, row_ids, row_id, rf.line("id"), rf.field_path("id"), "row")
        values, dash = _read_values(ctx, rf, columns)
        text = rf.get("text", schema.text, required=False)
        if not values and text is None:
            ctx.report(rf.line(), rf.path, "a row needs values or a text such as 'eräkohtainen hinnoittelu'")
        rows.append(
            Row(
                id=row_id,
                label=rf.get("label", schema.text, default=""),
                columns=columns,
                values=values,
                key=_read_key(ctx, rf),
                unit=rf.get("unit", schema.text, required=False),
                text=text,
                shown_as_dash=dash,
                reading=rf.get("reading", schema.text, required=False),
                source_inconsistency=rf.get("source_inconsistency", schema.text, required=False),
                credit=rf.get("credit", schema.flag, required=False, default=False),
                verify=rf.get("verify", schema.text, required=False),
                source_lines=rf.get("source_line", schema.line_range, required=False),
                line=rf.line(),
            )
        )
        rf.finish()
    return tuple(rows)


def _read_values(ctx: FileProblems, rf: Fields, columns: tuple[Column, ...]) -> tuple[dict[str, Decimal], bool]:
    raw = rf.get("values", schema.mapping, required=False, default={})
    known = {c.id for c in columns}
    values: dict[str, Decimal] = {}
    dashes = 0
    for name, value in raw.items():
        path = f"{rf.path}.values.{name}"
        line = line_of(raw, name) or rf.line("values")
        if name not in known:
            ctx.report(line, path, f"unknown column {name!r} (this table has: {', '.join(c.id for c in columns)})")
            continue
        if value == DASH:
            dashes += 1
            values[name] = Decimal("0.00")
            continue
        try:
            values[name] = schema.amount_within(-MAX_PRICE, MAX_PRICE)(value)
        except ValueError as exc:
            ctx.report(line, path, f"price {exc}")
    if dashes and dashes != len(raw):
        ctx.report(rf.line("values"), f"{rf.path}.values", "a row shows a dash in every column or in none")
    if raw and not dashes:
        missing = [c.id for c in columns if c.id not in raw]
        if missing:
            ctx.report(rf.line("values"), f"{rf.path}.values", f"missing column(s) {', '.join(missing)}")
    return values, bool(dashes)


def _read_key(ctx: FileProblems, rf: Fields) -> dict[str, object] | None:
    raw = rf.get("key", schema.mapping, required=False)
    if raw is None:
        return None
    key = dict(raw)
    if "service" not in key:
        ctx.report(rf.line("key"), f"{rf.path}.key", "a key needs a 'service'")
        return key
    for name, default in KEY_DEFAULTS.get(str(key["service"]), {}).items():
        key.setdefault(name, default)
    return key


def _read_rules(ctx: FileProblems, f: Fields) -> Rules:
    node = f.get("rules", schema.mapping, required=False)
    if node is None:
        return Rules()
    by_id: dict[str, Rule] = {}
    for rule_id, rule_node in node.items():
        if rule_id == "source":
            continue
        path, at = f"rules.{rule_id}", line_of(node, rule_id)
        if rule_id not in RULE_PARAMETERS:
            ctx.report(at, path, f"unknown rule (known: {', '.join(sorted(RULE_PARAMETERS))})")
            continue
        what = "a mapping with quote, section and the rule's parameters"
        rule = read_rule(rule_id, Fields(ctx, rule_node, path, at, what))
        if rule is not None:
            by_id[rule.id] = rule
    source = node.get("source")
    if source is not None and not (isinstance(source, str) and source.strip()):
        ctx.report(line_of(node, "source"), "rules.source", f"expected text, found {source!r}")
    return Rules(by_id, source.strip() if isinstance(source, str) else None)


def _read_stated_changes(ctx: FileProblems, f: Fields) -> tuple[StatedChange, ...]:
    changes = []
    nodes = f.get("stated_changes", schema.a_list, required=False, default=[])
    for i, node in enumerate(nodes):
        cf = Fields(ctx, node, f"stated_changes[{i}]", line_of(nodes, i))
        changes.append(
            StatedChange(
                id=cf.get("id", schema.ident, default="?"),
                percent=cf.get("percent", schema.amount_within(Decimal(-100), Decimal(1000)), default=Decimal(0)),
                description=cf.get("description", schema.text, default=""),
                source=cf.get("source", schema.text, default=""),
                applies_to=tuple(cf.get("applies_to", schema.a_list, default=[])),
            )
        )
        cf.finish()
    return tuple(changes)
