"""What each entity page reads: the inputs its content comes from.

An input is a contributor file (its path under the archive root) or a fact the link stage derives
from several files at once: where actor and place names occur in an article's text
(`mentions:<article id>`), which depends on every actor's and place's names. `inputs(archive)`
gives the keys' current values and `record_inputs(archive)` the keys the pages of each record
read, so that after an edit the preview re-renders only the pages whose inputs changed
(`build_scripts.preview`).

Each function here follows its renderer in build_scripts/render/: whatever a page shows of
another entity (a name, a title, a quote, a status) puts that entity's file among its inputs.
tests/test_preview.py checks the result against a whole regenerate after many kinds of edit;
a page that reads something new must say so here.
"""

from __future__ import annotations

from collections.abc import Iterable

from build_scripts import kinds
from build_scripts.model import Actor, Archive, Article, Claim, Dispute, Event, Place


def mentions_key(article: Article) -> str:
    return f"mentions:{article.id}"


def inputs(archive: Archive) -> dict[str, object]:
    """Every derived input's current value; files are compared by their text (see `preview`)."""
    return {mentions_key(article): (tuple((m.start, m.end, m.actor.id) for m in article.mentions),
                                    tuple((m.start, m.end, m.place.id) for m in article.place_mentions))
            for article in archive.articles.values()}


def _files(entities: Iterable[Article | Actor | Claim | Dispute | Place | Event | None]) -> set[str]:
    return {e.source.path for e in entities if e is not None}


def _shown(claim: Claim) -> set[str]:
    """A claim as a row or a link shows: its quote (from the article's text, where the claims
    file anchors it), its claimant's name, role, status and article's title."""
    return _files((claim, claim.article, claim.claimant))


def _claim(claim: Claim, seen: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    """A claim with its source: the article's outlet and author, who relayed it, its disputes.
    `seen` keeps the answers of one `record_inputs` call (a claim is shown on several pages)."""
    if seen is not None and claim.id in seen:
        return seen[claim.id]
    article = claim.article
    keys = _shown(claim) | _files((article.outlet, article.author, *claim.reported_by, *claim.subjects))
    keys |= _files(dispute for dispute, _ in claim.disputes)
    keys = frozenset(keys)
    if seen is not None:
        seen[claim.id] = keys
    return keys


def claim_page(claim: Claim, seen: dict | None = None) -> set[str]:
    """A claim's page: the claim with its source, the claims it relates to, and the event it
    describes (its title, type and time)."""
    keys = set(_claim(claim, seen)) | _files((claim.event,))
    for _, other in claim.relations + claim.related_from:
        keys |= _shown(other)
    return keys


def article_page(article: Article, seen: dict | None = None) -> set[str]:
    keys = _files((article, article.outlet, article.author, *(s.author for s in article.segments)))
    keys |= _files(m.actor for m in article.mentions)
    keys |= _files(m.place for m in article.place_mentions)  # "Places named": their names
    keys.add(mentions_key(article))
    if article.claims_path:
        keys.add(article.claims_path)
    for claim in article.claims:
        keys |= _claim(claim, seen)
    keys |= _files(claim.event for claim in article.claims)  # the events its claims describe
    return keys


def actor_page(actor: Actor, authored: Iterable[Article] = (), named_in: Iterable[Article] = (),
               seen: dict | None = None, party_to: Iterable[Event] = ()) -> set[str]:
    """`authored`: the articles whose author the actor is (they put it on the timeline);
    `named_in`: the articles whose text names it (listed by title); `party_to`: the events it
    takes part in (they put it on the timeline too)."""
    keys = _files((actor, *authored, *named_in, *actor.outlet_of, *party_to))
    for claim in actor.claims_made + actor.claims_about + actor.claims_relayed:
        keys |= _claim(claim, seen)
    for link in actor.affiliations + actor.affiliated_from:
        keys |= _files((link.actor, link.target, link.article))
    keys |= _files(article for article, _ in actor.comments)
    for article_id in actor.mentioned_in:
        keys.add(f"mentions:{article_id}")
    return keys


def dispute_page(dispute: Dispute, seen: dict | None = None) -> set[str]:
    keys = _files((dispute, *dispute.related, dispute.event))
    for claim in dispute.claims:
        keys |= _claim(claim, seen)
    return keys


def place_page(place: Place, archive: Archive, seen: dict | None = None) -> set[str]:
    """A place's page (render/place.py): its map draws every other located place of the archive
    for orientation, so it reads every place's file; the events at it and at the places within
    it (their titles, times, places, and how many claims and articles report them: their claims'
    files), the claims about the events at it, and the articles whose text names it (by title)."""
    keys = _files(archive.places.values())
    within = [place, *place.descendants]
    events = {e.id: e for p in within for e in p.events}.values()
    keys |= _files(events)
    keys |= _files(p for event in events for p in event.places)
    keys |= _files(claim for event in events for claim in event.claims)
    for claim in place.claims:
        keys |= _claim(claim, seen)
    keys |= _files(archive.articles[i] for i in place.mentioned_in)
    for article_id in place.mentioned_in:
        keys.add(f"mentions:{article_id}")
    return keys


def event_page(event: Event, seen: dict | None = None) -> set[str]:
    """An event's page: its file, its places and parties, the claims describing it (each with
    its source and disputes, as its card shows it) and the disputes about it. The map of its
    places also shows, for a place without coordinates, the nearest larger place that has them
    (render/event.py `map_points`): the place's ancestors up to that one."""
    keys = _files((event, *event.places, *event.parties, *event.disputes))
    for place in event.places:
        if place.data.location is None:
            for up in place.ancestors:
                keys.add(up.source.path)
                if up.data.location is not None:
                    break
    for claim in event.claims:
        keys |= _claim(claim, seen)
    return keys


def home_page(archive: Archive) -> frozenset[str]:
    """The home page (render/home.py) counts every record and picks the latest of each list from
    all of them: it reads every file (a new or removed one changes a count)."""
    keys: set[str] = set()
    for kind in kinds.KINDS:
        keys |= _files(getattr(archive, kind.section).values())
    keys |= {article.claims_path for article in archive.articles.values() if article.claims_path}
    return frozenset(keys)


def record_inputs(archive: Archive) -> dict[tuple[str, str], frozenset[str]]:
    """What the pages of each record read, keyed by (kind name, id): its own page and, for an
    actor, the pages of its long lists, which show parts of the same (render.PagePlan)."""
    authored: dict[str, list[Article]] = {}
    for article in archive.articles.values():
        if article.author is not None:
            authored.setdefault(article.author.id, []).append(article)
    party_to: dict[str, list[Event]] = {}
    for event in archive.events.values():
        for party in event.parties:
            party_to.setdefault(party.id, []).append(event)
    found: dict[tuple[str, str], frozenset[str]] = {}
    seen: dict[str, frozenset[str]] = {}
    for article in archive.articles.values():
        found[kinds.ARTICLE.name, article.id] = frozenset(article_page(article, seen))
    for actor in archive.actors.values():
        named_in = [archive.articles[article_id] for article_id in actor.mentioned_in]
        found[kinds.ACTOR.name, actor.id] = frozenset(actor_page(actor, authored.get(actor.id, ()), named_in, seen,
                                                                 party_to.get(actor.id, ())))
    for claim in archive.claims.values():
        found[kinds.CLAIM.name, claim.id] = frozenset(claim_page(claim, seen))
    for dispute in archive.disputes.values():
        found[kinds.DISPUTE.name, dispute.id] = frozenset(dispute_page(dispute, seen))
    for place in archive.places.values():
        found[kinds.PLACE.name, place.id] = frozenset(place_page(place, archive, seen))
    for event in archive.events.values():
        found[kinds.EVENT.name, event.id] = frozenset(event_page(event, seen))
    return found


__all__ = ["claim_page", "event_page", "home_page", "inputs", "place_page", "record_inputs"]
