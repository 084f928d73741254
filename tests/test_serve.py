"""Serving as a real host would: `make serve` (sirv) and the README's nginx configuration, each run here
on the built site: precompressed copies with Content-Encoding, a year's cache for files named by their
content, revalidation for the rest, and the security headers the build wrote (sitebuild/headers.py)."""

import contextlib
import getpass
import gzip
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import brotli
import pytest

from sitebuild import headers
from sitebuild.bundle import runtime_version
from sitebuild.precompress import EXTENSIONS, MIN_BYTES

from .browser import site_headers
from .conftest import ROOT, calculator_settings

pytestmark = pytest.mark.site  # serves built sites with Node.js and nginx

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
YEAR = "public, max-age=31536000, immutable"


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
NGINX_MAIN = """user {user};  # the test's own user may read the site's temporary folder
load_module {module};
error_log {folder}/error.log;
pid {folder}/nginx.pid;
events {{}}
http {{
    access_log off;
    client_body_temp_path {folder};
    include {folder}/server.conf;
}}
"""


@contextlib.contextmanager
def make_serve(site, folder):
    """sitebuild/serve.mjs, what `make serve` runs, on a free port."""
    process = subprocess.Popen(["node", str(ROOT / "sitebuild" / "serve.mjs"), str(site), "0"],
                               stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("Serving http://127.0.0.1:"), line
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def readme_nginx() -> tuple[str, str]:
    """The README's two nginx examples: the server block, and the HTTPS one (redirect and TLS server)."""
    if not (shutil.which(NGINX) and os.path.exists(BROTLI_MODULE)):
        pytest.fail("nginx with brotli_static not installed: run `make webserver`", pytrace=False)
    plain, tls = re.findall(r"```nginx\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return plain, tls


def nginx_files(folder, server: str, user: str) -> None:
    """nginx.conf (this test's pid, logs and temporary files in `folder`) including `server`."""
    (folder / "server.conf").write_text(server, encoding="utf-8")
    shutil.copy("/etc/nginx/mime.types", folder / "mime.types")
    main = NGINX_MAIN.format(user=user, module=BROTLI_MODULE, folder=folder)
    (folder / "nginx.conf").write_text(main, encoding="utf-8")


@contextlib.contextmanager
def nginx(site, folder):
    """The README's nginx server block, with this test's port and the built site as its root."""
    block = readme_nginx()[0]
    port = _free_port()
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/jatetaksa/site", str(site))
    nginx_files(folder, block, getpass.getuser())
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module", params=[make_serve, nginx], ids=["make-serve", "nginx"])
def server(request, built_site, tmp_path_factory):
    with request.param(built_site, tmp_path_factory.mktemp("server")) as base:
        yield base


def get(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_runtime_comes_compressed_and_cached_for_a_year(server, built_site, encoding):
    path = f"pyodide/{runtime_version()}/pyodide.asm.wasm"
    status, headers, body = get(server + path, f"{encoding}, deflate")
    assert status == 200
    assert (headers["Content-Encoding"], headers["Content-Type"], headers["Cache-Control"]) == (
        encoding, "application/wasm", YEAR)
    assert headers["Vary"] == "Accept-Encoding"
    assert len(body) < (built_site / path).stat().st_size / 2
    assert DECODE[encoding](body) == (built_site / path).read_bytes()


def test_pages_come_compressed_and_are_revalidated(server, built_site):
    page = (built_site / "laskuri" / "index.html").read_bytes()
    for encoding in ("br", "gzip"):
        status, headers, body = get(server + "laskuri/", encoding)
        assert status == 200
        assert (headers["Content-Encoding"], headers["Cache-Control"]) == (encoding, "no-cache")
        assert headers["Content-Type"].startswith("text/html") and headers["ETag"]
        assert DECODE[encoding](body) == page


def test_without_accept_encoding_the_file_as_it_is(server, built_site):
    runtime = f"pyodide/{runtime_version()}/pyodide.mjs"
    status, headers, body = get(server + runtime, "identity")
    assert status == 200 and headers["Content-Encoding"] is None
    assert headers["Content-Type"] == "text/javascript"  # a module script: no other type will do
    assert body == (built_site / runtime).read_bytes()


def test_snapshot_comes_compressed_its_gzip_copy_as_it_is_and_both_cached_for_a_year(server, built_site):
    """The snapshot with Content-Encoding as the worker gets it; its gzip copy, which the worker fetches where a
    host sends the snapshot as it is (sitebuild/snapshot.py)."""
    snapshot = calculator_settings(built_site)["snapshot"]
    url = urllib.parse.urljoin(server + "laskuri/", snapshot["url"])
    for encoding in ("br", "gzip"):
        status, headers, body = get(url, f"{encoding}, deflate")
        assert status == 200 and headers["Vary"] == "Accept-Encoding"
        assert (headers["Content-Encoding"], headers["Content-Type"], headers["Cache-Control"]) == (
            encoding, "application/octet-stream", YEAR)
        assert hashlib.sha256(DECODE[encoding](body)).hexdigest() == snapshot["sha256"]
    # sirv sends the copy with Content-Encoding: gzip, nginx without; the worker takes either (the header says which)
    status, headers, body = get(url + ".gz", "gzip, br")
    assert (status, headers["Cache-Control"]) == (200, YEAR)
    assert len(body) == snapshot["gzipBytes"]
    assert hashlib.sha256(gzip.decompress(body)).hexdigest() == snapshot["sha256"]


def test_the_standard_library_comes_compressed_and_cached_for_a_year(server, built_site):
    fallback = calculator_settings(built_site)["stdlib"]["fallback"]
    status, headers, body = get(urllib.parse.urljoin(server + "laskuri/", fallback), "br")
    assert (status, headers["Content-Encoding"], headers["Content-Type"], headers["Cache-Control"]) == (
        200, "br", "application/zip", YEAR)
    assert brotli.decompress(body) == (built_site / "laskuri" / fallback).read_bytes()


def test_unknown_address_gets_the_sites_404_page(server, built_site):
    status, headers, body = get(server + "ei-ole/", "identity")
    assert status == 404
    assert body == (built_site / "404.html").read_bytes()


def test_every_response_carries_the_sites_security_headers(server, built_site):
    """The build's _headers on a page, a runtime file, the 404 page; the worker's own policy on its script."""
    everything, worker = headers.rules(built_site).values()
    for path in ("", "laskuri/", f"pyodide/{runtime_version()}/pyodide.asm.wasm", "ei-ole/", headers.WORKER[1:]):
        sent = get(server + path, "br")[1]
        expected = {**everything, **(worker if "/" + path == headers.WORKER else {})}
        assert {name: sent[name] for name in expected} == expected, path
        assert site_headers(built_site, "/" + path) == expected, path  # what the browser tests' server sends
    assert "'unsafe-inline'" not in everything["Content-Security-Policy"]
    assert "eval" not in everything["Content-Security-Policy"]


def test_precompressed_copies_are_the_files(built_site):
    """Every large text and wasm file has a gzip and a brotli copy that decompress to it."""
    large = [p for p in built_site.rglob("*") if p.suffix in EXTENSIONS and p.stat().st_size >= MIN_BYTES]
    assert {".wasm", ".mjs", ".html", ".json", ".css", ".js"} <= {p.suffix for p in large}
    for path in large:
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
