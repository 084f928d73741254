"""Dependencies point one way: the pricing core (calculator/) imports only the standard library and
itself, the build tooling (sitebuild/) may import the core, and no module imports itself back."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGES = ("calculator", "sitebuild")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (also inside functions), as absolute names."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # `from . import x` names a module
    return found


def project_graph() -> dict[str, set[str]]:
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    modules = {module_name(p): p for p in files}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def test_the_import_walk_sees_relative_and_nested_imports():
    graph = project_graph()
    assert "calculator.money" in graph["calculator.finnish"]  # from .money import ...
    assert "sitebuild.pages" in graph["sitebuild.site"]  # imported inside a function
    assert "sitebuild.urls" in graph["sitebuild.pages.fees"]  # from .. import urls


def test_the_core_imports_only_the_standard_library_and_itself():
    for path in sorted((ROOT / "calculator").glob("*.py")):
        for module in imports_of(path):
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or top == "calculator", f"{path.name} imports {module}"


def test_no_import_cycle():
    graph = project_graph()
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            assert state.get(other) != "open", "import cycle: " + " -> ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_cycle_check_finds_a_cycle(monkeypatch):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    monkeypatch.setattr(sys.modules[__name__], "project_graph", lambda: graph)
    try:
        test_no_import_cycle()
    except AssertionError as exc:
        assert "a -> b -> c -> a" in str(exc)
    else:
        raise AssertionError("the cycle a -> b -> c -> a was not found")
