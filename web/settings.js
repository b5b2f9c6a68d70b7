// Where the page loads Pyodide from, a folder URL ending in "/": the official CDN (below), or
// a folder holding the npm package pyodide's files (`npm install pyodide@314.0.8`:
// node_modules/pyodide/), relative to this page or absolute. `python -m purenn web` serves a
// local folder as pyodide/ and answers this file with PYODIDE_URL = "pyodide/".
export const PYODIDE_URL = "https://cdn.jsdelivr.net/pyodide/v314.0.8/full/";
