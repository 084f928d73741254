// `make serve`: the built site as a real host serves it, with sirv (a small, kept static server):
// the build's precompressed copies (.br, .gz) with Content-Encoding, a year's cache for files whose
// address names their content, revalidation (ETag) for everything else, the site's 404 page, and the
// security headers the build wrote into the site's _headers (sitebuild/headers.py) on every response.
// node sitebuild/serve.mjs SITE PORT   (PORT 0: any free port; the first line printed is the address)
import { createReadStream, existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { mimes } from "mrmime";
import sirv from "sirv";

const [site, port = "8000"] = process.argv.slice(2);
mimes.snapshot = "application/octet-stream";  // the calculator's snapshot (sitebuild/snapshot.py)
// The runtime's version folder, Material's hashed bundles, the snapshot (and its gzip copy) and the
// standard library zips named by their hashes.
const IMMUTABLE = /\/pyodide\/\d[^/]*\/[^/]+$|\.[0-9a-f]{8}\.min\.(js|css)$|-[0-9a-f]{16}\.(snapshot|zip)(\.gz)?$/;
const notFound = join(site, "404.html");

// _headers (Cloudflare Pages' format): a path pattern (`*` any characters), then indented
// `Name: value` lines; `! Name` drops what an earlier matching path set.
const rules = [];
for (const line of readFileSync(join(site, "_headers"), "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) { continue; }
  if (!/^\s/.test(line)) {
    const pattern = line.trim().split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    rules.push({path: new RegExp(`^${pattern}$`), headers: []});
    continue;
  }
  const drop = line.trim().match(/^!\s*(.+)$/);
  const [, name, value] = drop ? [null, drop[1], null] : line.trim().match(/^([^:]+):\s*(.*)$/);
  rules.at(-1).headers.push([name, value]);
}

function securityHeaders(res, pathname) {
  for (const rule of rules.filter((each) => each.path.test(pathname))) {
    for (const [name, value] of rule.headers) {
      if (value === null) { res.removeHeader(name); } else { res.setHeader(name, value); }
    }
  }
}

const files = sirv(site, {
  gzip: true,
  brotli: true,
  etag: true,
  setHeaders(res, pathname) {
    securityHeaders(res, pathname);
    res.setHeader("Cache-Control", IMMUTABLE.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
  },
  onNoMatch(req, res) {
    securityHeaders(res, new URL(req.url, "http://host").pathname);
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    if (existsSync(notFound)) { createReadStream(notFound).pipe(res); } else { res.end("Not found"); }
  },
});

const server = http.createServer(files).listen(Number(port), "127.0.0.1", () => {
  console.log(`Serving http://127.0.0.1:${server.address().port}/`);
});
