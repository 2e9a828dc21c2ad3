"""The timeline page (/timeline/): articles, claims and events on a time axis, each drawn as wide
as its date is precise (an event as wide as its window), and every undated item listed apart with
the reason the text gives: an event whose year no text states among them, never at a made-up date.

Drawn at build time as inline SVG, one track per row, with percentages for every position so
the tracks stretch to any width while markers keep their shape. The years in which nothing is
dated are left out of the axis, and a marked gap shows each break. Rows are an ordered list of
real text (the date in words, the item, a link), so the page reads the same without the
pictures. docs/javascripts/timeline.js adds a filter by actor and switches to hide reader comments
and events; without it every row shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from build_scripts.model import Archive, Article, Claim, Event
from build_scripts.render import paging
from build_scripts.render.common import (empty_line, event_when, excerpt, format_date, link, name_html, page, unknown,
                                         where_badge)
from build_scripts.render.templating import macros, safe
from build_scripts.render.titles import claim_who
from build_scripts.schema import DateValue

URL = "timeline/"
GAP = 0.3  # width of a break in the axis, as a share of one year's width


@dataclass
class Item:
    """An article or claim on the timeline. Its label is "<strong>`strong`</strong> `lead`" then
    a link to its page reading `text`, then `tail`; the link is made for the page it is shown on,
    and `strong` (words, or the claimant's name) passes through `name_html` there: kept as text,
    an item holds no Markup, of which there would be one per claim until the last page."""
    kind: str  # article | claim | event
    ident: str
    url: str
    strong: str
    lead: str
    text: str
    tail: str | Markup
    date: DateValue | None
    actors: set[str] = field(default_factory=set)
    status: str = ""
    where: str = "body"  # where on its page a claim's quote stands (vocabulary.CLAIM_LOCATIONS)
    end: str | None = None  # an event's window: its last date, as precise as the texts give it
    when: str = ""  # an event's time in words, where a window or a yearless day needs more than its date

    @property
    def dated(self) -> bool:
        return self.date is not None and self.date.date is not None

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """[start, end) of the item's time: its date's interval, to the end of its window."""
        start, end = interval(self.date.date)  # type: ignore[union-attr]
        return start, interval(self.end)[1] if self.end else end


def interval(value: str) -> tuple[dt.date, dt.date]:
    """[start, end) of a date as precise as it is written."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)
    start = dt.date(*parts)
    return start, start + dt.timedelta(days=1)


class Axis:
    """Years with at least one dated item, side by side; a narrow gap for each run of empty years."""

    def __init__(self, years: list[int]):
        self.segments: list[tuple[str, int, int]] = []  # (kind, first year, last year)
        for year in sorted(set(years)):
            if self.segments and year > self.segments[-1][2] + 1:
                self.segments.append(("gap", self.segments[-1][2] + 1, year - 1))
            self.segments.append(("year", year, year))
        self.total = sum(1.0 if kind == "year" else GAP for kind, _, _ in self.segments)

    def bounds(self) -> list[tuple[str, int, int, float, float]]:
        """Each segment with its left edge and width in percent of the track."""
        out, left = [], 0.0
        for kind, first, last in self.segments:
            width = (1.0 if kind == "year" else GAP) / self.total * 100
            out.append((kind, first, last, left, width))
            left += width
        return out

    def x(self, day: dt.date) -> float:
        """Position of the start of `day` in percent; the first day of the year after a year
        segment is that segment's right edge."""
        for kind, first, _, left, width in self.bounds():
            if kind == "year" and first == day.year:
                start = dt.date(first, 1, 1)
                days = (dt.date(first + 1, 1, 1) - start).days
                return left + width * (day - start).days / days
            if kind == "year" and first + 1 == day.year and day == dt.date(day.year, 1, 1):
                return left + width
        raise ValueError(f"{day} is outside the axis")


def _pct(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def _macros():
    return macros("timeline.html")


def _article_actors(art: Article) -> set[str]:
    actors = {m.actor.id for m in art.mentions}
    actors.update(x.id for x in (art.outlet, art.author) if x)
    return actors


def _claim_actors(claim: Claim) -> set[str]:
    actors = {s.id for s in claim.subjects} | {r.id for r in claim.reported_by}
    if claim.claimant:
        actors.add(claim.claimant.id)
    return actors


_RANK = {"article": 0, "event": 1, "claim": 2}  # at the same time: the article, the event, then its claims


def _event_item(event: Event) -> Item:
    """An event as a timeline item: dated by its start (to the end of its window); an event whose
    year the texts do not state, or that they do not date, is undated, the time the texts give
    and its basis saying why (a yearless day is never put in a year of the archive's choosing)."""
    when = event.data.when
    words = event_when(event)
    if when.start:
        date = DateValue.model_construct(date=when.start, basis=when.basis, outside=None)
    elif when.day_month or when.not_before:
        date = DateValue.model_construct(date=None, basis=f"{words[:1].upper()}{words[1:]}. {when.basis}", outside=None)
    else:
        date = DateValue.model_construct(date=None, basis=when.basis, outside=None)
    reports = f"{len(event.claims)} {'report' if len(event.claims) == 1 else 'reports'}"
    return Item("event", event.id, event.url, "Event:", f"{event.data.type.replace('-', ' ')}: ", event.title,
                f" ({reports})", date, {p.id for p in event.parties},
                end=when.end if when.end and when.end != when.start else None, when=words)


def items(archive: Archive) -> list[Item]:
    found = []
    for art in archive.articles.values():
        found.append(Item("article", art.id, art.url, "Article published:", "", art.display_title,
                          safe(" — " + name_html(art.outlet.name)) if art.outlet else "", art.meta.published,
                          _article_actors(art)))
    for claim in archive.claims.values():
        badge = where_badge(claim)
        found.append(Item("claim", claim.id, claim.url, claim_who(claim, where=False), f"{claim.data.role}: ",
                          f"“{excerpt(claim.quote, 80)}”", safe(Markup(" ") + badge) if badge else "",
                          claim.data.event_date, _claim_actors(claim), claim.data.status, claim.location))
    found.extend(_event_item(event) for event in archive.events.values())
    return found



def actors_on_timeline(archive: Archive) -> set[str]:
    """The ids of the actors some timeline item involves: `items`' actors, without the labels."""
    found: set[str] = set()
    for art in archive.articles.values():
        found |= _article_actors(art)
    for claim in archive.claims.values():
        found |= _claim_actors(claim)
    for event in archive.events.values():
        found.update(p.id for p in event.parties)
    return found


def _sort_key(item: Item) -> tuple:
    start, end = item.span
    return start, -(end - start).days, _RANK[item.kind], item.ident


def _row(axis: Axis, item: Item, url: str) -> tuple:
    """A row of the timeline: the item drawn as wide as its date is precise, over the year bands."""
    value = item.date.date  # type: ignore[union-attr]
    start, end = item.span
    cls = f"tl-mark tl-{item.kind}" + (f" tl-status-{item.status}" if item.status else "")
    day = item.date.precision == "day" and not item.end  # type: ignore[union-attr]
    x = axis.x(start)
    width = "" if day else _pct(axis.x(end) - x)
    precision, basis = item.date.precision, item.date.basis  # type: ignore[union-attr]
    when = item.when or format_date(value)
    if item.end:
        value, precision = f"{value}/{item.end}", "window"
        tip = f"{when} (a window). Basis: {basis}"
    else:
        tip = f"{when} ({precision} precision). Basis: {basis}"
    return (item.kind, _words(item.actors), item.where, value, when, precision, name_html(item.strong), item.lead,
            link(url, item.url, item.text),
            item.tail, tip, cls, day, _pct(x), width)


def _bands(axis: Axis) -> Markup:
    """The year bands behind every track, the same on every row."""
    return _macros().bands([("tl-gap" if kind == "gap" else f"tl-year tl-year-{'odd' if first % 2 else 'even'}",
                             _pct(left), _pct(width)) for kind, first, last, left, width in axis.bounds()])


def _axis(axis: Axis) -> Markup:
    years = [f"{first}" for kind, first, _, _, _ in axis.bounds() if kind == "year"]
    gaps = [f"{first}–{last}" if last > first else f"{first}" for kind, first, last, _, _ in axis.bounds()
            if kind == "gap"]
    desc = f"Years shown: {', '.join(years)}."
    if gaps:
        desc += f" Left out, as nothing in them is dated: {', '.join(gaps)}."
    segments = []
    for kind, first, last, left, width in axis.bounds():
        label = f"{first}–{str(last)[-2:]}" if last > first else str(first)
        days = (dt.date(first + 1, 1, 1) - dt.date(first, 1, 1)).days
        ticks = [] if kind == "gap" else [
            _pct(left + width * (dt.date(first, month + 1, 1) - dt.date(first, 1, 1)).days / days)
            for month in range(1, 12)]
        segments.append((kind, first, label, _pct(left), _pct(width), _pct(left + width / 2), ticks))
    return _macros().axis(desc, segments)


def _filter(archive: Archive, all_items: list[Item]) -> Markup:
    counts: dict[str, int] = {}
    for item in all_items:
        for actor in item.actors:
            counts[actor] = counts.get(actor, 0) + 1
    actors = sorted((archive.actors[i] for i in counts), key=lambda x: (x.name.lower(), x.id))
    comments = sum(1 for item in all_items if item.where == "reader-comment")
    events = sum(1 for item in all_items if item.kind == "event")
    return _macros().filter([(x, counts[x.id]) for x in actors], comments, events)


def _undated(undated: list[Item], url: str) -> Markup:
    """The items the texts do not date, each with the words that say why."""
    if not undated:
        return empty_line("Every item is dated.")
    return _macros().undated([(i.kind, _words(i.actors), i.where, name_html(i.strong), i.lead,
                               link(url, i.url, i.text), i.tail,
                               i.date.basis if i.date else unknown("no date recorded"))
                              for i in sorted(undated, key=lambda i: (_RANK[i.kind], i.ident))])


def _prepare(all_items: list[Item]) -> tuple[list[Item], list[Item], Axis | None]:
    """The dated items in time order, the undated ones in id order, and the axis."""
    dated = sorted((i for i in all_items if i.dated), key=_sort_key)
    undated = sorted((i for i in all_items if not i.dated), key=lambda i: (_RANK[i.kind], i.ident))
    years = []
    for item in dated:  # every year an item covers: an event's window may run into the next
        start, end = item.span
        years.extend(range(start.year, (end - dt.timedelta(days=1)).year + 1))
    axis = Axis(years) if dated else None
    return dated, undated, axis


def render(archive: Archive, all_items: list[Item] | None = None, number: int = 1, pages: int = 1,
           start: int = 0, stop: int | None = None,
           prepared: tuple[list[Item], list[Item], Axis | None] | None = None) -> str:
    """The timeline page; with `pages` > 1, page `number` of it, holding entries [start, stop)
    of the dated items (in time order) followed by the undated ones."""
    all_items = items(archive) if all_items is None else all_items
    dated, undated, axis = _prepare(all_items) if prepared is None else prepared
    here_dated, here_undated = dated, undated
    if pages > 1:
        stop = len(all_items) if stop is None else stop
        here_dated = dated[start:stop]
        here_undated = undated[max(0, start - len(dated)):max(0, stop - len(dated))]
    url = paging.url(URL, number)
    nav, nav_end = paging.pagers(URL, number, pages, "Timeline")
    m = _macros()
    body = [m.intro(len(dated), len(undated), paging.PAGE_SIZE, pages, start, stop), nav,
            _filter(archive, all_items if pages == 1 else here_dated + here_undated)]
    if here_dated:
        rows = m.rows([_row(axis, item, url) for item in here_dated], _bands(axis))
        body.append(m.figure(_axis(axis), rows))
        body.append(m.legend())
    elif not dated:
        body.append(empty_line("Nothing in the archive is dated yet."))
    if pages == 1 or here_undated:
        body.append(f"## Not dated in the texts ({len(undated)})")
        body.append(_undated(here_undated, url))
    body.append(nav_end)
    title = "Timeline" if pages == 1 else f"Timeline (page {number} of {pages})"
    return page(title, "build_scripts/render/timeline.py", body,
                description="Articles, claims and events on a time axis, each as wide as its date is precise.",
                hide=("navigation", "toc"))


def planned(archive: Archive, all_items: list[Item]) -> list:
    """(file, renderer) for every page of the timeline."""
    prepared: list = []

    def one(number: int, pages: int, start: int, stop: int) -> str:
        if not prepared:
            prepared.append(_prepare(all_items))
        return render(archive, all_items, number, pages, start, stop, prepared[0])

    return paging.plan("timeline.md", URL, len(all_items), one)


def _words(values: set[str]) -> str:
    """An item's actors, for the filter: their ids, sorted, separated by spaces."""
    return " ".join(sorted(values))
