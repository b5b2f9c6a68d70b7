// Run purenn in Pyodide under Node, as the page's worker does (web/worker.js), for
// tests/test_pyodide.py:  node tests/pyodide_run.mjs PYODIDE_DIR JOBS.json
//
// JOBS.json: {"root": the clone, "files": [paths under root], "jobs": [{"kind": "example",
// "name", "args"} | {"kind": "command", "command"} | {"kind": "code", "source"}]}.
// Prints one JSON object: Python's version, the seconds start-up took, the URLs Pyodide tried
// to fetch (none: everything comes from PYODIDE_DIR), and per job its stdout, stderr, exit
// status and seconds, and the picture.svg it wrote (or null).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, jobsFile] = process.argv.slice(2);
const { root, files, jobs } = JSON.parse(readFileSync(jobsFile, "utf8"));

// Nothing may come from the network: record and refuse every fetch
const fetched = [];
globalThis.fetch = async (url) => {
  fetched.push(String(url));
  throw new Error(`no network in this test: ${url}`);
};

const began = performance.now();
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
const startup = (performance.now() - began) / 1000;

const streams = { stdout: "", stderr: "" };
for (const name of ["stdout", "stderr"]) {
  const decoder = new TextDecoder();
  const write = (buffer) => { streams[name] += decoder.decode(buffer, { stream: true }); return buffer.length; };
  if (name === "stdout") pyodide.setStdout({ write }); else pyodide.setStderr({ write });
}
pyodide.setStdin({ error: true });
for (const name of files) {
  const target = `/purenn/${name}`;
  pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
  pyodide.FS.writeFile(target, readFileSync(path.join(root, name)));
}
pyodide.FS.chdir("/purenn");
pyodide.runPython("import sys; sys.path.insert(0, '/purenn')");
const browser = pyodide.pyimport("purenn.tools.browser");

const results = [];
for (const job of jobs) {
  streams.stdout = streams.stderr = "";
  if (pyodide.FS.analyzePath("picture.svg").exists) pyodide.FS.unlink("picture.svg");
  const start = performance.now();
  let status;
  if (job.kind === "example") status = browser.run_example(job.name, job.args || "");
  else if (job.kind === "command") status = browser.run_calculator(job.command);
  else status = browser.run_code(job.source);
  const picture = pyodide.FS.analyzePath("picture.svg").exists
    ? pyodide.FS.readFile("picture.svg", { encoding: "utf8" }) : null;
  results.push({ stdout: streams.stdout, stderr: streams.stderr, status, picture,
                 seconds: (performance.now() - start) / 1000 });
}
const python = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(JSON.stringify({ python, pyodide: pyodide.version, startup, fetched,
                                      results }));
