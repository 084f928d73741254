// Web Worker: the Python pricing core in the browser, from this site only (a module worker:
// Pyodide 314 runs only in module workers). The page starts two of them from this script, with
// their settings in their names, so that they start at once, without waiting for the page's busy
// main thread:
// - the unpacker, named {"unpack": snapshot}, fetches the build's memory snapshot (brotli or gzip
//   Content-Encoding where the host sends it, else the build's gzip copy, inflated here), checks its
//   SHA-256, unpacks it and hands it over through the page (on a repeat visit it reads the copy the
//   service worker keeps, and checks that); over a slow link it gives up instead;
// - the calculator, named with its settings, meanwhile fetches and compiles the runtime, fills the
//   snapshot's blocks that are the runtime's own start (checked by SHA-256), starts Python from it and
//   checks the start with a known request. If that cannot be done, it starts Python the ordinary way
//   from the calculator wheel and the tariff data (both SHA-256 checked) on the build's small standard
//   library, and says why. Then it answers the page's requests.
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

// The snapshot from its file (format: sitebuild/snapshot.py): the memory, with the blocks the runtime's own
// start fills still zero, and what `fillFromRuntime` needs to fill and check them.
var RUNTIME_BLOCK = 2;

function unpack(packed) {
  var view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < 48 || String.fromCharCode.apply(null, packed.subarray(0, 4)) !== "PSN2") {
    throw new Error("tilannevedoksen muoto on tuntematon.");
  }
  var size = view.getUint32(4, true), block = view.getUint32(8, true), count = Math.ceil(size / block);
  var kinds = packed.slice(48, 48 + count), memory = new Uint8Array(size), from = 48 + count;
  for (var index = 0; index < count; index++) {
    if (kinds[index] === 1) {
      var length = Math.min(block, size - index * block);
      memory.set(packed.subarray(from, from + length), index * block);
      from += length;
    }
  }
  if (from !== packed.byteLength) { throw new Error("tilannevedoksen pituus ei täsmää."); }
  return {type: "snapshot", bytes: memory.buffer, kinds: kinds.buffer, block: block,
          filled: view.getUint32(12, true), sha256: hex(packed.subarray(16, 48))};
}

// The blocks the file leaves to the runtime, from its memory as it starts (instantiated, before Pyodide
// puts the snapshot in); then the memory's start so filled must have the build's SHA-256.
async function fillFromRuntime(snapshot, heap) {
  var memory = snapshot.memory, kinds = snapshot.kinds, block = snapshot.block;
  var offset = new DataView(memory.buffer).getUint32(4, true);  // Pyodide's own header before the memory
  for (var index = 0; index < kinds.length; index++) {
    if (kinds[index] === RUNTIME_BLOCK) {
      var start = index * block, end = Math.min(start + block, memory.length);
      memory.set(heap.subarray(start - offset, end - offset), start);
    }
  }
  var digest = hex(await crypto.subtle.digest("SHA-256", memory.subarray(0, snapshot.filled)));
  if (digest !== snapshot.sha256) { throw new Error("tilannevedos ei sovi tämän sivuston Python-ympäristöön."); }
}

// Over a slow link the snapshot costs more time than it saves (docs/calculator.md, "Slow links"): its
// 3.3 MB against the ordinary start's 1.1 MB (standard library, wheel, data) and its Python start-up. So a
// download that, once 1.5 s have passed, looks like taking over 6 s in all (sharing the link with the
// runtime) is given up, and Python starts the ordinary way; the service worker keeps the snapshot for the
// next visit.
var SLOW_LINK = {afterMs: 1500, totalMs: 6000};

// The snapshot's file, checked, from the host's Content-Encoding, or else from its gzip copy (".gz"),
// inflated here while it downloads.
async function fetchSnapshot(resource) {
  var abort = new AbortController(), started = performance.now(), received = 0, expected = resource.bytes;
  var slow = null;
  var watch = setInterval(function () {
    var elapsed = performance.now() - started, total = elapsed * expected / Math.max(received, 1);
    if (elapsed > SLOW_LINK.afterMs && total > SLOW_LINK.totalMs) {
      slow = new Error("verkkoyhteys on hidas: " + (received ?
        "tilannevedoksen lataus olisi kestänyt liian kauan." : "tilannevedoksesta ei tullut tavuakaan."));
      abort.abort(slow);
    }
  }, 250);
  try {
    var response = await fetchOk(resource.url, {signal: abort.signal});
    if (!response.headers.has("Content-Encoding")) {  // a host that sends files as they are: the copy
      response.body.cancel().catch(function () {});
      response = await fetchOk(resource.url + ".gz", {signal: abort.signal});
    }
    var body = response.body, inflated = null;
    if (!response.headers.has("Content-Encoding")) {
      if (typeof DecompressionStream !== "function") { throw new Error("selaimessa ei ole DecompressionStreamia."); }
      var branches = body.tee();
      body = branches[0];
      expected = resource.gzipBytes;
      inflated = new Response(branches[1].pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
      inflated.catch(function () {});  // a broken file is reported by its checksum below
    }
    var reader = body.getReader(), file = new Uint8Array(expected);
    for (var step = await reader.read(); !step.done; step = await reader.read()) {
      if (received + step.value.byteLength > file.length) { throw new Error("tilannevedos on odotettua suurempi."); }
      file.set(step.value, received);
      received += step.value.byteLength;
    }
    clearInterval(watch);
    if (received !== file.length) { throw new Error("tilannevedos on odotettua pienempi."); }
    var packed = inflated ? new Uint8Array(await inflated.catch(function () { return new ArrayBuffer(0); })) : file;
    return unpack(await checked(packed, resource));
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

// Pyodide's own start of the runtime (`createPyodideModule`, experimental, pinned with the snapshot API in
// sitebuild/snapshot.py), wrapped to fill the snapshot once the runtime is instantiated; the snapshot start
// gets an empty standard library, as every module it uses is in its memory.
async function fromSnapshot(modules, config, snapshot) {
  var restored = null;
  var pyodide = await modules[0].loadPyodide({
    indexURL: config.pyodide,
    stdLibURL: config.stdlib.snapshot,
    _loadSnapshot: snapshot.then(function (got) { restored = got; return got.memory; }),
    createPyodideModule: async function (settings) {
      var runtime = await modules[1].default(settings);
      await fillFromRuntime(restored, runtime.HEAP8);
      return runtime;
    },
  });
  handle = pyodide.globals.get("handle");
  await selfCheck(config.check);
}

async function fromScratch(module, config) {
  var files = Promise.all([fetchVerified(config.wheel), fetchVerified(config.data)]);
  var pyodide = await module.loadPyodide({indexURL: config.pyodide, stdLibURL: config.stdlib.fallback});
  progress("Otetaan taksan hinnat käyttöön…", 80);
  files = await files;
  pyodide.unpackArchive(files[0], "wheel");
  pyodide.globals.set("TARIFF_DATA", new TextDecoder("utf-8").decode(files[1]));
  handle = pyodide.runPython("from calculator.worker import text_handler\ntext_handler(TARIFF_DATA)");
  await selfCheck(config.check);
}

// An error's text for the page. A module missing from the build's small standard library (sitebuild/snapshot.py)
// is said in Finnish, not as Python's traceback.
function failureText(error) {
  var text = String(error && error.message || error);
  var missing = text.match(/ModuleNotFoundError: No module named '([^']+)'/);
  if (!missing) { return text; }
  console.error(text);
  return "laskurin Python-ympäristöstä puuttuu moduuli " + missing[1] + ".";
}

// Resolves to how Python started: {start: "snapshot"} or {start: "fallback", reason: "..."}.
async function start(config, snapshot) {
  progress("Ladataan laskuria (ensimmäisellä kerralla useita megatavuja). Voit jo täyttää lomakkeen.", 10);
  // Where the site's policy forbids compiling WebAssembly, Pyodide would wait for ever: say so now.
  try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (error) {
    throw new Error("sivuston suojausasetukset estävät selainta kääntämästä laskurin WebAssembly-koodia.");
  }
  var modules = await Promise.all([import(config.pyodide + "pyodide.mjs"), import(config.pyodide + "pyodide.asm.mjs")]);
  try {
    await fromSnapshot(modules, config, snapshot);
    progress("Laskuri käynnistyi.", 100);  // "valmis" is the page's word, once it shows a result
    return {start: "snapshot"};
  } catch (error) {
    var reason = String(error && error.message || error);
    console.warn("Laskuri: Python ei käynnistynyt tilannevedoksesta (" + reason + "), käynnistetään tavallisesti.");
    handle = null;
    progress("Käynnistetään laskuria toisella tavalla…", 40);
    await fromScratch(modules[0], config);
    progress("Laskuri käynnistyi.", 100);  // "valmis" is the page's word, once it shows a result
    return {start: "fallback", reason: reason};
  }
}

// The snapshot from the copy this site's service worker keeps as received (content/laskuri-sw.js); null if
// it keeps none, or keeps the gzip copy (as a worker without DecompressionStream does).
async function keptSnapshot(resource) {
  var kept = typeof caches === "object" ? await caches.match(resource.url).catch(function () {}) : undefined;
  if (!kept) { return null; }
  var bytes = new Uint8Array(await kept.arrayBuffer());
  if (bytes.length < 2 || (bytes[0] === 0x1f && bytes[1] === 0x8b)) { return null; }  // empty, or gzip
  return unpack(await checked(bytes, resource));
}

async function unpackForPage(resource) {
  try {
    var snapshot = await keptSnapshot(resource) || await fetchSnapshot(resource);
    self.postMessage(snapshot, [snapshot.bytes]);
  } catch (error) {
    self.postMessage({type: "snapshot", failure: String(error && error.message || error)});
  }
}

function serve(config) {
  var received;
  var snapshot = new Promise(function (resolve) { received = resolve; }).then(function (message) {
    if (message.failure) { throw new Error(message.failure); }
    return {memory: new Uint8Array(message.bytes), kinds: new Uint8Array(message.kinds), block: message.block,
            filled: message.filled, sha256: message.sha256};
  });
  snapshot.catch(function () {});  // its failure is handled where it is awaited
  var starting = start(config, snapshot);
  starting.then(function (how) {
    self.postMessage({type: "ready", start: how.start, reason: how.reason});
  }, function (error) {
    self.postMessage({type: "failed", text: failureText(error)});
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
      self.postMessage({type: "result", id: message.id, failure: failureText(error)});
    }
  };
}

var settings = JSON.parse(self.name);
if (settings.unpack) { unpackForPage(settings.unpack); } else { serve(settings); }
