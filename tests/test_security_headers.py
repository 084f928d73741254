"""The security headers the build writes (sitebuild/headers.py), from a small site's pages."""

import base64
import hashlib

from sitebuild import headers

PAGE = """<html><head><script>var a = 1;</script><script type="application/json" id="c">{"b": 2}</script>
<script src="x.js"></script></head><body><span style="width: 5%"></span><script>
go();
</script></body></html>"""


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def site_with(tmp_path, pages, worker=False):
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html, encoding="utf-8")
    if worker:
        (tmp_path / headers.WORKER[1:]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / headers.WORKER[1:]).write_text("// worker", encoding="utf-8")
    headers.write_headers(tmp_path)
    return (tmp_path / headers.HEADERS).read_text(encoding="utf-8"), (tmp_path / headers.NGINX_HEADERS).read_text(
        encoding="utf-8")


def test_inline_scripts_and_style_attributes_are_allowed_by_hash_and_nothing_else(tmp_path):
    written, _ = site_with(tmp_path, {"index.html": PAGE, "a/index.html": "<script>var a = 1;</script>"})
    csp = headers.page_policy(tmp_path)
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert script_src == " ".join(["script-src 'self'", *sorted([sha256("var a = 1;"), sha256("\ngo();\n")])])
    assert f"style-src 'self' 'unsafe-hashes' {sha256('width: 5%')}" in csp
    assert "'unsafe-inline'" not in csp and "eval" not in csp
    assert f"  Content-Security-Policy: {csp}\n" in written


def test_the_worker_alone_may_compile_webassembly(tmp_path):
    written, nginx = site_with(tmp_path, {"index.html": "<p>x</p>"}, worker=True)
    assert written.endswith(f"{headers.WORKER}\n  ! Content-Security-Policy\n  Content-Security-Policy: "
                            f"{headers.policy(headers.WORKER_SCRIPTS)}\n")
    assert f'if ($uri = "{headers.WORKER}") {{ set $site_content_security_policy "' in nginx
    assert "style-src 'self';" in headers.page_policy(tmp_path)  # no style attributes: no 'unsafe-hashes'


def test_a_site_without_the_calculator_has_no_worker_rule(tmp_path):
    written, nginx = site_with(tmp_path, {"index.html": "<p>x</p>"})
    assert headers.WORKER not in written and "if (" not in nginx
    assert 'add_header X-Content-Type-Options "nosniff" always;' in nginx
