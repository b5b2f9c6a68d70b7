// The page's Python: Pyodide in a Web Worker, so that the page stays responsive while a
// chapter trains. It copies purenn's files into Pyodide's file system, then runs what the
// page asks (purenn/tools/browser.py does the running), posting what Python prints as it
// prints it.
//
// Messages from the page:  {type: "start", interrupt: Int32Array on a SharedArrayBuffer or null}
//                          {type: "run", kind: "example" | "command" | "code", ...}
// Messages to the page:    {type: "loading", text}, {type: "ready", ...}, {type: "failed", text},
//                          {type: "output", stream: "stdout" | "stderr", text},
//                          {type: "done", status, seconds, picture}
import { PYODIDE_URL } from "./settings.js";

const HOME = "/purenn";                // purenn/ and examples/ are copied here; the cwd
const PICTURE = "picture.svg";         // a run that writes this file shows it in the page
let pyodide = null;
let browser = null;                    // the module purenn.tools.browser

function output(stream) {
  const decoder = new TextDecoder();
  return {
    write(buffer) {
      postMessage({ type: "output", stream, text: decoder.decode(buffer, { stream: true }) });
      return buffer.length;
    },
    // stderr is a terminal: the examples' progress line ("\r\x1b[K epoch 300 of 1,001")
    // goes there, and the page shows it under the output
    isatty: stream === "stderr",
  };
}

async function start(interrupt) {
  const base = new URL(PYODIDE_URL, self.location.href).href;
  postMessage({ type: "loading", text: `loading Python (Pyodide from ${base})` });
  const { loadPyodide } = await import(base + "pyodide.mjs");
  pyodide = await loadPyodide({ indexURL: base });
  pyodide.setStdout(output("stdout"));
  pyodide.setStderr(output("stderr"));
  pyodide.setStdin({ error: true });   // input() has no keyboard here: EOFError
  if (interrupt) pyodide.setInterruptBuffer(interrupt);

  postMessage({ type: "loading", text: "copying purenn's files" });
  const files = await (await fetch(new URL("files.json", self.location.href))).json();
  const contents = await Promise.all(files.map(async (name) => {
    const reply = await fetch(new URL(name, self.location.href));
    if (!reply.ok) throw new Error(`${name}: ${reply.status} ${reply.statusText}`);
    return new Uint8Array(await reply.arrayBuffer());
  }));
  files.forEach((name, k) => {
    const path = `${HOME}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, contents[k]);
  });
  pyodide.FS.chdir(HOME);
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(HOME)})`);
  browser = pyodide.pyimport("purenn.tools.browser");
  const examples = JSON.parse(pyodide.runPython(
    "import json; from purenn.tools.browser import examples; json.dumps(examples())"));
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  postMessage({ type: "ready", examples, python, pyodide: pyodide.version, files: files.length });
}

function run(job) {
  if (pyodide.FS.analyzePath(PICTURE).exists) pyodide.FS.unlink(PICTURE);
  const began = performance.now();
  let status;
  try {
    if (job.kind === "example") {
      status = browser.run_example(job.name, job.args || "");
    } else if (job.kind === "command") {
      status = browser.run_calculator(job.command);
    } else {
      status = browser.run_code(job.source);
    }
  } catch (error) {
    postMessage({ type: "output", stream: "stderr", text: `${error}\n` });
    status = 1;
  }
  const seconds = (performance.now() - began) / 1000;
  const picture = pyodide.FS.analyzePath(PICTURE).exists
    ? pyodide.FS.readFile(PICTURE, { encoding: "utf8" }) : null;
  postMessage({ type: "done", status, seconds, picture });
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "start") {
    start(message.interrupt).catch((error) => postMessage({ type: "failed", text: String(error) }));
  } else if (message.type === "run") {
    run(message);
  }
};
