"""The map of the whole archive (/map/): every place with coordinates, on the vendored basemap
(render/mapsvg.py), as a dot, or as a diamond where events happened (one marker for all the
events at a place, which would otherwise hide one another at its point);
then the same in words, a table of the places and one of the events, and what is not drawn, and
why: a place no citable source locates, a point outside the area the basemap covers, an event
with no located place.

Coordinates are outside facts: each place's page gives its basis. An event has no coordinates of
its own: it is drawn at its places, as precisely as they are located.
"""

from __future__ import annotations

from build_scripts.model import Archive, Event, Place
from build_scripts.render import mapsvg
from build_scripts.render.common import a, event_when, name_html, page, plural, sort_key, table
from build_scripts.render.place import event_date_key, event_key, map_point
from build_scripts.render.templating import macros

PATH = "map.md"
URL = "map/"
TITLE = "Map of the archive"


def _located(place: Place) -> bool:
    return place.data.location is not None


def place_point(place: Place) -> mapsvg.MapPoint:
    """The place as a dot, or, where events happened (at the place itself), as a diamond that
    stands for them: events at one place share its point, so one marker each would hide the others."""
    events = place.events
    if not events:
        return map_point(place, place.data.kind.replace("-", " "))
    detail = f"{plural(len(events), 'event')}: " + "; ".join(e.title for e in sorted(events, key=event_key))
    return map_point(place, detail, marker="event")


def _places(archive: Archive) -> list[Place]:
    return sorted(archive.places.values(), key=lambda p: (p.name.lower(), p.id))


def _events(archive: Archive) -> list[Event]:
    return sorted(archive.events.values(), key=event_key)


def render(archive: Archive) -> str:
    url = URL
    m = macros("archive_map.html")
    places = _places(archive)
    events = _events(archive)
    # Labels are placed in this order, where there is room: the places located most precisely
    # first (a governorate's centre can lie next to an airfield), those where events happened first.
    labelled = sorted((p for p in places if _located(p)),
                      key=lambda p: (p.data.location.precision in ("area", "approximate"), not p.events))
    points = [place_point(p) for p in labelled]
    figure = mapsvg.map_figure(points, url, TITLE, map_id="archive-map")
    view = mapsvg.fit_view(points)
    drawn_places = [p for p in places if _located(p) and view is not None
                    and view.contains(p.data.location.lat, p.data.location.lon)]
    outside = [p for p in places if _located(p) and p not in drawn_places]
    unlocated = [p for p in places if not _located(p)]
    drawn_events = [e for e in events if any(p in drawn_places for p in e.places)]
    place_rows = [[a(url, p.url, name_html(p.name)), p.data.kind.replace("-", " "),
                   macros("listing.html").coordinates(p.data.location), p.data.location.precision,
                   str(len(p.events))] for p in drawn_places]
    event_rows = [[sort_key(event_date_key(e), event_when(e)), a(url, e.url, e.title), e.data.type.replace("-", " "),
                   m.event_places(url, [(p, p in drawn_places) for p in e.places])]
                  for e in drawn_events]
    not_drawn_events = [(e, "no place is recorded" if not e.places
                         else "none of its places has coordinates") for e in events if e not in drawn_events]
    body = [
        m.archive_intro(url, len(drawn_places), len(drawn_events), len(places), len(events)),
        figure,
        "## Places on the map",
        table(["Place", "Kind", "Coordinates", "Precision", "Events"], rows=place_rows),
        "## Events on the map",
        m.events_note() if event_rows else "",
        table(["When", "Event", "Type", "Places"], event_rows, empty="No event has a place with coordinates."),
        "## Not on the map",
        m.not_drawn(url, outside, unlocated, not_drawn_events),
    ]
    return page(TITLE, None, body, description=f"{plural(len(drawn_places), 'place')} and "
                                                f"{plural(len(drawn_events), 'event')} of the archive on a map.",
                hide=("navigation", "toc"))
