"""Data downloads: the whole archive as one JSON file, and as CSV tables described by a
Frictionless Data Package (`datapackage.json`) with field types, primary and foreign keys.

Pure functions from the linked model to file texts, published under `data/` next to the pages.
The output is deterministic: rows sorted by primary key, numbers written one way (40, not
40.0), UTF-8, `\\n` line endings, no date or time taken from the clock.

Conventions shared by every file:

- An unknown value is empty in CSV and `null` in JSON, never guessed.
- A date is a string of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; its form is its precision,
  which is also given in a `*_precision` column. A date that rests on knowledge from outside
  the text (not on the text's own words) says what that knowledge is in a `*_outside` column
  (`outside` in JSON); the column is empty for a date the text gives.
- An empty `claimant_id` (`claimant: null`) is not an unknown: `voice` tells an unnamed source
  (`unnamed`, described in the text's own words by `unnamed_source`) from the article's own
  voice (`article`).
- A quote's position in its article's text is given in characters (Unicode code points) from
  the start of the text, end excluded: `text[quote_start:quote_end] == quote`.
- `page` is the address of the entity's page relative to the site root.
- In CSV only, a text cell that would begin with `=`, `+`, `-`, `@`, a tab or a carriage
  return starts with an apostrophe (`'`) instead, so that spreadsheet programs show it as
  text rather than run it as a formula; drop that apostrophe to get the exact value. The JSON
  file holds every value unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from build_scripts import vocabulary as v
from build_scripts.kinds import ACTOR, ARTICLE, CLAIM, DISPUTE, EVENT, KINDS, PLACE
from build_scripts.model import Archive
from build_scripts.schema import DateValue, Period

DATA_DIR = "data"
JSON_FILE = "archive.json"
GEOJSON_FILE = "places.geojson"
PACKAGE_FILE = "datapackage.json"
PACKAGE_NAME = "idlib-conflict-reporting-archive"
ARCHIVE_TITLE = "Idlib Conflict Reporting Archive"
DESCRIPTION = ("An annotated archive of news reporting on Russian and Turkish forces in Idlib, Syria: each article's "
               "text as published, the claims it carries, who makes them, the actors it names, and the disputes "
               "where sources disagree. Unknown values are empty: nothing is guessed.")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PRECISIONS = list(v.DATE_PRECISIONS)
ENTITY_KINDS = [kind.name for kind in KINDS]


@dataclass(frozen=True)
class Licence:
    """The licence of the archive's own work, its annotations (mkdocs.yml `extra: archive_licence:`,
    checked in build_scripts/publish/options.py). Never the articles': their texts remain ©
    their publishers, which every place that states the licence says."""

    name: str  # an SPDX identifier, as the Data Package's `licenses` gives it: "CC-BY-4.0"
    title: str  # its name for readers: "Creative Commons Attribution 4.0 International"
    path: str | None = None  # the licence's text, an http(s) address; None when not given

    def descriptor(self) -> dict[str, Any]:
        """The Data Package's `licenses` entry, its title saying what it covers."""
        out: dict[str, Any] = {"name": self.name}
        if self.path:
            out["path"] = self.path
        out["title"] = f"{self.title}: the annotations only. {ARTICLE_RIGHTS}"
        return out


ARTICLE_RIGHTS = "The article texts remain © their publishers and are not licensed by the archive."
DEFAULT_LICENCE = Licence("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
                          "https://creativecommons.org/licenses/by/4.0/")


# --- values -------------------------------------------------------------------------------------


def number(value: float | int | None) -> int | float | None:
    """One spelling per number: whole numbers as integers (40, not 40.0)."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection:
# `=HYPERLINK("https://…"&A1)` sends a cell's neighbours to another host when clicked).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(number(value))
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _date(value: DateValue | None) -> tuple[str | None, str, str | None, str | None]:
    """(date, precision, basis, outside) of an optional dated value: the cells of `_dated`."""
    if value is None:
        return None, "unknown", None, None
    return value.date, value.precision, value.basis, value.outside


def _period(value: Period | None) -> tuple[str | None, str | None, str | None]:
    """(start, end, basis) of an optional period: the cells of `_period_fields`."""
    if value is None:
        return None, None, None
    return value.start, value.end, value.basis


# --- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, array
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]

    def descriptor(self) -> dict[str, Any]:
        return {"fields": list(self.fields), "reference": {"resource": self.resource, "fields": list(self.reference)}}


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Callable[[Archive], Iterable[tuple]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def sorted_rows(self, archive: Archive) -> list[tuple]:
        index = [[f.name for f in self.fields].index(k) for k in self.primary_key]
        return sorted(self.rows(archive), key=lambda row: tuple(_sort_key(row[i]) for i in index))


def _sort_key(value: Any) -> tuple:
    return (0, value, "") if isinstance(value, (int, float)) and not isinstance(value, bool) else (1, 0, str(value))


def _id(name: str, description: str) -> Field:
    return Field(name, "string", description, required=True)


def _ref(name: str, description: str, required: bool = False) -> Field:
    return Field(name, "string", description, required=required)


def _page(kind: str) -> Field:
    return Field("page", "string", f"Address of the {kind}'s page, relative to the site root.", required=True)


def _fk(field: str, resource: str, reference: str = "id") -> ForeignKey:
    return ForeignKey((field,), resource, (reference,))


def _position(what: str) -> Field:
    return Field("position", "integer", f"Order of the {what}, from 1, as written in the source file.", required=True,
                 minimum=1)


def _articles(archive: Archive) -> Iterable[tuple]:
    for art in archive.articles.values():
        m = art.meta
        yield (art.id, m.title, m.label, m.outlet, m.outlet_basis, m.url, m.captured, m.archived_url,
               m.provenance_note, m.author, *_date(m.published), m.added, m.language, m.seed, art.sha256, art.url,
               art.body)


def _actors(archive: Archive) -> Iterable[tuple]:
    for actor in archive.actors.values():
        d = actor.data
        yield (actor.id, d.name, d.type, list(d.aliases), [o.name for o in d.outside_names], d.name_ar, d.wikidata,
               d.description,
               *_period(d.description_period), actor.url)


def _claims(archive: Archive) -> Iterable[tuple]:
    for claim in archive.claims.values():
        d = claim.data
        commenter = claim.commenter
        yield (claim.id, claim.article.id, claim.number, claim.quote, claim.start, claim.end, claim.location,
               commenter.id if commenter else None, d.claimant, claim.voice, d.unnamed_source, d.role,
               *_date(d.stated_date), *_date(d.event_date), d.event, d.status, d.note, claim.url)


def _claim_subjects(archive: Archive) -> Iterable[tuple]:
    for claim in archive.claims.values():
        for i, actor in enumerate(claim.data.subjects, 1):
            yield claim.id, actor, i


def _claim_reporters(archive: Archive) -> Iterable[tuple]:
    for claim in archive.claims.values():
        for i, actor in enumerate(claim.data.reported_by, 1):
            yield claim.id, i, actor


def _claim_relations(archive: Archive) -> Iterable[tuple]:
    for claim in archive.claims.values():
        for relation in claim.data.relations:
            yield claim.id, relation.type, relation.claim


def _claim_figures(archive: Archive) -> Iterable[tuple]:
    for claim in archive.claims.values():
        for i, f in enumerate(claim.data.figures, 1):
            yield (claim.id, i, f.measure, f.victims, f.unit, number(f.min), f.min_exclusive, number(f.max),
                   f.max_exclusive, f.approximate)


def _disputes(archive: Archive) -> Iterable[tuple]:
    for dispute in archive.disputes.values():
        d = dispute.data
        yield dispute.id, d.question, d.status, d.history[0].date, d.history[-1].date, d.event, dispute.url


def _dispute_sides(archive: Archive) -> Iterable[tuple]:
    for dispute in archive.disputes.values():
        for i, side in enumerate(dispute.data.sides, 1):
            yield dispute.id, i, side.position


def _dispute_members(archive: Archive) -> Iterable[tuple]:
    for dispute in archive.disputes.values():
        for i, side in enumerate(dispute.data.sides, 1):
            for claim in side.claims:
                yield dispute.id, i, claim


def _dispute_history(archive: Archive) -> Iterable[tuple]:
    for dispute in archive.disputes.values():
        for i, entry in enumerate(dispute.data.history, 1):
            yield dispute.id, i, entry.date, entry.status, entry.note


def _dispute_relations(archive: Archive) -> Iterable[tuple]:
    for dispute in archive.disputes.values():
        for other in dispute.data.related:
            yield dispute.id, other


def _events(archive: Archive) -> Iterable[tuple]:
    for event in archive.events.values():
        d = event.data
        w = d.when
        yield (event.id, d.title, d.type, w.start, w.end, w.day_month, w.not_before, _when_precision(w), w.basis,
               d.description, event.url)


def _when_precision(when) -> str:
    """How precisely an event is dated: the `when_precision` column."""
    if when.start is None:
        return "day-month" if when.day_month else ("not-before" if when.not_before else "unknown")
    if when.end is not None and when.end != when.start:
        return "window"
    return {10: "day", 7: "month", 4: "year"}[len(when.start)]


def _event_places(archive: Archive) -> Iterable[tuple]:
    for event in archive.events.values():
        for i, place in enumerate(event.data.places, 1):
            yield event.id, i, place


def _event_parties(archive: Archive) -> Iterable[tuple]:
    for event in archive.events.values():
        for i, actor in enumerate(event.data.parties, 1):
            yield event.id, i, actor


def _event_equipment(archive: Archive) -> Iterable[tuple]:
    for event in archive.events.values():
        for i, item in enumerate(event.data.equipment, 1):
            yield event.id, i, item


def _affiliations(archive: Archive) -> Iterable[tuple]:
    for actor in archive.actors.values():
        for i, link in enumerate(actor.data.affiliations, 1):
            yield actor.id, i, link.relation, link.target, link.source, link.evidence, *_period(link.period)


def _segments(archive: Archive) -> Iterable[tuple]:
    for art in archive.articles.values():
        for i, seg in enumerate(art.segments, 1):
            yield art.id, i, seg.data.kind, seg.data.label, seg.start, seg.end, seg.data.author


def _mentions(archive: Archive) -> Iterable[tuple]:
    for actor in archive.actors.values():
        for article_id, count in actor.mentioned_in.items():
            yield article_id, actor.id, count


def _places(archive: Archive) -> Iterable[tuple]:
    for place in archive.places.values():
        d = place.data
        loc = d.location
        yield (place.id, d.name, d.kind, list(d.aliases), d.parent, *(
            (loc.lat, loc.lon, loc.precision, loc.basis) if loc else (None, None, None, None)),
            d.location_unknown, d.description, place.url)


def _place_mentions(archive: Archive) -> Iterable[tuple]:
    for place in archive.places.values():
        for article_id, count in place.mentioned_in.items():
            yield article_id, place.id, count


def _corrections(archive: Archive) -> Iterable[tuple]:
    for kind in KINDS:
        for entity in getattr(archive, kind.section).values():
            for i, c in enumerate(entity.data.corrections, 1):
                yield kind.name, entity.id, i, c.date, c.change, c.reason


def _outside_facts(archive: Archive) -> Iterable[tuple]:
    for kind in KINDS:
        for entity in getattr(archive, kind.section).values():
            for i, f in enumerate(getattr(entity.data, "outside_facts", ()), 1):
                yield kind.name, entity.id, i, f.fact, f.source


def _former_ids(archive: Archive) -> Iterable[tuple]:
    for kind in KINDS:
        for entity in getattr(archive, kind.section).values():
            for old in entity.data.former_ids:
                yield kind.name, old, entity.id


def _dated(prefix: str, what: str, empty: str = "unknown") -> tuple[Field, Field, Field, Field]:
    """The four columns of a dated value (`_date`): the date, its precision, its basis in the
    text, and the outside knowledge it rests on, if any. `empty` says when the date is empty."""
    return (Field(f"{prefix}_date", "string", f"{what}: YYYY, YYYY-MM or YYYY-MM-DD; empty if {empty}.",
                  pattern=DATE_PATTERN),
            Field(f"{prefix}_precision", "string", f"Precision of {prefix}_date: {', '.join(PRECISIONS)}.",
                  required=True, enum=tuple(PRECISIONS)),
            Field(f"{prefix}_basis", "string", f"The words of the text, or the reasoning from them, that give "
                                               f"{prefix}_date; empty when nothing is known."),
            Field(f"{prefix}_outside", "string", f"If {prefix}_date rests on knowledge from outside the text: what "
                                                 f"that knowledge is and where it comes from (the date is then not "
                                                 f"the text's own); empty when the date is from the text or "
                                                 f"unknown."))


def _period_fields(prefix: str, what: str) -> tuple[Field, Field, Field]:
    """The three columns of a period (`_period`): when `what` holds, as far as a source shows it."""
    return (Field(f"{prefix}_start", "string", f"When {what} begins: YYYY, YYYY-MM or YYYY-MM-DD; empty if not "
                                               f"known or no period is recorded.", pattern=DATE_PATTERN),
            Field(f"{prefix}_end", "string", f"When {what} ends: YYYY, YYYY-MM or YYYY-MM-DD; empty if it still "
                                             f"holds, is not known, or no period is recorded.", pattern=DATE_PATTERN),
            Field(f"{prefix}_basis", "string", f"What gives the period: an article of the archive, or a cited "
                                               f"source outside the texts, named as such; empty when no period is "
                                               f"recorded (then {what} is not said to hold only for a time)."))


TABLES: tuple[Table, ...] = (
    Table("articles", "Articles", "One row per article, with its text exactly as published (the text remains © its "
                                 "publisher).", (
        _id("id", "The article's id."),
        Field("title", "string", "The headline as printed in the text; empty if the text has none."),
        Field("label", "string", "A short neutral editorial title, for articles without a headline.", required=True),
        _ref("outlet_id", "Actor id of the publishing outlet; empty if not identified."),
        Field("outlet_basis", "string", "The words that identify the outlet."),
        Field("url", "string", "The article's own address, only if known; never guessed."),
        Field("captured", "date", "The day the text was captured from its original address, if known."),
        Field("archived_url", "string", "An archived copy of the original page (e.g. web.archive.org), only if one "
                                        "exists."),
        Field("provenance_note", "string", "What is not known about where the text came from, and why (e.g. why "
                                           "url is empty)."),
        _ref("author_id", "Actor id of the author; empty if not identified."),
        *_dated("published", "Publication date"),
        Field("added", "date", "The day the article was added to the archive."),
        Field("language", "string", "BCP 47 language code of the text.", required=True),
        Field("seed", "string", "The seed file the text came from, if any."),
        Field("sha256", "string", "SHA-256 (hex) of the article's text as the archive stores it, UTF-8 encoded; "
                                  "every build checks it against the checksum recorded when the text was added, so "
                                  "the text cannot change unnoticed.", required=True, pattern=r"^[0-9a-f]{64}$"),
        _page("article"),
        Field("text", "string", "The article's text, character for character (line endings normalised to \\n).",
              required=True),
    ), ("id",), (_fk("outlet_id", "actors"), _fk("author_id", "actors")), _articles),
    Table("actors", "Actors", "Organisations, states, groups, people, outlets and commenters.", (
        _id("id", "The actor's id."),
        Field("name", "string", "Canonical name.", required=True),
        Field("type", "string", "Actor type; defined on the methodology page.", required=True,
              enum=tuple(v.ACTOR_TYPES)),
        Field("aliases", "array", "Other spellings the texts use, as a JSON array of strings."),
        Field("outside_names", "array", "Names readers use that no text prints (an acronym such as SOHR), as a JSON "
                                        "array of strings; each one's basis is in archive.json."),
        Field("name_ar", "string", "Name in Arabic, only where certain."),
        Field("wikidata", "string", "Wikidata item id, only where certain.", pattern=r"^Q[1-9][0-9]*$"),
        Field("description", "string", "One neutral line."),
        *_period_fields("description_period", "the description (a role held for a time, e.g. a term of office)"),
        _page("actor"),
    ), ("id",), (), _actors),
    Table("claims", "Claims", "Attributed statements quoted verbatim from the articles.", (
        _id("id", "The claim's id."),
        _ref("article_id", "The article that carries the claim.", required=True),
        Field("number", "integer", "Position among its article's claims, from 1, as numbered on the article page.",
              required=True, minimum=1),
        Field("quote", "string", "The quoted words, exactly as in the article text.", required=True),
        Field("quote_start", "integer", "Where the quote starts in the article's text, in characters from 0.",
              required=True, minimum=0),
        Field("quote_end", "integer", "Where the quote ends in the article's text (exclusive).", required=True,
              minimum=0),
        Field("location", "string", "Where on the page the quote stands: the article's body, or a part of the page "
                                    "that is not the article (a headline, a caption, a reader comment, page "
                                    "furniture); taken from the article's segments.", required=True,
              enum=tuple(v.CLAIM_LOCATIONS)),
        _ref("commenter_id", "For a quote from a reader comment: the commenter's actor id (a reader, not the outlet); "
                             "empty otherwise."),
        _ref("claimant_id", "Actor id of who makes the claim, when the text names them; empty for an unnamed source "
                            "or the article's own voice, which voice tells apart: never an unknown."),
        Field("voice", "string", "Whose words the claim is: 'named', a claimant the text names (claimant_id); "
                                 "'unnamed', a source the text does not name (its words for it in unnamed_source); "
                                 "'article', the article's own voice. An empty claimant_id does not mean unknown: it "
                                 "is 'unnamed' or 'article'.", required=True, enum=("named", "unnamed", "article")),
        Field("unnamed_source", "string", "For an unnamed source: the text's own words for it, verbatim "
                                          "('pro-government sources'); empty otherwise."),
        Field("role", "string", "The role in which the claimant makes it.", required=True, enum=tuple(v.ROLES)),
        *_dated("stated", "When the claimant made the statement (event_date is when the event it describes "
                          "happened)", empty="the text does not give it apart from the article's date"),
        *_dated("event_date", "Date of the event the claim is about"),
        _ref("event_id", "The event the claim describes (events.csv), which other articles' claims may describe "
                         "too; empty when no event is recorded for it."),
        Field("status", "string", "How the sources in the archive relate to the claim.", required=True,
              enum=tuple(v.CLAIM_STATUSES)),
        Field("note", "string", "Editorial note, e.g. on a factual slip in the text."),
        _page("claim"),
    ), ("id",), (_fk("article_id", "articles"), _fk("commenter_id", "actors"), _fk("claimant_id", "actors"),
                 _fk("event_id", "events")), _claims),
    Table("claim_subjects", "Claim subjects", "The actors each claim is about.", (
        _ref("claim_id", "The claim.", required=True),
        _ref("actor_id", "An actor the claim is about.", required=True),
        _position("subject"),
    ), ("claim_id", "actor_id"), (_fk("claim_id", "claims"), _fk("actor_id", "actors")), _claim_subjects),
    Table("claim_reporters", "Claim intermediaries", "Intermediaries an article names as passing a claim on "
          "(\"Reuters reported\"), nearest first.", (
        _ref("claim_id", "The claim.", required=True),
        _position("intermediary, nearest first"),
        _ref("actor_id", "The intermediary.", required=True),
    ), ("claim_id", "position"), (_fk("claim_id", "claims"), _fk("actor_id", "actors")), _claim_reporters),
    Table("claim_relations", "Relations between claims", "Relations between two claims, as annotated on the first.", (
        _ref("claim_id", "The claim the relation is annotated on.", required=True),
        Field("type", "string", "The relation.", required=True, enum=tuple(v.RELATION_TYPES)),
        _ref("other_claim_id", "The other claim.", required=True),
    ), ("claim_id", "type", "other_claim_id"), (_fk("claim_id", "claims"), _fk("other_claim_id", "claims")),
        _claim_relations),
    Table("claim_figures", "Figures", "Numbers as one source gives them: a range, open at either end, each bound "
          "included or not.", (
        _ref("claim_id", "The claim that gives the figure.", required=True),
        _position("figure"),
        Field("measure", "string", "What is counted; defined on the methodology page.", required=True,
              enum=tuple(v.FIGURE_MEASURES)),
        Field("victims", "string", "For a figure of people harmed or held (killed, injured…): who they were; empty "
                                   "for other measures.", enum=tuple(v.VICTIM_CATEGORIES)),
        Field("unit", "string", "What the number counts, in the text's words, e.g. soldiers.", required=True),
        Field("min", "number", "Lower bound; empty if open."),
        Field("min_exclusive", "boolean", "True when the lower bound is not included: 'more than 63,000'.",
              required=True),
        Field("max", "number", "Upper bound; empty if open."),
        Field("max_exclusive", "boolean", "True when the upper bound is not included: 'fewer than 10'.",
              required=True),
        Field("approximate", "boolean", "True when the source says 'about'.", required=True),
    ), ("claim_id", "position"), (_fk("claim_id", "claims"),), _claim_figures),
    Table("disputes", "Disputes", "Points where accounts in the archive conflict.", (
        _id("id", "The dispute's id."),
        Field("question", "string", "The question, in neutral words.", required=True),
        Field("status", "string", "Current status.", required=True, enum=tuple(v.DISPUTE_STATUSES)),
        Field("first_recorded", "date", "Date of the dispute's first history entry.", required=True),
        Field("last_changed", "date", "Date of the dispute's latest history entry.", required=True),
        _ref("event_id", "The event the dispute is about (events.csv); empty when it is about no one event."),
        _page("dispute"),
    ), ("id",), (_fk("event_id", "events"),), _disputes),
    Table("dispute_sides", "Dispute sides", "The sides of each dispute, each a position in neutral words.", (
        _ref("dispute_id", "The dispute.", required=True),
        Field("side", "integer", "The side's number, from 1, as shown on the dispute page.", required=True, minimum=1),
        Field("position", "string", "The side's position.", required=True),
    ), ("dispute_id", "side"), (_fk("dispute_id", "disputes"),), _dispute_sides),
    Table("dispute_members", "Dispute members", "The claims that take each side of a dispute.", (
        _ref("dispute_id", "The dispute.", required=True),
        Field("side", "integer", "The side's number.", required=True, minimum=1),
        _ref("claim_id", "A claim taking that side.", required=True),
    ), ("dispute_id", "side", "claim_id"),
        (ForeignKey(("dispute_id", "side"), "dispute_sides", ("dispute_id", "side")), _fk("claim_id", "claims")),
        _dispute_members),
    Table("dispute_history", "Dispute history", "Dated status changes of each dispute, oldest first.", (
        _ref("dispute_id", "The dispute.", required=True),
        _position("entry, oldest first"),
        Field("date", "date", "The day of the change.", required=True),
        Field("status", "string", "The status from that day.", required=True, enum=tuple(v.DISPUTE_STATUSES)),
        Field("note", "string", "What changed and why.", required=True),
    ), ("dispute_id", "position"), (_fk("dispute_id", "disputes"),), _dispute_history),
    Table("dispute_relations", "Related disputes", "Disputes annotated as related to each other.", (
        _ref("dispute_id", "The dispute.", required=True),
        _ref("related_dispute_id", "A related dispute.", required=True),
    ), ("dispute_id", "related_dispute_id"),
        (_fk("dispute_id", "disputes"), _fk("related_dispute_id", "disputes")), _dispute_relations),
    Table("events", "Events", "Incidents the texts report, each of which claims from several articles may describe, "
          "with the time as precisely as the texts give it.", (
        _id("id", "The event's id."),
        Field("title", "string", "A short neutral title, in the archive's own words.", required=True),
        Field("type", "string", "What kind of incident; defined on the methodology page.", required=True,
              enum=tuple(v.EVENT_TYPES)),
        Field("start", "string", "The date, or the first date of a window: YYYY, YYYY-MM or YYYY-MM-DD (its form is "
                                 "its precision); empty when the texts do not give the year.", pattern=DATE_PATTERN),
        Field("end", "string", "The last date of a window (22-23 January: start 2020-01-22, end 2020-01-23); empty "
                               "for a single date.", pattern=DATE_PATTERN),
        Field("day_month", "string", "MM-DD when the texts give the day and month but no year; start is then "
                                     "empty.", pattern=r"^\d{2}-\d{2}$"),
        Field("not_before", "string", "When start is empty: the earliest the event can be, reasoned in when_basis "
                                      "(never a date the texts give).", pattern=DATE_PATTERN),
        Field("when_precision", "string", "How precisely it is dated: day, month or year (start alone), window "
                                          "(start to end), day-month (day_month, no year), not-before (only "
                                          "not_before), unknown.", required=True,
              enum=("day", "month", "year", "window", "day-month", "not-before", "unknown")),
        Field("when_basis", "string", "The words of the texts that give the time, or the reasoning from them.",
              required=True),
        Field("description", "string", "What happened, in neutral words, saying only what the texts support."),
        _page("event"),
    ), ("id",), (), _events),
    Table("event_places", "Event places", "The places where each event happened, as its record lists them.", (
        _ref("event_id", "The event.", required=True),
        _position("place"),
        _ref("place_id", "A place where it happened (its id in the gazetteer, annotations/places/).",
             required=True),
    ), ("event_id", "position"), (_fk("event_id", "events"), _fk("place_id", "places")), _event_places),
    Table("event_parties", "Event parties", "The actors the texts name as taking part in each event.", (
        _ref("event_id", "The event.", required=True),
        _position("party"),
        _ref("actor_id", "An actor taking part.", required=True),
    ), ("event_id", "position"), (_fk("event_id", "events"), _fk("actor_id", "actors")), _event_parties),
    Table("event_equipment", "Event equipment", "Weapons and vehicles named for each event, as the texts name them.", (
        _ref("event_id", "The event.", required=True),
        _position("item"),
        Field("name", "string", "The weapon or vehicle, in the texts' words ('BTR-82A').", required=True),
    ), ("event_id", "position"), (_fk("event_id", "events"),), _event_equipment),
    Table("affiliations", "Affiliations", "Relations between actors, each stated in an article.", (
        _ref("actor_id", "The actor the relation starts from.", required=True),
        _position("affiliation"),
        Field("relation", "string", "The relation; defined on the methodology page.", required=True,
              enum=tuple(v.RELATIONS)),
        _ref("target_id", "The actor the relation points to.", required=True),
        _ref("source_article_id", "The article that states it.", required=True),
        Field("evidence", "string", "The words of that article that state it.", required=True),
        *_period_fields("period", "the affiliation"),
    ), ("actor_id", "position"),
        (_fk("actor_id", "actors"), _fk("target_id", "actors"), _fk("source_article_id", "articles")), _affiliations),
    Table("article_segments", "Article segments", "Stretches of an article's page text that are not the article: "
          "page furniture, appeals, comment widgets, reader comments.", (
        _ref("article_id", "The article.", required=True),
        _position("segment"),
        Field("kind", "string", "Kind of segment.", required=True, enum=tuple(v.SEGMENT_KINDS)),
        Field("label", "string", "What the segment is.", required=True),
        Field("start", "integer", "Where it starts in the article's text, in characters from 0.", required=True,
              minimum=0),
        Field("end", "integer", "Where it ends (exclusive).", required=True, minimum=0),
        _ref("author_id", "For a reader comment: the commenter's actor id."),
    ), ("article_id", "position"), (_fk("article_id", "articles"), _fk("author_id", "actors")), _segments),
    Table("mentions", "Actor mentions", "How often each actor is named in each article's text (matched by its "
          "names and aliases).", (
        _ref("article_id", "The article.", required=True),
        _ref("actor_id", "The actor named.", required=True),
        Field("count", "integer", "Number of mentions.", required=True, minimum=1),
    ), ("article_id", "actor_id"), (_fk("article_id", "articles"), _fk("actor_id", "actors")), _mentions),
    Table("places", "Places", "The places the texts name. Coordinates are facts from outside the texts, each with "
          "the source it comes from; where no citable source gives them they are empty, and location_unknown says "
          "why.", (
        _id("id", "The place's id."),
        Field("name", "string", "The name the archive shows.", required=True),
        Field("kind", "string", "Kind of place; defined on the methodology page.", required=True,
              enum=tuple(v.PLACE_KINDS)),
        Field("aliases", "array", "Spellings the texts print, as a JSON array of strings."),
        _ref("parent_id", "The place it lies in; empty if none is recorded."),
        Field("lat", "number", "Latitude, WGS84 decimal degrees, north positive; from outside the texts (see basis); "
                               "empty if not known.", minimum=-90, maximum=90),
        Field("lon", "number", "Longitude, WGS84 decimal degrees, east positive; from outside the texts (see basis); "
                               "empty if not known.", minimum=-180, maximum=180),
        Field("precision", "string", "How near the point is to the place; defined on the methodology page. Empty "
                                     "without coordinates.", enum=tuple(v.LOCATION_PRECISIONS)),
        Field("basis", "string", "Where the coordinates come from (a gazetteer record, a cited publication), so that "
                                 "they can be checked; empty without coordinates."),
        Field("location_unknown", "string", "Why no coordinates are given, when lat and lon are empty."),
        Field("description", "string", "One neutral line."),
        _page("place"),
    ), ("id",), (_fk("parent_id", "places"),), _places),
    Table("place_mentions", "Place mentions", "How often each place is named in each article's text (matched by "
          "its name and aliases; a name that is also an actor's counts as the actor's).", (
        _ref("article_id", "The article.", required=True),
        _ref("place_id", "The place named.", required=True),
        Field("count", "integer", "Number of mentions.", required=True, minimum=1),
    ), ("article_id", "place_id"), (_fk("article_id", "articles"), _fk("place_id", "places")), _place_mentions),
    Table("corrections", "Corrections", "Corrections made to published records, with their date and reason.", (
        Field("entity_kind", "string", "Kind of record corrected.", required=True, enum=tuple(ENTITY_KINDS)),
        _ref("entity_id", "Id of the record, in the table of its kind.", required=True),
        _position("correction on that record"),
        Field("date", "date", "The day of the correction.", required=True),
        Field("change", "string", "What was changed.", required=True),
        Field("reason", "string", "Why.", required=True),
    ), ("entity_kind", "entity_id", "position"), (), _corrections),
    Table("outside_facts", "Facts from outside the texts", "Facts that do not come from an article's text but "
          "bear on an article or a claim, each with the source it comes from; kept apart from what the texts say.", (
        Field("entity_kind", "string", "Kind of record the fact is about.", required=True, enum=tuple(ENTITY_KINDS)),
        _ref("entity_id", "Id of the record, in the table of its kind.", required=True),
        _position("fact on that record"),
        Field("fact", "string", "The fact, in neutral words.", required=True),
        Field("source", "string", "Where it comes from, cited so a reader can find it.", required=True),
    ), ("entity_kind", "entity_id", "position"), (), _outside_facts),
    Table("former_ids", "Former ids", "Ids a record was published under before it was renamed; the old page "
          "address leads to the record's page.", (
        Field("entity_kind", "string", "Kind of record renamed.", required=True, enum=tuple(ENTITY_KINDS)),
        _ref("former_id", "The id the record had.", required=True),
        _ref("entity_id", "The record's id now, in the table of its kind.", required=True),
    ), ("entity_kind", "former_id"), (), _former_ids),
)


# --- files --------------------------------------------------------------------------------------


class _Utf8Sink:
    """A file for csv.writer that keeps what is written as UTF-8 bytes, row by row."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, text: str) -> None:
        self.data.extend(text.encode("utf-8"))


def table_csv_bytes(table: Table, archive: Archive) -> bytearray:
    """The CSV file of `table`, header first, as UTF-8, encoded row by row: the text of the whole
    table is never held (the articles table holds every article's text, and a
    StringIO of it, its value and its encoding were three copies of it at once)."""
    sink = _Utf8Sink()
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow([f.name for f in table.fields])
    for row in table.sorted_rows(archive):
        writer.writerow([_cell(value) for value in row])
    return sink.data


def _outside_json(data) -> list[dict]:
    return [{"fact": f.fact, "source": f.source} for f in data.outside_facts]


def _corrections_json(data) -> list[dict]:
    return [{"date": c.date, "change": c.change, "reason": c.reason} for c in data.corrections]


def _date_json(value: DateValue | None) -> dict | None:
    if value is None:
        return None
    return {"date": value.date, "precision": value.precision, "basis": value.basis, "outside": value.outside}


def _period_json(value: Period | None) -> dict | None:
    if value is None:
        return None
    return {"start": value.start, "end": value.end, "basis": value.basis}


def _article_records(archive: Archive) -> Iterator[dict[str, Any]]:
    mentions: dict[str, list[tuple[str, int]]] = {}  # article id → (actor id, count): one pass, not one per article
    for actor in archive.actors.values():
        for article_id, count in actor.mentioned_in.items():
            mentions.setdefault(article_id, []).append((actor.id, count))
    for art in sorted(archive.articles.values(), key=lambda x: x.id):
        m = art.meta
        yield {
            "id": art.id, "former_ids": list(m.former_ids), "title": m.title, "label": m.label, "outlet": m.outlet,
            "outlet_basis": m.outlet_basis, "url": m.url, "captured": m.captured, "archived_url": m.archived_url,
            "provenance_note": m.provenance_note, "author": m.author, "published": _date_json(m.published),
            "added": m.added, "language": m.language, "seed": m.seed, "sha256": art.sha256, "page": art.url,
            "segments": [{"kind": s.data.kind, "label": s.data.label, "start": s.start, "end": s.end,
                          "author": s.data.author} for s in art.segments],
            "claims": [c.id for c in art.claims],
            "mentions": dict(sorted(mentions.get(art.id, ()))),
            "outside_facts": _outside_json(m),
            "corrections": _corrections_json(m),
            "text": art.body,
        }


def _actor_records(archive: Archive) -> Iterator[dict[str, Any]]:
    for actor in sorted(archive.actors.values(), key=lambda x: x.id):
        d = actor.data
        yield {
            "id": actor.id, "former_ids": list(d.former_ids), "name": d.name, "type": d.type,
            "aliases": list(d.aliases),
            "outside_names": [{"name": o.name, "basis": o.basis} for o in d.outside_names],
            "name_ar": d.name_ar, "wikidata": d.wikidata, "description": d.description,
            "description_period": _period_json(d.description_period), "page": actor.url,
            "affiliations": [{"relation": f.relation, "target": f.target, "source": f.source, "evidence": f.evidence,
                              "period": _period_json(f.period)} for f in d.affiliations],
            "corrections": _corrections_json(d),
        }


def _claim_records(archive: Archive) -> Iterator[dict[str, Any]]:
    for claim in sorted(archive.claims.values(), key=lambda x: x.id):
        d = claim.data
        commenter = claim.commenter
        yield {
            "id": claim.id, "former_ids": list(d.former_ids), "article": claim.article.id, "number": claim.number,
            "quote": claim.quote, "quote_start": claim.start, "quote_end": claim.end, "location": claim.location,
            "commenter": commenter.id if commenter else None, "claimant": d.claimant, "voice": claim.voice,
            "unnamed_source": d.unnamed_source, "role": d.role, "reported_by": list(d.reported_by),
            "subjects": list(d.subjects), "stated_date": _date_json(d.stated_date),
            "event_date": _date_json(d.event_date),
            "figures": [{"measure": f.measure, "victims": f.victims, "unit": f.unit, "min": number(f.min),
                         "min_exclusive": f.min_exclusive, "max": number(f.max), "max_exclusive": f.max_exclusive,
                         "approximate": f.approximate} for f in d.figures],
            "event": d.event, "status": d.status, "note": d.note,
            "relations": [{"type": r.type, "claim": r.claim} for r in d.relations],
            "disputes": [{"dispute": dsp.id, "side": side + 1} for dsp, side in claim.disputes],
            "outside_facts": _outside_json(d),
            "page": claim.url,
            "corrections": _corrections_json(d),
        }


def _dispute_records(archive: Archive) -> Iterator[dict[str, Any]]:
    for dispute in sorted(archive.disputes.values(), key=lambda x: x.id):
        d = dispute.data
        yield {
            "id": dispute.id, "former_ids": list(d.former_ids), "question": d.question, "event": d.event,
            "status": d.status,
            "sides": [{"side": i, "position": s.position, "claims": list(s.claims)} for i, s in enumerate(d.sides, 1)],
            "history": [{"date": h.date, "status": h.status, "note": h.note} for h in d.history],
            "related": list(d.related), "page": dispute.url,
            "corrections": _corrections_json(d),
        }


def _place_records(archive: Archive) -> Iterator[dict[str, Any]]:
    for place in archive.places.values():
        d = place.data
        loc = d.location
        yield {
            "id": place.id, "former_ids": list(d.former_ids), "name": d.name, "kind": d.kind,
            "aliases": list(d.aliases), "parent": d.parent,
            "location": None if loc is None else {"lat": loc.lat, "lon": loc.lon, "precision": loc.precision,
                                                  "basis": loc.basis},
            "location_unknown": d.location_unknown, "description": d.description,
            "mentioned_in": dict(sorted(place.mentioned_in.items())),
            "events": [event.id for event in place.events], "page": place.url,
            "corrections": _corrections_json(d),
        }


def _event_records(archive: Archive) -> Iterator[dict[str, Any]]:
    for event in archive.events.values():
        d = event.data
        w = d.when
        yield {
            "id": event.id, "former_ids": list(d.former_ids), "title": d.title, "type": d.type,
            "when": {"start": w.start, "end": w.end, "day_month": w.day_month, "not_before": w.not_before,
                     "basis": w.basis},
            "places": list(d.places), "parties": list(d.parties), "equipment": list(d.equipment),
            "description": d.description, "claims": [claim.id for claim in event.claims],
            "disputes": [dispute.id for dispute in event.disputes], "page": event.url,
            "corrections": _corrections_json(d),
        }


# archive.json's list of each kind's records, by the kind's section, in the kinds' order
# (tests/test_kinds.py checks that every kind has one).
_RECORDS = {ARTICLE.section: _article_records, ACTOR.section: _actor_records, CLAIM.section: _claim_records,
            DISPUTE.section: _dispute_records, PLACE.section: _place_records, EVENT.section: _event_records}


def _head(archive: Archive) -> dict[str, Any]:
    """archive.json's fields before the four lists of records."""
    return {
        "name": PACKAGE_NAME,
        "title": ARCHIVE_TITLE,
        "description": DESCRIPTION,
        "conventions": __doc__.split("Conventions shared by every file:", 1)[1].strip(),
        "counts": {kind.section: len(getattr(archive, kind.section)) for kind in KINDS},
        "vocabularies": v.VOCABULARIES,
    }


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _digest(text: str | bytes | dict[str, Any]) -> dict[str, Any]:
    if isinstance(text, dict):  # worked out already, from a file no longer held
        return text
    data = text.encode("utf-8") if isinstance(text, str) else text
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def latest_date(archive: Archive) -> str | None:
    """The day the archive last changed, as its records say: the latest article `added`, correction
    or dispute history date (only full days count); None in an archive that dates nothing."""
    days = [art.meta.added for art in archive.articles.values()]
    days += [entry.date for dispute in archive.disputes.values() for entry in dispute.data.history]
    days += [c.date for kind in KINDS for entity in getattr(archive, kind.section).values()
             for c in entity.data.corrections]
    days = [d for d in days if d and len(d) == 10]
    return max(days) if days else None


def sources(archive: Archive) -> list[dict[str, str]]:
    """The Data Package's `sources`: the outlets the texts identify (an article's `outlet`), by
    name, with no address (none is recorded for an outlet, and none is guessed); articles whose
    outlet is not identified add none."""
    names = {art.outlet.data.name for art in archive.articles.values() if art.outlet is not None}
    return [{"title": name} for name in sorted(names)]


def _when_json(event) -> dict[str, Any]:
    w = event.data.when
    return {"start": w.start, "end": w.end, "day_month": w.day_month, "not_before": w.not_before}


def geojson(archive: Archive) -> dict[str, Any]:
    """places.geojson: a GeoJSON FeatureCollection (RFC 7946) of every place with coordinates, a
    Point at [longitude, latitude] (GeoJSON's order, WGS84), and of every event at each of its
    places with coordinates, a Point there; places first, then events, each by id. `entity_kind`
    tells the two apart. Places without coordinates and events without a located place are not
    in it (archive.json and places.csv have them all)."""
    features: list[dict[str, Any]] = []
    for place in sorted(archive.places.values(), key=lambda p: p.id):
        loc = place.data.location
        if loc is None:
            continue
        features.append({
            "type": "Feature", "id": f"place/{place.id}",
            "geometry": {"type": "Point", "coordinates": [number(loc.lon), number(loc.lat)]},
            "properties": {"entity_kind": PLACE.name, "id": place.id, "name": place.name, "kind": place.data.kind,
                           "parent": place.data.parent, "precision": loc.precision, "basis": loc.basis,
                           "events": [event.id for event in place.events], "page": place.url},
        })
    for event in sorted(archive.events.values(), key=lambda e: e.id):
        for place in event.places:
            loc = place.data.location
            if loc is None:
                continue
            features.append({
                "type": "Feature", "id": f"event/{event.id}/{place.id}",
                "geometry": {"type": "Point", "coordinates": [number(loc.lon), number(loc.lat)]},
                "properties": {"entity_kind": EVENT.name, "id": event.id, "title": event.title,
                               "type": event.data.type, "when": _when_json(event), "place": place.id,
                               "precision": loc.precision, "claims": len(event.claims), "page": event.url},
            })
    return {"type": "FeatureCollection", "features": features}


def package(archive: Archive, csv_files: dict[str, Any], json_text: str | bytes | dict[str, Any],
            licence: Licence = DEFAULT_LICENCE, site_url: str | None = None,
            geojson_text: str | bytes | dict[str, Any] | None = None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV tables (and the JSON file), given
    their texts (or each one's `_digest`), and of places.geojson (its text or digest; made from
    the archive when not given); `licence` is the annotations', `site_url` the site's public
    address when known (the package's `homepage`).

    `version` and `created` are the day the archive last changed (`latest_date`), never the clock:
    the same archive gives the same bytes."""
    resources: list[dict[str, Any]] = []
    for table in TABLES:
        text = csv_files[table.path]
        resources.append({
            "name": table.name, "title": table.title, "description": table.description,
            "profile": "tabular-data-resource", "path": table.path, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", **_digest(text),
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "doubleQuote": True,
                        "header": True},
            "schema": {
                "fields": [f.descriptor() for f in table.fields],
                "primaryKey": list(table.primary_key),
                "foreignKeys": [fk.descriptor() for fk in table.foreign_keys],
                "missingValues": [""],
            },
        })
    resources.append({
        "name": "archive", "title": "The whole archive as one JSON file",
        "description": "Every article, actor, claim, dispute, place and event, nested, with the vocabularies and their "
                       "definitions.",
        "profile": "data-resource", "path": JSON_FILE, "format": "json", "mediatype": "application/json",
        "encoding": "utf-8", **_digest(json_text),
    })
    resources.append({
        "name": "places-geojson", "title": "Places and events on the map, as GeoJSON",
        "description": "Every place with coordinates and every event at its located places, as GeoJSON (RFC 7946) "
                       "points at [longitude, latitude], WGS84. The coordinates come from outside the texts; each "
                       "place's basis says where from.",
        "profile": "data-resource", "path": GEOJSON_FILE, "format": "geojson", "mediatype": "application/geo+json",
        "encoding": "utf-8", **_digest(_json(geojson(archive)) if geojson_text is None else geojson_text),
    })
    latest = latest_date(archive)
    out: dict[str, Any] = {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": ARCHIVE_TITLE,
        "description": f"{DESCRIPTION} {ARTICLE_RIGHTS}",
    }
    if latest:
        out["version"] = latest.replace("-", ".")
        out["created"] = f"{latest}T00:00:00Z"
    if site_url:
        out["homepage"] = site_url
    out["licenses"] = [licence.descriptor()]
    out["sources"] = sources(archive)
    out["keywords"] = ["Idlib", "Syria", "conflict reporting", "claims", "disputes", "annotation"]
    out["resources"] = resources
    return out


def _archive_json(archive: Archive) -> bytearray:
    """archive.json: `_head`, then each kind's records sorted by id, as `_json` of the whole would
    write it, as UTF-8, the same bytes, made record by record: only one
    record is ever held as a Python object, and no second copy of the whole text is made (with
    `indent`, json.dumps encodes in Python and joins millions of small strings at the end).
    archive.json is the largest file of a large archive.

    With `indent=2` a value nested n levels deep is the value encoded alone with every line
    after its first indented by 2n more spaces; JSON strings never hold a raw line break."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    out = bytearray(b"{")
    first = True

    def field(name: str) -> None:
        nonlocal first
        out.extend(((",\n  " if not first else "\n  ") + encoder.encode(name) + ": ").encode("utf-8"))
        first = False

    for name, value in _head(archive).items():
        field(name)
        out.extend(encoder.encode(value).replace("\n", "\n  ").encode("utf-8"))
    for name, records in _RECORDS.items():
        field(name)
        empty = True
        for record in records(archive):
            out.extend(("[\n    " if empty else ",\n    ").encode("utf-8"))
            out.extend(encoder.encode(record).replace("\n", "\n    ").encode("utf-8"))
            empty = False
        out.extend(b"[]" if empty else b"\n  ]")
    out.extend(b"\n}\n" if not first else b"}\n")
    return out  # a bytearray: bytes(out) would copy the largest file once more


def iter_export(archive: Archive, licence: Licence = DEFAULT_LICENCE,
                site_url: str | None = None) -> Iterator[tuple[str, bytes | bytearray]]:
    """Every data file as (path under the generated folder, the bytes to publish), one at a time:
    each is dropped once the next is asked for, keeping only its size and hash for the package
    (whose `licenses` and `homepage` are `licence` and `site_url`: see `package`)."""
    digests: dict[str, dict[str, Any]] = {}
    for table in TABLES:
        data = table_csv_bytes(table, archive)
        digests[table.path] = _digest(data)
        yield f"{DATA_DIR}/{table.path}", data
    data = _archive_json(archive)
    digests[JSON_FILE] = _digest(data)
    yield f"{DATA_DIR}/{JSON_FILE}", data
    del data
    data = _json(geojson(archive)).encode("utf-8")
    digests[GEOJSON_FILE] = _digest(data)
    yield f"{DATA_DIR}/{GEOJSON_FILE}", data
    descriptor = package(archive, digests, digests[JSON_FILE], licence, site_url, digests[GEOJSON_FILE])
    yield f"{DATA_DIR}/{PACKAGE_FILE}", _json(descriptor).encode("utf-8")


def export_data(archive: Archive, licence: Licence = DEFAULT_LICENCE, site_url: str | None = None) -> dict[str, bytes]:
    """Every data file as the bytes to publish, keyed by its path under the generated folder."""
    return {rel: bytes(data) for rel, data in sorted(iter_export(archive, licence, site_url))}


def export_files(archive: Archive, licence: Licence = DEFAULT_LICENCE, site_url: str | None = None) -> dict[str, str]:
    """Every data file, keyed by its path under the generated folder (`data/...`)."""
    return {rel: data.decode("utf-8") for rel, data in export_data(archive, licence, site_url).items()}


__all__ = ["ARTICLE_RIGHTS", "DATA_DIR", "DEFAULT_LICENCE", "ENTITY_KINDS", "GEOJSON_FILE", "JSON_FILE", "PACKAGE_FILE",
           "TABLES", "Field", "ForeignKey", "Licence", "Table", "export_data", "export_files", "geojson", "iter_export",
           "latest_date", "number", "package", "sources"]
