"""Stage 4, render: pure functions from the linked model to Markdown page sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from build_scripts import depends, export, kinds
from build_scripts.revisions import Revisions
from build_scripts.kinds import Kind
from build_scripts.model import Archive
from build_scripts.render import (actor, archive_map, article, cite, claim, corrections, dispute, event, feed, home,
                                 indexes, methodology, network, place, redirects, timeline)


Plan = list[tuple[str, Callable[[], str]]]


def _record_pages(kind: Kind, record, archive: Archive) -> list[tuple[str, object]]:
    """The pages of one record: its own page, planned as the record itself (`_render` renders
    it: nothing is made per record), and, for an actor, the pages of its long lists, planned as
    functions. A new kind of record gets its renderer in `_render`."""
    path = kind.page(record.id)
    if not getattr(record, "has_page", True):  # a commenter with no claim
        return []
    if kind is kinds.ACTOR:
        return [(path, record), *actor.planned(record, archive)]
    if kind in (kinds.ARTICLE, kinds.CLAIM, kinds.DISPUTE, kinds.PLACE, kinds.EVENT):
        return [(path, record)]
    raise ValueError(f"no renderer for the kind {kind.name!r}")


class PagePlan:
    """Every page generated from one archive: where it goes, how it is rendered, whose it is
    and what it reads.

    The pages of the records (each article, actor, claim and dispute, and an actor's list pages)
    are planned at once, cheaply: nothing is rendered until asked for. So is the home page, which
    shows a few records of every kind and the archive's counts: the fast preview refreshes it
    with the record pages (its inputs are every file). The listing pages (the indexes, timeline,
    network, map, data page, corrections log and feed) only when `paths` or `pages` need them, since
    the fast preview never does. What a page of the plan reads, its inputs, is worked out by
    `depends` on the first `inputs` call.

    `site_url` is the site's public address (checked, ending in '/'), when it is known: the cite
    boxes then give each page's full address, and the feed's links are absolute. Without it the
    pages name no address but their own path. `repo_url` is the repository's public address
    (ARCHIVE_REPO_URL), when it is known: the home page then links its contributors' guide.
    `licence` is the annotations' licence, which the data page and the data package state.
    `revisions`, the last commit of each contributor file (`build_scripts.revisions`), when the
    history is known: with `repo_url`, the cite boxes of articles, claims, disputes and events give
    the version cited and link the record's file as it was then."""

    def __init__(self, archive: Archive, site_url: str | None = None, repo_url: str | None = None,
                 licence: export.Licence = export.DEFAULT_LICENCE, revisions: Revisions | None = None):
        self.archive = archive
        self.site_url = site_url
        self.repo_url = repo_url
        self.licence = licence
        self.revisions = revisions if repo_url else None
        self._items: list[timeline.Item] | None = None  # the timeline's, once the listings are planned
        self._on_timeline: set[str] | None = None
        self._records: dict[str, object] = {}  # page → its record, or the function that renders it
        self._listed: dict[str, tuple[str, str]] = {}  # an actor's list page → (kind name, record id)
        for kind in kinds.KINDS:
            for record in getattr(archive, kind.section).values():
                for path, render in _record_pages(kind, record, archive):
                    self._records[path] = render
                    if render is not record:
                        self._listed[path] = (kind.name, record.id)
        self._redirects: Plan = redirects.planned(archive)
        # Pages that are no record's but that the preview keeps current: path → renderer.
        self._summaries: dict[str, Callable[[], str]] = {home.PATH: lambda: home.render(archive, repo_url)}
        self._inputs: dict[tuple[str, str], frozenset[str]] | None = None
        self._summary_inputs: frozenset[str] | None = None
        self._planned: list[tuple[str, object]] | None = None

    def _render(self, entry) -> str:
        """A planned page: a record's own page, or a function that renders a page."""
        kind = getattr(entry, "kind", None)
        if kind is kinds.ARTICLE:
            return article.render(entry, self.archive, self.site_url, self._version(entry.source.path))
        if kind is kinds.ACTOR:
            return actor.render(entry, self.archive, entry.id in self.on_timeline)
        if kind is kinds.CLAIM:
            return claim.render(entry, self.site_url, self._version(entry.source.path))
        if kind is kinds.DISPUTE:
            return dispute.render(entry, self.site_url, self._version(entry.source.path))
        if kind is kinds.PLACE:
            return place.render(entry, self.archive)
        if kind is kinds.EVENT:
            return event.render(entry, self.archive, self.site_url, self._version(entry.source.path))
        return entry()

    def _version(self, path: str) -> cite.Version | None:
        """The version of the file at `path` (from the archive root) that the pages show, with its
        address in the repository: GitHub's and GitLab's form, <repository>/blob/<commit>/<path>."""
        revision = self.revisions.of(path) if self.revisions is not None else None
        if revision is None:
            return None
        repo_path = self.revisions.repo_path(path)
        return cite.Version(revision.date, revision.commit,
                            f"{self.repo_url.rstrip('/')}/blob/{revision.commit}/{repo_path}", repo_path)

    def _owner(self, path: str) -> tuple[str, str]:
        """(kind name, record id) of the record whose page `path` is."""
        if path in self._listed:
            return self._listed[path]
        record = self._records[path]
        return record.kind.name, record.id

    @property
    def on_timeline(self) -> set[str]:
        """The ids of the actors some timeline item involves (their pages link the timeline):
        from the timeline's items when the listings are planned, else worked out without them."""
        if self._on_timeline is None:
            if self._items is not None:
                self._on_timeline = set().union(*(item.actors for item in self._items)) if self._items else set()
            else:
                self._on_timeline = timeline.actors_on_timeline(self.archive)
        return self._on_timeline

    def _listings(self) -> Plan:
        """The pages that list or count records of every kind. Work shared by many pages is
        done once here: the timeline's items (every article and claim)."""
        archive = self.archive
        items = self._items = timeline.items(archive)
        plan: Plan = [
            ("data/index.md", lambda: indexes.data(archive, self.licence)),
            ("methodology.md", methodology.render),
            ("corrections.md", lambda: corrections.render(archive)),
            (archive_map.PATH, lambda: archive_map.render(archive)),
        ]
        plan += indexes.planned(archive)
        plan += timeline.planned(archive, items)
        plan += network.planned(archive)
        atom = feed.render(archive, self.site_url)
        if atom is not None:
            plan.append((feed.PATH, lambda: atom))
        return plan

    def record_paths(self) -> set[str]:
        """The pages of the records."""
        return set(self._records)

    def redirect_paths(self) -> set[str]:
        """The redirect pages of renamed ids (`redirects`)."""
        return {path for path, _ in self._redirects}

    def paths_of(self, kind: str, ident: str) -> list[str]:
        """The pages of the record `ident` of kind `kind` ("claim", …), in path order."""
        return sorted(path for path in self._records if self._owner(path) == (kind, ident))

    def summary_paths(self) -> set[str]:
        """The pages that sum up the archive and that the fast preview keeps current (the home page)."""
        return set(self._summaries)

    def inputs(self, path: str) -> frozenset[str]:
        """What the record page or summary page at `path` reads: the files (and derived facts,
        see `depends`) its content comes from. A listing page reads everything and is not asked."""
        if path in self._summaries:
            if self._summary_inputs is None:
                self._summary_inputs = depends.home_page(self.archive)
            return self._summary_inputs
        if self._inputs is None:
            self._inputs = depends.record_inputs(self.archive)
        return self._inputs[self._owner(path)]

    def all_inputs(self) -> dict[str, frozenset[str]]:
        """`inputs` of every record page and summary page, by path."""
        return {path: self.inputs(path) for path in [*self._records, *self._summaries]}

    def planned(self) -> list[tuple[str, object]]:
        """Every page, in path order, as (path, what `_render` renders): made once, with the
        work the listings share, so that worker processes forked after it only render."""
        if self._planned is None:
            plan = [*self._redirects, *self._records.items(), *self._summaries.items(), *self._listings()]
            plan.sort(key=lambda entry: entry[0])
            self.on_timeline  # noqa: B018 - worked out once here, not by each worker
            self._planned = plan
        return self._planned

    def pages(self, paths: set[str] | None = None, share: tuple[int, int] = (0, 1)) -> Iterator[tuple[str, str]]:
        """Each page as (path, text), rendered one at a time, in path order: all of them, or
        the record and summary pages at `paths` with every redirect page (a handful, from former
        ids), which is what a preview re-renders after an edit. `share` (k, n): of all the
        pages, only every n-th from the k-th, the share of worker k of n (`pipeline.write_all`)."""
        if paths is None:
            k, n = share
            plan = self.planned()[k::n]
        else:
            plan = list(self._redirects)
            plan += [(path, self._summaries.get(path) or self._records[path]) for path in sorted(paths)]
            plan.sort(key=lambda entry: entry[0])
        for path, render in plan:
            yield path, self._render(render)


def iter_site(archive: Archive, plan: PagePlan | None = None, site_url: str | None = None,
              repo_url: str | None = None, licence: export.Licence = export.DEFAULT_LICENCE,
              ) -> Iterator[tuple[str, str | bytes | bytearray]]:
    """Every generated file as (path under the generated folder, text): the data downloads (as
    bytes, `iter_downloads`), then the pages in path order (`PagePlan.pages`), rendered one at a
    time so that a writer can stream them to disk without holding the whole site in memory. The
    pages are `plan`'s, or else those of a plan for `site_url`, `repo_url` and `licence`
    (`PagePlan`; a given plan's are used)."""
    plan = plan if plan is not None else PagePlan(archive, site_url, repo_url, licence)
    yield from iter_downloads(archive, plan)
    yield from plan.pages()


def iter_downloads(archive: Archive, plan: PagePlan) -> Iterator[tuple[str, bytes]]:
    """The data downloads, each dropped once written (the package keeps their hashes)."""
    yield from export.iter_export(archive, plan.licence, plan.site_url)


def render_site(archive: Archive, site_url: str | None = None, repo_url: str | None = None,
                licence: export.Licence = export.DEFAULT_LICENCE) -> dict[str, str]:
    """Every generated file, keyed by its path under the generated folder, in a stable order:
    the Markdown pages, and the files published as they are (the data downloads)."""
    return {rel: text if isinstance(text, str) else text.decode("utf-8")
            for rel, text in sorted(iter_site(archive, site_url=site_url, repo_url=repo_url, licence=licence))}


__all__ = ["PagePlan", "iter_downloads", "iter_site", "render_site"]
