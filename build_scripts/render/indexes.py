"""Index pages, one per kind: sortable tables, never the site navigation; the claims index has a
filter form (by status, role, claimant, where on the page, article) that docs/javascripts/sort-tables.js
works, the table whole without it."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from build_scripts import export, kinds, vocabulary
from build_scripts.model import Archive
from build_scripts.render import event as event_page
from build_scripts.render import feed, paging
from build_scripts.render.common import (ENV, a, actor_link, card_table, claimant_html, code, date_html,
                                         date_sort_key, dispute_item, excerpt, name_html, name_order, page, sort_key,
                                         status_badge, table, table_rows, unknown)
from build_scripts.render.templating import macros

DATA_URL = "data/"
MAP_URL = "map/"  # the whole archive's map (render/archive_map.py)


def subscribe(url: str, archive: Archive) -> Markup | str:
    """A link to the Atom feed, on the pages of the kinds it carries; nothing when there is no feed."""
    return macros("listing.html").subscribe(url) if feed.entries(archive) else ""


def downloads(url: str, tables: list[str]) -> Markup:
    """The "Download this data" line of an index page: its own tables, everything, and the list."""
    return macros("listing.html").downloads(url, tables)


def _date_cell(value) -> Markup:
    return sort_key(date_sort_key(value.date if value else None), date_html(value, with_basis=False))


def _articles_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None) -> str:
    base = f"{kinds.ARTICLE.section}/"
    url = paging.url(base, number)
    entries = list(archive.articles.values())
    rows = []
    for art in entries[start:stop]:
        rows.append([
            a(url, art.url, art.display_title),
            actor_link(url, art.outlet) if art.outlet else unknown(),
            _date_cell(art.meta.published),
            str(len(art.claims)),
            str(len(art.disputes)),
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.ARTICLE.title)
    intro = paging.intro(len(entries), kinds.ARTICLE.section, number, pages, start, stop, singular=kinds.ARTICLE.name)
    return page(paging.title(kinds.ARTICLE.title, number, pages), None,
                [intro, nav, table(["Article", "Outlet", "Published", "Claims", "Disputes"], rows), nav_end,
                 downloads(url, ["articles", "article_segments", "mentions"]),
                 subscribe(url, archive)],
                hide=("navigation", "toc"))


def _sorted_actors(archive: Archive) -> list:
    """Actors by the name the index shows (`name_order`), not by id."""
    return sorted(archive.actors.values(), key=lambda actor: name_order(actor.name, actor.id))


def _actors_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None,
                 entries: list | None = None) -> str:
    base = f"{kinds.ACTOR.section}/"
    url = paging.url(base, number)
    entries = _sorted_actors(archive) if entries is None else entries
    rows = []
    for actor in entries[start:stop]:
        rows.append([
            actor_link(url, actor),
            actor.data.type,
            Markup(", ").join(name_html(alias) for alias in actor.data.aliases),
            str(len(actor.claims_made)),
            str(len(actor.claims_about)),
            str(sum(actor.mentioned_in.values())),
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.ACTOR.title)
    intro = paging.intro(len(entries), kinds.ACTOR.section, number, pages, start, stop, singular=kinds.ACTOR.name)
    return page(paging.title(kinds.ACTOR.title, number, pages), None,
                [intro, nav, table(["Name", "Type", "Also written", "Claims made", "Claims about", "Mentions"], rows),
                 nav_end, downloads(url, ["actors", "affiliations"])], hide=("navigation", "toc"))


def _sorted_claims(archive: Archive) -> list:
    return sorted(archive.claims.values(), key=lambda c: (c.article.id, c.number))


# The claims index's filters: (the address's key and the select's name, its label, the rows' data
# attributes it matches, any of which may hold the value).
CLAIM_FILTERS = [
    ("status", "Status", ("status",)),
    ("role", "Role", ("role",)),
    ("claimant", "Claimant", ("claimant", "actor-type")),
    ("where", "Where on the page", ("where",)),
    ("article", "Article", ("article",)),
]
_CLAIMANT_KINDS = {"actor": "a named actor", "unnamed": "an unnamed source", "own": "the article's own voice"}


def _claim_facets(claim) -> list[tuple[str, str]]:
    """A claims index row's data attributes, one per filter: what the filter form reads."""
    if claim.claimant is not None:
        claimant = [("claimant", "actor"), ("actor-type", claim.claimant.data.type)]
    else:
        claimant = [("claimant", "unnamed" if claim.data.unnamed_source else "own")]
    return [("status", claim.data.status), ("role", claim.data.role), *claimant,
            ("where", claim.location), ("article", claim.article.id)]


def _where_text(location: str) -> str:
    return "the article's own text" if location == "body" else location.replace("-", " ")


def _claim_filter(claims: list, paged: bool) -> Markup:
    """The filter form above the claims table: for each filter, the values the rows of this page
    hold, in the vocabulary's order (articles in the table's), each with how many rows hold it."""
    def counted(values: list[str], order, text) -> list[tuple[str, str, int]]:
        seen = {value: values.count(value) for value in values}
        return [(value, text(value), seen[value]) for value in order if value in seen]

    def named(values: list[str], order) -> list[tuple[str, str, int]]:
        return counted(values, order, lambda value: value.replace("-", " "))

    kinds_of = [dict(_claim_facets(c))["claimant"] for c in claims]
    types = [c.claimant.data.type for c in claims if c.claimant is not None]
    articles = {c.article.id: c.article.display_title for c in claims}
    options = {
        "status": (named([c.data.status for c in claims], vocabulary.CLAIM_STATUSES), []),
        "role": (named([c.data.role for c in claims], vocabulary.ROLES), []),
        "claimant": (counted(kinds_of, _CLAIMANT_KINDS, _CLAIMANT_KINDS.get),
                     [("A named actor of the type", named(types, vocabulary.ACTOR_TYPES))] if types else []),
        "where": (counted([c.location for c in claims], vocabulary.CLAIM_LOCATIONS, _where_text), []),
        "article": (counted([c.article.id for c in claims], articles, articles.get), []),
    }
    filters = [(key, label, " ".join(attrs), *options[key]) for key, label, attrs in CLAIM_FILTERS]
    return macros("listing.html").claim_filter(filters, len(claims), paged)


def _claims_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None,
                 entries: list | None = None) -> str:
    base = f"{kinds.CLAIM.section}/"
    url = paging.url(base, number)
    entries = _sorted_claims(archive) if entries is None else entries
    rows = []
    shown = entries[start:stop]
    for claim in shown:
        rows.append([
            a(url, claim.url, excerpt(claim.quote, 100)),
            claimant_html(url, claim),
            claim.data.role,
            status_badge(claim.data.status),
            a(url, claim.article.url, claim.article.display_title),
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.CLAIM.title)
    intro = paging.intro(len(entries), kinds.CLAIM.section, number, pages, start, stop, singular=kinds.CLAIM.name)
    return page(paging.title(kinds.CLAIM.title, number, pages), None,
                [intro, nav, _claim_filter(shown, pages > 1) if shown else "",
                 card_table(["Quote", "Claimant", "Role", "Status", "Article"], rows,
                            attrs=[_claim_facets(claim) for claim in shown]), nav_end,
                 downloads(url, ["claims", "claim_subjects", "claim_figures", "claim_relations"])],
                hide=("navigation", "toc"))


def _disputes_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None) -> str:
    base = f"{kinds.DISPUTE.section}/"
    url = paging.url(base, number)
    entries = list(archive.disputes.values())
    rows = []
    for dispute in entries[start:stop]:
        rows.append([
            a(url, dispute.url, dispute.data.question),
            status_badge(dispute.data.status, "dispute"),
            str(len(dispute.sides)),
            str(len(dispute.claims)),
            Markup(", ").join(a(url, art.url, art.display_title) for art in dispute.articles),
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.DISPUTE.title)
    intro = paging.intro(len(entries), kinds.DISPUTE.section, number, pages, start, stop, singular=kinds.DISPUTE.name)
    return page(paging.title(kinds.DISPUTE.title, number, pages), None,
                [intro, nav, table(["Question", "Status", "Sides", "Claims", "Articles"], rows), nav_end,
                 downloads(url, ["disputes", "dispute_sides", "dispute_members", "dispute_history"]),
                 subscribe(url, archive)],
                hide=("navigation", "toc"))


def _sorted_events(archive: Archive) -> list:
    """Events by when they happened (`event.sort_date`: a yearless one at the earliest date it
    can be), undated ones last, then by id."""
    return sorted(archive.events.values(),
                  key=lambda e: (event_page.sort_date(e) is None, date_sort_key(event_page.sort_date(e)), e.id))


def _events_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None) -> str:
    base = f"{kinds.EVENT.section}/"
    url = paging.url(base, number)
    entries = _sorted_events(archive)
    rows = []
    for event in entries[start:stop]:
        rows.append([
            a(url, event.url, event.title),
            event.data.type.replace("-", " "),
            event_page.when_cell(event),
            Markup(", ").join(a(url, p.url, p.name) for p in event.places) or unknown("not recorded"),
            str(len(event.claims)),
            str(len(event.articles)),
            Markup(", ").join(dispute_item(url, d) for d in event.disputes) or "–",
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.EVENT.title)
    intro = paging.intro(len(entries), kinds.EVENT.section, number, pages, start, stop, singular=kinds.EVENT.name)
    return page(paging.title(kinds.EVENT.title, number, pages), None,
                [intro, macros("listing.html").events_note(), nav,
                 card_table(["Event", "Type", "When", "Places", "Reports", "Articles", "Disputes"], rows), nav_end,
                 downloads(url, ["events", "event_places", "event_parties", "event_equipment"])],
                hide=("navigation", "toc"))


def _sorted_places(archive: Archive) -> list:
    """Places by the name the index shows (`name_order`), not by id."""
    return sorted(archive.places.values(), key=lambda place: name_order(place.name, place.id))


def _places_page(archive: Archive, number: int = 1, pages: int = 1, start: int = 0, stop: int | None = None,
                 entries: list | None = None) -> str:
    base = f"{kinds.PLACE.section}/"
    url = paging.url(base, number)
    entries = _sorted_places(archive) if entries is None else entries
    m = macros("listing.html")
    rows = []
    for place in entries[start:stop]:
        loc = place.data.location
        rows.append([
            a(url, place.url, name_html(place.name)),
            place.data.kind.replace("-", " "),
            a(url, place.parent.url, name_html(place.parent.name)) if place.parent else unknown("none recorded"),
            m.coordinates(loc) if loc else sort_key("", unknown("not known")),
            loc.precision if loc else "",
            str(len(place.events)),
            str(len(place.mentioned_in)),
        ])
    stop = start + len(rows)
    nav, nav_end = paging.pagers(base, number, pages, kinds.PLACE.title)
    intro = paging.intro(len(entries), kinds.PLACE.section, number, pages, start, stop)
    return page(paging.title(kinds.PLACE.title, number, pages), None,
                [m.places_intro(url, MAP_URL), intro, nav,
                 table(["Name", "Kind", "Lies in", "Coordinates", "Precision", "Events", "Articles naming it"], rows),
                 nav_end, downloads(url, ["places"])], hide=("navigation", "toc"))


def articles(archive: Archive) -> str:
    """The articles index (its first page, when there are several)."""
    return _articles_page(archive, 1, paging.count(len(archive.articles)), 0, paging.PAGE_SIZE)


def actors(archive: Archive) -> str:
    return _actors_page(archive, 1, paging.count(len(archive.actors)), 0, paging.PAGE_SIZE)


def claims(archive: Archive) -> str:
    return _claims_page(archive, 1, paging.count(len(archive.claims)), 0, paging.PAGE_SIZE)


def disputes(archive: Archive) -> str:
    return _disputes_page(archive, 1, paging.count(len(archive.disputes)), 0, paging.PAGE_SIZE)


def events(archive: Archive) -> str:
    return _events_page(archive, 1, paging.count(len(archive.events)), 0, paging.PAGE_SIZE)


def places(archive: Archive) -> str:
    return _places_page(archive, 1, paging.count(len(archive.places)), 0, paging.PAGE_SIZE)


def planned(archive: Archive) -> list[tuple[str, Callable[[], str]]]:
    """(file, renderer) for every page of the indexes."""
    ordered: list = []
    by_name: list = []
    places_by_name: list = []

    def claims_page(number: int, pages: int, start: int, stop: int) -> str:
        if not ordered:
            ordered.extend(_sorted_claims(archive))
        return _claims_page(archive, number, pages, start, stop, ordered)

    def actors_page(number: int, pages: int, start: int, stop: int) -> str:
        if not by_name:
            by_name.extend(_sorted_actors(archive))
        return _actors_page(archive, number, pages, start, stop, by_name)

    def places_page(number: int, pages: int, start: int, stop: int) -> str:
        if not places_by_name:
            places_by_name.extend(_sorted_places(archive))
        return _places_page(archive, number, pages, start, stop, places_by_name)

    return [
        *paging.plan(kinds.ARTICLE.page("index"), f"{kinds.ARTICLE.section}/", len(archive.articles),
                     lambda *k: _articles_page(archive, *k)),
        *paging.plan(kinds.ACTOR.page("index"), f"{kinds.ACTOR.section}/", len(archive.actors), actors_page),
        *paging.plan(kinds.CLAIM.page("index"), f"{kinds.CLAIM.section}/", len(archive.claims), claims_page),
        *paging.plan(kinds.DISPUTE.page("index"), f"{kinds.DISPUTE.section}/", len(archive.disputes),
                     lambda *k: _disputes_page(archive, *k)),
        *paging.plan(kinds.EVENT.page("index"), f"{kinds.EVENT.section}/", len(archive.events),
                     lambda *k: _events_page(archive, *k)),
        *paging.plan(kinds.PLACE.page("index"), f"{kinds.PLACE.section}/", len(archive.places), places_page),
    ]


def data(archive: Archive, licence: export.Licence = export.DEFAULT_LICENCE) -> str:
    """The downloads page: every file, what a row is, each table's fields, and the licence of
    the annotations (`licence`; the articles' texts remain their publishers')."""
    url = DATA_URL
    m = macros("data.html")
    rows = [[m.file(url, export.JSON_FILE),
             "Every article, actor, claim, dispute, place and event, nested, with the vocabularies and their "
             "definitions.", "–"]]
    rows.append([m.file(url, export.GEOJSON_FILE), m.geojson_note(),
                 str(len(export.geojson(archive)["features"]))])
    rows += [[m.file(url, t.path), t.description, str(len(list(t.rows(archive))))] for t in export.TABLES]
    rows.append([m.file(url, export.PACKAGE_FILE), m.package_note(), "–"])
    fields = [(t, ", ".join(t.primary_key),
               "; ".join(f"{', '.join(fk.fields)} → {fk.resource}" for fk in t.foreign_keys) or "none",
               table_rows([[code(f.name), f.type, "yes" if f.required else "no", m.field(f)] for f in t.fields]))
              for t in export.TABLES]
    conventions = export.__doc__.split("Conventions shared by every file:", 1)[1].strip()
    items = [" ".join(item.split()).lstrip("- ").split("`") for item in conventions.split("\n- ") if item.strip()]
    body = [
        m.intro(archive),
        m.licence(licence),
        table(["File", "What it holds", "Rows"], rows, sortable=False),
        "## Conventions",
        m.conventions(items),
        "## Fields of each table",
        m.fields(fields),
    ]
    return page("Data downloads", "build_scripts/export.py", body,
                description="The whole archive as JSON and CSV, with a Frictionless Data Package.",
                hide=("navigation", "toc"))


ENV.globals.update(FEED=feed.PATH, DATA_URL=DATA_URL, DATA_DIR=export.DATA_DIR, JSON_FILE=export.JSON_FILE)
