// Web Worker: the Python pricing core in the browser. Loads Pyodide from this site, checks the
// calculator wheel's and the tariff data's SHA-256 before using them, and answers requests.
// A module worker: Pyodide 314 runs only in module workers.

var handle = null;
var starting = null;

function progress(text, percent) { self.postMessage({type: "progress", text: text, percent: percent}); }

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

async function fetchVerified(resource) {
  var response = await fetch(resource.url);
  if (!response.ok) { throw new Error("tiedostoa " + resource.url + " ei saatu (" + response.status + ")."); }
  var bytes = await response.arrayBuffer();
  var digest = hex(await crypto.subtle.digest("SHA-256", bytes));
  if (digest !== resource.sha256) { throw new Error("tiedoston " + resource.url + " tarkistussumma ei täsmää."); }
  return bytes;
}

async function start(config) {
  progress("Ladataan Python-ympäristöä (Pyodide) tältä sivustolta…", 10);
  var filesReady = Promise.all([fetchVerified(config.wheel), fetchVerified(config.data)]);
  var module = await import(config.pyodide + "pyodide.mjs");
  var pyodide = await module.loadPyodide({indexURL: config.pyodide});
  progress("Asennetaan laskuri ja taksan hinnat…", 80);
  var files = await filesReady;
  pyodide.unpackArchive(files[0], "wheel");
  pyodide.globals.set("TARIFF_DATA", new TextDecoder("utf-8").decode(files[1]));
  handle = pyodide.runPython([
    "import json",
    "from calculator.api import handle_request",
    "from calculator.catalog import catalog_from_data",
    "from calculator.finnish import localize",
    "catalog = catalog_from_data(json.loads(TARIFF_DATA))",
    "def handle(text):",
    "    return json.dumps(localize(handle_request(catalog, json.loads(text))))",
    "handle",
  ].join("\n"));
  progress("Laskuri on valmis.", 100);
}

self.onmessage = async function (event) {
  var message = event.data;
  if (message.type === "init") {
    starting = starting || start(message);
    try {
      await starting;
      self.postMessage({type: "ready"});
    } catch (error) {
      self.postMessage({type: "failed", text: String(error && error.message || error)});
    }
    return;
  }
  await starting;
  var result = JSON.parse(handle(JSON.stringify(message.request)));
  self.postMessage({type: "result", id: message.id, result: result});
};
