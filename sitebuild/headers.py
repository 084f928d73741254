"""The HTTP headers of every response, from the built site itself: one policy, two files.

The pages' Content-Security-Policy allows their inline scripts and style attributes by their
SHA-256, read from the built HTML, so it needs no 'unsafe-inline'. Only the calculator worker's
own script response (a worker's policy comes from it) allows compiling WebAssembly. The build
writes the policy as `_headers` (Cloudflare Pages' format, which sitebuild/serve.mjs reads) and
as `_headers.nginx` (the README's block includes it in every location).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from . import urls

HEADERS = "_headers"
NGINX_HEADERS = "_headers.nginx"
WORKER = "/" + urls.asset("laskuri-worker.js")

# Scripts without src whose type runs them (JSON data blocks do not run), and style attributes.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*\stype=\"application/json\")[^>]*>(.*?)</script>", re.S)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=\"([^\"]*)\"")

COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")),
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The worker compiles the runtime's WebAssembly (Pyodide 314 evaluates no strings: measured, both starts).
WORKER_SCRIPTS = "'self' 'wasm-unsafe-eval'"


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(scripts: str, styles: str = "'self'") -> str:
    return "; ".join((
        "default-src 'none'", f"script-src {scripts}", f"style-src {styles}", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "worker-src 'self'", "manifest-src 'self'",
        "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"))


def page_policy(site: Path) -> str:
    """The pages' policy: their inline scripts and style attributes allowed by hash, nothing else inline."""
    scripts, styles = set(), set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts.update(_hash(text) for text in INLINE_SCRIPT.findall(html))
        styles.update(_hash(text) for text in STYLE_ATTRIBUTE.findall(html))
    style_src = " ".join(["'self'", *(["'unsafe-hashes'"] if styles else []), *sorted(styles)])
    return policy(" ".join(["'self'", *sorted(scripts)]), style_src)


def rules(site: Path) -> dict[str, dict[str, str]]:
    """Each path's headers: every response, then the calculator worker's script (if the site has one)."""
    found = {"/*": {"Content-Security-Policy": page_policy(site), **COMMON}}
    if (site / WORKER.lstrip("/")).is_file():
        found[WORKER] = {"Content-Security-Policy": policy(WORKER_SCRIPTS)}
    return found


def _headers_file(found: dict[str, dict[str, str]]) -> str:
    lines = ["# The headers of every response (sitebuild/headers.py); a later path's header replaces the earlier one."]
    for index, (path, headers) in enumerate(found.items()):
        lines.append(path)
        lines += [f"  ! {name}" for name in headers if index]  # Cloudflare Pages: replace, do not add
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def _nginx_file(found: dict[str, dict[str, str]]) -> str:
    lines = ["# The headers of every response (sitebuild/headers.py): include this file in every location."]
    for name, value in found["/*"].items():
        paths = {path: headers[name] for path, headers in found.items() if path != "/*" and name in headers}
        if not paths:
            lines.append(f'add_header {name} "{value}" always;')
            continue
        variable = "$site_" + name.lower().replace("-", "_")
        lines.append(f'set {variable} "{value}";')
        lines += [f'if ($uri = "{path}") {{ set {variable} "{other}"; }}' for path, other in paths.items()]
        lines.append(f"add_header {name} {variable} always;")
    return "\n".join(lines) + "\n"


def write_headers(site: Path) -> None:
    """Write `_headers` and `_headers.nginx` into the built site."""
    found = rules(site)
    (site / HEADERS).write_text(_headers_file(found), encoding="utf-8")
    (site / NGINX_HEADERS).write_text(_nginx_file(found), encoding="utf-8")
