"""Place pages: where the place is (an outside fact, with its basis), a small map of it with the
places within it and the other places of its events, what it lies in and contains, the events
that happened there and in the places within it (oldest first), the claims that report the
events here, and the texts that name it.

A place without coordinates is never drawn: its page says why no citable source gives them.
"""

from __future__ import annotations

import math

from collections.abc import Iterable

from markupsafe import Markup

from build_scripts import vocabulary as v
from build_scripts.model import Archive, Event, Place
from build_scripts.render import corrections, jsonld, mapsvg
from build_scripts.render.article import claims_table
from build_scripts.render.common import (ENV, a, date_sort_key, empty_line, event_when, h2, json_ld, name_html, page,
                                         plural, sort_key, table, ul)
from build_scripts.render.event import sort_date
from build_scripts.render.templating import macros


def _macros():
    return macros("place.html")


def search_terms(place: Place) -> list[str]:
    """The aliases a reader types as one word ("Manbig", "Kuweires"): a search for one of them
    shows the place's page first, as an actor's one-word aliases do (render/actor.py
    `search_terms`: the page's `tags` for Material's search, an `alias` filter for Pagefind).
    Only the contributors' aliases, the spellings the texts print; none is made up here."""
    return [alias for alias in place.data.aliases if alias.isalnum()]


def event_key(event: Event) -> tuple[bool, str, str]:
    """The order of events in time: by the first day their time can be (`start`, else the
    earliest date `not_before`), then by id; an event the texts do not date comes last."""
    first = event_date_key(event)
    return (not first, first, event.id)


def event_date_key(event: Event) -> str:
    """The key a table sorts an event's time by (common.date_sort_key of its first possible day,
    `event.sort_date`); empty when the texts do not date it, which the tables keep last."""
    return date_sort_key(sort_date(event))


def events_within(place: Place) -> list[tuple[Event, list[Place]]]:
    """The events that happened at the place or at a place within it, oldest first (`event_key`),
    each with where among them it happened."""
    found: dict[str, tuple[Event, list[Place]]] = {}
    for where in [place, *place.descendants]:
        for event in where.events:
            found.setdefault(event.id, (event, []))[1].append(where)
    return sorted(found.values(), key=lambda item: event_key(item[0]))


def map_point(place: Place, detail: str = "", emphasis: bool = False, linked: bool = True,
              marker: str = "place") -> mapsvg.MapPoint:
    """The place as a point of a map, where its recorded location puts it (none: listed, not drawn)."""
    loc = place.data.location
    return mapsvg.MapPoint(place.id, place.name, loc.lat if loc else None, loc.lon if loc else None,
                           place.url if linked else None, loc.precision if loc else "settlement", marker, emphasis,
                           detail)


CONTEXT_PLACES = 40
"""The most places a place's map draws quietly for orientation: the nearest to the view's centre."""
_grid: tuple[dict, dict[tuple[int, int], list[Place]]] | None = None


def _located(archive: Archive) -> dict[tuple[int, int], list[Place]]:
    """The archive's located places by the whole degrees of their coordinates, made once per
    archive (a large archive has thousands of places, each page's map draws those near it)."""
    global _grid
    if _grid is None or _grid[0] is not archive.places:
        cells: dict[tuple[int, int], list[Place]] = {}
        for p in archive.places.values():
            loc = p.data.location
            if loc is not None:
                cells.setdefault((math.floor(loc.lat), math.floor(loc.lon)), []).append(p)
        _grid = (archive.places, cells)  # the table itself is kept: its id cannot be reused meanwhile
    return _grid[1]


def _nearby(archive: Archive, view: mapsvg.BBox, shown: set[str]) -> list[Place]:
    """The located places inside `view` but those `shown`, at most CONTEXT_PLACES, the nearest to
    its centre first, by id."""
    cells = _located(archive)
    found = []
    for lat in range(math.floor(view.south), math.floor(view.north) + 1):
        for lon in range(math.floor(view.west), math.floor(view.east) + 1):
            for p in cells.get((lat, lon), ()):
                loc = p.data.location
                if p.id not in shown and view.contains(loc.lat, loc.lon):
                    found.append(p)
    mid_lat, mid_lon = (view.south + view.north) / 2, (view.west + view.east) / 2
    found.sort(key=lambda p: ((p.data.location.lat - mid_lat) ** 2 + (p.data.location.lon - mid_lon) ** 2, p.id))
    return sorted(found[:CONTEXT_PLACES], key=lambda p: p.id)


def _map(place: Place, archive: Archive,
         events: list[tuple[Event, list[Place]]]) -> tuple[Markup, Markup, tuple[bool, bool]]:
    """The map of the place (the subject, the places within it, the other places of its events;
    the archive's other located places quietly, for orientation), the list of the same points,
    and whether it draws places within the place and other places of its events."""
    within = place.descendants
    elsewhere = sorted({p.id: p for event, _ in events for p in event.places
                        if p is not place and p not in within}.values(), key=lambda p: p.name.lower())
    points = [map_point(place, "this place", emphasis=True, linked=False)]
    points += [map_point(p, f"{p.data.kind.replace('-', ' ')} within {place.name}") for p in within]
    points += [map_point(p, f"{p.data.kind.replace('-', ' ')}, where an event here also happened")
               for p in elsewhere]
    shown = {p.id for p in points}
    view = mapsvg.fit_view(points)
    context = [map_point(p, p.data.kind.replace("-", " ")) for p in _nearby(archive, view, shown)] if view else []
    figure = mapsvg.map_figure(points, place.url, f"Map of {place.name}", context=context, map_id="place-map")
    listing = mapsvg.map_list(points, place.url) if figure else Markup("")
    return figure, listing, (bool(within) and any(p.data.location for p in within),
                             any(p.data.location for p in elsewhere))


def _events_table(url: str, place: Place, events: list[tuple[Event, list[Place]]]) -> Markup:
    rows = []
    for event, where in events:
        rows.append([
            sort_key(event_date_key(event), event_when(event)),
            a(url, event.url, event.title),
            event.data.type.replace("-", " "),
            Markup(", ").join(name_html(place.name) if p is place else a(url, p.url, name_html(p.name))
                              for p in where),
            str(len(event.claims)),
            str(len(event.articles)),
        ])
    return table(["When", "Event", "Type", "Where", "Claims", "Articles"], rows)


def _children(url: str, place: Place) -> Iterable[Markup]:
    m = _macros()
    for child in place.children:
        yield m.child(url, child, len(child.events), len(child.descendants))


def render(place: Place, archive: Archive) -> str:
    """The place's page."""
    url = place.url
    d = place.data
    m = _macros()
    terms = search_terms(place)
    events = events_within(place)
    figure, listing, drawn = _map(place, archive, events)
    named = [("\n" if k else "", a(url, archive.articles[i].url, archive.articles[i].display_title), n)
             for k, (i, n) in enumerate(sorted(place.mentioned_in.items()))]
    body = [
        corrections.notice(url, d.corrections),
        m.map_block(place, figure, listing, *drawn) if figure else "",
        m.meta(url, place, terms),
        m.off_the_maps() if d.location and not figure else "",
        h2(f"Events here ({len(events)})"),
        m.events_note(place, len(place.events), len(events)) if events else "",
        _events_table(url, place, events) if events else empty_line("No event in the archive is placed here."),
        h2(f"Places within ({len(place.children)})") if place.children else "",
        ul(_children(url, place)) if place.children else "",
        h2(f"Claims about events here ({len(place.claims)})"),
        claims_table(url, place.claims, show_article=True) if place.claims
        else empty_line("No claim describes an event placed here."),
        h2(f"Named in {plural(len(named), 'article')}"),
        macros("article.html").counted(named) if named else empty_line("Not named in any article text."),
        corrections.listing(d.corrections),
        json_ld(jsonld.place(place)),
    ]
    kind = d.kind.replace("-", " ")
    return page(d.name, place.source.path, body, description=f"{d.name} ({kind})", boost=1.2, search_terms=terms)


ENV.globals.update(PLACE_KINDS=v.PLACE_KINDS, LOCATION_PRECISIONS=v.LOCATION_PRECISIONS)
