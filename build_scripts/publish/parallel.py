"""Parallel page building: once MkDocs has built the navigation, the site's pages are built in
worker processes (workers.py), one per core unless `extra: archive_build_jobs`
(ARCHIVE_BUILD_JOBS) says otherwise.

MkDocs 1.6 builds a site in two passes over its pages: `_populate_page` reads and converts
each page (`on_pre_page`, `on_page_markdown`, Python-Markdown, `on_page_content`), then, after
`on_env`, the static files and the theme's templates, `_build_page` renders each one
(`on_page_context`, the theme's template, `on_post_page`) and writes it. `ParallelPages.install`
wraps those two functions of `mkdocs.commands.build` for one build (ProperDocs' module is the
same code, and answers that import). In the first pass the main process reads and converts
only the pages of the navigation, whose titles and metadata every page's menu shows; at the
first page of the second pass everything a page needs exists (those pages, the navigation, the
Jinja environment with its templates compiled by the theme's own templates), and the workers
are forked. Each runs the same two functions, with every plugin event, for its share of the
pages (the first only for pages outside the navigation), and sends back what the main process
needs of each page; the main process, at that page's place in its own pass, takes it:

- the search entries Material's search plugin made of the page, put into its index where the
  page would have put them (search/search_index.json comes out byte for byte the same);
- the page's log records, logged again here, where MkDocs prints them and `--strict` counts
  them;
- for a page outside the navigation, what the checks after the pages read: its anchors and
  its links to anchors (MkDocs' anchor validation), its title and metadata.

Every file is the same as from a build one page at a time (tests/test_parallel.py). A page
that fails in a worker fails the build with a `PluginError` naming it; the build's staging
folder is discarded then, and the published site stays (staging.py). Pages are built one at a
time, in MkDocs' own way, with 1 job, in `mkdocs serve` and `--dirty` builds (whose page
events and search index carry state from one build to the next), without `os.fork`, and with
any plugin or hook but Material's or MkDocs' search and the archive's hook, which may keep
state of their own across pages (`serial_reason`).
"""

from __future__ import annotations

import importlib
import logging
import time
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from build_scripts.publish import workers

__all__ = ["KNOWN_PLUGINS", "ParallelPages", "serial_reason", "start"]

# The classes of the plugins known to keep no state across pages that a worker's copy would
# lose, by module: each search plugin's state is its index, which is merged.
KNOWN_PLUGINS = frozenset({"material.plugins.search.plugin", "mkdocs.contrib.search", "properdocs.contrib.search"})
_BUILD_MODULE = "mkdocs.commands.build"  # under ProperDocs: its own module, by the same name


def _module_file(plugin: object) -> Path | None:
    file = getattr(plugin, "__file__", None)
    return Path(file).resolve() if isinstance(plugin, types.ModuleType) and file else None


def serial_reason(jobs: int, command: str | None, dirty: bool, plugins: Mapping[str, Any], hook: Path,
                  fork: bool | None = None) -> str | None:
    """Why this build's pages are built one at a time, or None when they can be built in
    `jobs` workers. `plugins` is MkDocs' `config.plugins` (hooks included, as modules); `hook`
    the file of the archive's hook."""
    if jobs <= 1:
        return "extra.archive_build_jobs (ARCHIVE_BUILD_JOBS) is 1"
    if command != "build":
        return f"`{command}` builds in one process (only `build` uses workers)"
    if dirty:
        return "a --dirty build carries the pages' state from one build to the next"
    if not (workers.can_fork() if fork is None else fork):
        return "this platform cannot fork processes"
    hook = hook.resolve()
    unknown = sorted(name for name, plugin in plugins.items()
                     if _module_file(plugin) != hook and type(plugin).__module__ not in KNOWN_PLUGINS)
    if unknown:
        return (f"plugins or hooks that may keep state across pages: {', '.join(unknown)} (workers build pages "
                "only with the search plugin and the archive's hook)")
    build = importlib.import_module(_BUILD_MODULE)
    if not all(callable(getattr(build, name, None)) for name in ("_populate_page", "_build_page")):
        return f"{_BUILD_MODULE} has no _populate_page and _build_page to build pages with"
    return None


def start(jobs: int, *, command: str | None, dirty: bool, config: Any, nav: Any, files: Any, hook: str | Path,
          counters: Sequence[tuple[object, tuple[str, ...]]] = (), log: logging.Logger) -> ParallelPages | None:
    """At `on_nav`: a `ParallelPages` installed for this build, or None (logged at info, with
    the reason) when its pages are built one at a time."""
    reason = serial_reason(jobs, command, dirty, config.plugins, Path(hook))
    if reason:
        log.info(f"archive: pages are built one at a time: {reason}")
        return None
    pages = ParallelPages(jobs, config, nav, files, counters, log)
    pages.install()
    return pages


class ParallelPages:
    """One build's pages, built by `jobs` workers (those of the navigation read and converted
    by the main process first)."""

    def __init__(self, jobs: int, config: Any, nav: Any, files: Any,
                 counters: Sequence[tuple[object, tuple[str, ...]]], log: logging.Logger):
        self.jobs = jobs
        self.config = config
        self.files = files
        self.counters = [(owner, names) for owner, names in counters]
        self.log = log
        self.in_nav = {page.file.src_uri for page in nav.pages}
        self.items: dict[str, int] = {}  # a worker's page: its index in `self.work_files`
        self.work_files: list[Any] = []
        self.pool: workers.Pool | None = None
        self.forked = False
        self.main_cpu_at_fork = 0.0
        self._module: Any = None
        self._originals: dict[str, Any] = {}
        self._error: type[Exception] = RuntimeError

    # --- the wrapped passes ------------------------------------------------------------------------

    def install(self) -> None:
        self._module = importlib.import_module(_BUILD_MODULE)
        self._error = importlib.import_module("mkdocs.exceptions").PluginError
        self._originals = {name: getattr(self._module, name) for name in ("_populate_page", "_build_page")}
        self._module._populate_page = self._populate_page
        self._module._build_page = self._build_page

    def uninstall(self) -> None:
        for name, function in self._originals.items():
            setattr(self._module, name, function)
        self._originals = {}

    def _populate_page(self, page, config, files, dirty=False):
        if page.file.src_uri in self.in_nav:
            return self._originals["_populate_page"](page, config, files, dirty)
        return None  # read and converted by a worker

    def _build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False):
        if not self.forked:
            self.forked = True
            self._fork(config, doc_files, nav, env)
        item = self.items.get(page.file.src_uri)
        if item is None:  # not one MkDocs listed before the pages: as MkDocs builds it
            return self._originals["_build_page"](page, config, doc_files, nav, env, dirty, excluded=excluded)
        try:
            result, records = self.pool.result(item)
        except workers.WorkerFailed as failure:
            raise self._failed(failure) from None
        workers.emit(records)
        self._take(page, result)
        return None

    # --- the workers --------------------------------------------------------------------------------

    def _search_entries(self) -> list[list]:
        """The entry lists of the search plugins' indexes (Material's `entries`, MkDocs' `_entries`)."""
        lists = []
        for plugin in self.config.plugins.values():
            index = getattr(plugin, "search_index", None)
            entries = getattr(index, "entries", getattr(index, "_entries", None))
            if isinstance(entries, list):
                lists.append(entries)
        return lists

    def _fork(self, config, doc_files, nav, env) -> None:
        """Every page is built by a worker; those outside the navigation are read and converted
        there too."""
        self.work_files = list(doc_files)
        self.items = {f.src_uri: i for i, f in enumerate(self.work_files)}
        if not self.work_files:
            return
        populate, build = self._originals["_populate_page"], self._originals["_build_page"]
        searches = self._search_entries()
        baseline = [[getattr(owner, name) for name in names] for owner, names in self.counters]

        def work(item: int) -> dict:
            file = self.work_files[item]
            page = file.page
            marks = [len(entries) for entries in searches]
            read_here = file.src_uri not in self.in_nav
            if read_here:
                populate(page, config, self.files, False)
            build(page, config, doc_files, nav, env, False, excluded=file.inclusion.is_excluded())
            found = []
            for entries, mark in zip(searches, marks, strict=True):
                found.append(entries[mark:])
                del entries[mark:]
            if not read_here:  # the main process read it: it has the rest
                return {"search": found}
            links = page.links_to_anchors
            result = {"search": found, "anchors": page.present_anchor_ids, "title": page.title, "meta": page.meta,
                      "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}}
            page.content = page.markdown = None  # this worker needs it no more
            page.toc = []
            return result

        def finish() -> list[list[Any]]:
            return [[getattr(owner, name) - base for name, base in zip(names, bases, strict=True)]
                    for (owner, names), bases in zip(self.counters, baseline, strict=True)]

        self.main_cpu_at_fork = time.process_time()
        self._searches = searches
        self.pool = workers.Pool(workers.shards(len(self.work_files), self.jobs), work, finish)

    def _take(self, page, result: dict) -> None:
        for entries, found in zip(self._searches, result["search"], strict=True):
            entries.extend(found)
        if "anchors" not in result:
            return
        page.present_anchor_ids = result["anchors"]
        links = result["links"]
        page.links_to_anchors = None if links is None else {
            self.files.get_file_from_path(uri): anchors for uri, anchors in links.items()}
        page.meta = result["meta"]
        page.title = result["title"]

    def _failed(self, failure: workers.WorkerFailed) -> Exception:
        page = self.work_files[failure.item].src_uri if 0 <= failure.item < len(self.work_files) else "(unknown)"
        if failure.trace:
            self.log.debug(f"archive: the build worker's traceback:\n{failure.trace}")
        return self._error(f"archive: building page '{page}' failed in a build worker: {failure.message}; "
                           "the published site was left as it was")

    # --- the end of the build ----------------------------------------------------------------------------

    def finish(self) -> None:
        """After the pages (`on_post_build`): the workers' ends, their counts added to `counters`."""
        try:
            if self.pool is None:
                return
            try:
                stats = self.pool.finish()
            except workers.WorkerFailed as failure:
                raise self._failed(failure) from None
            for worker in stats:
                for (owner, names), deltas in zip(self.counters, worker.final, strict=True):
                    for name, delta in zip(names, deltas, strict=True):
                        setattr(owner, name, getattr(owner, name) + delta)
            before, beside = self.main_cpu_at_fork, time.process_time() - self.main_cpu_at_fork
            each = ", ".join(f"{w.cpu_s:.1f} s" for w in stats)
            self.log.info(f"archive: {len(self.work_files)} pages built in {len(stats)} worker processes (CPU time "
                          f"{each}); the main process read the {len(self.in_nav)} pages of the navigation and did the "
                          f"rest (CPU time {before:.1f} s before the workers, {beside:.1f} s beside them)")
        finally:
            self.uninstall()

    def abort(self) -> None:
        """The build failed: ends the workers, if any, and leaves MkDocs as it was."""
        try:
            if self.pool is not None:
                self.pool.stop()
        finally:
            self.uninstall()
