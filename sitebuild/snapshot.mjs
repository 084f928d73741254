// Build step (Node): start the pinned Pyodide, install the calculator wheel, build the catalog,
// answer the warm-up request, and write the memory snapshot and that answer.
// node snapshot.mjs PYODIDE_DIR WHEEL DATA REQUEST SNAPSHOT_OUT ANSWER_OUT
// Any failure ends with one line on stderr and exit status 1 (sitebuild/snapshot.py reports it).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtime, wheel, data, request, snapshotOut, answerOut] = process.argv.slice(2);

try {
  const { loadPyodide } = await import(pathToFileURL(`${runtime}/pyodide.mjs`).href);
  const pyodide = await loadPyodide({ indexURL: `${runtime}/`, _makeSnapshot: true, stdout: () => {} });
  if (typeof pyodide.makeMemorySnapshot !== "function") {
    throw new Error("this Pyodide has no makeMemorySnapshot()");
  }
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
  pyodide.globals.set("TARIFF_DATA", readFileSync(data, "utf8"));
  pyodide.globals.set("WARM_UP", readFileSync(request, "utf8"));
  const answer = pyodide.runPython([
    "from calculator.worker import text_handler",
    "handle = text_handler(TARIFF_DATA)",
    "answer = handle(WARM_UP)",
    "del TARIFF_DATA, WARM_UP",
    "answer",
  ].join("\n"));
  pyodide.runPython("del answer");
  writeFileSync(answerOut, answer);
  writeFileSync(snapshotOut, pyodide.makeMemorySnapshot());
} catch (error) {
  process.stderr.write(String((error && error.message) || error).trim().split("\n").pop() + "\n");
  process.exit(1);
}
