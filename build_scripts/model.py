"""The linked archive: typed entities with every cross-reference resolved both ways.

Built by `link` in two phases (gather every entity, then connect them), read by `render`.
Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import ClassVar

from build_scripts import kinds, schema
from build_scripts.anchor import Normalised
from build_scripts.load import Source


@dataclass(eq=False, repr=False, slots=True)
class _Record:
    """What every linked record has: its kind's declaration, its id, the file it was read from,
    and the address of its page.

    A record is shown by its kind and id: the linked archive is a large graph full of cycles,
    and a dataclass's own repr would walk all of it (a failing test that prints one would not
    finish)."""

    kind: ClassVar[kinds.Kind]
    id: str
    source: Source
    url: str = field(init=False)
    """The site path of the record's page: "claims/<id>/" (made once: pages read it often)."""

    def __post_init__(self) -> None:
        self.url = self.kind.url(self.id)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


# The entities there are many of (a claim per quote, a mention per name in every text) keep
# their attributes in slots: no dictionary per object.
@dataclass(eq=False, slots=True)
class SegmentSpan:
    """A segment of an article's text that is not the article (`schema.Segment`), found in it."""

    start: int
    end: int
    data: schema.Segment
    author: Actor | None = None


@dataclass(eq=False, slots=True)
class Mention:
    """An actor named in an article's text, by its name or an alias, where it stands."""

    start: int
    end: int
    actor: Actor


@dataclass(eq=False, repr=False)
class Article(_Record):
    """An article: its front matter, its text, and what link found in it and attached to it."""

    kind = kinds.ARTICLE
    meta: schema.ArticleMeta
    body: str
    norm: Normalised | None  # the body normalised for anchoring quotes, while link needs it
    claims_path: str | None = None
    outlet: Actor | None = None
    author: Actor | None = None
    segments: list[SegmentSpan] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def data(self) -> schema.ArticleMeta:
        """The validated record, under the name every other kind uses for it."""
        return self.meta

    @property
    def sha256(self) -> str:
        """SHA-256 of the text as the archive stores it (the file after its front matter, UTF-8)."""
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()

    @property
    def display_title(self) -> str:
        return self.meta.title or self.meta.label

    @property
    def disputes(self) -> list[Dispute]:
        return _disputes_of(self.claims)

    def segment_at(self, offset: int) -> SegmentSpan | None:
        return next((s for s in self.segments if s.start <= offset < s.end), None)


@dataclass(eq=False, slots=True)
class AffiliationLink:
    """An affiliation between two actors, with the words of the article that state it."""

    relation: str
    actor: Actor  # the one the relation starts from
    target: Actor
    article: Article
    evidence: str
    evidence_start: int
    period: schema.Period | None = None  # when it holds, where it does not always


@dataclass(eq=False, repr=False)
class Actor(_Record):
    """An actor, with every link to it: affiliations both ways, the claims it makes, is the
    subject of or passes on, the articles it publishes, comments in and is named in."""

    kind = kinds.ACTOR
    data: schema.Actor
    affiliations: list[AffiliationLink] = field(default_factory=list)
    affiliated_from: list[AffiliationLink] = field(default_factory=list)
    claims_made: list[Claim] = field(default_factory=list)
    claims_about: list[Claim] = field(default_factory=list)
    claims_relayed: list[Claim] = field(default_factory=list)
    mentioned_in: dict[str, int] = field(default_factory=dict)  # article id → mentions
    outlet_of: list[Article] = field(default_factory=list)
    comments: list[tuple[Article, SegmentSpan]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def disputes(self) -> list[Dispute]:
        return _disputes_of(self.claims_made + self.claims_about)

    @property
    def has_page(self) -> bool:
        """Whether the actor gets a page: every actor but a commenter with no claim (a reader
        whose comment records nothing has nothing to show)."""
        return self.data.type != "commenter" or bool(self.claims_made)


@dataclass(eq=False, slots=True, repr=False)
class Claim(_Record):
    """A claim, anchored in its article's text (`start`-`end`), with the actors and the other
    claims and disputes it is linked to."""

    kind = kinds.CLAIM
    index: int
    data: schema.Claim
    article: Article
    start: int
    end: int
    claimant: Actor | None = None
    reported_by: list[Actor] = field(default_factory=list)
    subjects: list[Actor] = field(default_factory=list)
    relations: list[tuple[str, Claim]] = field(default_factory=list)
    related_from: list[tuple[str, Claim]] = field(default_factory=list)
    disputes: list[tuple[Dispute, int]] = field(default_factory=list)  # (dispute, side index)
    number: int = 0  # position among its article's claims, from 1, for the badge in the text
    event: Event | None = None  # the event it describes
    segment: SegmentSpan | None = None  # the part of the page the quote stands in; None: the article's body

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"

    @property
    def quote(self) -> str:
        return self.article.body[self.start : self.end]

    @property
    def location(self) -> str:
        """Where on the page the quote stands (vocabulary.CLAIM_LOCATIONS): 'body', 'headline',
        'reader-comment'…"""
        return self.segment.data.kind if self.segment else "body"

    @property
    def commenter(self) -> Actor | None:
        """The reader who wrote the comment the quote stands in, if it stands in one."""
        return self.segment.author if self.segment and self.segment.data.kind == "reader-comment" else None

    @property
    def voice(self) -> str:
        """Whose words: 'named' (a claimant actor), 'unnamed' (a source the text does not name) or
        'article' (the article's own voice)."""
        if self.claimant is not None:
            return "named"
        return "unnamed" if self.data.unnamed_source else "article"


@dataclass(eq=False, slots=True)
class Side:
    """One side of a dispute: its position and the claims that take it."""

    position: str
    claims: list[Claim]


@dataclass(eq=False, repr=False)
class Dispute(_Record):
    """A dispute, its sides' claims resolved."""

    kind = kinds.DISPUTE
    data: schema.Dispute
    sides: list[Side] = field(default_factory=list)
    related: list[Dispute] = field(default_factory=list)
    event: Event | None = None  # the event it is about

    @property
    def claims(self) -> list[Claim]:
        return [c for side in self.sides for c in side.claims]

    @property
    def articles(self) -> list[Article]:
        seen: dict[str, Article] = {}
        for claim in self.claims:
            seen.setdefault(claim.article.id, claim.article)
        return sorted(seen.values(), key=lambda a: a.id)


@dataclass(eq=False, slots=True)
class PlaceMention:
    """A place named in an article's text, by its name or an alias, where it stands."""

    start: int
    end: int
    place: Place


@dataclass(eq=False, repr=False)
class Place(_Record):
    """A place of the gazetteer: where it lies, what it contains, which texts name it and the
    events that happened there."""

    kind = kinds.PLACE
    data: schema.Place
    parent: Place | None = None
    children: list[Place] = field(default_factory=list)
    mentioned_in: dict[str, int] = field(default_factory=dict)  # article id → mentions
    events: list[Event] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def ancestors(self) -> list[Place]:
        """The places it lies in, nearest first (a village's governorate, then its country)."""
        found: list[Place] = []
        place = self.parent
        while place is not None and place is not self and place not in found:
            found.append(place)
            place = place.parent
        return found

    @property
    def descendants(self) -> list[Place]:
        """The places within it, at any depth, each once: its children by id, then theirs."""
        found: list[Place] = []
        level = list(self.children)
        while level:
            level = [p for p in level if p is not self and p not in found]
            found += level
            level = sorted({c.id: c for p in level for c in p.children}.values(), key=lambda p: p.id)
        return found

    @property
    def claims(self) -> list[Claim]:
        """The claims about the events that happened here, by id."""
        return sorted({c.id: c for event in self.events for c in event.claims}.values(), key=lambda c: c.id)


@dataclass(eq=False, repr=False)
class Event(_Record):
    """An incident: where and when, who took part, and every claim across the archive that
    describes it."""

    kind = kinds.EVENT
    data: schema.Event
    places: list[Place] = field(default_factory=list)
    parties: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)  # those about it (`event:`), by id

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def articles(self) -> list[Article]:
        """The articles reporting it (with a claim describing it), by id."""
        return sorted({c.article.id: c.article for c in self.claims}.values(), key=lambda a: a.id)


def _disputes_of(claims: list[Claim]) -> list[Dispute]:
    """The disputes that any of `claims` takes a side in, once each, by id."""
    seen: dict[str, Dispute] = {}
    for claim in claims:
        for dispute, _ in claim.disputes:
            seen.setdefault(dispute.id, dispute)
    return sorted(seen.values(), key=lambda d: d.id)


@dataclass(repr=False)
class Archive:
    """Every record by id, one table per kind, named like the kind's section (kinds.KINDS)."""

    articles: dict[str, Article] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    disputes: dict[str, Dispute] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def counts(self) -> str:
        """How many records of each kind: "5 articles, 61 actors, 87 claims, 5 disputes"."""
        return ", ".join(f"{len(getattr(self, kind.section))} {kind.section}" for kind in kinds.KINDS)

    def __repr__(self) -> str:
        return f"Archive({self.counts()})"


__all__ = ["Actor", "AffiliationLink", "Archive", "Article", "Claim", "Dispute", "Event", "Mention", "Place",
           "PlaceMention", "SegmentSpan", "Side"]
