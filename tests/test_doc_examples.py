"""The commands the docs show print what the docs say they print, and the files they show work.

A Markdown file of the repository marks its examples with HTML comments, which GitHub does not
show. Each marker but `edit`, `today` and a `run` that names its command applies to the fenced
block right after it (blank lines between are allowed):

    <!-- example: write PATH -->               the block is a file's text: write it at PATH
    <!-- example: write PATH front-matter -->   the block replaces the front matter of article PATH
    <!-- example: expect PATH [front-matter] -->   the file (or its front matter) is the block
    <!-- example: run [COMMAND] -->            run the block's `.venv/bin/archive …` command, or COMMAND
    <!-- example: output [exit N] [any-counts] -->  what the last command printed, standard output
                                                 and standard error as a terminal shows them; its
                                                 exit code is N (default 0)
    <!-- example: edit PATH: OLD => NEW -->    for the next command only, PATH with OLD made NEW
    <!-- example: today YYYY-MM-DD -->         the day the example is written on

Each document's examples run in order, in a scratch copy of the repository's articles/ and
annotations/, with the real `archive` command. Outputs are compared exactly, except for two
things that cannot be fixed and that the docs say vary: today's date (shown as the `today`
date) and, with `any-counts`, the archive's counts of articles, actors, claims, disputes, places and events.
A new example needs markers only, no new test code.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive_support import REPO, copy_archive

MARKER = re.compile(r"^\s*<!-- example: (.*?) -->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w-]*)\s*$")
COUNTS = re.compile(r"\b\d+ (articles?|actors?|claims?|disputes?|places?|events?)\b")
DOCS = sorted(REPO.glob("*.md")) + [REPO / "annotations" / "README.md"]
ARCHIVE = ".venv/bin/archive"


@dataclass
class Step:
    doc: str
    line: int  # of the marker
    words: list[str]
    arg: str
    block: str | None = None


def _block_after(lines: list[str], start: int) -> tuple[str, int] | None:
    """The fenced block opening on the first non-blank line from `start`, and the line after it."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    opening = FENCE.match(lines[i]) if i < len(lines) else None
    if opening is None:
        return None
    indent, fence = opening.group(1), opening.group(2)
    body = []
    for j in range(i + 1, len(lines)):
        if lines[j].strip() == fence:
            return "".join(line + "\n" for line in body), j + 1
        body.append(lines[j].removeprefix(indent))
    raise AssertionError(f"unclosed fence from line {i + 1}")


def steps(path: Path) -> list[Step]:
    rel = path.relative_to(REPO).as_posix()
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    for number, line in enumerate(lines, 1):
        marker = MARKER.match(line)
        if marker is None:
            continue
        text = marker.group(1)
        verb, _, arg = text.partition(" ")
        step = Step(rel, number, [verb, *arg.split()], arg)
        if verb not in {"write", "expect", "run", "output", "edit", "today"}:
            raise AssertionError(f"{rel}:{number}: unknown example marker {text!r}")
        if verb in {"write", "expect", "output"} or (verb == "run" and not arg):
            block = _block_after(lines, number)
            assert block is not None, f"{rel}:{number}: '{text}' is not followed by a fenced block"
            step.block = block[0]
        found.append(step)
    return found


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _command(step: Step) -> list[str]:
    text = step.arg or step.block or ""
    words = shlex.split(text.replace("\\\n", " "))
    assert words[:1] == [ARCHIVE], f"{step.doc}:{step.line}: only `{ARCHIVE} …` commands are run, not {text!r}"
    return [sys.executable, "-m", "build_scripts", *words[1:]]


def _front_matter_end(text: str) -> int:
    match = re.search(r"^---\n", text[4:], re.MULTILINE)
    assert text.startswith("---\n") and match, "no front matter"
    return 4 + match.end()


def _same(step: Step, expected: str, actual: str, what: str) -> None:
    if actual == expected:
        return
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "the doc says",
                                        "it is now"))
    raise AssertionError(f"{step.doc}:{step.line}: {what} differs from the block after this marker; correct the "
                         f"doc (or the code):\n{diff}")


class Walk:
    """One document's examples, run in order in a scratch archive."""

    def __init__(self, root: Path):
        self.root = root
        self.date = _today()
        self.edits: list[tuple[Path, str, str]] = []
        self.ran: subprocess.CompletedProcess | None = None
        self.checked = True

    def shown(self, text: str) -> str:
        """`text` with today's date as the doc writes it."""
        return text.replace(_today(), self.date)

    def do(self, step: Step) -> None:
        getattr(self, step.words[0])(step)

    def today(self, step: Step) -> None:
        self.date = step.arg

    def write(self, step: Step) -> None:
        path = self.root / step.words[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = step.block
        if "front-matter" in step.words:
            old = path.read_text(encoding="utf-8")
            text = step.block + old[_front_matter_end(old):]
        path.write_text(text, encoding="utf-8", newline="")

    def expect(self, step: Step) -> None:
        text = (self.root / step.words[1]).read_text(encoding="utf-8")
        if "front-matter" in step.words:
            text = text[:_front_matter_end(text)]
        _same(step, step.block, self.shown(text), step.words[1])

    def edit(self, step: Step) -> None:
        rel, _, change = step.arg.partition(": ")
        old, new = (part.strip() for part in change.split(" => "))
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{step.doc}:{step.line}: {rel} holds {old!r} {text.count(old)} times, not once"
        self.edits.append((path, text, text.replace(old, new)))

    def run(self, step: Step) -> None:
        assert self.checked, f"{step.doc}:{step.line}: the command before this one has no output block"
        for path, _, edited in self.edits:
            path.write_text(edited, encoding="utf-8", newline="")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
        self.ran = subprocess.run(_command(step), cwd=self.root, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=120)
        for path, original, _ in self.edits:
            path.write_text(original, encoding="utf-8", newline="")
        self.edits = []
        self.checked = False

    def output(self, step: Step) -> None:
        assert self.ran is not None, f"{step.doc}:{step.line}: output of no command"
        expected, actual = step.block, self.shown(self.ran.stdout)
        if "any-counts" in step.words:
            expected, actual = COUNTS.sub(r"N \1", expected), COUNTS.sub(r"N \1", actual)
        _same(step, expected, actual, "the output")
        status = int(step.words[step.words.index("exit") + 1]) if "exit" in step.words else 0
        assert self.ran.returncode == status, f"{step.doc}:{step.line}: exit code {self.ran.returncode}, not {status}"
        self.checked = True


EXAMPLES = [doc for doc in DOCS if steps(doc)]


def test_the_walk_through_is_among_the_tested_docs():
    assert REPO / "CONTRIBUTING.md" in EXAMPLES


@pytest.mark.parametrize("doc", EXAMPLES, ids=lambda doc: doc.relative_to(REPO).as_posix())
def test_the_examples_of_a_doc_run_as_it_shows(doc, tmp_path):
    walk = Walk(copy_archive(tmp_path / "archive", REPO))
    for step in steps(doc):
        walk.do(step)
    assert walk.checked, f"{doc.name}: the last command has no output block"
    assert not walk.edits, f"{doc.name}: an edit with no command after it"


DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: [A-Z]{2,6}\d{3} ", re.MULTILINE)
SHOWN_OUTPUT = re.compile(r"^(checked: |created |built |fmt: |next: )", re.MULTILINE)


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.relative_to(REPO).as_posix())
def test_every_output_a_doc_shows_is_tested(doc):
    """A block that shows a diagnostic or the summary of a command is marked `output`, and every
    place `path:line:col` the prose cites is in an output the doc tests."""
    lines = doc.read_text(encoding="utf-8").split("\n")
    marked = {step.line for step in steps(doc) if step.words[0] in {"output", "expect"}}
    outputs = "".join(step.block or "" for step in steps(doc) if step.words[0] == "output")
    i = 0
    while i < len(lines):
        block = _block_after(lines, i) if FENCE.match(lines[i]) else None
        if block is None:
            i += 1
            continue
        text, after = block
        if DIAGNOSTIC.search(text) or SHOWN_OUTPUT.search(text):
            before = next(j for j in range(i - 1, -1, -1) if lines[j].strip())
            assert before + 1 in marked, f"{doc.name}:{i + 1}: this block shows a command's output: mark it " \
                                         "<!-- example: output --> (see tests/test_doc_examples.py)"
        i = after
    for cited in re.findall(r"`([\w./-]+\.(?:yml|md):\d+:\d+)`", "\n".join(lines)):
        assert cited in outputs, f"{doc.name}: `{cited}` is cited but is in no output the doc tests"
