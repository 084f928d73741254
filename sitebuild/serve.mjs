// `make serve`: the built site as a real host serves it, with sirv (a small, kept static server):
// the build's precompressed copies (.br, .gz) with Content-Encoding, a year's cache for files whose
// address names their content, revalidation (ETag) for everything else, and the site's 404 page.
// node sitebuild/serve.mjs SITE PORT   (PORT 0: any free port; the first line printed is the address)
import { createReadStream, existsSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { mimes } from "mrmime";
import sirv from "sirv";

const [site, port = "8000"] = process.argv.slice(2);
mimes.gzip = "application/gzip";  // the calculator's snapshot (.gzip, so that no host adds Content-Encoding)
// The runtime's version folder, Material's hashed bundles, the snapshot named by its hash.
const IMMUTABLE = /\/pyodide\/\d[^/]*\/[^/]+$|\.[0-9a-f]{8}\.min\.(js|css)$|-[0-9a-f]{16}\.snapshot\.gzip$/;
const notFound = join(site, "404.html");

const files = sirv(site, {
  gzip: true,
  brotli: true,
  etag: true,
  setHeaders(res, pathname) {
    res.setHeader("Cache-Control", IMMUTABLE.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
  },
  onNoMatch(req, res) {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    if (existsSync(notFound)) { createReadStream(notFound).pipe(res); } else { res.end("Not found"); }
  },
});

const server = http.createServer(files).listen(Number(port), "127.0.0.1", () => {
  console.log(`Serving http://127.0.0.1:${server.address().port}/`);
});
