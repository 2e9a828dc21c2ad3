"""Event pages, the archive's cross-article view: what happened, when and where as far as the
texts allow, who took part, and every claim across the archive that describes it, grouped by the
article that carries it, in the order the articles were published; the figures each source gives
for it side by side, with the range across sources; the disputes about it; its places on a map.

Laid out like a dispute page: the articles side by side on a wide screen (each a column of claim
cards), stacked on a phone."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from build_scripts import vocabulary as v
from build_scripts.model import Archive, Article, Claim, Event, Place
from build_scripts.render import cite, corrections, jsonld, mapsvg
from build_scripts.render.claim import victims
from build_scripts.render.common import (ENV, a, card_table, claimant_html, date_sort_key, dispute_item, event_when,
                                         excerpt, figure_range, format_date, h2, json_ld, number, page, plural,
                                         sort_key, ul)
from build_scripts.render.dispute import quote_context
from build_scripts.render.templating import macros
from build_scripts.render.timeline import interval

# How many articles stand side by side at most; more wrap to a new row.
MAX_COLUMNS = 3


def _macros():
    return macros("event.html")


_PRECISION = {10: "day", 7: "month", 4: "year"}


def precision_text(event: Event) -> str:
    """How precisely the texts date the event, as the page says it after the date: "day
    precision", "a window, from a day to a day", "day and month; the year not stated", "only an
    earliest date", "not dated"."""
    when = event.data.when
    if when.start is None:
        if when.day_month:
            return "day and month; the year not stated"
        return "only an earliest date" if when.not_before else "not dated"
    if when.end is None or when.end == when.start:
        return f"{_PRECISION[len(when.start)]} precision"
    return f"a window, from a {_PRECISION[len(when.start)]} to a {_PRECISION[len(when.end)]}"


def sort_date(event: Event) -> str | None:
    """The date an event sorts by in a list (`common.date_sort_key` makes the key): its start, or
    for a yearless or undated event its earliest possible date, or None (sorted last)."""
    when = event.data.when
    return when.start or when.not_before


# --- the reports ---------------------------------------------------------------------------------


@dataclass
class Report:
    """One article's claims about the event, and where the article stands in publication order."""

    article: Article
    claims: list[Claim]
    order: str  # "first", "earliest-dated", "undated" or ""


def _published(article: Article) -> str | None:
    p = article.meta.published
    return p.date if p else None


def reports(event: Event) -> tuple[list[Report], str]:
    """The event's claims grouped by article, the articles earliest published first (an article
    whose date is unknown last), and a sentence saying which reported it first, as far as the
    dates show: an article whose date is unknown, or one dated no more precisely than overlapping
    the earliest, could have come first, and the sentence says so."""
    by_article: dict[str, list[Claim]] = {}
    for claim in sorted(event.claims, key=lambda c: (c.article.id, c.number)):
        by_article.setdefault(claim.article.id, []).append(claim)
    articles = sorted((claims[0].article for claims in by_article.values()),
                      key=lambda art: (_published(art) is None, date_sort_key(_published(art)), art.id))
    dated = [art for art in articles if _published(art)]
    undated = len(articles) - len(dated)
    groups = [Report(art, by_article[art.id], "" if _published(art) else "undated") for art in articles]
    if len(articles) == 1:
        note = "Reported by one article in the archive."
        return groups, note
    if not dated:
        return groups, "No article reporting it gives its publication date: which came first is not known."
    first = dated[0]
    first_end = interval(_published(first))[1]
    certain = all(interval(_published(other))[0] >= first_end for other in dated[1:])
    first_when = format_date(_published(first))
    title = first.display_title
    if certain and not undated:
        groups[0].order = "first"
        return groups, f"Reported first by “{title}” ({first_when})."
    groups[0].order = "earliest-dated"
    caveats = []
    if not certain:
        caveats.append("another article's date is too coarse to tell which came first")
    if undated:
        caveats.append(f"{plural(undated, 'article does', 'articles do')} not give {'its' if undated == 1 else 'their'}"
                       " publication date and could be earlier")
    return groups, f"Earliest dated report: “{title}” ({first_when}); but {' and '.join(caveats)}."


def _card(url: str, claim: Claim) -> Markup:
    m = _macros()
    before, after = quote_context(claim)
    details = [m.detail(url, "comment", None)] if claim.location == "reader-comment" else []
    details += [m.detail(url, "via", actor) for actor in claim.reported_by]
    dated = claim.data.event_date.date if claim.data.event_date else None
    if dated:
        details.append(m.detail(url, "dated", dated))
    details += [m.detail(url, "side", dispute, side + 1, excerpt(dispute.data.question, 48))
                for dispute, side in claim.disputes]
    return m.card(url, claim, before, after, details)


def reports_html(event: Event, groups: list[Report]) -> Markup:
    url = event.url
    return _macros().reports(url, [(g, Markup("").join(_card(url, c) for c in g.claims)) for g in groups],
                             min(len(groups), MAX_COLUMNS))


# --- figures -------------------------------------------------------------------------------------


def _across(figures: list) -> tuple[str, str]:
    """The range across sources of figures of one measure and one group of people: from the
    lowest lower bound any of them gives to the highest upper bound ("none given" where none
    gives one: "no lower bound given"), each bound with its own wording ("more than 12", "at most 40")."""
    lows = [f for f in figures if f.min is not None]
    highs = [f for f in figures if f.max is not None]
    low = min(lows, key=lambda f: (f.min, f.min_exclusive), default=None)
    high = max(highs, key=lambda f: (f.max, not f.max_exclusive), default=None)
    about = "about "

    def words(figure, value, exclusive, inclusive_word, exclusive_word) -> str:
        text = f"{exclusive_word if exclusive else inclusive_word} {number(value)}"
        return about + text if figure.approximate else text

    low_text = ("no lower bound given" if low is None
                else words(low, low.min, low.min_exclusive, "at least", "more than"))
    high_text = ("no upper bound given" if high is None
                 else words(high, high.max, high.max_exclusive, "at most", "fewer than"))
    if low is not None and high is not None and low.min == high.max and not low.min_exclusive \
            and not high.max_exclusive:
        low_text = high_text = (about if low.approximate or high.approximate else "") + number(low.min)
    return low_text, high_text


def _measure_order(measure: str) -> int:
    return list(v.FIGURE_MEASURES).index(measure) if measure in v.FIGURE_MEASURES else len(v.FIGURE_MEASURES)


def figures(event: Event, groups: list[Report]) -> tuple[Markup, Markup] | None:
    """The figures any claim about the event gives: a table across sources, one row per measure
    and group of people counted (the range from the lowest bound to the highest, the units as
    each text gives them), and a table of each source's own figures. None without figures."""
    url = event.url
    order = {g.article.id: i for i, g in enumerate(groups)}
    found = [(claim, f) for g in groups for claim in g.claims for f in claim.data.figures]
    if not found:
        return None
    found.sort(key=lambda cf: (_measure_order(cf[1].measure), cf[1].victims or "", order[cf[0].article.id],
                               cf[0].number))
    by_group: dict[tuple[str, str | None], list] = {}
    for claim, f in found:
        by_group.setdefault((f.measure, f.victims), []).append((claim, f))
    summary = []
    for (measure, _), items in by_group.items():
        low, high = _across([f for _, f in items])
        units = list(dict.fromkeys(f.unit for _, f in items))
        sources = {(c.claimant.id if c.claimant else c.data.unnamed_source or f"own:{c.article.id}") for c, _ in items}
        summary.append([measure, victims(items[0][1]), low, high, "; ".join(units),
                        f"{plural(len(items), 'figure')} from {plural(len(sources), 'source')}"])
    each = []
    for claim, f in found:
        art = claim.article
        each.append([f.measure, victims(f), figure_range(f), f.unit, claimant_html(url, claim),
                     _macros().article_cell(url, art), a(url, claim.url, "claim record")])
    across = card_table(["Measure", "Who", "Lowest", "Highest", "Counted", "Figures"], summary)
    per_source = card_table(["Measure", "Who", "Number", "Counted", "Source", "Article", "Claim"], each)
    return across, per_source


# --- the map -------------------------------------------------------------------------------------


def map_point(place: Place, detail: str = "", emphasis: bool = False) -> mapsvg.MapPoint:
    """A place as a point of a map, linked to its page; without coordinates when none are recorded."""
    loc = place.data.location
    return mapsvg.MapPoint(place.id, place.name, loc.lat if loc else None, loc.lon if loc else None, url=place.url,
                           precision=loc.precision if loc else "settlement", marker="place", emphasis=emphasis,
                           detail=detail)


def map_points(event: Event) -> list[mapsvg.MapPoint]:
    """The event's places; for a place without coordinates, also the nearest larger place
    (below a country) that has them, said to be where it lies."""
    points = [map_point(p, p.data.kind.replace("-", " "), emphasis=True) for p in event.places]
    listed = {p.id for p in event.places}
    for place in event.places:
        if place.data.location is not None:
            continue
        holder = next((up for up in place.ancestors if up.data.location is not None), None)
        if holder is not None and holder.data.kind != "country" and holder.id not in listed:
            listed.add(holder.id)
            points.append(map_point(holder, f"{holder.data.kind.replace('-', ' ')}, where {place.name} lies"))
    return points


def where_html(event: Event) -> Markup | str:
    """The map of the event's places with its list, or only the list when none has coordinates."""
    if not event.places:
        return ""
    url = event.url
    points = map_points(event)
    figure = mapsvg.map_figure(points, url, f"Where: {event.title}", map_id="event-map")
    return _macros().where(figure, mapsvg.map_list(points, url))


# --- the page ------------------------------------------------------------------------------------


def render(event: Event, archive: Archive, site_url: str | None = None, version: cite.Version | None = None) -> str:
    """The event's page."""
    url = event.url
    d = event.data
    m = _macros()
    groups, first = reports(event)
    outlets = {g.article.outlet.id for g in groups if g.article.outlet}
    compared = figures(event, groups)
    body = [
        corrections.notice(url, d.corrections),
        m.lead(url, event, event_when(event)),
        m.summary(url, event, len(groups), len(outlets), first),
        h2(f"Reports ({plural(len(event.claims), 'claim')} in {plural(len(groups), 'article')})"),
        m.reports_intro() if event.claims else "",
        reports_html(event, groups) if event.claims else m.no_reports(),
        "## When, where and who",
        m.overview(url, event, event_when(event), precision_text(event), where_html(event)),
        "## Figures compared" if compared else "",
        m.figures_intro() if compared else "",
        compared[0] if compared else "",
        "### Each source's figures" if compared else "",
        compared[1] if compared else "",
        h2(f"Disputes about it ({len(event.disputes)})") if event.disputes else "",
        ul(dispute_item(url, dispute) for dispute in event.disputes),
        corrections.listing(d.corrections),
        cite.cite_box(url, d.title, "event", event.id, None, site_url, version),
        json_ld(jsonld.event(event)),
    ]
    return page(d.title, event.source.path, body,
                description=f"{d.title} ({d.type.replace('-', ' ')}, {event_when(event)}): "
                            f"{plural(len(event.claims), 'report')} in {plural(len(groups), 'article')}.",
                boost=1.2, hide=("navigation", "toc"))


def when_cell(event: Event) -> Markup:
    """The event's time for a table: the words, sorted by `sort_date`."""
    return sort_key(date_sort_key(sort_date(event)), event_when(event))


ENV.globals.update(EVENT_TYPES=v.EVENT_TYPES)
