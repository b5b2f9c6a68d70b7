"""``python -m purenn web [--port N] [--pyodide DIR]``: the page that runs purenn in the
browser (web/index.html), served on this computer only (127.0.0.1), with the standard
library's HTTP server, until Ctrl-C.

It serves the page's files (web/), purenn's own files (purenn/, examples/) and the list of
them (files.json), which the page copies into Pyodide, and Pyodide itself from DIR: the files
of the npm package ``pyodide`` (``npm install pyodide``: DIR is node_modules/pyodide). Without
--pyodide it looks in $PURENN_PYODIDE and in ~/.cache/purenn/node/node_modules/pyodide (where
.ci/run installs it), and failing those the page loads Pyodide from its official CDN (the
setting in web/settings.js), which needs the internet.

Served from a local folder, the page is cross-origin isolated (two headers), so that its
Stop button can interrupt Python; from the CDN, Stop restarts Python instead.
"""
import argparse
import json
import os
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]   # the clone: purenn/, examples/, web/
WEB = ROOT / "web"
HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_PYODIDE = Path.home() / ".cache" / "purenn" / "node" / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".json": "application/json", ".wasm": "application/wasm",
                 ".zip": "application/zip", ".py": "text/x-python; charset=utf-8",
                 ".svg": "image/svg+xml", ".md": "text/markdown; charset=utf-8",
                 ".gz": "application/octet-stream", ".png": "image/png"}


def purenn_files(root=ROOT):
    """The files the page copies into Pyodide: purenn's package and the examples, as paths
    relative to ``root`` with forward slashes."""
    files = []
    for pattern in ("purenn/**/*.py", "purenn/data/*", "examples/*.py"):
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append(path.relative_to(root).as_posix())
    return files


def settings_js(pyodide_url):
    """web/settings.js with PYODIDE_URL set to ``pyodide_url``."""
    text = (WEB / "settings.js").read_text(encoding="utf-8")
    lines = [f"export const PYODIDE_URL = {json.dumps(pyodide_url)};"
             if line.startswith("export const PYODIDE_URL") else line
             for line in text.splitlines()]
    return "\n".join(lines) + "\n"


class PageHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the page, purenn's files and Pyodide's; nothing else, and nothing
    outside those folders."""

    server_version = "purenn-web"

    def __init__(self, *args, pyodide=None, **kwargs):
        self.pyodide = pyodide
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self._send(head=False)

    def do_HEAD(self):
        self._send(head=True)

    def _send(self, head):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            path = "/index.html"
        if path == "/files.json":
            return self._reply(json.dumps(purenn_files()).encode(), ".json", head)
        if path == "/settings.js" and self.pyodide is not None:
            return self._reply(settings_js("pyodide/").encode(), ".js", head)
        file = self._file(path)
        if file is None:
            return self.send_error(HTTPStatus.NOT_FOUND, "not one of the page's files")
        return self._reply(file.read_bytes(), file.suffix, head)

    def _file(self, path):
        """The file the URL path names, or None outside the served folders."""
        parts = [part for part in path.split("/") if part]
        if not parts or any(part.startswith(".") or part == "__pycache__" for part in parts):
            return None
        if parts[0] in ("purenn", "examples"):
            folder, rest = ROOT / parts[0], parts[1:]
        elif parts[0] == "pyodide" and self.pyodide is not None:
            folder, rest = self.pyodide, parts[1:]
        else:
            folder, rest = WEB, parts
        folder = folder.resolve()
        file = folder.joinpath(*rest).resolve() if rest else folder
        if file == folder or folder not in file.parents or not file.is_file():
            return None
        return file

    def _reply(self, body, suffix, head):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if self.pyodide is not None:
            # Cross-origin isolation: SharedArrayBuffer, for the Stop button's interrupt
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        """Only failed requests are reported (on stderr)."""
        if not str(code).startswith(("2", "3")):
            super().log_request(code, size)


def find_pyodide(folder=None):
    """The local Pyodide folder to serve: ``folder``, $PURENN_PYODIDE or the default, or
    None (the page then uses the CDN). ValueError if a folder given lacks Pyodide's files."""
    candidates = ([Path(folder)] if folder else
                  [Path(p) for p in [os.environ.get("PURENN_PYODIDE")] if p] + [DEFAULT_PYODIDE])
    for candidate in candidates:
        missing = [name for name in PYODIDE_FILES if not (candidate / name).is_file()]
        if not missing:
            return candidate.resolve()
        if folder:
            raise ValueError(f"{folder} is not a Pyodide folder (it lacks {', '.join(missing)});"
                             f" `npm install pyodide` puts one in node_modules/pyodide")
    return None


def make_server(port=DEFAULT_PORT, pyodide=None):
    """A server of the page on 127.0.0.1:port (0: any free port); Pyodide from the folder
    ``pyodide`` or, if None, the CDN."""
    return ThreadingHTTPServer((HOST, port), partial(PageHandler, pyodide=pyodide))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m purenn web",
        description="Serve the page that runs purenn's examples and calculator in the "
                    "browser (Pyodide), on this computer only, until Ctrl-C.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"the port on 127.0.0.1 (default {DEFAULT_PORT}; 0: any free one)")
    parser.add_argument("--pyodide", metavar="DIR",
                        help="a folder with the npm package pyodide's files (npm install "
                             "pyodide: node_modules/pyodide); default: $PURENN_PYODIDE, then "
                             f"{DEFAULT_PYODIDE}, then the official CDN")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"argument --port: {args.port} is not a port (0 to 65535)")
    if not (WEB / "index.html").is_file():
        parser.error(f"the page's files are not in {WEB}: they come with a clone of purenn")
    try:
        pyodide = find_pyodide(args.pyodide)
    except ValueError as error:
        parser.error(f"argument --pyodide: {error}")
    try:
        server = make_server(args.port, pyodide)
    except OSError as error:
        parser.error(f"cannot serve on {HOST}:{args.port} ({error.strerror}): try another "
                     f"--port")
    host, port = server.server_address[:2]
    if pyodide is None:
        print("Pyodide: from its official CDN (web/settings.js), which needs the internet; "
              "--pyodide DIR serves a local copy")
    else:
        print(f"Pyodide: {pyodide}")
    print(f"purenn in the browser: http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
