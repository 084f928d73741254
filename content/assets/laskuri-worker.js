// Web Worker: the Python pricing core in the browser, from this site only (a module worker:
// Pyodide 314 runs only in module workers). The page starts two of them from this script, with
// their settings in their names, so that they start at once, without waiting for the page's busy
// main thread:
// - the unpacker, named {"unpack": snapshot}, fetches the build's memory snapshot, checks its
//   SHA-256, gunzips it and hands it over through the page (on a repeat visit it reads the copy
//   the service worker keeps gunzipped, and checks that); over a slow link it gives up instead;
// - the calculator, named with its settings, meanwhile fetches and compiles the runtime, starts
//   Python from the snapshot and checks the start with a known request. If that cannot be done,
//   it starts Python the ordinary way from the calculator wheel and the tariff data (both SHA-256
//   checked) and says why. Then it answers the page's requests.
var handle = null;

function progress(text, percent) { self.postMessage({type: "progress", text: text, percent: percent}); }

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

async function fetchOk(url, options) {
  var response = await fetch(url, options);
  if (!response.ok) { throw new Error("tiedostoa " + url + " ei saatu (" + response.status + ")."); }
  return response;
}

async function checked(bytes, resource) {
  var digest = hex(await crypto.subtle.digest("SHA-256", bytes));
  if (digest !== resource.sha256) { throw new Error("tiedoston " + resource.url + " tarkistussumma ei täsmää."); }
  return bytes;
}

async function fetchVerified(resource) {
  return checked(await (await fetchOk(resource.url)).arrayBuffer(), resource);
}

// The memory snapshot from its file, which leaves out all-zero blocks (format: sitebuild/snapshot.py).
function unpack(packed) {
  var view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < 12 || String.fromCharCode.apply(null, packed.subarray(0, 4)) !== "PSNP") {
    throw new Error("tilannevedoksen muoto on tuntematon.");
  }
  var size = view.getUint32(4, true), block = view.getUint32(8, true), count = Math.ceil(size / block);
  var memory = new Uint8Array(size);
  var from = 12 + count;
  for (var index = 0; index < count; index++) {
    if (packed[12 + index]) {
      var length = Math.min(block, size - index * block);
      memory.set(packed.subarray(from, from + length), index * block);
      from += length;
    }
  }
  if (from !== packed.byteLength) { throw new Error("tilannevedoksen pituus ei täsmää."); }
  return memory;
}

// Over a slow link the snapshot costs more time than it saves: at 5 Mbit/s its extra 6 MB made the
// first result come at 20.3 s, against 12.8 s for the ordinary start (docs/calculator.md, "Slow links"). So a
// download that, once 1.5 s have passed, looks like taking over 12 s in all is given up, and Python
// starts the ordinary way; the service worker keeps the snapshot for the next visit.
var SLOW_LINK = {afterMs: 1500, totalMs: 12000};

// The snapshot, gunzipped while it downloads; used only once the downloaded file passes its SHA-256.
async function fetchSnapshot(resource) {
  if (typeof DecompressionStream !== "function") { throw new Error("selaimessa ei ole DecompressionStreamia."); }
  var abort = new AbortController(), started = performance.now(), received = 0, slow = null;
  var watch = setInterval(function () {
    var elapsed = performance.now() - started, expected = elapsed * resource.bytes / Math.max(received, 1);
    if (elapsed > SLOW_LINK.afterMs && expected > SLOW_LINK.totalMs) {
      slow = new Error("verkkoyhteys on hidas: " + (received ?
        "tilannevedoksen lataus olisi kestänyt liian kauan." : "tilannevedoksesta ei tullut tavuakaan."));
      abort.abort(slow);
    }
  }, 250);
  try {
    var branches = (await fetchOk(resource.url, {signal: abort.signal})).body.tee();
    var unpacked = new Response(branches[1].pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    unpacked.catch(function () {});  // a broken file is reported by its checksum below
    var reader = branches[0].getReader(), file = new Uint8Array(resource.bytes);
    for (var step = await reader.read(); !step.done; step = await reader.read()) {
      if (received + step.value.byteLength > file.length) { throw new Error("tilannevedos on odotettua suurempi."); }
      file.set(step.value, received);
      received += step.value.byteLength;
    }
    clearInterval(watch);
    if (received !== file.length) { throw new Error("tilannevedos on odotettua pienempi."); }
    await checked(file.buffer, resource);
    return unpack(new Uint8Array(await unpacked));
  } catch (error) {
    throw slow || error;
  } finally {
    clearInterval(watch);
  }
}

// The known request must give the answer CPython gave at build time (its SHA-256 is in the page).
async function selfCheck(check) {
  var answer = handle(JSON.stringify(check.request));
  var digest = hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(answer)));
  if (digest !== check.sha256) { throw new Error("itsetarkistuksen vastaus poikkeaa odotetusta."); }
}

async function fromSnapshot(module, config, snapshot) {
  var pyodide = await module.loadPyodide({indexURL: config.pyodide, _loadSnapshot: snapshot});
  handle = pyodide.globals.get("handle");
  await selfCheck(config.check);
}

async function fromScratch(module, config) {
  var files = Promise.all([fetchVerified(config.wheel), fetchVerified(config.data)]);
  var pyodide = await module.loadPyodide({indexURL: config.pyodide});
  progress("Otetaan taksan hinnat käyttöön…", 80);
  files = await files;
  pyodide.unpackArchive(files[0], "wheel");
  pyodide.globals.set("TARIFF_DATA", new TextDecoder("utf-8").decode(files[1]));
  handle = pyodide.runPython("from calculator.worker import text_handler\ntext_handler(TARIFF_DATA)");
  await selfCheck(config.check);
}

// Resolves to how Python started: {start: "snapshot"} or {start: "fallback", reason: "..."}.
async function start(config, snapshot) {
  progress("Ladataan laskuria (ensimmäisellä kerralla useita megatavuja). Voit jo täyttää lomakkeen.", 10);
  // Where the site's policy forbids compiling WebAssembly, Pyodide would wait for ever: say so now.
  try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (error) {
    throw new Error("sivuston suojausasetukset estävät selainta kääntämästä laskurin WebAssembly-koodia.");
  }
  var module = await import(config.pyodide + "pyodide.mjs");
  try {
    await fromSnapshot(module, config, snapshot);
    progress("Laskuri käynnistyi.", 100);  // "valmis" is the page's word, once it shows a result
    return {start: "snapshot"};
  } catch (error) {
    var reason = String(error && error.message || error);
    console.warn("Laskuri: Python ei käynnistynyt tilannevedoksesta (" + reason + "), käynnistetään tavallisesti.");
    handle = null;
    progress("Käynnistetään laskuria toisella tavalla…", 40);
    await fromScratch(module, config);
    progress("Laskuri käynnistyi.", 100);  // "valmis" is the page's word, once it shows a result
    return {start: "fallback", reason: reason};
  }
}

// The snapshot from the copy this site's service worker keeps gunzipped (content/laskuri-sw.js);
// null if it keeps none, or keeps the gzip file (as a worker without DecompressionStream does).
async function keptSnapshot(resource) {
  var kept = typeof caches === "object" ? await caches.match(resource.url).catch(function () {}) : undefined;
  if (!kept) { return null; }
  var bytes = await kept.arrayBuffer();
  var head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head.length < 2 || (head[0] === 0x1f && head[1] === 0x8b)) { return null; }  // empty, or the gzip file
  return unpack(new Uint8Array(await checked(bytes, {url: resource.url, sha256: resource.gunzippedSha256})));
}

async function unpackForPage(resource) {
  try {
    var bytes = await keptSnapshot(resource) || await fetchSnapshot(resource);
    self.postMessage({type: "snapshot", bytes: bytes.buffer}, [bytes.buffer]);
  } catch (error) {
    self.postMessage({type: "snapshot", failure: String(error && error.message || error)});
  }
}

function serve(config) {
  var received;
  var snapshot = new Promise(function (resolve) { received = resolve; }).then(function (message) {
    if (message.failure) { throw new Error(message.failure); }
    return new Uint8Array(message.bytes);
  });
  snapshot.catch(function () {});  // its failure is handled where it is awaited
  var starting = start(config, snapshot);
  starting.then(function (how) {
    self.postMessage({type: "ready", start: how.start, reason: how.reason});
  }, function (error) {
    self.postMessage({type: "failed", text: String(error && error.message || error)});
  });
  // Any exception (Python's included) answers the request as a failure: the page says so and logs it.
  self.onmessage = async function (event) {
    var message = event.data;
    if (message.type === "snapshot") { received(message); return; }
    try {
      await starting;
      var result = JSON.parse(handle(JSON.stringify(message.request)));
      self.postMessage({type: "result", id: message.id, result: result});
    } catch (error) {
      self.postMessage({type: "result", id: message.id, failure: String(error && error.message || error)});
    }
  };
}

var settings = JSON.parse(self.name);
if (settings.unpack) { unpackForPage(settings.unpack); } else { serve(settings); }
