"""The generator end to end: load → validate → link → render → write. Knows nothing of MkDocs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_scripts import collector, fingerprint, fork, revisions
from build_scripts.export import DEFAULT_LICENCE, Licence
from build_scripts.diagnostics import Report
from build_scripts.kinds import KINDS
from build_scripts.link import link
from build_scripts.load import load_all
from build_scripts.memo import Memo
from build_scripts.model import Archive
from build_scripts.render import PagePlan, iter_downloads, iter_site, templating
from build_scripts.revisions import Revisions
from build_scripts.validate import validate
from build_scripts.write import WriteResult, write_parallel, write_tree

# Outside docs/ on purpose: the hook adds these files to MkDocs' own, and `mkdocs serve`, which
# watches docs/, is not woken by the generator's writes (one save, one rebuild).
GENERATED = Path("generated")


@dataclass
class Result:
    report: Report
    archive: Archive | None = None
    written: WriteResult | None = None
    pages: int = 0


def check(root: Path, on_stage: Callable[[str], None] | None = None, memo: Memo | None = None) -> Result:
    """Load, validate and link the archive under `root`, collecting every problem.

    `on_stage`, if given, is told after each stage what it did and how long it took. A `memo`
    kept from the previous run (a preview server's) skips the work on unchanged texts."""
    say = on_stage or (lambda _: None)
    report = Report()
    if memo is not None:
        memo.begin()
    started = time.perf_counter()
    sources, unreadable = load_all(root, report, memo)
    say(f"loaded {len(sources) + len(unreadable)} files, {len(unreadable)} unreadable "
        f"({time.perf_counter() - started:.2f} s)")
    started = time.perf_counter()
    validated = validate(sources, report, unreadable, memo)
    files, sources = len(sources), None  # the files that failed are not needed any more
    valid = 0
    for kind in KINDS:
        for item in getattr(validated, kind.section):  # the typed record replaces the parsed YAML, which is dropped
            item.source.data = None
            valid += 1
    say(f"validated {valid} of {files} files ({time.perf_counter() - started:.2f} s)")
    started = time.perf_counter()
    archive = link(validated, report, memo)
    if memo is not None:
        memo.end()
    say(f"linked {archive.counts()} ({time.perf_counter() - started:.2f} s)")
    return Result(report, archive if report.ok else None)


def _release_sources(archive: Archive) -> None:
    """Drop what only the checks needed: each file's YAML text (the positions of its values
    are read from it, for diagnostics) and each article's normalised text (quotes are anchored
    in it). Rendering reads the validated model and a source's path, never these. (The parsed
    YAML itself is dropped by `check` once the typed records are made.)"""
    sources = {id(item.source): item.source for kind in KINDS for item in getattr(archive, kind.section).values()}
    for source in sources.values():
        source.release()
    for article in archive.articles.values():
        article.norm = None  # the normalised text, for anchoring quotes


def generate(root: Path, out: Path | None = None, force: bool = False, site_url: str | None = None,
             repo_url: str | None = None, licence: Licence = DEFAULT_LICENCE, jobs: int | None = None) -> Result:
    """Check, then render and write the pages; on any error nothing is written.

    When neither the archive, the generator, the addresses nor the output changed since the last
    successful run (see `fingerprint`), nothing is done at all: the result repeats that run's
    warnings and page count, with nothing written. `force` does the whole work regardless.
    `site_url` is the site's public address, checked and ending in '/' (publish.options), if
    known: the pages then name their full address; `repo_url` the repository's, which the home
    page links (see `render.PagePlan`); `licence` is the annotations' (mkdocs.yml,
    publish.options), stated on the data page and in the data package. With `repo_url`, the
    repository's history gives the version each cite box names (`revisions`): a commit that
    changes a record's file changes its page. `jobs` is the number of processes that render and
    write the pages (`write_all`)."""
    out = out if out is not None else root / GENERATED
    revs = revisions.read(root) if repo_url else None
    digest, stamp = fingerprint.unchanged(root, out, site_url, repo_url, settings(licence, revs))
    if stamp is not None and not force:
        return Result(stamp.report(), None, WriteResult(0, stamp.pages, 0), stamp.pages)
    result = check(root)
    if result.archive is None:
        return result
    _release_sources(result.archive)
    write_all(result, out, digest, site_url=site_url, repo_url=repo_url, licence=licence, revisions=revs,
              jobs=jobs)
    return result


def settings(licence: Licence, revs: Revisions | None) -> str:
    """What the no-op stamp records of the options that are neither addresses nor files: the
    licence, and the revisions the cite boxes name."""
    return repr(licence) + (f" revisions {revs.digest()}" if revs is not None else "")


def write_all(result: Result, out: Path, digest: str, plan: PagePlan | None = None,
              site_url: str | None = None, repo_url: str | None = None,
              licence: Licence = DEFAULT_LICENCE, revisions: Revisions | None = None,
              jobs: int | None = None) -> None:
    """Write every generated file of `result.archive` to `out` and stamp it as `digest`; `plan`,
    the archive's page plan if one is made already (the preview's first refresh), else one
    made for `site_url`, `repo_url`, `licence` and `revisions`.

    `jobs` processes render and write the pages (`fork.jobs`: by default ARCHIVE_BUILD_JOBS,
    else one per core), each its share of them (`PagePlan.pages`), forked once the plan is made,
    so that each starts with the linked model, while this one writes the data downloads; with
    one, this process does it all. The files are the same either way, byte for byte."""
    count = 0
    plan = plan if plan is not None else PagePlan(result.archive, site_url, repo_url, licence, revisions)
    jobs = fork.jobs(jobs)

    def counted():
        nonlocal count
        for entry in iter_site(result.archive, plan):
            count += 1
            yield entry

    # The linked archive lives until the last page is written: frozen, the garbage collector's
    # full collections during rendering do not walk its hundreds of thousands of objects again
    # (about 0.3 s at 2,000 articles); nor, in a worker, touch them and so copy the pages of
    # memory they are on. Unfrozen after, so that a preview can free it.
    if jobs > 1:  # work every worker would otherwise repeat, done once before they are forked
        plan.planned()  # what the listings share: the timeline's items, the feed
        templating.compile_all()
    with collector.frozen():
        if jobs > 1:
            result.written = write_parallel(out, lambda k, n: plan.pages(share=(k, n)), jobs,
                                            own=iter_downloads(result.archive, plan))
            count = result.written.written + result.written.unchanged
        else:
            result.written = write_tree(out, counted())
    result.pages = count
    fingerprint.save(out, digest, count, result.report)


__all__ = ["GENERATED", "Result", "check", "generate", "write_all"]
