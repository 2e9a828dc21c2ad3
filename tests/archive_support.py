"""Helpers for tests that run the generator on a temporary copy of a fixture archive.

Each test copies a fixture, plants one mistake with `replace`/`append`/`write`, runs
`pipeline.check` and looks at the report. Expected lines are found with `line_of` in the file
as edited, so an assertion names the exact line without hard-coding the fixture's layout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_scripts import pipeline
from build_scripts.diagnostics import Diagnostic

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SMALL = TESTS / "fixtures" / "small"
# The repository address the site is built with when edit links are under test.
REPO_URL = "https://example.invalid/repo"

# Paths of the small fixture, relative to its root.
MINISTRY_ARTICLE = "articles/ministry-reports-attack.md"
MONITOR_ARTICLE = "articles/monitor-says-no-attack.md"
MINISTRY_CLAIMS = "annotations/claims/ministry-reports-attack.yml"
MONITOR_CLAIMS = "annotations/claims/monitor-says-no-attack.yml"
DISPUTE = "annotations/disputes/thursday-attack.yml"
MINISTRY_ACTOR = "annotations/actors/example-ministry-of-defense.yml"
OBSERVATORY_ACTOR = "annotations/actors/example-observatory.yml"
REBEL_ACTOR = "annotations/actors/rebel-front.yml"


def copy_archive(dest: Path, source: Path = SMALL) -> Path:
    """A writable copy of a fixture archive (articles/ and annotations/) at `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("articles", "annotations"):
        shutil.copytree(source / folder, dest / folder, dirs_exist_ok=True)
    return dest


def copy_in_order(dest: Path, source: Path = SMALL, reverse: bool = False) -> Path:
    """Like `copy_archive`, but creating the files one by one in sorted or reversed order, so
    that directory order differs between two copies (for determinism tests)."""
    files = sorted(p for folder in ("articles", "annotations") for p in (source / folder).rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old`; fails loudly if the fixture no longer has it."""
    text = read(root, rel)
    assert text.count(old) == 1, f"{rel}: expected exactly one {old!r} to replace, found {text.count(old)}"
    write(root, rel, text.replace(old, new))


DISPUTE_QUESTION = "Did an attack on government forces take place on Thursday?"


def set_dispute_question(root: Path, question: str) -> None:
    """Give the small fixture's dispute another question (any text: written as a JSON string,
    which YAML reads back exactly)."""
    replace(root, DISPUTE, f"question: {json.dumps(DISPUTE_QUESTION)}", f"question: {json.dumps(question)}")


def append(root: Path, rel: str, extra: str) -> None:
    text = read(root, rel)
    write(root, rel, text + extra)


def line_of(root: Path, rel: str, needle: str) -> int:
    """The 1-based number of the one line of `rel` that contains `needle`."""
    lines = [i for i, line in enumerate(read(root, rel).split("\n"), 1) if needle in line]
    assert len(lines) == 1, f"{rel}: {needle!r} is on lines {lines}, expected exactly one"
    return lines[0]


def check(root: Path) -> pipeline.Result:
    return pipeline.check(root)


def linked_archive(root: Path):
    """The linked archive under `root`, which must check without errors."""
    result = pipeline.check(root)
    assert result.archive is not None, result.report.format()
    return result.archive


def page_url(rel: str) -> str:
    """The site address of a generated file: `claims/index.md` → `claims/`, `claims/x.md` →
    `claims/x/`; a file published as it is keeps its path."""
    if rel.endswith("index.md"):
        return rel[: -len("index.md")]
    return rel[: -len(".md")] + "/" if rel.endswith(".md") else rel


def listing_files(pages: dict[str, str], first: str, base: str) -> list[str]:
    """The files of every page of one paginated listing (render/paging.py), page 1 first."""
    more = sorted((rel for rel in pages if rel.startswith(f"{base}page/")),
                  key=lambda rel: int(rel.rsplit("/", 1)[1][:-3]))
    return [first, *more]


def errors(result: pipeline.Result) -> list[Diagnostic]:
    return [d for d in result.report.sorted() if d.severity == "error"]


def only(result: pipeline.Result, code: str) -> Diagnostic:
    """The single diagnostic with `code`; fails showing the whole report otherwise."""
    found = [d for d in result.report.sorted() if d.code == code]
    assert len(found) == 1, f"expected one {code}, got:\n{result.report.format()}"
    return found[0]


def where(d: Diagnostic) -> tuple[str, int]:
    return d.position.path, d.position.line


# A claim of an unnamed source ("Local sources", relayed by the observatory) with a stated date
# resting on knowledge from outside the text, exclusive bounds and an outside fact, and a claim in
# the article's own voice: the issue 13 cases, shared by the trust and export tests.
UNNAMED_SOURCE_CLAIMS = """
  - id: local-sources-fighters-killed
    quote: "more than 12 and fewer than 20 fighters were killed"
    claimant: null
    unnamed_source: "Local sources"
    role: reports
    reported_by: [example-observatory]
    stated_date:
      date: "2020-01"
      basis: "'last month', in a text of February 2020"
      outside: "The month the observatory's report came out, from its own archive"
    figures:
      - measure: killed
        unit: fighters
        victims: non-state-fighters
        min: 12
        min_exclusive: true
        max: 20
        max_exclusive: true
    status: unverified
    outside_facts:
      - fact: "The observatory's own report gives 14 killed."
        source: "Example Observatory, monthly report, January 2020"
  - id: monitor-air-strikes-recorded
    quote: "about 400 air strikes were recorded"
    claimant: null
    role: asserts
    status: unverified
"""
OUTSIDE_DATE_BASIS = "The month the observatory's report came out, from its own archive"
OUTSIDE_FACT = ("The observatory's own report gives 14 killed.", "Example Observatory, monthly report, January 2020")


def add_unnamed_source_claims(root: Path) -> None:
    """Add `UNNAMED_SOURCE_CLAIMS`, and the sentence they quote, to the monitor's article."""
    replace(root, MONITOR_ARTICLE, "were recorded.\n",
            "were recorded. Local sources said more than 12 and fewer than 20 fighters were killed.\n")
    append(root, MONITOR_CLAIMS, UNNAMED_SOURCE_CLAIMS.lstrip("\n"))
