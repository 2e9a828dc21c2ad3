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
    "contested": "At least one source in the archive contradicts the claim, or takes another side in a dispute "
                 "about it.",
    "retracted": "The claimant has withdrawn the claim.",
}

DISPUTE_STATUSES: dict[str, str] = {
    "open": "The sources in the archive disagree and none of them settles the question.",
    "resolved": "A later source in the archive settles the question; the history says how.",
}

SEGMENT_KINDS: dict[str, str] = {
    "headline": "The headline as printed on the page: the outlet's words, written to draw readers, above the article.",
    "caption": "A caption to a photo, video or map printed with the article.",
    "page-furniture": "Text from the web page that is not part of the article: date stamps, labels, widgets.",
    "donation-appeal": "A request for money printed on the page.",
    "comment-widget": "Controls and prompts of the page's comment section.",
    "reader-comment": "A comment posted by a reader under the article; not written by the outlet.",
}

# Where on the page a claim's quote stands: the article's own text, or one of the segments.
CLAIM_LOCATIONS: dict[str, str] = {
    "body": "The article's own text, written or published by the outlet.",
    **SEGMENT_KINDS,
}

RELATION_TYPES: dict[str, tuple[str, str, str]] = {
    # type: (public definition, label on the claim's page, label on the other claim's page)
    "contradicts": ("The two claims cannot both be true.", "Contradicts", "Contradicted by"),
    "corroborates": ("The claim says the same as the other, from an independent source.",
                     "Corroborates", "Corroborated by"),
    "partially-corroborates": ("The claim supports part of the other (its date, place or one detail, not the whole "
                               "statement), from an independent source.", "Partly corroborates",
                               "Partly corroborated by"),
    "qualifies": ("The claim narrows the other or adds a condition or caveat to it (a place, a time, a motive), "
                  "without denying it.", "Qualifies", "Qualified by"),
    "responds-to": ("The claim answers the other (a reply, rebuttal or comment), whether or not they can both be "
                    "true.", "Responds to", "Answered by"),
    "same-as": ("The two records are the same statement by the same claimant, reported in different places.",
                "Same statement as", "Same statement as"),
}
# Relations that read the same both ways.
SYMMETRIC_RELATIONS = frozenset({"contradicts", "same-as"})

FIGURE_MEASURES: dict[str, str] = {
    "killed": "People killed.",
    "injured": "People wounded or injured.",
    "killed-or-injured": "People killed and injured, counted together as the source gives them.",
    "detained": "People captured, detained or arrested.",
    "neutralized": "People 'neutralized': the source's word, which does not tell killed from captured.",
    "displaced": "People who fled or were displaced, including refugees.",
    "destroyed": "Things destroyed: vehicles, depots, buildings.",
    "damaged": "Things damaged but not said to be destroyed.",
    "strikes": "Air or artillery strikes.",
    "attacks": "Attacks, or places attacked.",
    "places-taken": "Towns, villages or positions taken.",
    "distance": "A distance: an advance, a depth, a range.",
    "personnel": "People serving or deployed: troops, soldiers with combat experience.",
}
# Measures that count people harmed or held: each such figure says who they were.
CASUALTY_MEASURES = frozenset({"killed", "injured", "killed-or-injured", "detained", "neutralized", "displaced"})

VICTIM_CATEGORIES: dict[str, str] = {
    "state-forces": "Soldiers or other personnel of a state's armed forces or security services.",
    "non-state-fighters": "Fighters of non-state armed groups (militants, rebels, mercenaries).",
    "civilians": "People the source describes as civilians, residents or refugees.",
    "mixed": "More than one of these, counted together.",
    "unspecified": "The source does not say who they were.",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "The exact day is known.",
    "month": "Only the month is known.",
    "year": "Only the year is known.",
    "unknown": "The text does not give the date.",
}

PLACE_KINDS: dict[str, str] = {
    "country": "A sovereign state's territory.",
    "governorate": "A first-level administrative division: a Syrian governorate, a Turkish province.",
    "district": "A lower administrative division: a district or sub-district.",
    "region": "An area known by a name but not an administrative division, such as a de-escalation zone.",
    "city": "A large town, usually a governorate's or province's centre.",
    "town": "A town.",
    "village": "A village or hamlet.",
    "airbase": "A military airfield or air base.",
    "military-post": "A military base, outpost or observation post other than an airfield.",
    "road": "A highway or road, named as a whole.",
    "border-crossing": "A crossing point on a border.",
}

LOCATION_PRECISIONS: dict[str, str] = {
    "point": "The spot itself, within about 100 metres.",
    "settlement": "The centre of the town or village: the event may have been a few kilometres away.",
    "area": "The centre of a larger area (a governorate, a region, a road): not where any event happened.",
    "approximate": "An estimate that may be 10 kilometres or more off.",
}

EVENT_TYPES: dict[str, str] = {
    "attack": "An armed attack on people, vehicles or positions by ground forces.",
    "air-strike": "A strike from the air: aircraft, helicopters or drones.",
    "shelling": "Artillery, rocket or mortar fire.",
    "svbied": "A vehicle-borne improvised explosive device: a car or truck bomb, driven or parked.",
    "ied": "Another improvised explosive device: a roadside bomb, a mine, an explosive belt.",
    "clash": "Fighting between two or more armed parties, none of them named as the attacker.",
    "offensive": "A campaign of attacks to take ground, over days or longer.",
    "capture": "Places or positions taken.",
    "detention": "People detained, captured or arrested.",
    "withdrawal": "Forces pulled back from places or positions.",
    "deployment": "Forces sent to or stationed at a place.",
    "patrol": "A patrol, such as a joint Russian-Turkish patrol.",
    "agreement": "A ceasefire, deal or other agreement between parties.",
    "meeting": "Talks or a meeting between parties.",
}


def definitions(terms: dict) -> dict[str, str]:
    """Each term of a vocabulary with its public definition (the first item where a term has more)."""
    return {term: value[0] if isinstance(value, tuple) else value for term, value in terms.items()}


VOCABULARIES: dict[str, dict[str, str]] = {
    "actor_types": ACTOR_TYPES,
    "relations": definitions(RELATIONS),
    "roles": ROLES,
    "claim_statuses": CLAIM_STATUSES,
    "dispute_statuses": DISPUTE_STATUSES,
    "segment_kinds": SEGMENT_KINDS,
    "relation_types": definitions(RELATION_TYPES),
    "claim_locations": CLAIM_LOCATIONS,
    "figure_measures": FIGURE_MEASURES,
    "victim_categories": VICTIM_CATEGORIES,
    "date_precisions": DATE_PRECISIONS,
    "place_kinds": PLACE_KINDS,
    "location_precisions": LOCATION_PRECISIONS,
    "event_types": EVENT_TYPES,
}
"""Every vocabulary, term → definition, by the name the data downloads give it (archive.json's
`vocabularies`), in the order they list them: a vocabulary added here is published there."""

__all__ = ["ACTOR_TYPES", "CASUALTY_MEASURES", "CLAIM_LOCATIONS", "CLAIM_STATUSES", "DATE_PRECISIONS",
           "DISPUTE_STATUSES", "EVENT_TYPES", "FIGURE_MEASURES", "LOCATION_PRECISIONS", "PLACE_KINDS", "RELATIONS",
           "RELATION_TYPES", "ROLES", "SEGMENT_KINDS", "SYMMETRIC_RELATIONS", "VICTIM_CATEGORIES", "VOCABULARIES",
           "definitions"]
