"""The generator end to end: load → validate → link → render → write. Knows nothing of MkDocs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_scripts.diagnostics import Report
from build_scripts.link import link
from build_scripts.load import load_all
from build_scripts.model import Archive
from build_scripts.render import render_site
from build_scripts.validate import validate
from build_scripts.write import WriteResult, write_tree

GENERATED = Path("docs/generated")


@dataclass
class Result:
    report: Report
    archive: Archive | None = None
    written: WriteResult | None = None
    pages: int = 0


def check(root: Path, on_stage: Callable[[str], None] | None = None) -> Result:
    """Load, validate and link the archive under `root`, collecting every problem.

    `on_stage`, if given, is told after each stage what it did and how long it took."""
    say = on_stage or (lambda _: None)
    report = Report()
    started = time.perf_counter()
    sources, unreadable = load_all(root, report)
    say(f"loaded {len(sources) + len(unreadable)} files, {len(unreadable)} unreadable "
        f"({time.perf_counter() - started:.2f} s)")
    started = time.perf_counter()
    validated = validate(sources, report, unreadable)
    valid = len(validated.articles) + len(validated.actors) + len(validated.claims) + len(validated.disputes)
    say(f"validated {valid} of {len(sources)} files ({time.perf_counter() - started:.2f} s)")
    started = time.perf_counter()
    archive = link(validated, report)
    say(f"linked {len(archive.articles)} articles, {len(archive.actors)} actors, {len(archive.claims)} claims, "
        f"{len(archive.disputes)} disputes ({time.perf_counter() - started:.2f} s)")
    return Result(report, archive if report.ok else None)


def generate(root: Path, out: Path | None = None) -> Result:
    """Check, then render and write the pages; on any error nothing is written."""
    result = check(root)
    if result.archive is None:
        return result
    pages = render_site(result.archive)
    result.pages = len(pages)
    result.written = write_tree(out if out is not None else root / GENERATED, pages)
    return result
