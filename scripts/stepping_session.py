"""The README's stepping sessions, made again: a chapter script run under
``python -m purenn step``, a fixed list of commands typed into pdb, the transcript printed as
a terminal shows it (each command after its prompt), with paths shortened to the clone's.

    python scripts/stepping_session.py 16           # the chapter 16 session
    python scripts/stepping_session.py 4 16         # both
    python scripts/stepping_session.py --readme     # both, written into README.md
    python scripts/stepping_session.py --check      # fail if a step did not go as planned

Run it again whenever the engine changes: the line numbers, the functions stepped through
and the values come from the code as it is. The commands are typed as written, except:

- ``Break(FILE, TEXT)``: ``b FILE:LINE`` (``b LINE`` for the script itself) at the first line
  of FILE that holds TEXT, so that the session follows the code when lines move;
- ``Until(COMMAND, PATTERN, MOST)``: COMMAND (``s`` or ``n``) typed again until the line pdb
  stops at matches PATTERN, at most MOST times. With ``step_out=True``, a stop in the python
  engine in a function whose code never matches PATTERN is left with ``r`` (return) before
  the next ``s``: what a learner does who knows the formula is in a later call.

A step that does not reach its line, or an error pdb prints (``***``), is reported on stderr
(and makes ``--check`` fail): the session then needs a look, as the code it shows changed.
The run is in this process (purenn.tools.stepping.run_script, which ``python -m purenn
step`` calls), without ~/.pdbrc, on the python engine.
"""
import argparse
import ast
import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from purenn.tools import stepping  # noqa: E402

README = ROOT / "README.md"
ENGINE = "purenn/engine/python_engine.py"
PROMPT = "(purenn-step) "
# pdb's stop header: "> /path/file.py(12)function()"
STOP = re.compile(r"^> (?P<file>.+)\((?P<line>\d+)\)(?P<function>[^(]+)\(\)")
# A product of two names, as in "total += input * weight" (not "**", not a comment)
MULTIPLY = r"^[^#]*[\w\]\)]\s*\*\s*[\w(\[]"


class Break:
    """``b FILE:LINE`` at the first line of FILE (relative to the clone) that holds TEXT,
    or ``below`` lines under it."""

    def __init__(self, file, text, below=0):
        self.file = file
        self.text = text
        self.below = below

    def __repr__(self):
        return f"Break({self.file!r}, {self.text!r}, below={self.below})"

    def command(self, script):
        file = self.file or script
        lines = (ROOT / file).read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            if self.text in line:
                number += self.below
                return f"b {number}" if self.file is None else f"b {file}:{number}"
        raise SystemExit(f"stepping_session: no line of {file} holds {self.text!r}")


class Until:
    """COMMAND typed until pdb stops at a line of ``file`` (the python engine, unless
    None: any file) matching PATTERN, at most MOST times."""

    def __init__(self, command, pattern, most, file=ENGINE, step_out=False):
        self.command = command
        self.pattern = re.compile(pattern)
        self.most = most
        self.file = file
        self.step_out = step_out

    def __repr__(self):
        return (f"Until({self.command!r}, {self.pattern.pattern!r}, {self.most}, "
                f"file={self.file!r}, step_out={self.step_out})")

    def reached(self, stop):
        """True if pdb's stop (file, line, function, source) is the line looked for."""
        return (stop is not None and self.file in (None, stop[0])
                and bool(self.pattern.search(stop[3]))
                and not stop[3].lstrip().startswith("def "))


# The chapter 4 forward pass: `s` from the layer's forward to the multiply, then the loop
CHAPTER_4 = ("tests/data/forward_pass.py", [
    Break(None, "dense1.forward(X)"),
    "c",
    Until("s", MULTIPLY, 15),
    "p i, sample[i], neuron_weights[i]",
    "n",
    "n",
    "p neuron_output",
    "u",
    "p self",
    "p self.weights",
    "q",
])

# The chapter 16 pass: `s` to the sigmoid's exp, `r` out of a call, `unt` past a loop,
# `b FILE:LINE` to the L2 term that comes after the long dweights product, `p` and `show`
CHAPTER_16 = ("tests/data/binary_pass.py", [
    Break(None, "activation2.forward(dense2.output)"),
    "c",
    "s",
    Until("n", r"self\.output =", 5, file="purenn/activations.py"),
    "p inputs[:3]",
    Until("s", r"\bexp\(", 20, step_out=True),
    "p row",
    "n",
    "p exp_values",
    "unt",
    "r",
    "u",
    "show(self.inputs[:3])",
    Break("purenn/layers.py", "# L2 on weights", below=2),
    "c",
    "p self.weight_regularizer_l2",
    "p self.weights[0][:4]",
    Until("s", MULTIPLY, 10),
    "p row_a[0], row_b[:4]",
    "unt",
    "r",
    "q",
])

SESSIONS = {"4": CHAPTER_4, "16": CHAPTER_16}


def shorten(text):
    """Paths inside the clone, relative to it."""
    return text.replace(str(ROOT) + "/", "")


def last_stop(transcript):
    """(file relative to the clone, line, function, source line) of pdb's last stop."""
    lines = transcript.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        match = STOP.match(lines[i].replace(PROMPT, ""))
        if match:
            source = lines[i + 1][3:] if i + 1 < len(lines) else ""
            return shorten(match["file"]), int(match["line"]), match["function"], source
    return None


def function_source(file, line):
    """The source of the innermost function of ``file`` (in the clone) around ``line``."""
    text = (ROOT / file).read_text()
    found = None
    for node in ast.walk(ast.parse(text)):
        if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.lineno <= line <= node.end_lineno):
            if found is None or node.lineno > found.lineno:
                found = node
    return ast.get_source_segment(text, found) if found else ""


class Typist:
    """pdb's stdin: types the session's commands one by one, each after the prompt, and
    echoes it into the transcript as a terminal would."""

    def __init__(self, script, steps, transcript):
        self.script = script
        self.commands = self.type_steps(steps)
        self.transcript = transcript
        self.problems = []

    def __repr__(self):
        return f"Typist({self.script!r}, problems={self.problems!r})"

    def readline(self):
        command = next(self.commands, "q")
        self.transcript.write(command + "\n")
        return command + "\n"

    def type_steps(self, steps):
        for step in steps:
            if isinstance(step, Break):
                yield step.command(self.script)
            elif isinstance(step, Until):
                yield from self.type_until(step)
            else:
                yield step

    def type_until(self, step):
        for _ in range(step.most):
            stop = last_stop(self.transcript.getvalue())
            if step.reached(stop):
                return
            if (step.step_out and stop and stop[0] == ENGINE
                    and not step.pattern.search(function_source(stop[0], stop[1]))):
                yield "r"
            yield step.command
        stop = last_stop(self.transcript.getvalue())
        if not step.reached(stop):
            self.problems.append(f"{step!r} did not reach its line: last stop {stop}")


def run_session(name):
    """(transcript, problems) of the session ``name``, run in a process of its own (pdb
    numbers the breakpoints of a process from 1 on, and purenn's settings start afresh)."""
    result = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True,
                            text=True, cwd=ROOT, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"stepping_session: chapter {name} failed:\n{result.stderr}")
    output = json.loads(result.stdout)
    return output["transcript"], output["problems"]


def type_session(name):
    """(transcript, problems) of the session ``name``, run in this process."""
    script, steps = SESSIONS[name]
    transcript = io.StringIO()
    transcript.write(f"$ python -m purenn step {script}\n")
    typist = Typist(script, steps, transcript)
    # What the script prints goes where pdb's output goes, as on a terminal
    with contextlib.redirect_stdout(transcript):
        stepping.run_script(str(ROOT / script), stdin=typist, stdout=transcript,
                            readrc=False)
    text = shorten(transcript.getvalue()).rstrip("\n")
    # The last prompt, after `q` or at the script's end, shows nothing more
    text = text.rsplit("\n", 1)[0] if text.endswith(PROMPT.rstrip()) else text
    problems = typist.problems + [line for line in text.splitlines() if "***" in line]
    return text, problems


def write_readme(texts):
    """Put each session's transcript in README.md's code block after its marker line,
    ``<!-- python scripts/stepping_session.py N -->``."""
    readme = README.read_text()
    for name, text in texts.items():
        marker = f"<!-- python scripts/stepping_session.py {name} -->\n```\n"
        start = readme.find(marker)
        if start < 0:
            raise SystemExit(f"stepping_session: README.md has no line {marker.splitlines()[0]}")
        start += len(marker)
        end = readme.index("```", start)  # the closing fence (transcripts have no ```)
        readme = readme[:start] + text + "\n" + readme[end:]
    README.write_text(readme)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sessions", nargs="*", metavar="CHAPTER",
                        help="4 and/or 16 (default: both)")
    parser.add_argument("--readme", action="store_true",
                        help="write the transcripts into README.md")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 if a step did not go as planned")
    # --one N: run one session in this process and print it as JSON (for run_session)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        transcript, problems = type_session(args.one)
        print(json.dumps({"transcript": transcript, "problems": problems}))
        return 0
    names = args.sessions or sorted(SESSIONS, key=int)
    for name in names:
        if name not in SESSIONS:
            parser.error(f"no session for chapter {name!r}: choose from 4, 16")
    texts, problems = {}, []
    for name in names:
        texts[name], session_problems = run_session(name)
        problems += [f"chapter {name}: {problem}" for problem in session_problems]
    if args.readme:
        write_readme(texts)
        print(f"README.md: sessions {', '.join(names)} written")
    else:
        print("\n\n".join(texts.values()))
    for problem in problems:
        print(f"stepping_session: {problem}", file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
