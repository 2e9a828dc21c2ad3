"""Place pages: where the place is (an outside fact, with its basis), what it lies in and
contains, the events that happened there with the claims that report them, and the texts that
name it."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.model import Archive, Place
from build_scripts.render import corrections
from build_scripts.render.article import claims_table
from build_scripts.render.common import ENV, a, empty_line, h2, page, plural, ul
from build_scripts.render.templating import macros


def _macros():
    return macros("place.html")


def render(place: Place, archive: Archive) -> str:
    """The place's page."""
    url = place.url
    d = place.data
    m = _macros()
    named = [(archive.articles[i], n) for i, n in sorted(place.mentioned_in.items())]
    body = [
        corrections.notice(url, d.corrections),
        m.meta(url, place),
        h2(f"Events here ({len(place.events)})"),
        ul(m.event_item(url, event) for event in place.events) or empty_line("No event in the archive is placed here."),
        "## Places within" if place.children else "",
        ul(a(url, child.url, child.name) for child in place.children),
        h2(f"Claims about events here ({len(place.claims)})"),
        claims_table(url, place.claims, show_article=True) if place.claims else empty_line("None yet."),
        h2(f"Named in {plural(len(named), 'article')}"),
        m.named(url, named) if named else empty_line("Not named in any article text."),
        corrections.listing(d.corrections),
    ]
    return page(d.name, place.source.path, body, description=f"{d.name} ({d.kind})", boost=1.2)


ENV.globals.update(PLACE_KINDS=v.PLACE_KINDS, LOCATION_PRECISIONS=v.LOCATION_PRECISIONS)
