"""Time one chapter 10 training epoch in the page (Pyodide in headless Chromium) against
CPython on this machine: the same code, purenn's python engine in float32 book mode.

An epoch is ``purenn.training.train`` for one epoch on ``spiral_data(100, 3)`` with the book's
network (Dense(2, 64) -> ReLU -> Dense(64, 3), softmax with cross-entropy, Optimizer_SGD()),
as in benchmarks/epoch.py. The code (EPOCH_CODE) runs in CPython, then in the page (opened
with a ?code= link, as a learner's own code; Pyodide's start-up is not counted), then in
CPython again; each prints its rounds' times, and the script prints the medians and the
page's ratio to CPython. Both are timed by the wall clock (the page has no other), so a busy
machine shows in the spread.

Needs what tests/test_web.py's Chromium tests need (Chromium, chromedriver, Node's pyodide
package: see tests/browser.py); it says what is missing otherwise.

    python benchmarks/browser_epoch.py [--epochs 20] [--rounds 5]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))   # tests/browser.py: the server and Chromium

EPOCH_CODE = '''\
import platform
import time

import purenn
from purenn.training import TwoLayerNetwork, train

purenn.init()
X, y = purenn.spiral_data(samples=100, classes=3)
network = TwoLayerNetwork(n_inputs=2, n_hidden=64, n_classes=3)
optimizer = purenn.Optimizer_SGD()
train(network, optimizer, X, y, epochs=2, log=lambda line: None)   # warm-up
print("python", platform.python_version())
for round_ in range({rounds}):
    start = time.perf_counter()
    train(network, optimizer, X, y, epochs={epochs}, log=lambda line: None)
    print(f"ms/epoch: {{(time.perf_counter() - start) / {epochs} * 1000:.3f}}")
'''


def times(text):
    """The ms/epoch figures a run printed."""
    return [float(v) for v in re.findall(r"ms/epoch: ([\d.]+)", text)]


def run_cpython(code):
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=1800, check=True)
    return times(done.stdout)


def run_page(code):
    import browser
    missing = browser.chromium_missing()
    if missing:
        sys.exit(f"cannot run the page here: {missing}")
    with browser.PageServer() as server, browser.Chromium() as chromium:
        url = server.url + "?code=" + urllib.parse.quote(code)
        status, exit_status, text = browser.run_in_page(chromium, url, timeout=1800)
        if exit_status != "0":
            sys.exit(f"the page's run failed ({status}):\n{text}")
        return times(text), text.splitlines()[0]


def row(label, values):
    median = statistics.median(values)
    spread = (max(values) - min(values)) / median * 100
    return f"{label:<34} {median:9.2f} ms  (spread {spread:3.0f}%, {len(values)} rounds)", median


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs per round (20)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per run (5)")
    args = parser.parse_args(argv)
    code = EPOCH_CODE.format(epochs=args.epochs, rounds=args.rounds)
    cpython = run_cpython(code)
    page, version = run_page(code)
    cpython += run_cpython(code)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"one chapter 10 epoch (python engine, float32), {args.epochs} epochs a round; "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    text, cpython_ms = row(f"CPython {sys.version.split()[0]} (before and after)", cpython)
    print(text)
    text, page_ms = row(f"the page: Python {version.split()[1]} in Pyodide", page)
    print(text)
    print(f"ratio, the page to CPython: {page_ms / cpython_ms:.2f}x")


if __name__ == "__main__":
    main()
