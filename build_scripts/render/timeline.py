"""The timeline page (/timeline/): articles and claims on a time axis, each drawn as wide as its
date is precise, and every undated item listed apart with the reason the text gives.

Drawn at build time as inline SVG, one track per row, with percentages for every position so
the tracks stretch to any width while markers keep their shape. The years in which nothing is
dated are left out of the axis, and a marked gap shows each break. Rows are an ordered list of
real text (the date in words, the item, a link), so the page reads the same without the
pictures. docs/javascripts/timeline.js adds a filter by actor; without it every row shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from build_scripts import vocabulary as v
from build_scripts.model import Archive, Article, Claim
from build_scripts.render import paging
from build_scripts.render.common import (esc, excerpt, format_date, isolate, link, name_html, page, plural, status_badge,
                                         unknown)
from build_scripts.schema import DateValue

URL = "timeline/"
GAP = 0.3  # width of a break in the axis, as a share of one year's width


@dataclass
class Item:
    kind: str  # article | claim
    ident: str
    url: str
    label: str  # HTML
    date: DateValue | None
    actors: set[str] = field(default_factory=set)
    status: str = ""

    @property
    def dated(self) -> bool:
        return self.date is not None and self.date.date is not None


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


def _claim_label(from_url: str, claim: Claim) -> str:
    who = f"<strong>{name_html(claim.claimant.name)}</strong>" if claim.claimant else "<strong>The article</strong>"
    quote = esc("“" + excerpt(claim.quote, 80) + "”")
    return f'{who} {esc(claim.data.role)}: {link(from_url, claim.url, quote)}'


def _article_label(from_url: str, article: Article) -> str:
    outlet = f" — {name_html(article.outlet.name)}" if article.outlet else ""
    return f'<strong>Article published:</strong> {link(from_url, article.url, esc(article.display_title))}{outlet}'


def _article_actors(art: Article) -> set[str]:
    actors = {m.actor.id for m in art.mentions}
    actors.update(x.id for x in (art.outlet, art.author) if x)
    return actors


def _claim_actors(claim: Claim) -> set[str]:
    actors = {s.id for s in claim.subjects} | {r.id for r in claim.reported_by}
    if claim.claimant:
        actors.add(claim.claimant.id)
    return actors


def items(archive: Archive) -> list[Item]:
    found = []
    for art in archive.articles.values():
        found.append(Item("article", art.id, art.url, _article_label(URL, art), art.meta.published,
                          _article_actors(art)))
    for claim in archive.claims.values():
        found.append(Item("claim", claim.id, claim.url, _claim_label(URL, claim), claim.data.event_date,
                          _claim_actors(claim), claim.data.status))
    return found


def actors_on_timeline(archive: Archive) -> set[str]:
    """The ids of the actors some timeline item involves: `items`' actors, without the labels."""
    found: set[str] = set()
    for art in archive.articles.values():
        found |= _article_actors(art)
    for claim in archive.claims.values():
        found |= _claim_actors(claim)
    return found


def _sort_key(item: Item) -> tuple:
    start, end = interval(item.date.date)  # type: ignore[union-attr]
    return start, -(end - start).days, item.kind != "article", item.ident


def _track(axis: Axis, item: Item) -> str:
    """The row's picture: the year bands, then the item drawn as wide as its date is precise."""
    value = item.date.date  # type: ignore[union-attr]
    start, end = interval(value)
    parts = []
    for kind, first, last, left, width in axis.bounds():
        cls = "tl-gap" if kind == "gap" else f"tl-year tl-year-{'odd' if first % 2 else 'even'}"
        parts.append(f'<rect class="{cls}" x="{_pct(left)}" y="0" width="{_pct(width)}" height="100%"/>')
    cls = f"tl-mark tl-{item.kind}" + (f" tl-status-{esc(item.status)}" if item.status else "")
    if item.date.precision == "day":  # type: ignore[union-attr]
        x = axis.x(start)
        mark = (f'<svg class="tl-day" x="{_pct(x)}" y="0" width="1" height="20" overflow="visible">'
                f'<path class="{cls}" d="M0 3 L6 10 L0 17 L-6 10 Z"/></svg>')
    else:
        x, x2 = axis.x(start), axis.x(end)
        mark = f'<rect class="{cls}" x="{_pct(x)}" y="4" width="{_pct(x2 - x)}" height="12" rx="2"/>'
    tip = f"{format_date(value)} ({item.date.precision} precision). Basis: {item.date.basis}"  # type: ignore[union-attr]
    return (f'<svg class="tl-track" width="100%" height="20" aria-hidden="true" focusable="false">'
            f'<title>{esc(tip)}</title>{"".join(parts)}{mark}</svg>')


def _axis(axis: Axis) -> str:
    years = [f"{first}" for kind, first, _, _, _ in axis.bounds() if kind == "year"]
    gaps = [f"{first}–{last}" if last > first else f"{first}" for kind, first, last, _, _ in axis.bounds()
            if kind == "gap"]
    desc = f"Years shown: {', '.join(years)}."
    if gaps:
        desc += f" Left out, as nothing in them is dated: {', '.join(gaps)}."
    parts = [f"<title>Time axis</title><desc>{esc(desc)}</desc>",
             '<defs><pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><line class="tl-hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>']
    for kind, first, last, left, width in axis.bounds():
        middle = _pct(left + width / 2)
        if kind == "gap":
            label = f"{first}–{str(last)[-2:]}" if last > first else str(first)
            parts.append(f'<rect class="tl-gap" x="{_pct(left)}" y="0" width="{_pct(width)}" height="100%"/>'
                         f'<text class="tl-gap-label" x="{middle}" y="19" text-anchor="middle">{esc("…")}</text>'
                         f'<title>{esc(label)}: nothing dated</title>')
        else:
            parts.append(f'<text class="tl-year-label" x="{middle}" y="19" text-anchor="middle">{first}</text>')
            for month in range(1, 12):
                x = _pct(left + width * (dt.date(first, month + 1, 1) - dt.date(first, 1, 1)).days
                         / (dt.date(first + 1, 1, 1) - dt.date(first, 1, 1)).days)
                parts.append(f'<line class="tl-month-tick" x1="{x}" x2="{x}" y1="24" y2="28"/>')
            parts.append(f'<line class="tl-year-tick" x1="{_pct(left)}" x2="{_pct(left)}" y1="0" y2="28"/>')
    return f'<svg class="tl-axis-svg" width="100%" height="28" role="img">{"".join(parts)}</svg>'


def _date_text(item: Item) -> str:
    value = item.date.date  # type: ignore[union-attr]
    return (f'<time datetime="{esc(value)}">{esc(format_date(value))}</time>'
            f'<span class="tl-precision">{esc(item.date.precision)}</span>')  # type: ignore[union-attr]


def _actors_attr(item: Item) -> str:
    return esc(" ".join(sorted(item.actors)))


def _filter(archive: Archive, all_items: list[Item]) -> str:
    counts: dict[str, int] = {}
    for item in all_items:
        for actor in item.actors:
            counts[actor] = counts.get(actor, 0) + 1
    actors = sorted((archive.actors[i] for i in counts), key=lambda x: (x.name.lower(), x.id))
    options = "".join(f'<option value="{esc(x.id)}">{esc(isolate(x.name))} ({counts[x.id]})</option>' for x in actors)
    return ('<div class="tl-filter" hidden><label for="tl-actor">Show only items involving</label> '
            f'<select id="tl-actor"><option value="">every actor</option>{options}</select> '
            '<span class="tl-count" role="status"></span></div>')


def _legend() -> str:
    statuses = "".join(f'<li><svg width="22" height="14" aria-hidden="true"><rect class="tl-mark tl-claim '
                       f'tl-status-{esc(s)}" x="1" y="1" width="20" height="12" rx="2"/></svg>{status_badge(s)}</li>'
                       for s in v.CLAIM_STATUSES)
    shapes = ('<li><svg width="22" height="20" aria-hidden="true"><path class="tl-mark tl-article" '
              'd="M11 3 L17 10 L11 17 L5 10 Z"/></svg>a day</li>'
              '<li><svg width="22" height="14" aria-hidden="true"><rect class="tl-mark tl-article" x="6" y="1" '
              'width="10" height="12" rx="2"/></svg>a month, drawn a month wide</li>'
              '<li><svg width="40" height="14" aria-hidden="true"><rect class="tl-mark tl-article" x="1" y="1" '
              'width="38" height="12" rx="2"/></svg>a year, drawn a year wide</li>')
    return (f'<div class="tl-legend"><p><strong>A date known to</strong></p><ul>{shapes}</ul>'
            f'<p><strong>Articles</strong> are dark; <strong>claims</strong> take the colour of their status:</p>'
            f'<ul>{statuses}</ul></div>')


def _undated(undated: list[Item]) -> str:
    """The items the texts do not date, each with the words that say why; rows carry their
    actors for the filter, like the timeline's."""
    if not undated:
        return '<p class="empty">Every item is dated.</p>'
    rows = []
    for item in sorted(undated, key=lambda i: (i.kind != "article", i.ident)):
        reason = esc(item.date.basis) if item.date else unknown("no date recorded")
        rows.append(f'<tr class="tl-undated" data-actors="{_actors_attr(item)}"><td>{item.label}</td>\n'
                    f"<td>{reason}</td></tr>")
    return ('<div class="table-wrap"><table class="tl-undated-table"><thead><tr><th>Item</th>\n'
            f'<th>Why it is undated</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _prepare(all_items: list[Item]) -> tuple[list[Item], list[Item], Axis | None]:
    """The dated items in time order, the undated ones in id order, and the axis."""
    dated = sorted((i for i in all_items if i.dated), key=_sort_key)
    undated = sorted((i for i in all_items if not i.dated), key=lambda i: (i.kind != "article", i.ident))
    axis = Axis([interval(i.date.date)[0].year for i in dated]) if dated else None  # type: ignore[union-attr]
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
    body = []
    intro = (f'<p class="index-intro">The {esc(plural(len(dated), "article and claim", "articles and claims"))} '
             'whose date the texts give, on one time axis. Each is drawn as wide as its date is precise: a diamond '
             'for a day, a month-wide bar for a month, a year-wide bar for a year. Claims sit at the date of the '
             'event they describe, articles at their publication date. Years with nothing dated are left out '
             f'(hatched gaps). The {esc(plural(len(undated), "undated item"))} are listed below.</p>')
    if pages > 1:
        intro = intro[:-len("</p>")] + (f' The timeline is split into pages of {paging.PAGE_SIZE} items, dated ones '
                                         f'first in time order; this page holds items {start + 1} to {stop}.</p>')
    body.append(intro)
    body.append(nav)
    body.append(_filter(archive, all_items if pages == 1 else here_dated + here_undated))
    if here_dated:
        rows = "".join(
            f'<li class="tl-row tl-row-{item.kind}" data-actors="{_actors_attr(item)}">'
            f'<div class="tl-when">{_date_text(item)}</div><div class="tl-what">{_relabel(item, url)}</div>'
            f'{_track(axis, item)}</li>' for item in here_dated)
        body.append(f'<figure class="timeline" aria-label="Timeline of dated articles and claims">'
                    f'<div class="tl-axis"><div class="tl-when"></div><div class="tl-what"></div>{_axis(axis)}</div>'
                    f'<ol class="tl-rows">{rows}</ol></figure>')
        body.append(_legend())
    elif not dated:
        body.append('<p class="empty">Nothing in the archive is dated yet.</p>')
    if pages == 1 or here_undated:
        body.append(f"## Not dated in the texts ({len(undated)})")
        body.append(_undated([_Relabelled(i, url) for i in here_undated] if url != URL else here_undated))
    body.append(nav_end)
    title = "Timeline" if pages == 1 else f"Timeline (page {number} of {pages})"
    return page(title, "build_scripts/render/timeline.py", body,
                description="Articles and claims on a time axis, each as wide as its date is precise.",
                hide=("navigation", "toc"))


def _relabel(item: Item, url: str) -> str:
    """The item's label with its links made relative to `url` rather than to the first page."""
    if url == URL:
        return item.label
    return _relink(item.label, url)


def _relink(label: str, url: str) -> str:
    # Labels are built for the first page (URL), whose links all start "../"; page k sits two
    # folders deeper ("timeline/page/k/").
    depth = url.count("/") - URL.count("/")
    return label.replace('href="../', 'href="' + "../" * depth + "../")


class _Relabelled:
    """An undated item seen from another page of the timeline."""

    def __init__(self, item: Item, url: str):
        self._item, self.label = item, _relink(item.label, url)

    def __getattr__(self, name):
        return getattr(self._item, name)


def planned(archive: Archive, all_items: list[Item]) -> list:
    """(file, renderer) for every page of the timeline."""
    prepared: list = []

    def one(number: int, pages: int, start: int, stop: int) -> str:
        if not prepared:
            prepared.append(_prepare(all_items))
        return render(archive, all_items, number, pages, start, stop, prepared[0])

    return paging.plan("timeline.md", URL, len(all_items), one)
