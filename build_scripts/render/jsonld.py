"""schema.org structured data (JSON-LD) for article, claim, event and place pages: an export format for
search engines and fact-check aggregators.

Only what the archive knows is stated: a property whose value is not identified is left out,
never filled in. A claim is marked up as a schema.org `Claim` (who said it, where it appeared),
never as a `ClaimReview`: a review's rating is shown by search engines as a fact-check verdict,
and the archive's statuses say how the sources in it relate to a claim, not whether it is true.
"""

from __future__ import annotations

from build_scripts.model import Actor, Article, Claim, Event, Place

CONTEXT = "https://schema.org"
# schema.org types for the archive's actor types; anything else is an Organization.
ACTOR_TYPES = {
    "person": "Person",
    "commenter": "Person",
    "outlet": "NewsMediaOrganization",
    "government-body": "GovernmentOrganization",
}


def agent(actor: Actor) -> dict:
    out: dict = {"@type": ACTOR_TYPES.get(actor.data.type, "Organization"), "name": actor.name}
    if actor.data.wikidata:
        out["sameAs"] = f"https://www.wikidata.org/wiki/{actor.data.wikidata}"
    return out


def _article_properties(article: Article) -> dict:
    m = article.meta
    out: dict = {"@type": "NewsArticle"}
    if m.title:
        out["headline"] = m.title
    if article.author:
        out["author"] = agent(article.author)
    if article.outlet:
        out["publisher"] = agent(article.outlet)
    if m.published and m.published.date:
        out["datePublished"] = m.published.date
    if m.url:
        out["url"] = m.url
    out["inLanguage"] = m.language
    return out


def news_article(article: Article) -> dict:
    out = {"@context": CONTEXT, **_article_properties(article)}
    mentioned = {m.actor.id: m.actor for m in article.mentions}
    if mentioned:
        out["mentions"] = [agent(actor) for actor in sorted(mentioned.values(), key=lambda x: (x.name.lower(), x.id))]
    return out


def claim(claim: Claim) -> dict:
    """A schema.org Claim: the quote, who made it and where it appeared. No rating: the archive
    gives no verdict. A quote from a reader comment appeared in a Comment by its commenter under
    the article, not in the article."""
    out: dict = {"@context": CONTEXT, "@type": "Claim", "text": claim.quote}
    if claim.claimant:
        out["author"] = agent(claim.claimant)
    stated = claim.data.stated_date
    if stated and stated.date and not stated.outside:
        out["dateCreated"] = stated.date
    article = _article_properties(claim.article)
    commenter = claim.commenter
    if claim.location == "reader-comment":
        comment: dict = {"@type": "Comment"}
        if commenter:
            comment["author"] = agent(commenter)
        comment["parentItem"] = article
        out["appearance"] = comment
    else:
        out["appearance"] = article
    if claim.subjects:
        out["about"] = [agent(actor) for actor in claim.subjects]
    return out


def event(event: Event) -> dict:
    """A schema.org Event: its title, what happened, its dates only as precisely as the texts
    give them (a start, and an end only for a window; none for an event whose year is not
    stated), where (with coordinates only where a cited source gives them) and the news articles
    that report it. Its parties are not named: schema.org has no property for the sides of an
    incident (an organizer or performer is not one)."""
    d = event.data
    out: dict = {"@context": CONTEXT, "@type": "Event", "name": d.title}
    if d.description:
        out["description"] = d.description
    if d.when.start:
        out["startDate"] = d.when.start
    if d.when.end:  # only a window's end: a single date says when it began, not how long it lasted
        out["endDate"] = d.when.end
    places = []
    for place in event.places:
        item: dict = {"@type": "Place", "name": place.name}
        loc = place.data.location
        if loc is not None:
            item["geo"] = {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon}
        places.append(item)
    if places:
        out["location"] = places
    if event.articles:
        out["subjectOf"] = [_article_properties(article) for article in event.articles]
    return out


def place(place: Place) -> dict:
    """A schema.org Place: its name, the spellings the texts print, the place it lies in and,
    only when a cited source gives them, its coordinates (`geo`). No address, identifier or map
    link is made up: the basis of the coordinates is text on the page, not a property here."""
    out: dict = {"@context": CONTEXT, "@type": "Place", "name": place.name}
    aliases = [alias for alias in place.data.aliases if alias != place.name]
    if aliases:
        out["alternateName"] = aliases
    if place.data.description:
        out["description"] = place.data.description
    loc = place.data.location
    if loc is not None:
        out["geo"] = {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon}
    if place.parent is not None:
        out["containedInPlace"] = {"@type": "Place", "name": place.parent.name}
    return out
