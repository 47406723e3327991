// The form's validator, in a web worker: `jejak validate` itself (generator/records/, through
// generator/portal/form_check.py) running in Pyodide, on the copy of the repository the build
// published under validator/. Nothing is fetched from anywhere else.
//
// Messages in:  {kind: "start", base}                       base: the URL of validator/
//               {kind: "check", id, path, text, uploads?}   text: the record as the form would save it
// Messages out: {kind: "status", state: "memuat" | "siap" | "gagal", detail?, timings?}
//               {kind: "result", id, problems, images, ms}  problems: as `jejak validate --format json`
"use strict";

let python = null;
let checkRecord = null;
let waiting = null;

// The smallest WebAssembly module: compiling it says whether this worker's Content-Security-Policy
// allows WebAssembly (Pyodide, refused, would wait for ever instead of failing).
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

async function wasmAllowed() {
  try {
    await WebAssembly.compile(EMPTY_MODULE);
    return true;
  } catch {
    return false;
  }
}

async function start(base) {
  if (!(await wasmAllowed())) {
    throw new Error(
      "server formulir tidak mengizinkan WebAssembly untuk validator-worker.js: Content-Security-Policy " +
        "berkas itu harus memuat 'wasm-unsafe-eval' (panduan \u201cKeamanan formulir\u201d)",
    );
  }
  const timings = {};
  const started = performance.now();
  const lap = (name) => (timings[name] = Math.round(performance.now() - started));
  const manifest = await (await fetch(base + "manifest.json", { cache: "no-cache" })).json();
  if (!manifest.tersedia) throw new Error(manifest.sebab || "pemeriksa belum terpasang");
  importScripts(base + "pyodide/pyodide.js");
  // The wheels and the repository copy are fetched while Pyodide starts.
  const wheels = Object.keys(manifest.wheels).map((name) => bytes(base + "wheels/" + name));
  const bundle = bytes(base + Object.keys(manifest.bundle)[0]);
  python = await self.loadPyodide({ indexURL: base + "pyodide/", stdout: () => {}, stderr: () => {} });
  lap("pyodide");
  for (const wheel of await Promise.all(wheels)) python.unpackArchive(wheel, "wheel");
  python.unpackArchive(await bundle, "zip", { extractDir: "/" });
  lap("unpacked");
  python.runPython('import sys\nsys.path.insert(0, "/kode")\nfrom generator.portal import form_check\nform_check.start("/data")');
  checkRecord = python.globals.get("form_check").check;
  lap("imported");
  return { timings, bytes: manifest.bytes };
}

async function bytes(url) {
  const answer = await fetch(url);
  if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
  return new Uint8Array(await answer.arrayBuffer());
}

function check({ id, path, text, uploads }) {
  const started = performance.now();
  const files = uploads ? python.toPy(uploads) : null;
  try {
    const answer = JSON.parse(checkRecord("/data", path, text, files));
    postMessage({ kind: "result", id, ...answer, ms: Math.round(performance.now() - started) });
  } catch (error) {
    postMessage({ kind: "result", id, failed: String(error && error.message ? error.message : error) });
  } finally {
    if (files) files.destroy();
  }
}

self.onmessage = async ({ data }) => {
  if (data.kind === "start" && !waiting) {
    postMessage({ kind: "status", state: "memuat" });
    waiting = start(data.base).then(
      (done) => postMessage({ kind: "status", state: "siap", ...done }),
      (error) => postMessage({ kind: "status", state: "gagal", detail: String(error && error.message ? error.message : error) }),
    );
  } else if (data.kind === "check") {
    await waiting;
    if (checkRecord) check(data);
    else postMessage({ kind: "result", id: data.id, failed: "pemeriksa tidak dapat dimuat" });
  }
};
