"""Helpers for the tests and the benchmark that run purenn in Pyodide: where Node's `pyodide`
package is, the page's server in a thread, and headless Chromium driven through chromedriver
(the W3C WebDriver protocol, spoken with urllib: nothing to install from PyPI).

Each ``*_missing()`` function says why its tool cannot run here, or returns None.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PYODIDE = Path.home() / ".cache" / "purenn" / "node" / "node_modules" / "pyodide"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--window-size=1280,1000"]
INSTALL = "bash .ci/run installs it (npm install --prefix ~/.cache/purenn/node pyodide@314.0.8)"


def pyodide_folder():
    """The npm package pyodide's folder: $PURENN_PYODIDE, or where .ci/run installs it."""
    return Path(os.environ.get("PURENN_PYODIDE") or DEFAULT_PYODIDE)


def pyodide_missing():
    """Why Pyodide under Node cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node (node) is not installed: apt-get install nodejs"
    if not (pyodide_folder() / "pyodide.mjs").is_file():
        return f"the npm package pyodide is not in {pyodide_folder()}: {INSTALL}"
    return None


def chromium_missing():
    """Why headless Chromium cannot run here, or None."""
    return pyodide_missing() or next(
        (f"{name} is not installed: apt-get install chromium chromium-driver"
         for name in ("chromium", "chromedriver") if shutil.which(name) is None), None)


class PageServer:
    """``python -m purenn web`` in a thread, on a free port, with the local Pyodide."""

    def __init__(self):
        from purenn.tools.web import make_server
        self.server = make_server(0, pyodide_folder().resolve())
        self.url = "http://127.0.0.1:%d/" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __repr__(self):
        return f"PageServer({self.url})"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Chromium:
    """Headless Chromium, a fresh profile, driven by chromedriver on 127.0.0.1."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="purenn-chromium-")
        port = _free_port()
        self.driver = subprocess.Popen(["chromedriver", f"--port={port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                self._call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        options = {"binary": shutil.which("chromium"),
                   "args": CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]}
        reply = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})
        self.session = f"/session/{reply['sessionId']}"

    def __repr__(self):
        return f"Chromium(chromedriver at {self.base}, {self.session})"

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=300) as reply:
            return json.loads(reply.read())["value"]

    def open(self, url):
        self._call("POST", self.session + "/url", {"url": url})

    def script(self, source, *args):
        """The value of the JavaScript function body ``source`` run in the page."""
        return self._call("POST", self.session + "/execute/sync",
                          {"script": source, "args": list(args)})

    def wait(self, source, timeout, interval=0.25):
        """Run ``source`` until it returns something true; that value (TimeoutError after
        ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.script(source)
            if value:
                return value
            time.sleep(interval)
        raise TimeoutError(f"the page did not get there in {timeout} s: {source}")

    def screenshot(self, path):
        Path(path).write_bytes(base64.b64decode(self._call("GET", self.session + "/screenshot")))
        return path

    def close(self):
        try:
            self._call("DELETE", self.session)
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=30)
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# The page's state, as the tests and the benchmark read it
PAGE_STATE = "const s = document.getElementById('status'); return s.dataset.state;"
PAGE_OUTPUT = "return document.getElementById('output').textContent;"


def run_in_page(chromium, url, timeout=300):
    """Open ``url`` (a ?run= or ?code= link), wait for the run to end; (status text,
    exit status, output text)."""
    chromium.open(url)
    chromium.wait("const s = document.getElementById('status');"
                  "return s.dataset.state === 'done' || s.dataset.state === 'failed';", timeout)
    return chromium.script("const s = document.getElementById('status');"
                           "return [s.textContent, s.dataset.exitStatus,"
                           " document.getElementById('output').textContent];")
