"""Edits of a YAML file's text that change only what they touch, and the all-or-nothing write.

A round-trip dump (ruamel.yaml) re-indents a file whose lists are indented two ways, as the tariff
files are (measured: 380 changed lines in a tariff file of 1,650 lines for no change at all). So the
edits work on the text itself: PyYAML's composer gives every node's span, and an edit replaces a
value's span or inserts and removes whole lines. Comments, `reading:`s, order, quotes and
indentation elsewhere stay byte for byte, and `git diff` shows the edited lines alone. New blocks
are dumped in the tariff files' style (lists indented under their key).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calculator.problems import Problem, TariffDataError

from .yamlfile import parse_yaml

Key = str | int  # a mapping key or a list index


class _BlockDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # noqa: D102 - PyYAML hook
        return super().increase_indent(flow, False)  # lists indented under their key

    def ignore_aliases(self, data):  # noqa: D102 - PyYAML hook
        return True  # tariff data refuses aliases: a value used twice is written twice


_BlockDumper.add_representer(
    Decimal,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:" + ("float" if "." in str(value) else "int"), str(value)
    ),
)


def dump_block(data: Mapping, indent: int = 0) -> str:
    """Mappings as YAML lines (block style, lists indented), every line indented by `indent` spaces."""
    text = yaml.dump(dict(data), Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    return "".join(" " * indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def scalar_text(value: object) -> str:
    """One value as it is written after `key: ` (dates and decimals plain, text quoted where YAML needs it)."""
    if isinstance(value, Decimal | int | dt.date) and not isinstance(value, bool):
        return str(value)
    text = yaml.dump(value, Dumper=_BlockDumper, allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


class YamlText:
    """One YAML file's text and the spans of its nodes; edits are applied together by `result`."""

    def __init__(self, text: str, file: str):
        self.text, self.file = text, file
        try:
            self.root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            parse_yaml(text, file)  # the project's reader words the fault with its line
            raise
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.edits: list[tuple[int, int, str]] = []

    @classmethod
    def read(cls, path: Path, file: str) -> YamlText:
        return cls(path.read_text(encoding="utf-8"), file)

    def node(self, *path: Key) -> Node | None:
        """The node at a path of keys and indexes, or None."""
        node = self.root
        for key in path:
            if isinstance(node, MappingNode) and isinstance(key, str):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
            else:
                return None
        return node

    def _key_node(self, mapping: MappingNode, key: str) -> Node | None:
        return next((k for k, _ in mapping.value if k.value == key), None)

    def _mapping(self, path: tuple[Key, ...]) -> MappingNode:
        node = self.node(*path)
        if not isinstance(node, MappingNode) or node.flow_style:
            where = ".".join(str(k) for k in path) or "(top level)"
            raise TariffDataError([Problem(self.file, None, where, "expected a block mapping to edit")])
        return node

    def _end_line(self, node: Node) -> int:
        """The line after the node's last character (0-based), blank lines at its end left out."""
        while isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        mark = node.end_mark
        line = mark.line + (1 if mark.column else 0)
        while line > node.start_mark.line + 1 and not self._line(line - 1).strip():
            line -= 1
        return line

    def _line(self, number: int) -> str:
        end = self.line_starts[number + 1] if number + 1 < len(self.line_starts) else len(self.text)
        return self.text[self.line_starts[number] : end]

    def _offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def replace_scalar(self, node: Node, value: object) -> None:
        """Write a new value in a one-line scalar's place (a trailing comment stays)."""
        if not isinstance(node, ScalarNode) or node.style in ("|", ">") or node.start_mark.line != node.end_mark.line:
            raise TariffDataError([Problem(self.file, node.start_mark.line + 1, "", "expected a one-line value")])
        self.edits.append((node.start_mark.index, node.end_mark.index, scalar_text(value)))

    def set(self, path: tuple[Key, ...], key: str, value: object, after: str | None = None) -> None:
        """Give `key` of the mapping at `path` a value: a one-line scalar in place, else its lines replaced;
        a new key goes after the key `after` (else at the mapping's end)."""
        mapping = self._mapping(path)
        key_node = self._key_node(mapping, key)
        if key_node is not None:
            old = self.node(*path, key)
            simple = not isinstance(value, Mapping | list)
            if simple and isinstance(old, ScalarNode) and old.start_mark.line == old.end_mark.line and not old.style:
                self.replace_scalar(old, value)
                return
            start, end = key_node.start_mark.line, self._end_line(old)
            self._lines(start, end, dump_block({key: value}, key_node.start_mark.column))
            return
        anchor = self.node(*path, after) if after and self._key_node(mapping, after) else mapping
        column = mapping.value[0][0].start_mark.column if mapping.value else 0
        line = self._end_line(anchor)
        self._lines(line, line, dump_block({key: value}, column))

    def set_header(self, comment: str) -> None:
        """Replace the comment lines at the top of the file by `comment` (lines without their `# `)."""
        line = 0
        while line < len(self.line_starts) and self._line(line).lstrip().startswith("#"):
            line += 1
        self._lines(0, line, "".join(f"# {text}".rstrip() + "\n" for text in comment.splitlines()))

    def remove(self, path: tuple[Key, ...], key: str) -> None:
        mapping = self._mapping(path)
        key_node = self._key_node(mapping, key)
        if key_node is not None:
            self._lines(key_node.start_mark.line, self._end_line(self.node(*path, key)), "")

    def append(self, path: tuple[Key, ...], item: Mapping) -> None:
        """Add a mapping at the end of the block list at `path`, indented like its items."""
        seq = self.node(*path)
        if not isinstance(seq, SequenceNode) or seq.flow_style or not seq.value:
            raise TariffDataError([Problem(self.file, None, ".".join(map(str, path)), "expected a block list")])
        dash = seq.value[0].start_mark.column - 2
        lines = dump_block({"x": [dict(item)]}).splitlines(keepends=True)[1:]  # the item, as a list's
        indent = len(lines[0]) - len(lines[0].lstrip())
        line = self._end_line(seq)
        self._lines(line, line, "".join(" " * dash + x[indent:] if x.strip() else x for x in lines))

    def _lines(self, start: int, end: int, text: str) -> None:
        """Replace lines start..end (0-based, end exclusive) by text."""
        self.edits.append((self._offset(start), self._offset(end), text))

    def result(self) -> str:
        """The text with every edit made (edits must not overlap)."""
        text, last = self.text, len(self.text) + 1
        # From the end, so that offsets stay true; of two insertions at one place the first made comes first.
        for start, end, _, new in sorted(((s, e, i, n) for i, (s, e, n) in enumerate(self.edits)), reverse=True):
            if end > last:
                raise ValueError(f"{self.file}: overlapping edits at character {start}")
            text, last = text[:start] + new + text[end:], start
        return text


def write_all(files: Mapping[Path, str | bytes]) -> None:
    """Write every file or none (text as UTF-8): each to a temporary file beside it, then all replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
            staged.append((Path(temporary), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
