"""What the browser calculator downloads: the calculator wheel and the self-hosted Pyodide runtime."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import shutil
import tomllib
import zipfile
from pathlib import Path

from . import urls

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# The site's copy: without the standard library's zip, which the calculator gets cut to what it imports
# (sitebuild/snapshot.py).
RUNTIME_FILES = tuple(name for name in PYODIDE_FILES if name != "python_stdlib.zip")
CALCULATOR = ROOT / "calculator"


def package_imports(path: Path) -> set[str]:
    """The calculator modules a module of the package imports (`from . import x`, `from .x import y`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def worker_modules() -> list[str]:
    """The calculator modules the browser worker imports, transitively (the CLI stays out)."""
    modules, todo = {"__init__"}, ["worker"]
    while todo:
        name = todo.pop()
        if name not in modules:
            modules.add(name)
            todo += package_imports(CALCULATOR / f"{name}.py")
    return sorted(modules)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_wheel(folder: Path) -> Path:
    """A pure-Python wheel of the worker's calculator modules, byte-for-byte reproducible."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    entries = [(f"calculator/{m}.py", (CALCULATOR / f"{m}.py").read_bytes()) for m in worker_modules()]
    entries.append((f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()))
    entries.append(
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: sitebuild\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    )
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip('=')},{len(data)}\n"
        for path, data in entries
    )
    entries.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return wheel


def runtime_version() -> str:
    """The version of the Pyodide npm package installed in node_modules."""
    try:
        return json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise SystemExit(f"Pyodide runtime missing in {PYODIDE}: run `make setup` (npm ci)") from None


def copy_pyodide(site: Path) -> None:
    """The Pyodide runtime from the pinned npm package, served from the site's own origin (RUNTIME_FILES)."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    if missing:
        raise SystemExit(f"Pyodide runtime missing in {PYODIDE} ({', '.join(missing)}): run `make setup` (npm ci)")
    target = site / urls.pyodide(runtime_version())
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(PYODIDE / name, target / name)
