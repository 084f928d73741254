"""MDN's HTTP Observatory (its own scanner, npm `@mdn/mdn-http-observatory`, pinned in package.json) run
on the built site as `make serve` serves it, and as the README's nginx TLS example serves it.

`make serve` passes every check but the two only HTTPS can pass (HSTS and the redirect from HTTP).
The TLS example runs in a network namespace of its own (`unshare`), on ports 80 and 443 exactly as the
README writes them, with a test certificate the scanner trusts through NODE_EXTRA_CA_CERTS: it passes
every check. The scanner runs without its install script (.npmrc): `make setup` gives it the empty HSTS
preload list it reads (no local name is preloaded).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest

from .conftest import ROOT
from .test_serve import NGINX, make_serve, nginx_files, readme_nginx

pytestmark = pytest.mark.site  # scans built sites served by Node.js and nginx

OBSERVATORY = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"
# The checks a site served over plain HTTP cannot pass, and what the scanner says of them.
NEED_HTTPS = {"redirection": "redirection-missing", "strict-transport-security": "hsts-not-implemented-no-https"}


def scanner() -> list[str]:
    """The scanner's command (its own script: the package's wrapper would replace NODE_EXTRA_CA_CERTS)."""
    if not (OBSERVATORY / "conf" / "hsts-preload.json").is_file():
        pytest.fail("the HTTP Observatory is not installed: run `make setup`", pytrace=False)
    return ["node", str(OBSERVATORY / "src" / "scan.js")]


def report(output: str) -> dict:
    found = json.loads(output)
    assert "error" not in found, found
    return found


def failed(found: dict) -> dict[str, str]:
    return {name: test["result"] for name, test in found["tests"].items() if not test["pass"]}


def test_make_serve_passes_every_check_that_needs_no_https(built_site, tmp_path):
    with make_serve(built_site, tmp_path) as base:
        host = base.removeprefix("http://").rstrip("/")
        run = subprocess.run([*scanner(), host], capture_output=True, text=True, timeout=120)
    found = report(run.stdout)
    assert failed(found) == NEED_HTTPS
    assert len(found["tests"]) == 10
    scan = found["scan"]
    assert (scan["grade"], scan["score"], scan["testsPassed"], scan["statusCode"]) == ("C+", 60, 8, 200)
    assert found["tests"]["content-security-policy"]["result"] == "csp-implemented-with-no-unsafe-default-src-none"
    assert found["tests"]["x-frame-options"]["result"] == "x-frame-options-implemented-via-csp"


def tls_server(site, folder) -> str:
    """The README's HTTPS example as nginx runs it: the redirect from port 80 as written, and on 443 the
    server block from `root` on, with the HSTS line after each include (as the example's comment says),
    this test's certificate and the built site."""
    plain, tls = readme_nginx()
    hsts = re.search(r"#\s+(add_header Strict-Transport-Security .*;)", tls)[1]
    body = plain[plain.index("    root "):plain.rindex("}")]
    body = re.sub(r"^( *)(include \S+_headers\.nginx;)$", rf"\1\2\n\1{hsts}", body, flags=re.M)
    server = re.sub(r" *# … the block above.*\n *#\s+add_header Strict-Transport-Security .*\n", body, tls)
    assert server.count(hsts) == 2 and "# …" not in server
    server = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {folder}/cert.pem;", server)
    server = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {folder}/key.pem;", server)
    return server.replace("/srv/jatetaksa/site", str(site))


def test_the_readmes_tls_example_passes_every_check(built_site, tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)  # fmt: skip
    nginx_files(tmp_path, tls_server(built_site, tmp_path), "root")  # root of the namespace: the test's user
    config = ["-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    nginx = shlex.join([NGINX, *config, "-g", "daemon off;"])
    # In a network namespace of its own (ports 80 and 443 are free there): loopback up, nginx, wait for
    # its pid file (written once it listens), the scan, nginx stopped.
    script = f"""
        ip link set lo up
        {nginx} & server=$!
        while [ ! -s {shlex.quote(str(tmp_path / "nginx.pid"))} ]; do kill -0 $server || exit 3; sleep 0.05; done
        {shlex.join(scanner())} localhost; status=$?
        kill $server; wait $server
        exit $status
    """
    namespace = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--net"]
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=str(tmp_path / "cert.pem"))
    run = subprocess.run([*namespace, "sh", "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr + (tmp_path / "error.log").read_text(encoding="utf-8")
    found = report(run.stdout)
    assert failed(found) == {}
    scan = found["scan"]
    assert (scan["grade"], scan["score"], scan["testsPassed"], scan["statusCode"]) == ("A+", 120, 10, 200)
    assert found["tests"]["redirection"]["result"] == "redirection-to-https"
    assert found["tests"]["strict-transport-security"]["result"] == "hsts-implemented-max-age-at-least-six-months"
