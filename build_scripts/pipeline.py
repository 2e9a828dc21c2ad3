"""The generator end to end: load → validate → link → render → write. Knows nothing of MkDocs."""

from __future__ import annotations

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


def check(root: Path) -> Result:
    """Load, validate and link the archive under `root`, collecting every problem."""
    report = Report()
    sources, unreadable = load_all(root, report)
    archive = link(validate(sources, report, unreadable), report)
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
