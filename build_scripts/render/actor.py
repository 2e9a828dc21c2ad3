"""Actor pages: names, type, affiliations both ways, claims by and about, articles, disputes."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.model import Actor, Archive
from build_scripts.render import corrections, network, timeline
from build_scripts.render.article import claims_table
from build_scripts.render.common import (a, actor_link, definition, dl, esc, excerpt, h2, href, isolate, name_html,
                                         page, plural, status_badge, ul, unknown)


def _affiliation(from_url: str, link, outgoing: bool) -> str:
    definition, inverse = v.RELATIONS[link.relation]
    label = link.relation.replace("-", " ") if outgoing else inverse
    other = link.target if outgoing else link.actor
    evidence = a(from_url, link.article.url, excerpt(link.evidence, 120), cls="evidence")
    return f"{esc(label)} {actor_link(from_url, other)} <span class=\"basis\">— stated in: “{evidence}”</span>"


def render(actor: Actor, archive: Archive, on_timeline: bool | None = None) -> str:
    """The actor's page. `on_timeline`, whether any timeline item involves the actor, is
    computed once per archive by `render_site`; it is worked out here only when not given."""
    url = actor.url
    d = actor.data
    rows = [
        ("Type", f"{esc(d.type)} {definition(v.ACTOR_TYPES[d.type])}"),
        ("Also written", " · ".join(name_html(alias) for alias in d.aliases) if d.aliases
         else unknown("no other spelling in the texts")),
        ("Arabic name", name_html(d.name_ar, lang="ar") if d.name_ar else unknown()),
        ("Wikidata", f'<a href="https://www.wikidata.org/wiki/{esc(d.wikidata)}" rel="noopener">{esc(d.wikidata)}</a>'
         if d.wikidata else unknown()),
    ]
    if d.description:
        rows.insert(0, ("Description", esc(d.description)))
    affiliations = [_affiliation(url, link, True) for link in actor.affiliations]
    affiliations += [_affiliation(url, link, False) for link in actor.affiliated_from]
    mentioned = [a(url, archive.articles[i].url, archive.articles[i].display_title) + f' <span class="count">×{n}</span>'
                 for i, n in sorted(actor.mentioned_in.items())]
    comments = [f"{a(url, art.url, art.display_title)}: “{esc(excerpt(art.body[s.start:s.end], 120))}”"
                for art, s in actor.comments]
    disputes = [a(url, dsp.url, dsp.data.question) + " " + status_badge(dsp.data.status, "dispute")
                for dsp in actor.disputes]
    picture = network.actor_svg(actor, archive)
    if on_timeline is None:
        on_timeline = any(actor.id in item.actors for item in timeline.items(archive))
    see = [a(url, network.URL, "the whole network")]
    if on_timeline:
        see.insert(0, f'<a href="{esc(href(url, timeline.URL))}?actor={esc(actor.id)}">{name_html(d.name)} on the '
                      'timeline</a>')
    body = [
        corrections.notice(url, d.corrections),
        dl(rows),
        "## Connections" if picture else "",
        picture,
        f'<p class="see-also">See also: {" · ".join(see)}</p>',
        "## Affiliations",
        ul(affiliations) or '<p class="empty">No affiliation stated in the archive.</p>',
        "## Disputes" if disputes else "",
        ul(disputes),
        h2(f"Claims made ({len(actor.claims_made)})"),
        claims_table(url, actor.claims_made, show_article=True),
        h2(f"Claims about {isolate(d.name)} ({len(actor.claims_about)})"),
        claims_table(url, actor.claims_about, show_article=True),
        "## Claims relayed (as intermediary)" if actor.claims_relayed else "",
        claims_table(url, actor.claims_relayed, show_article=True) if actor.claims_relayed else "",
        "## Articles published" if actor.outlet_of else "",
        ul(a(url, art.url, art.display_title) for art in actor.outlet_of),
        "## Reader comments" if comments else "",
        ul(comments),
        h2(f"Named in {plural(len(actor.mentioned_in), 'article')}"),
        ul(mentioned) or '<p class="empty">Not named in any article text.</p>',
    ]
    return page(d.name, actor.source.path, body, description=f"{d.name} ({d.type})", boost=1.5)
