"""schema.org structured data (JSON-LD) for article and claim pages: an export format for
search engines and fact-check aggregators.

Only what the archive knows is stated: a property whose value is not identified is left out,
never filled in. The archive's claim statuses describe how the sources in the archive relate to
a claim, not whether it is true, and the ClaimReview says so.
"""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.model import Actor, Article, Claim
from build_scripts.render.common import ARCHIVE_NAME

CONTEXT = "https://schema.org"
# schema.org types for the archive's actor types; anything else is an Organization.
ACTOR_TYPES = {
    "person": "Person",
    "commenter": "Person",
    "outlet": "NewsMediaOrganization",
    "government-body": "GovernmentOrganization",
}
STATUS_NOTE = ("The rating is this archive's status for the claim: it says how the sources in the archive relate to "
               "the claim, not whether the claim is true.")


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


def claim_review(claim: Claim) -> dict | None:
    """A ClaimReview for a claim with a status; None without one."""
    status = claim.data.status
    if not status:
        return None
    item: dict = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = agent(claim.claimant)
    item["appearance"] = _article_properties(claim.article)
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": claim.quote,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": ARCHIVE_NAME},
        "reviewRating": {"@type": "Rating", "alternateName": status,
                         "ratingExplanation": v.CLAIM_STATUSES[status]},
        "description": STATUS_NOTE,
    }
