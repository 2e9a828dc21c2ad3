"""Fast preview: after an edit, regenerate only the pages the edit can change.

A preview server (`mkdocs serve --dirty`, see the hook) keeps one `Preview` for its lifetime.
Its first refresh is a whole generate. After that, each refresh

1. checks the whole archive again, as strictly as ever, but with a `Memo` of the last run, so
   only the changed files are parsed and validated and only their quotes anchored again;
2. compares every input with the last good run: each file's text, and each article's name
   matches (`depends.inputs`);
3. re-renders the article, actor, claim and dispute pages that read a changed input, in the
   last run's model or in this one (`render.PagePlan.inputs`: a page that stops reading a file
   changes too), the pages of new entities, the redirect pages and the home page (which reads
   every file, `depends.home_page`); it deletes the pages of entities that are gone;
   Each map figure drawn is kept, by all it is drawn from (`mapsvg.remembering`), so a page
   re-rendered for another part of it (a place page, when a claim about an event there changes)
   does not lay its map out again; the figures kept grow only by the maps edits change;
4. writes each of those pages whose bytes changed (each atomically: a reader never sees half a
   page) and removes the generate step's no-op stamp, so the next full generate redoes all.

The trade-off: the listing pages (indexes, timeline, network), the data downloads, the feed and
the corrections log are left as the last whole generate made them (and MkDocs' sitemap as the
preview's first build made it, see the hook's `on_config`), until the next one (restart
the preview, or run `mkdocs build` / `archive build`). What the edit is about, its own pages and
every page that shows it, is current within seconds; tests/test_preview.py checks that those
pages are byte for byte what a whole generate makes. A refresh that finds errors writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts import collector, depends, fingerprint, pipeline, revisions
from build_scripts.export import DEFAULT_LICENCE, Licence
from build_scripts.memo import Memo
from build_scripts.model import Archive
from build_scripts.render import PagePlan, mapsvg
from build_scripts.write import WriteResult, inside


@dataclass
class _State:
    texts: dict[str, str]  # every input file's text
    derived: dict[str, object]  # depends.inputs
    pages: dict[str, frozenset[str]]  # entity page → the inputs it read
    redirects: set[str]  # redirect pages written


def _write_file(out: Path, rel: str, text: str) -> bool:
    """Write one page atomically if its bytes changed; whether it was written."""
    path = inside(out, rel)
    content = text.encode("utf-8")
    try:
        with open(path, "rb") as file:
            if file.read() == content:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".preview-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    return True


class Preview:
    def __init__(self, root: Path, out: Path | None = None, repo_url: str | None = None,
                 licence: Licence = DEFAULT_LICENCE):
        self.root = root
        self.repo_url = repo_url  # the repository's address, which the home page links
        self.out = out if out is not None else root / pipeline.GENERATED
        self.licence = licence  # the annotations', stated by the data page and package (pipeline.generate)
        self.memo = Memo()
        self.maps: dict = {}  # the map figures drawn so far (`mapsvg.remembering`), reused while unchanged
        self.state: _State | None = None
        self.refreshed: list[str] = []  # the pages the last refresh wrote or removed
        self.incremental = False  # whether the last refresh wrote only what changed

    def _snapshot(self, archive: Archive, plan: PagePlan) -> _State:
        return _State(dict(self.memo.texts), depends.inputs(archive), plan.all_inputs(), plan.redirect_paths())

    def refresh(self) -> pipeline.Result:
        """Check the archive and bring the pages up to date; on any error nothing is written.

        The objects alive before the refresh (the memo, the last model) are set aside from
        Python's cycle collector while it runs: its full collections would otherwise scan them
        all, again and again, for most of a second at 2,000 articles. They are handed back at
        the end, so the last model is still freed once unused."""
        with collector.frozen():
            return self._refresh()

    def _refresh(self) -> pipeline.Result:
        self.refreshed = []
        first = self.state is None
        self.incremental = False
        # The version each cite box names, read again at each refresh: a file being edited has
        # none (its text is no commit's), so its pages change with it.
        revs = revisions.read(self.root) if self.repo_url else None
        if first:
            digest, stamp = fingerprint.unchanged(self.root, self.out, repo_url=self.repo_url,
                                                  settings=pipeline.settings(self.licence, revs))
        result = pipeline.check(self.root, memo=self.memo)
        archive = result.archive
        if archive is None:
            return result
        plan = PagePlan(archive, repo_url=self.repo_url, licence=self.licence, revisions=revs)
        new = self._snapshot(archive, plan)
        if first:
            if stamp is None:  # the output is not known to match: write it all
                self.maps = {}
                with mapsvg.remembering(self.maps):  # in this process, to keep the figures drawn
                    pipeline.write_all(result, self.out, digest, plan, jobs=1)
            else:
                result.written, result.pages = WriteResult(0, stamp.pages, 0), stamp.pages
            self.state = new
            return result
        old = self.state
        self.incremental = True
        changed = {p for p in old.texts.keys() | new.texts.keys() if old.texts.get(p) != new.texts.get(p)}
        changed |= {k for k in old.derived.keys() | new.derived.keys() if old.derived.get(k) != new.derived.get(k)}
        if not changed:
            self.state = new
            result.written = WriteResult(0, 0, 0)
            return result
        wanted = {rel for rel, keys in new.pages.items()
                  if rel not in old.pages or not keys.isdisjoint(changed) or not old.pages[rel].isdisjoint(changed)}
        gone = sorted((old.pages.keys() - new.pages.keys()) | (old.redirects - new.redirects))
        fingerprint.stamp_path(self.out).unlink(missing_ok=True)  # the next whole generate redoes everything
        written = unchanged = 0
        with mapsvg.remembering(self.maps):
            for rel, text in plan.pages(wanted):
                if _write_file(self.out, rel, text):
                    written += 1
                    self.refreshed.append(rel)
                else:
                    unchanged += 1
        for rel in gone:
            try:
                os.unlink(inside(self.out, rel))
                self.refreshed.append(rel)
            except FileNotFoundError:
                pass
        self.state = new
        result.written = WriteResult(written, unchanged, len(gone))
        result.pages = written + unchanged
        return result


__all__ = ["Preview"]
