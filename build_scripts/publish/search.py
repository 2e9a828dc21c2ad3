"""Site search: `extra: archive_search:` in mkdocs.yml (read in `options`).

"material" (the default) is the theme's lunr search, whose whole index every reader downloads
before the first result. "pagefind" is for large archives: Pagefind indexes the finished site
into chunks that a search loads on demand, and the templates in overrides/search-pagefind/
(used only then) put its search box in the header and mark what it indexes. Pagefind is an
optional extra of the archive (pyproject.toml): a site that asks for it without it installed
fails at once, saying how to install it, rather than after the whole build.

At scale (issue 16) the site is indexed in bounded runs (`index_site`), each one Pagefind process
writing a bundle of its own, so that Pagefind's memory depends on the pages of one run, not on the
archive's size. A first query searches pagefind/ only: the kinds of page that fit one run whole
(`FIRST_KINDS`), never the claims (most of a large archive's pages); the search box merges the
other bundles when the reader asks for their kinds or for more results, so that a first query
downloads the metadata of pagefind/'s pages only. Page furniture (`FURNITURE`: the citation box,
vocabulary glosses, drawings and lists of other records) is left out of the index: it repeats the
same words on every page, or another page's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from build_scripts import kinds
from build_scripts.publish import PublishError

__all__ = ["BUNDLES_FILE", "CLAIM_PAGES_PER_RUN", "FIRST_KINDS", "FURNITURE", "KINDS", "MAIN_PAGES_PER_RUN",
           "PAGEFIND_TEMPLATES", "Bundle", "Run", "SearchEngine", "index_site", "page_kind", "plan_bundles",
           "require_pagefind", "run_pagefind", "search_kind", "use_pagefind"]

SearchEngine = Literal["material", "pagefind"]
PAGEFIND_TEMPLATES = "search-pagefind"  # under the theme's custom_dir

# Entity pages, by folder (each kind's section): searchable and filterable by kind. The listing
# pages of those folders, the timeline, the network and the map only repeat what the entity pages
# say: not indexed.
KINDS = {kind.section: kind.name for kind in kinds.KINDS}
_LISTINGS = ("timeline", "network", "map")

# Pages per Pagefind run, each run one bundle: Pagefind's memory grows with a run's pages (measured,
# benchmarks/results.md: 1.2 GB for 4,075 main pages of a real site, 1.2-1.5 GB for 16,000-20,000
# claim pages, which are short), so each run stays under 2 GB whatever the archive's size.
# `extra: archive_search_pages_per_run` sets both (the tests use a few pages, to have several bundles).
MAIN_PAGES_PER_RUN = 5_000
CLAIM_PAGES_PER_RUN = 20_000
# What is not indexed in an indexed page (CSS selectors, as Pagefind's `--exclude-selectors`):
# the citation box, the vocabularies' glosses of a status or role, the reading notes and the
# highlight legend of an article, the network and map drawings (other records' names, twice),
# and the lists and tables of other records (an actor's claims, an article's actors and places…),
# whose own pages are indexed.
FURNITURE = (".cite-box", ".definition", ".reading-note", ".highlight-switch", ".index-intro", ".network-figure",
             ".map-figure", ".map-intro", ".map-list", ".see-also", ".table-wrap", ".inline-list")
BUNDLES_FILE = "bundles.json"  # in the first bundle: the other bundles, for the search box


def search_kind(src_uri: str) -> str | None:
    """What Pagefind records of a page: its kind ("article", "actor", "claim", "dispute"), ""
    for a page indexed without a kind (home, methodology, data…), None for one not indexed."""
    parts = src_uri.removesuffix(".md").split("/")
    if parts[0] in KINDS:
        return KINDS[parts[0]] if len(parts) == 2 and parts[1] != "index" else None
    return None if parts[0] in _LISTINGS else ""


def require_pagefind() -> None:
    """Pagefind, the optional extra, is installed in this Python with its binary, or a
    `PublishError` says how to install it."""
    how = ("install the archive's `pagefind` extra: `pip install -e '.[pagefind]'` in the repository "
           "(scripts/setup installs it with the test tools, from requirements-dev.lock), or choose "
           "`archive_search: material`")
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise PublishError(f"extra.archive_search: pagefind, but Pagefind is not installed in {sys.executable}: "
                           f"{how}") from None
    if get_executable() is None:
        raise PublishError(f"extra.archive_search: pagefind, but Pagefind's program is missing in "
                           f"{sys.executable} (the Python package is installed without its `bin` extra): {how}")


def use_pagefind(plugins: Mapping[str, Any], theme: Any) -> None:
    """Switch MkDocs' configuration (its `plugins` and `theme`) to Pagefind, which must be
    installed (`require_pagefind`). Material's search plugin stays loaded but disabled: it writes
    no index, and the theme shows no search box of its own; the Pagefind templates go in front of
    the theme's."""
    require_pagefind()
    for name in ("material/search", "search"):
        if name in plugins and hasattr(plugins[name].config, "enabled"):
            plugins[name].config.enabled = False
    if not theme.custom_dir:
        raise PublishError("extra.archive_search: pagefind needs theme.custom_dir (overrides/)")
    templates = str(Path(theme.custom_dir) / PAGEFIND_TEMPLATES)
    if templates not in theme.dirs:
        theme.dirs.insert(0, templates)


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run's pages and where its bundle goes: `folder`, under the site; `kinds`, the
    kinds of its pages (`search_kind`'s names, "" for pages without a kind). pagefind/ is the
    bundle every query searches; the search box merges each other one when the reader asks for
    more results or picks one of its kinds."""

    folder: str
    kinds: tuple[str, ...]
    pages: tuple[str, ...]  # paths of the pages' HTML files, from the site's root

    @property
    def first(self) -> bool:
        return self.folder == "pagefind"


@dataclass(frozen=True)
class Run:
    """What one Pagefind run did: its bundle, the pages it indexed, its peak memory (resident,
    of the Pagefind process) and its time."""

    bundle: Bundle
    indexed: int
    peak_bytes: int
    seconds: float


# Which kinds a first query searches, in order of priority: each whole kind, as long as the
# pages fit one run (so one bundle, whose metadata a first query downloads whole). Claims are
# never searched first: they are most of a large archive's pages.
FIRST_KINDS = ("", "article", "dispute", "actor", "event", "place")
_CLAIM = KINDS["claims"]


def page_kind(html_path: str) -> str | None:
    """`search_kind` of a page of the site by its file's path ("claims/x/index.html")."""
    if not html_path.endswith(".html"):
        return None
    stem = html_path.removesuffix("index.html").removesuffix(".html").rstrip("/") or "index"
    return search_kind(stem + ".md")


def plan_bundles(pages: Iterable[str], main_per_run: int = MAIN_PAGES_PER_RUN,
                 claims_per_run: int = CLAIM_PAGES_PER_RUN) -> list[Bundle]:
    """The Pagefind runs for the site's HTML files `pages` (paths from the site's root): first
    pagefind/, the kinds a first query searches (`FIRST_KINDS`, whole kinds as long as they fit
    `main_per_run` pages); then pagefind-more-N/, the other pages but claims, by kind, and
    pagefind-claims-N/, the claim pages, each at most so many pages (`claims_per_run` for claims)."""
    by_kind: dict[str, list[str]] = {}
    for path in sorted(pages):
        kind = page_kind(path)
        if kind is not None:
            by_kind.setdefault(kind, []).append(path)
    first: list[str] = []
    first_kinds = []
    for kind in FIRST_KINDS:
        if kind in by_kind and len(first) + len(by_kind[kind]) <= main_per_run:
            first += by_kind[kind]
            first_kinds.append(kind)
    bundles = [Bundle("pagefind", tuple(first_kinds), tuple(first))]
    order = [k for k in FIRST_KINDS if k not in first_kinds] + sorted(set(by_kind) - {*FIRST_KINDS, _CLAIM})
    for name, names, per_run in (("more", [k for k in order if k in by_kind], main_per_run),
                                 ("claims", [_CLAIM] if _CLAIM in by_kind else [], claims_per_run)):
        members = [(kind, path) for kind in names for path in by_kind[kind]]
        for n, start in enumerate(range(0, len(members), per_run), start=1):
            run = members[start:start + per_run]
            bundles.append(Bundle(f"pagefind-{name}-{n}", tuple(dict.fromkeys(k for k, _ in run)),
                                  tuple(p for _, p in run)))
    return bundles


def _executable() -> str:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PublishError("archive: Pagefind's program is missing (install the archive's `pagefind` extra)")
    return str(binary)


def _run_once(site: Path, bundle: Bundle, work: Path) -> Run:
    """Index `bundle`'s pages alone: they are linked into `work` (a folder beside the site, on the
    same disk) in their places, and Pagefind reads that folder and writes into the site."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    for page in bundle.pages:
        target = work / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(site / page, target)
    if not bundle.pages:  # pagefind/ of a site of claims only: Pagefind still writes its script
        (work / "index.html").write_text("<!doctype html><html><body></body></html>", encoding="utf-8")
    output = site / bundle.folder
    command = [_executable(), "--site", str(work), "--output-path", str(output)]
    for selector in FURNITURE:
        command += ["--exclude-selectors", selector]
    started = time.perf_counter()
    with (work.parent / "pagefind.log").open("w+", encoding="utf-8") as out:
        try:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        except OSError as error:
            raise PublishError(f"archive: Pagefind could not run ({error})") from error
        peak = _watch(process, time.monotonic() + 3600)
        out.seek(0)
        text = out.read()
    seconds = time.perf_counter() - started
    if process.returncode != 0 or not (output / "pagefind.js").is_file():
        raise PublishError(f"archive: Pagefind failed (exit {process.returncode}) on {bundle.folder}/:\n"
                           f"{text.strip()[-2000:]}")
    indexed = re.search(r"Indexed (\d+) pages", text)
    return Run(bundle, int(indexed.group(1)) if indexed else 0, peak, seconds)


def _watch(process: subprocess.Popen, deadline: float) -> int:
    """Wait for `process` (killed at `deadline`) and return Pagefind's peak resident memory in
    bytes, sampled from /proc, more and more sparsely up to every 0.1 s, once the process runs
    Pagefind (before its exec it is a copy of this process; the kernel's own figure for a child,
    wait4's, counts this process's memory too, for that reason); 0 where /proc is not there."""
    peak = 0
    status = Path(f"/proc/{process.pid}/status")
    pause = 0.005
    while process.poll() is None:
        try:
            text = status.read_text(encoding="utf-8", errors="replace")
            hwm = re.search(r"VmHWM:\s+(\d+) kB", text)
            if hwm and re.search(r"^Name:\s*pagefind", text, re.MULTILINE):
                peak = max(peak, int(hwm.group(1)) * 1024)
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    return peak


def index_site(site: Path, per_run: int | None = None,
               progress: Callable[[Run], None] | None = None) -> list[Run]:
    """Index the built `site` with Pagefind in bounded runs (`plan_bundles`; `per_run` pages at
    most in each, else the defaults), one after the other so that only one runs at a time, and
    write the list of bundles into the first one (`BUNDLES_FILE`) for the search box. Any failure
    is a `PublishError`, which fails the build."""
    for old in site.glob("pagefind*"):  # bundles of an earlier run in the same folder (serve)
        if old.is_dir() and re.fullmatch(r"pagefind(-(more|claims)-\d+)?", old.name):
            shutil.rmtree(old)
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    sizes = (per_run, per_run) if per_run else (MAIN_PAGES_PER_RUN, CLAIM_PAGES_PER_RUN)
    bundles = plan_bundles(pages, *sizes)
    runs = []
    work = Path(tempfile.mkdtemp(prefix=".pagefind-run-", dir=site.parent))
    try:
        for bundle in bundles:
            runs.append(_run_once(site, bundle, work / "site"))
            if progress:
                progress(runs[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    listing = {"first": list(bundles[0].kinds),
               "more": [{"folder": b.folder + "/", "kinds": list(b.kinds)} for b in bundles[1:]]}
    (site / "pagefind" / BUNDLES_FILE).write_text(json.dumps(listing, sort_keys=True) + "\n", encoding="utf-8")
    return runs


def run_pagefind(site: Path, per_run: int | None = None, log: Callable[[str], None] | None = None) -> str:
    """Index the built `site` (`index_site`), logging each run with its peak memory through `log`,
    and say how many pages in how many bundles."""

    def report(run: Run) -> None:
        if log:
            log(f"archive: Pagefind indexed {run.indexed} pages into {run.bundle.folder}/ in {run.seconds:.1f} s, "
                f"peak memory {run.peak_bytes / 1e6:,.0f} MB")

    runs = index_site(site, per_run, report)
    first = ", ".join(k or "other pages" for k in runs[0].bundle.kinds) or "none"
    return (f"Pagefind indexed {sum(r.indexed for r in runs)} pages in {len(runs)} bundles (searched first: {first}; "
            f"the other {len(runs) - 1} merged on demand); largest run's peak memory "
            f"{max(r.peak_bytes for r in runs) / 1e6:,.0f} MB")
