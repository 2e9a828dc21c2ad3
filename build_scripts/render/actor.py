"""Actor pages: names, type, affiliations both ways, claims by and about, articles, disputes.

The lists on an actor's page that grow with the archive (claims made, about and relayed,
articles published and naming it, disputes) show their first SHOWN entries; a longer list is
given whole on pages of its own, `actors/<id>/<list>/`, paginated like the indexes. So an actor
page stays the same size however much the archive says about the actor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from build_scripts import vocabulary as v
from build_scripts.model import Actor, Archive
from build_scripts.render import corrections, network, paging, timeline
from build_scripts.render.article import claims_table
from build_scripts.render.common import ENV, a, dispute_item, empty_line, excerpt, h2, isolate, page, plural, ul
from build_scripts.render.templating import macros


def _macros():
    return macros("actor.html")


def _affiliation(from_url: str, link, outgoing: bool) -> Markup:
    label = link.relation.replace("-", " ") if outgoing else v.RELATIONS[link.relation][1]
    other = link.target if outgoing else link.actor
    evidence = a(from_url, link.article.url, excerpt(link.evidence, 120), cls="evidence")
    return _macros().affiliation(from_url, label, other, evidence, link.period)


SHOWN = 100


def search_terms(actor: Actor) -> list[str]:
    """The aliases a reader types as one word (an acronym such as HTS, a short name such as
    Assad): a search for exactly one of them shows the actor's page first, with Material's
    search (the page's `tags`) and with Pagefind (an `alias` filter in the meta card, which
    overrides/search-pagefind's box looks up). Only the
    contributors' aliases, which are spellings the texts use; none is made up here. An alias of
    several words is not one: each of its words ("troops" in "Syrian regime troops") would
    put the actor above every page about that word. Letters and digits only, so that each is
    one word to both engines and holds no markup. Then the actor's `outside_names` (an acronym
    such as SOHR that no text prints), which the schema holds to one such word each, with a basis
    the page shows."""
    return [alias for alias in actor.data.aliases if alias.isalnum()] + [o.name for o in actor.data.outside_names]


@dataclass(frozen=True)
class _List:
    slug: str  # the list's own pages are at actors/<id>/<slug>/
    title: str  # their title
    noun: str  # what the entries are, in the plural
    items: list
    html: Callable[[str, list], str]  # (page url, entries) → the list's markup
    sortable: bool = False


def _lists(actor: Actor, archive: Archive) -> list[_List]:
    name = isolate(actor.data.name)  # a name in another script keeps its direction in the titles

    def claims(url: str, items: list) -> str:
        return claims_table(url, items, show_article=True)

    def named(url: str, items: list) -> Markup | str:
        entries = [("\n" if k else "", a(url, archive.articles[i].url, archive.articles[i].display_title), n)
                   for k, (i, n) in enumerate(items)]
        return macros("article.html").counted(entries) if entries else ""

    return [
        _List("claims-made", f"Claims made by {name}", "claims", actor.claims_made, claims, True),
        _List("claims-about", f"Claims about {name}", "claims", actor.claims_about, claims, True),
        _List("claims-relayed", f"Claims relayed by {name}", "claims", actor.claims_relayed, claims, True),
        _List("published", f"Articles published by {name}", "articles", actor.outlet_of,
              lambda url, items: ul(a(url, art.url, art.display_title) for art in items)),
        _List("named-in", f"Articles naming {name}", "articles", sorted(actor.mentioned_in.items()), named),
        _List("disputes", f"Disputes involving {name}", "disputes", actor.disputes,
              lambda url, items: ul(dispute_item(url, dsp) for dsp in items)),
    ]


def _shown(actor: Actor, listing: _List) -> Markup:
    """A list on the actor's page: whole, or its first SHOWN entries and a link to the rest."""
    if len(listing.items) <= SHOWN:
        return listing.html(actor.url, listing.items)
    pages = paging.count(len(listing.items))
    everything = f"See all {len(listing.items)} {listing.title[0].lower()}{listing.title[1:]}"
    rest = _macros().more(actor, listing, SHOWN, everything, pages)
    return listing.html(actor.url, listing.items[:SHOWN]) + Markup("\n\n") + rest


def _list_page(actor: Actor, listing: _List, number: int, pages: int, start: int, stop: int) -> str:
    base = f"{actor.url}{listing.slug}/"
    url = paging.url(base, number)
    nav, nav_end = paging.pagers(base, number, pages, listing.title)
    back = _macros().back(url, actor)
    intro = paging.intro(len(listing.items), listing.noun, number, pages, start, stop, listing.sortable)
    return page(paging.title(listing.title, number, pages), None,
                [back, intro, nav, listing.html(url, listing.items[start:stop]), nav_end], hide=("navigation", "toc"))


def planned(actor: Actor, archive: Archive) -> list[tuple[str, Callable[[], str]]]:
    """The pages of the actor's lists too long for its page (none for most actors)."""
    plan = []
    for listing in _lists(actor, archive):
        if len(listing.items) > SHOWN:
            plan += paging.plan(f"{actor.url}{listing.slug}.md", f"{actor.url}{listing.slug}/",
                                len(listing.items), lambda *k, listing=listing: _list_page(actor, listing, *k))
    return plan


def render(actor: Actor, archive: Archive, on_timeline: bool | None = None) -> str:
    """The actor's page. `on_timeline`, whether any timeline item involves the actor, is
    computed once per archive by `render_site`; it is worked out here only when not given."""
    url = actor.url
    d = actor.data
    m = _macros()
    terms = search_terms(actor)
    affiliations = [_affiliation(url, link, True) for link in actor.affiliations]
    affiliations += [_affiliation(url, link, False) for link in actor.affiliated_from]
    lists = {listing.slug: listing for listing in _lists(actor, archive)}
    comments = [m.comment(url, art, excerpt(art.body[s.start:s.end], 120)) for art, s in actor.comments]
    picture = network.actor_svg(actor, archive)
    if on_timeline is None:
        on_timeline = any(actor.id in item.actors for item in timeline.items(archive))
    body = [
        corrections.notice(url, d.corrections),
        m.meta(actor, terms),
        "## Connections" if picture else "",
        picture,
        m.see_also(url, actor, on_timeline),
        "## Affiliations",
        ul(affiliations) or empty_line("No affiliation stated in the archive."),
        "## Disputes" if actor.disputes else "",
        _shown(actor, lists["disputes"]) if actor.disputes else "",
        h2(f"Claims made ({len(actor.claims_made)})"),
        _shown(actor, lists["claims-made"]),
        h2(f"Claims about {isolate(d.name)} ({len(actor.claims_about)})"),
        _shown(actor, lists["claims-about"]),
        "## Claims relayed (as intermediary)" if actor.claims_relayed else "",
        _shown(actor, lists["claims-relayed"]) if actor.claims_relayed else "",
        "## Articles published" if actor.outlet_of else "",
        _shown(actor, lists["published"]) if actor.outlet_of else "",
        "## Reader comments" if comments else "",
        ul(comments),
        h2(f"Named in {plural(len(actor.mentioned_in), 'article')}"),
        _shown(actor, lists["named-in"]) if actor.mentioned_in else empty_line("Not named in any article text."),
        corrections.listing(d.corrections),
    ]
    return page(d.name, actor.source.path, body, description=f"{d.name} ({d.type})", boost=1.5, search_terms=terms)


ENV.globals.update(ACTOR_TYPES=v.ACTOR_TYPES, TIMELINE=timeline.URL, NETWORK=network.URL)
