"""The archive's fixed vocabularies, each term with its one-line public definition.

They are data, not behaviour: the schema derives its enumerations from them and the
methodology page prints them, so a reader sees exactly the words the annotators chose from.
"""

from __future__ import annotations

ACTOR_TYPES: dict[str, str] = {
    "state": "A sovereign state, named as such or by its capital (\"Moscow\", \"Ankara\").",
    "government-body": "A ministry, agency, command centre or intelligence service of a state.",
    "state-armed-force": "The armed forces of a state or one of their branches or units, or a coalition of them.",
    "armed-group": "A non-state armed group, or a coalition or operations room of such groups.",
    "political-body": "A non-state political authority or administration, such as a rival government.",
    "international-organisation": "An organisation whose members are states, such as the United Nations.",
    "person": "A named individual.",
    "outlet": "A news medium, news agency, channel or online publication.",
    "monitor": "An organisation that records and reports violence or casualties, such as a war monitor.",
    "commenter": "A reader who posted a comment under an article, known only by the name shown.",
}

RELATIONS: dict[str, tuple[str, str]] = {
    # relation: (public definition, label of the inverse as shown on the target's page)
    "spokesman-of": ("The actor speaks publicly on behalf of the target.", "spokesman"),
    "head-of": ("The actor leads or commands the target.", "headed by"),
    "member-of": ("The actor (a person) belongs to the target.", "member"),
    "part-of": ("The actor (a group or body) is a component of the target.", "includes"),
    "led-by": ("The text says the target leads the actor.", "leads"),
    "backed-by": ("The target supports the actor politically, financially or militarily.", "backs"),
    "allied-with": ("The actor and the target are described as allies.", "allied with"),
    "successor-of": ("The actor is described as a later incarnation of the target.", "predecessor of"),
    "associated-with": ("The text links the actor with the target without saying how.", "associated with"),
}

ROLES: dict[str, str] = {
    "asserts": "States the claim as fact, in its own name.",
    "confirms": "Affirms a report or event as true, in its own name.",
    "reports": "Passes on what others say or what it has learned, without adopting it as its own finding.",
    "denies": "States that the claimed event or fact did not happen or is untrue.",
    "claims-responsibility": "Says it carried out the act in question.",
    "assesses": "Offers an analysis, suspicion or judgement of likelihood rather than a statement of fact.",
    "retracts": "Withdraws a claim it made earlier.",
}

CLAIM_STATUSES: dict[str, str] = {
    "unverified": "No other source in the archive confirms or contradicts the claim.",
    "corroborated": "At least one independent source in the archive says the same; none contradicts it.",
    "contested": "At least one source in the archive contradicts the claim.",
    "retracted": "The claimant has withdrawn the claim.",
}

DISPUTE_STATUSES: dict[str, str] = {
    "open": "The sources in the archive disagree and none of them settles the question.",
    "resolved": "A later source in the archive settles the question; the history says how.",
}

SEGMENT_KINDS: dict[str, str] = {
    "page-furniture": "Text from the web page that is not part of the article: date stamps, labels, widgets.",
    "donation-appeal": "A request for money printed on the page.",
    "comment-widget": "Controls and prompts of the page's comment section.",
    "reader-comment": "A comment posted by a reader under the article; not written by the outlet.",
}

RELATION_TYPES: dict[str, str] = {
    "contradicts": "The two claims cannot both be true.",
    "corroborates": "The claim supports the other, from an independent source.",
    "same-as": "The two records are the same statement by the same claimant, reported in different places.",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "The exact day is known.",
    "month": "Only the month is known.",
    "year": "Only the year is known.",
    "unknown": "The text does not give the date.",
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "actor_types": ACTOR_TYPES,
    "relations": {term: definition for term, (definition, _) in RELATIONS.items()},
    "roles": ROLES,
    "claim_statuses": CLAIM_STATUSES,
    "dispute_statuses": DISPUTE_STATUSES,
    "segment_kinds": SEGMENT_KINDS,
    "relation_types": RELATION_TYPES,
    "date_precisions": DATE_PRECISIONS,
}
"""Every vocabulary, term → definition, by the name the data downloads give it (archive.json's
`vocabularies`), in the order they list them: a vocabulary added here is published there."""

__all__ = ["ACTOR_TYPES", "CLAIM_STATUSES", "DATE_PRECISIONS", "DISPUTE_STATUSES", "RELATIONS", "RELATION_TYPES",
           "ROLES", "SEGMENT_KINDS", "VOCABULARIES"]
