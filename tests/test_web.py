"""The page in the browser: ``python -m purenn web`` serves it on 127.0.0.1 only (quick), the
runner the page's worker calls (quick, on CPython), and the page itself in headless Chromium
running chapter 5, a calculator command and a long run's progress line (slow tier: Pyodide
starts in 2-25 s; skipped with the reason without Chromium, chromedriver, Node's pyodide).
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import browser as page
from browser import ROOT, Chromium, PageServer, chromium_missing, run_in_page
from purenn.tools import browser as runner
from purenn.tools import web


def get(url):
    """(status, headers, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server with a stand-in Pyodide folder (the four files it needs, empty)."""
    folder = tmp_path_factory.mktemp("pyodide")
    for name in web.PYODIDE_FILES:
        (folder / name).write_text("")
    httpd = web.make_server(0, folder)
    import threading
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# --- the server ----------------------------------------------------------------------------

def test_server_listens_on_127_0_0_1_only():
    httpd = web.make_server(0, None)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


def test_server_serves_the_page_and_purenns_files(server):
    status, headers, body = get(server)
    assert status == 200 and b"purenn in the browser" in body
    assert headers["Content-Type"].startswith("text/html")
    status, headers, body = get(server + "files.json")
    files = json.loads(body)
    assert "purenn/__init__.py" in files and "examples/ch05_loss.py" in files
    assert "purenn/tools/browser.py" in files and "purenn/data/digits-labels-idx1-ubyte.gz" in files
    assert not [name for name in files if "__pycache__" in name]
    for name in ("purenn/__init__.py", "examples/ch05_loss.py", "worker.js", "app.js"):
        status, headers, body = get(server + name)
        assert status == 200, name
        assert body == (ROOT / name if "/" in name else ROOT / "web" / name).read_bytes()
    status, headers, _ = get(server + "worker.js")
    assert headers["Content-Type"].startswith("text/javascript")
    # Local Pyodide: the page is cross-origin isolated (Stop can interrupt Python)
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"


def test_server_points_the_page_at_the_local_pyodide(server):
    _, _, body = get(server + "settings.js")
    assert b'export const PYODIDE_URL = "pyodide/";' in body
    status, headers, _ = get(server + "pyodide/pyodide.asm.wasm")
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    # The file in the repository keeps the CDN, for a page served without a local copy
    assert "cdn.jsdelivr.net/pyodide/v314.0.8/full/" in (ROOT / "web/settings.js").read_text()


@pytest.mark.parametrize("path", ["../setup.cfg", "..%2Fsetup.cfg", "purenn/../setup.cfg",
                                  "setup.cfg", ".git/config", "purenn/__pycache__/x.pyc",
                                  "pyodide/../../README.md", "examples", "tests/browser.py"])
def test_server_serves_nothing_else(server, path):
    status, _, _ = get(server + path)
    assert status == 404


def test_web_command_prints_the_address_and_stops_on_ctrl_c():
    process = subprocess.Popen([sys.executable, "-m", "purenn", "web", "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PURENN_PYODIDE": ""})
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        address = re.search(r"http://127\.0\.0\.1:\d+/", lines[1])
        assert address, lines
        address = address[0]
        assert get(address)[0] == 200
    finally:
        process.send_signal(2)   # Ctrl-C
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out


def test_web_command_refuses_a_folder_without_pyodide(tmp_path):
    done = subprocess.run([sys.executable, "-m", "purenn", "web", "--pyodide", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is not a Pyodide folder" in done.stderr and "npm install pyodide" in done.stderr


# --- what the worker runs (purenn.tools.browser), on CPython ---------------------------------

def test_runner_lists_the_examples_and_which_draw():
    found = {e["name"]: e for e in runner.examples(ROOT / "examples")}
    assert "plotting" not in found
    assert found["ch10_optimizers"]["plot"] and not found["ch05_loss"]["plot"]
    assert found["ch05_loss"]["title"].startswith("Chapter 5 of the book")


def test_runner_refuses_the_debugger(capsys):
    assert runner.run_calculator("step examples/ch05_loss.py") == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_runner_reports_a_usage_error_and_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.run_calculator("softmax 1 two 3") == 2
    assert "'two' is not a number" in capsys.readouterr().err
    assert runner.run_code("x = 1\nprint(x)\n1 / 0\n") == 1
    captured = capsys.readouterr()
    assert captured.out == "1\n"
    # As Python prints it: from the script's own line, without the runner's frames
    assert captured.err.startswith("Traceback (most recent call last):\n  File \"")
    assert "runpy" not in captured.err and "ZeroDivisionError" in captured.err
    assert runner.run_code("import sys\nsys.exit('bye')\n") == 1
    assert capsys.readouterr().err == "bye\n"


# --- the page in headless Chromium (slow) ----------------------------------------------------

chromium = pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))


@pytest.fixture(scope="module")
def browser_page():
    with PageServer() as server, Chromium() as driver:
        yield server.url, driver


def stdout_of_page(driver):
    return driver.script("return Array.from(document.querySelectorAll('#output .stdout'))"
                         ".map((span) => span.textContent).join('');")


@pytest.mark.slow
@chromium
def test_page_runs_chapter_5_as_cpython_does(browser_page, tmp_path):
    url, driver = browser_page
    began = time.monotonic()
    status, exit_status, text = run_in_page(driver, url + "?run=ch05_loss", timeout=180)
    seconds = time.monotonic() - began
    gold = subprocess.run([sys.executable, "examples/ch05_loss.py"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert exit_status == "0", status
    assert "finished in" in status
    assert stdout_of_page(driver) == gold.stdout
    assert "loss: 1.0986104\n" in text and "acc: 0.34\n" in text
    # NumPy's warning text, which the python engine prints as NumPy would, on stderr
    assert "RuntimeWarning: divide by zero encountered in log" in text
    shot = Path(os.environ.get("PURENN_SCREENSHOTS", tmp_path)) / "page_ch05_loss.png"
    driver.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"\nchapter 5 in the page: {seconds:.1f} s from opening it; screenshot {shot}")


@pytest.mark.slow
@chromium
def test_page_runs_a_calculator_command_from_a_link(browser_page):
    url, driver = browser_page
    status, exit_status, text = run_in_page(driver, url + "?run=softmax%201%202%203%20--steps",
                                            timeout=180)
    gold = subprocess.run([sys.executable, "-m", "purenn", "softmax", "1", "2", "3", "--steps"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert exit_status == "0", status
    assert text == gold.stdout


@pytest.mark.slow
@chromium
def test_page_shows_progress_and_stops_a_long_run(browser_page):
    url, driver = browser_page
    driver.open(url + "?run=ch10_optimizers%20--epochs%2010001&draw=0")
    # The example's progress line ("epoch 1,234 of 10,001, 3 s") appears under the output
    progress = driver.wait("const p = document.getElementById('progress');"
                           "return !p.hidden && p.textContent;", timeout=180)
    assert "of 10,001" in progress
    # The page answers while Python trains: Stop interrupts it
    driver.script("document.getElementById('stop').click();")
    driver.wait("return document.getElementById('status').dataset.state === 'done';", 60)
    assert driver.script("return document.getElementById('status').dataset.exitStatus;") == "130"
    assert "KeyboardInterrupt" in driver.script(page.PAGE_OUTPUT)
    # and the next run works, and shows the example's picture (SVG)
    status, exit_status, text = run_in_page(driver, url + "?run=ch03_layers", timeout=120)
    assert exit_status == "0", status
    assert "wrote picture.svg" in text
    assert driver.wait("const img = document.getElementById('picture');"
                       "return !img.hidden && img.complete && img.naturalWidth;", 30) > 0
