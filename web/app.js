// The page: sends what the learner picks to the worker (worker.js), shows what Python prints
// as it prints it, the progress line of a long run, and the picture an example draws.
//
// A link can say what to run when the page opens:
//   ?run=ch05_loss                              a chapter example (examples/ch05_loss.py)
//   ?run=ch10_optimizers --optimizer adam       the same, with its arguments
//   ?run=softmax 1 2 3                          a calculator command (python -m purenn ...)
//   ?code=...                                   the learner's own code
//   &draw=0                                     without the example's picture

const $ = (id) => document.getElementById(id);
const status = $("status");
const output = $("output");
let worker = null;
let examples = [];
let interrupt = null;      // Int32Array on a SharedArrayBuffer: Stop interrupts Python
let running = null;        // {began, timer} while a run goes on
let errorLine = "";        // the stderr line being written: the progress line

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function startWorker() {
  worker = new Worker("worker.js", { type: "module" });
  interrupt = self.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  worker.onmessage = (event) => handlers[event.data.type](event.data);
  worker.onerror = (event) => setStatus("failed", `the worker failed: ${event.message}`);
  worker.postMessage({ type: "start", interrupt });
}

const handlers = {
  loading(message) { setStatus("loading", `${message.text}…`); },
  failed(message) {
    setStatus("failed", `Python could not start: ${message.text}`);
  },
  ready(message) {
    examples = message.examples;
    const select = $("example");
    if (!select.options.length) {
      for (const example of examples) {
        const option = document.createElement("option");
        option.value = example.name;
        option.textContent = example.name;
        option.title = example.title;
        select.append(option);
      }
      showDoc();
    }
    setStatus("ready", `ready: Python ${message.python} (Pyodide ${message.pyodide}), ` +
                       `purenn's ${message.files} files`);
    enable(true);
    if (!handlers.startedFromLink) {
      handlers.startedFromLink = true;
      runFromLink();
    }
  },
  output(message) {
    if (message.stream === "stdout") {
      append(message.text, "stdout");
    } else {
      stderr(message.text);
    }
  },
  done(message) {
    if (errorLine) append(`${errorLine}\n`, "stderr");
    errorLine = "";
    showProgress("");
    const how = message.status === 0 ? "finished" : `exit status ${message.status}`;
    finish("done", `${how} in ${message.seconds.toFixed(1)} s`, message.status);
    if (message.picture) {
      const picture = $("picture");
      if (picture.src) URL.revokeObjectURL(picture.src);
      picture.src = URL.createObjectURL(new Blob([message.picture], { type: "image/svg+xml" }));
      picture.hidden = false;
    }
  },
};

function append(text, stream) {
  const last = output.lastChild;
  if (last && last.dataset && last.dataset.stream === stream) {
    last.textContent += text;
  } else {
    const span = document.createElement("span");
    span.dataset.stream = stream;
    span.className = stream;
    span.textContent = text;
    output.append(span);
  }
  output.scrollTop = output.scrollHeight;
}

// stderr is a terminal for Python: "\r\x1b[K" starts the line again (the progress line),
// "\n" ends it; an ended line goes to the output, the line being written shows as progress
function stderr(text) {
  for (const piece of text.split(/(\r\x1b\[K|\r|\n)/)) {
    if (piece === "\r\x1b[K" || piece === "\r") {
      errorLine = "";
    } else if (piece === "\n") {
      append(`${errorLine}\n`, "stderr");
      errorLine = "";
    } else {
      errorLine += piece.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    }
  }
  showProgress(errorLine);
}

function showProgress(text) {
  $("progress").hidden = !text;
  $("progress-text").textContent = text;
  const bar = $("progress-bar");
  const match = /([\d,]+) of ([\d,]+)/.exec(text);
  if (match) {
    bar.max = Number(match[2].replace(/,/g, ""));
    bar.value = Number(match[1].replace(/,/g, ""));
  } else {
    bar.removeAttribute("value");
  }
}

function enable(on) {
  for (const id of ["example", "run-example", "run-command", "run-code"]) $(id).disabled = !on;
  $("stop").disabled = on;
}

function showDoc() {
  const example = examples.find((e) => e.name === $("example").value);
  $("example-doc").textContent = example ? example.doc : "";
  $("draw").disabled = !(example && example.plot);
}

function run(job, link) {
  if (running || status.dataset.state !== "ready" && status.dataset.state !== "done") return;
  output.textContent = "";
  errorLine = "";
  $("picture").hidden = true;
  if (interrupt) Atomics.store(interrupt, 0, 0);
  const anchor = $("link");
  anchor.href = `?${link}`;
  anchor.hidden = false;
  history.replaceState(null, "", `?${link}`);
  enable(false);
  const began = performance.now();
  const tick = () => {
    $("running").textContent = `running… ${((performance.now() - began) / 1000).toFixed(0)} s`;
  };
  tick();
  running = { timer: setInterval(tick, 1000) };
  setStatus("running", `running ${job.label}`);
  worker.postMessage(job);
}

function finish(state, text, exitStatus) {
  if (running) clearInterval(running.timer);
  running = null;
  $("running").textContent = text;
  status.dataset.exitStatus = String(exitStatus);
  setStatus(state, `${status.textContent.replace(/^running /, "")}: ${text}`);
  enable(true);
}

function runExample() {
  const name = $("example").value;
  const example = examples.find((e) => e.name === name);
  let args = $("args").value.trim();
  const link = `run=${encodeURIComponent([name, args].filter(Boolean).join(" "))}` +
               ($("draw").checked ? "" : "&draw=0");
  if (example && example.plot && $("draw").checked && !/--plot\b/.test(args)) {
    args = `${args} --plot picture.svg`.trim();
  }
  run({ type: "run", kind: "example", name, args, label: `examples/${name}.py ${args}`.trim() },
      link);
}

function runCommand() {
  const command = $("command").value.trim();
  run({ type: "run", kind: "command", command, label: `python -m purenn ${command}` },
      `run=${encodeURIComponent(command)}`);
}

function runCode() {
  const source = $("code").value;
  run({ type: "run", kind: "code", source, label: "your code" },
      `code=${encodeURIComponent(source)}`);
}

function runFromLink() {
  const params = new URLSearchParams(location.search);
  if (params.get("draw") === "0") $("draw").checked = false;
  if (params.has("code")) {
    $("code").value = params.get("code");
    runCode();
  } else if (params.has("run")) {
    const text = params.get("run").trim();
    const [first, ...rest] = text.split(/\s+/);
    if (examples.some((e) => e.name === first)) {
      $("example").value = first;
      $("args").value = rest.join(" ");
      showDoc();
      runExample();
    } else {
      $("command").value = text;
      runCommand();
    }
  }
}

function stop() {
  if (!running) return;
  if (interrupt) {
    Atomics.store(interrupt, 0, 2);     // SIGINT: Python raises KeyboardInterrupt
    return;
  }
  // Without cross-origin isolation Python cannot be interrupted: start a new one
  worker.terminate();
  append("\nstopped: Python restarts\n", "stderr");
  finish("loading", "stopped", 130);
  enable(false);
  $("stop").disabled = true;
  startWorker();
}

$("example").addEventListener("change", showDoc);
$("example-form").addEventListener("submit", (event) => { event.preventDefault(); runExample(); });
$("command-form").addEventListener("submit", (event) => { event.preventDefault(); runCommand(); });
$("code-form").addEventListener("submit", (event) => { event.preventDefault(); runCode(); });
$("stop").addEventListener("click", stop);
startWorker();
