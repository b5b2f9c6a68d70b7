"""The README's stepping sessions, made again: a chapter script run under
``python -m purenn step``, a fixed list of commands typed into pdb, the transcript printed as
a terminal shows it (each command after its prompt), with paths shortened to the clone's.

    python scripts/stepping_session.py 16           # the chapter 16 session
    python scripts/stepping_session.py 4 16         # both
    python scripts/stepping_session.py --readme     # both, written into README.md
    python scripts/stepping_session.py --check      # fail if a step did not go as planned

Run it again whenever the engine changes: the line numbers, the functions stepped through
and the values come from the code as it is. The commands are typed as written, except:

- ``Break(FILE, TEXT, ...)``: ``b FILE:LINE`` (``b LINE`` for the script itself) at the line
  of FILE found by its text, so that the session follows the code when lines move;
- ``Until(COMMAND, PATTERN, MOST)``: COMMAND (``s`` or ``n``) typed again until the line pdb
  stops at matches PATTERN, at most MOST times. With ``step_out=True``, a stop in the python
  engine in a function whose code never matches PATTERN is left with ``r`` (return) before
  the next ``s``: what a learner does who knows the formula is in a later call;
- ``Operands()``: ``p`` of the names the line pdb stopped at reads (``p sample``);
- ``FinishLoop()``: ``n`` to the last line of the loop around that line, then ``unt``.

So a session follows the engine's code as it is: the functions and names it goes through
need not be written here.

A step that does not reach its line, or an error pdb prints (``***``), is reported on stderr
(and makes ``--check`` fail): the session then needs a look, as the code it shows changed.
The run is in this process (purenn.tools.stepping.run_script, which ``python -m purenn
step`` calls), without ~/.pdbrc, on the python engine.
"""
import argparse
import ast
import builtins
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
# FinishLoop types `n` at most this many times to reach the loop's last line
MAX_LINES_TO_LOOP_END = 10


class Break:
    """``b FILE:LINE`` at the line of FILE (relative to the clone; None: the script) that
    holds the last of TEXTS, each found on a line after the one before (``"def backward",
    "weight_regularizer_l2", "self.dweights ="``: the first assignment to self.dweights after
    the L2 strength is mentioned in backward)."""

    def __init__(self, file, *texts):
        self.file = file
        self.texts = texts

    def __repr__(self):
        return f"Break({self.file!r}, {', '.join(map(repr, self.texts))})"

    def command(self, script):
        file = self.file or script
        lines = (ROOT / file).read_text().splitlines()
        number = 0
        for text in self.texts:
            while number < len(lines) and text not in lines[number]:
                number += 1
            if number == len(lines):
                raise LookupError(f"{self!r}: no line of {file} holds {text!r} there")
            number += 1  # the next text is looked for from the next line on
        return f"b {number}" if self.file is None else f"b {file}:{number}"


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


class Operands:
    """``p`` of what the line pdb stopped at computes with: the names it reads (``sample[i]``
    for a name indexed by a name), not the functions it calls, the objects whose methods it
    calls, ``self``, or a comprehension's own variables. Nothing is typed for a line
    that reads none, or that is not a whole statement."""

    def __repr__(self):
        return "Operands()"

    @staticmethod
    def command(source):
        try:
            tree = ast.parse(source.strip())
        except SyntaxError:
            return None
        skipped = {"self"} | set(dir(builtins))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                skipped.update(_names(node.func, top_only=True))
            elif isinstance(node, ast.Attribute):
                skipped.update(_names(node.value, top_only=True))
            elif isinstance(node, ast.comprehension):
                skipped.update(_names(node.target))
        # A name the line assigns is read only by `total += ...`
        read = {node.target.id for node in ast.walk(tree)
                if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)}
        operands = []
        for node in _in_order(tree):
            text = None
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
                if isinstance(node.slice, ast.Name) and node.slice.id not in skipped:
                    if node.slice.id not in operands:
                        operands.append(node.slice.id)
                    text = ast.unparse(node)
                elif isinstance(node.slice, ast.Constant):
                    text = ast.unparse(node)
            elif (isinstance(node, ast.Name) and node.id not in skipped
                  and (isinstance(node.ctx, ast.Load) or node.id in read)):
                text = node.id
            if text and node_is_free(node, operands) and text not in operands:
                operands.append(text)
        return f"p {', '.join(operands)}" if operands else None


def _names(node, top_only=False):
    """The names in an expression (``top_only``: only a plain name itself)."""
    if top_only:
        return {node.id} if isinstance(node, ast.Name) else set()
    return {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}


def _in_order(tree):
    """The nodes of ``tree`` in the order their text appears, outer before inner."""
    nodes = [node for node in ast.walk(tree) if hasattr(node, "col_offset")]
    return sorted(nodes, key=lambda node: (node.col_offset, -node.end_col_offset))


def node_is_free(node, operands):
    """False for a name already shown inside an indexed operand (``sample`` of
    ``sample[i]``)."""
    return not (isinstance(node, ast.Name)
                and any(operand.startswith(node.id + "[") for operand in operands))


class FinishLoop:
    """``n`` until the last line of the loop around the line pdb stopped at, then ``unt``:
    the rest of the loop runs, and pdb stops after it."""

    def __repr__(self):
        return "FinishLoop()"


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
    Operands(),
    FinishLoop(),
    "r",
    "u",
    "show(self.inputs[:3])",
    Break("purenn/layers.py", "def backward", "weight_regularizer_l2", "self.dweights ="),
    "c",
    "p self.weight_regularizer_l2",
    "p self.weights[0][:4]",
    # The L2 term's multiply (not a line that only reads the regularizer's strength)
    Until("s", r"^(?!.*regularizer)" + MULTIPLY[1:], 15),
    Operands(),
    FinishLoop(),
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


def loop_end(file, line):
    """The last line of the innermost ``for`` or ``while`` of ``file`` whose body holds
    ``line`` (None if no loop holds it)."""
    tree = ast.parse((ROOT / file).read_text())
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While)) and node.body:
            first, last = node.body[0].lineno, node.body[-1].end_lineno
            if first <= line <= last and (found is None or first > found[0]):
                found = (first, node.body[-1].lineno)
    return found[1] if found else None


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
                try:
                    yield step.command(self.script)
                except LookupError as error:
                    self.problems.append(str(error))
                    return  # then `q`: the rest of the session would stop elsewhere
            elif isinstance(step, Until):
                yield from self.type_until(step)
            elif isinstance(step, Operands):
                stop = last_stop(self.transcript.getvalue())
                command = step.command(stop[3]) if stop else None
                if command:
                    yield command
            elif isinstance(step, FinishLoop):
                yield from self.type_finish_loop()
            else:
                yield step

    def type_finish_loop(self):
        stop = last_stop(self.transcript.getvalue())
        last_line = loop_end(stop[0], stop[1]) if stop else None
        if last_line is None:
            self.problems.append(f"FinishLoop(): no loop around the stop {stop}")
            return
        for _ in range(MAX_LINES_TO_LOOP_END):
            stop = last_stop(self.transcript.getvalue())
            if stop[1] == last_line:
                break
            yield "n"
        yield "unt"

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
