// Build step (Node): start the pinned Pyodide, install the calculator wheel, build the catalog, answer
// the warm-up request and write the memory snapshot; then what sitebuild/snapshot.py packs and checks:
// node snapshot.mjs PYODIDE_DIR WHEEL DATA REQUEST EMPTY_ZIP WORK
// WORK gets snapshot.bin; runtime-1.bin and runtime-2.bin, the memory as the runtime starts before the
// snapshot is put in (twice: what differs between starts is never taken from it); stdlib.zip, the
// standard library modules the start and the warm-up imported, compiled; answers.json, the warm-up's
// answer when made, after two starts from the snapshot with no standard library (EMPTY_ZIP) and after
// an ordinary start on stdlib.zip; layout.json, where the runtime's heap begins.
// Any failure ends with one line on stderr and exit status 1 (sitebuild/snapshot.py reports it).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, wheel, data, request, emptyZip, work] = process.argv.slice(2);
const warmUp = readFileSync(request, "utf8");
let step = "starting Pyodide";

function installCalculator(pyodide) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
  pyodide.globals.set("TARIFF_DATA", readFileSync(data, "utf8"));
  pyodide.runPython("from calculator.worker import text_handler\nhandle = text_handler(TARIFF_DATA)\ndel TARIFF_DATA");
}

// The allocator's free memory still holds what Python freed (about 2 MB of the heap): claim every free
// chunk it has below the heap's end, zero it and give it back, so that it packs as zeros. Requests
// start at its free bytes in all (mallinfo's fordblks), so that the memory never has to grow.
function zeroFreeMemory(module) {
  const info = module._malloc(64);
  module._mallinfo(info);
  const free = module.HEAP32[(info >> 2) + 8];
  module._free(info);
  const end = module._sbrk(0);
  const length = module.HEAP8.length;
  const held = [];
  for (let size = 2 ** Math.floor(Math.log2(free)); size >= 16; size >>= 1) {
    for (let at = module._malloc(size); at; at = module._malloc(size)) {
      if (at + size > end) { module._free(at); break; }
      module.HEAP8.fill(0, at, at + size);
      held.push(at);
    }
  }
  held.forEach((at) => module._free(at));
  if (module.HEAP8.length !== length) { throw new Error("the memory grew while its free chunks were zeroed"); }
}

try {
  const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
  const createModule = (await import(pathToFileURL(join(runtime, "pyodide.asm.mjs")).href)).default;
  const answers = {};
  const pyodide = await loadPyodide({ indexURL: `${runtime}/`, _makeSnapshot: true, stdout: () => {} });
  if (typeof pyodide.makeMemorySnapshot !== "function") {
    throw new Error("this Pyodide has no makeMemorySnapshot()");
  }
  step = "the warm-up";
  installCalculator(pyodide);
  pyodide.globals.set("WARM_UP", warmUp);
  answers.made = pyodide.runPython("handle(WARM_UP)");
  // The standard library modules imported so far (from its zip); then the importers forget the zip's
  // index, so that the snapshot can start with any zip (it needs none: these modules are in its memory).
  const modules = pyodide.runPython([
    "import gc, importlib, sys",
    "del WARM_UP",
    "STDLIB_ZIP = next(p for p in sys.path if p.endswith('.zip'))",
    "importlib.invalidate_caches()",
    "gc.collect()",
    "sorted(m.__spec__.origin[len(STDLIB_ZIP) + 1:] for m in list(sys.modules.values())",
    "       if getattr(getattr(m, '__spec__', None), 'origin', None) and m.__spec__.origin.startswith(STDLIB_ZIP + '/'))",
  ].join("\n")).toJs();
  zeroFreeMemory(pyodide._module);
  writeFileSync(join(work, "snapshot.bin"), pyodide.makeMemorySnapshot());
  writeFileSync(join(work, "layout.json"), JSON.stringify({heapBase: pyodide._module.___heap_base, modules}));

  // Those modules compiled (no source: zipimport runs a .pyc alone), for the ordinary start.
  step = "compiling the standard library's modules";
  pyodide.globals.set("MODULES", pyodide.toPy(modules));
  pyodide.runPython([
    "import io, marshal, zipfile",
    "from importlib.util import MAGIC_NUMBER",
    "with zipfile.ZipFile(STDLIB_ZIP) as source, zipfile.ZipFile(OUT := io.BytesIO(), 'w') as target:",
    "    for name in MODULES:",
    "        code = compile(source.read(name), f'{STDLIB_ZIP}/{name}', 'exec', dont_inherit=True)",
    "        info = zipfile.ZipInfo(name.removesuffix('.py') + '.pyc', date_time=(1980, 1, 1, 0, 0, 0))",
    "        target.writestr(info, MAGIC_NUMBER + bytes(12) + marshal.dumps(code))",
  ].join("\n"));
  writeFileSync(join(work, "stdlib.zip"), pyodide.runPython("OUT.getvalue()").toJs());

  // Two starts from the snapshot as the browser's worker makes them: the memory as the runtime starts,
  // before the snapshot goes in, and the warm-up answered without a standard library.
  const snapshot = new Uint8Array(readFileSync(join(work, "snapshot.bin")));
  answers.restored = [];
  for (const run of [1, 2]) {
    step = "starting from the snapshot";
    let memory = null;
    const restored = await loadPyodide({
      indexURL: `${runtime}/`, stdLibURL: emptyZip, _loadSnapshot: snapshot.slice(), stdout: () => {},
      createPyodideModule: async (settings) => {
        const module = await createModule(settings);
        memory = module.HEAP8.slice();
        return module;
      },
    });
    writeFileSync(join(work, `runtime-${run}.bin`), memory);
    restored.globals.set("WARM_UP", warmUp);
    answers.restored.push(restored.runPython("handle(WARM_UP)"));
  }

  step = "the ordinary start on the small standard library";
  const ordinary = await loadPyodide({ indexURL: `${runtime}/`, stdLibURL: join(work, "stdlib.zip"), stdout: () => {} });
  installCalculator(ordinary);
  ordinary.globals.set("WARM_UP", warmUp);
  answers.fallback = ordinary.runPython("handle(WARM_UP)");
  writeFileSync(join(work, "answers.json"), JSON.stringify(answers));
} catch (error) {
  const line = String((error && error.message) || error).trim().split("\n").pop();
  process.stderr.write(`${step}: ${line}\n`);
  process.exit(1);
}
