"""How a record is named in a line of plain text: in the corrections log, on a redirect page, in
a picture's labels. One rule per kind."""

from __future__ import annotations

from build_scripts import kinds
from build_scripts.model import Claim
from build_scripts.render.common import excerpt, isolate


def claim_who(claim: Claim, isolated: bool = False, where: bool = True) -> str:
    """Who speaks in a claim, in plain text, and where on the page if not in the article's own
    text: "Sam Reader (reader comment)", "“pro-government sources” (unnamed)", "The article's
    own voice"."""
    if claim.claimant is not None:
        who = isolate(claim.claimant.name) if isolated else claim.claimant.name
    elif claim.data.unnamed_source:
        words = excerpt(claim.data.unnamed_source, 60)
        who = f"“{isolate(words) if isolated else words}” (unnamed)"
    else:
        who = "The article's own voice"
    location = claim.location
    return who if location == "body" or not where else f"{who} ({location.replace('-', ' ')})"


def claim_title(claim: Claim, isolated: bool = False) -> str:
    """The claim in a line of plain text; `isolated` puts a name in another script between
    Unicode isolates, for text shown on a page (headings, tooltips), never in data."""
    return f"{claim_who(claim, isolated)} {claim.data.role}: “{excerpt(claim.quote, 90)}”"


_TITLES = {
    kinds.ARTICLE.name: lambda article, isolated: article.display_title,
    kinds.ACTOR.name: lambda actor, isolated: actor.name,
    kinds.CLAIM.name: claim_title,
    kinds.DISPUTE.name: lambda dispute, isolated: dispute.data.question,
    kinds.PLACE.name: lambda place, isolated: place.name,
    kinds.EVENT.name: lambda event, isolated: event.title,
}


def record_title(kind: kinds.Kind, record, isolated: bool = False) -> str:
    """The title of `record`, of `kind`; `isolated` as for `claim_title` (an actor's name stays
    as it is: it is a whole title, whose direction the page gives it)."""
    return _TITLES[kind.name](record, isolated)
