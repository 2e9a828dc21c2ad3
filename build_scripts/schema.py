"""The shape of every file a contributor writes, as pydantic models.

These models are the single source of truth for validation and for the JSON Schema files that
editors use; they describe raw files, before any cross-reference is resolved (see `model`).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import PydanticCustomError

from build_scripts import vocabulary as v

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

# Names Windows gives to devices: no file may be named so, in any case, whatever follows a first
# dot (`con.yml`, `Aux.md`). Ids name files and pages, and a repository holding such a file cannot
# be checked out on Windows.
WINDOWS_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt")
                                                                 for n in (*"0123456789", "¹", "²", "³"))})
# Ids refused for every kind, with ID003 like any invalid id: 'index' names a page of its own in
# every section (/claims/index/ would be the list of all claims), and the device names.
RESERVED_IDS = frozenset({"index"} | {name for name in WINDOWS_DEVICE_NAMES if name.isascii()})


def windows_device_name(file_name: str) -> str | None:
    """The device name a file or folder name stands for on Windows ('aux' for 'Aux.draft.md'), or None."""
    base = file_name.split(".", 1)[0].rstrip(" ").casefold()
    return base if base in WINDOWS_DEVICE_NAMES else None


def reserved_reason(value: str) -> str | None:
    """Why `value` cannot be an id, for the hint of its ID003; None if it is not reserved."""
    if value not in RESERVED_IDS:
        return None
    if value == "index":
        return "'index' names the list page of each kind (/claims/index/ would replace the list of all claims)"
    return (f"'{value}' names a device on Windows, where no file can be called {value}.yml or {value}.md: the "
            "repository could not be checked out there")


def is_valid_id(value: str) -> bool:
    """Whether `value` may be an id: a slug of at most ID_MAX_LENGTH characters, not reserved."""
    return len(value) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, value) is not None and value not in RESERVED_IDS


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise PydanticCustomError("reserved_id", "'{id}' is a reserved word, not an id", {"id": value})
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH), AfterValidator(_not_reserved),
               Field(description="A lowercase slug: letters a-z, digits, single hyphens.")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
FORMER_IDS_HELP = ("Ids this record was published under before it was renamed, oldest first. Each old page "
                   "address redirects to the record's page. Never reuse one for another record.")
FormerIds = Annotated[list[Id], Field(description=FORMER_IDS_HELP)]
"""`former_ids`, which every kind of record has: the ids it had (the redirects of its old pages)."""

ActorType = Literal[tuple(v.ACTOR_TYPES)]  # type: ignore[valid-type]
Relation = Literal[tuple(v.RELATIONS)]  # type: ignore[valid-type]
Role = Literal[tuple(v.ROLES)]  # type: ignore[valid-type]
ClaimStatus = Literal[tuple(v.CLAIM_STATUSES)]  # type: ignore[valid-type]
DisputeStatus = Literal[tuple(v.DISPUTE_STATUSES)]  # type: ignore[valid-type]
SegmentKind = Literal[tuple(v.SEGMENT_KINDS)]  # type: ignore[valid-type]
RelationType = Literal[tuple(v.RELATION_TYPES)]  # type: ignore[valid-type]
FigureMeasure = Literal[tuple(v.FIGURE_MEASURES)]  # type: ignore[valid-type]
VictimCategory = Literal[tuple(v.VICTIM_CATEGORIES)]  # type: ignore[valid-type]
PlaceKind = Literal[tuple(v.PLACE_KINDS)]  # type: ignore[valid-type]
LocationPrecision = Literal[tuple(v.LOCATION_PRECISIONS)]  # type: ignore[valid-type]
EventType = Literal[tuple(v.EVENT_TYPES)]  # type: ignore[valid-type]


def check_date(value: str | None) -> str | None:
    """Accept 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' naming a real calendar date."""
    if value is None:
        return value
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    _dt.date(year, month, day)  # raises ValueError for 2023-02-30 and month 13
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


DayDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def corrections_of(record: str) -> Any:
    """The `corrections` field every kind of record ends with, described for that kind ("actor")."""
    return Field(default=[], description=f"Corrections made to the {record}'s record, oldest first.")


def context(side: str, passage: str) -> Any:
    """The `prefix` ("before") or `suffix` ("after") of a passage quoted from an article (a
    claim's quote, an affiliation's evidence): the text next to it, given only to tell apart
    two places where the passage occurs (see `anchor`)."""
    return Field(default=None, description=f"Text just {side} the {passage}, if it occurs twice.")


class Correction(Strict):
    """A correction made to a published record: when, what changed and why. Shown on the
    record's page and on the public corrections page."""

    date: DayDate = Field(description="The day the correction was made: 'YYYY-MM-DD'.")
    change: Text = Field(description="What was changed, in plain words: the old and the new value where it helps.")
    reason: Text = Field(description="Why it was changed.")

    _check = field_validator("date")(check_date)


class DateValue(Strict):
    """A date as precise as the text allows, with the words that give it."""

    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        description="'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; the form sets the precision. null if unknown.")
    basis: Text = Field(description="The words of the text, or the reasoning from them, that give the date.")
    outside: Text | None = Field(
        default=None, description="If the date rests on knowledge from outside the text: what that knowledge is "
                                  "and where it comes from. The site marks such a date as not from the text.")

    _check = field_validator("date")(check_date)

    @property
    def precision(self) -> str:
        if self.date is None:
            return "unknown"
        return {4: "year", 7: "month", 10: "day"}[len(self.date)]


class OutsideFact(Strict):
    """A fact from outside the article's text that bears on a record, with where it comes from.
    Shown apart, as not from the text; never mixed into what the text says."""

    fact: Text = Field(description="The fact, in neutral words.")
    source: Text = Field(description="Where it comes from: a document, a record or a publication, cited so a "
                                     "reader can find it. Never a guessed address.")


class Period(Strict):
    """When a description or an affiliation holds, as far as a source shows it."""

    start: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' it begins; null if not known.")
    end: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="When it ends; null if it still holds or is not known.")
    basis: Text = Field(description="What gives the period: an article of the archive ('as of seed 002, "
                                    "November 2024') or a cited source outside the texts, named as such.")

    _check = field_validator("start", "end")(check_date)

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.start and self.end and self.end[:len(self.start)] < self.start[:len(self.end)]:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Segment(Strict):
    """A stretch of the page text that is not the article itself."""

    kind: SegmentKind
    label: Text
    start: Text = Field(description="Exact text where the segment starts, at the start of a line; unique in the body.")
    end: Text = Field(description="Exact text where the segment ends, at the end of a line; first match after start.")
    author: Id | None = Field(default=None, description="For a reader comment: the commenter's actor id.")


class ArticleMeta(Strict):
    """Front matter of `articles/<id>.md`."""

    id: Id
    former_ids: FormerIds = []
    seed: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}_[0-9a-f]{16}$")] | None = None
    title: Text | None = Field(description="The headline as printed in the text; null if it has none.")
    label: Text = Field(description="A short neutral editorial title, used where the text has no headline.")
    outlet: Id | None = Field(description="Actor id of the publishing outlet; null if not identified.")
    outlet_basis: Text | None = Field(description="The words that identify the outlet; required with an outlet.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")] | None = Field(
        description="The article's own address, only if known; never guessed.")
    captured: DayDate | None = Field(
        default=None, description="The day the text was captured from its original address, if known.")
    archived_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")] | None = Field(
        default=None, description="An archived copy of the original page (e.g. web.archive.org), only if one "
                                  "exists; never guessed.")
    outside_facts: list[OutsideFact] = Field(
        default=[], description="Facts from outside the text about the article (an outlet identified by other "
                                "means, the date of an event it names), each with its source.")
    provenance_note: Text | None = Field(
        default=None, description="What is not known about where the text came from, and why: expected when "
                                  "url is null (a warning otherwise), so the site can say why the original "
                                  "address is unknown.")
    author: Id | None = Field(description="Actor id of the author; null if not identified.")
    published: DateValue | None = Field(description="Publication date with its basis; null if nothing is known.")
    added: DayDate | None = Field(
        default=None, description="The day the article was added to the archive, 'YYYY-MM-DD'; dates its entry in the "
                                  "site's feed. Optional, but an article without it is left out of the feed.")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, description="SHA-256 of the article text (the file after its front matter, as UTF-8), "
                                  "hex; checked at every build, so the stored text cannot change unnoticed. "
                                  "`archive new` fills it in.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
    segments: list[Segment] = []
    corrections: list[Correction] = corrections_of("article")

    _check_added = field_validator("added", "captured")(check_date)

    @model_validator(mode="after")
    def _outlet_needs_basis(self) -> ArticleMeta:
        if self.outlet is not None and self.outlet_basis is None:
            raise ValueError("outlet_basis is required when outlet is set: quote the words that identify the outlet")
        return self


class Affiliation(Strict):
    relation: Relation
    target: Id
    source: Id = Field(description="Id of the article that states the affiliation.")
    evidence: Text = Field(description="Verbatim passage of that article that states it.")
    prefix: Text | None = context("before", "evidence")
    suffix: Text | None = context("after", "evidence")
    period: Period | None = Field(default=None, description="When the affiliation holds, where it does not "
                                                            "always (a term of office, an alliance of a year).")


def _one_word(value: str) -> str:
    if not (2 <= len(value) <= 40 and value.isalnum()):
        raise ValueError(f"'{value}' is not one word of 2 to 40 letters and digits, as a reader types an acronym "
                         "such as 'SOHR'")
    return value


class OutsideName(Strict):
    """A name readers use for an actor that no text in the archive prints (an acronym such as
    SOHR), with why it belongs to the actor. A search term, shown as coming from outside the texts;
    never looked for in an article's text, as a name or an alias is."""

    name: Annotated[str, AfterValidator(_one_word)] = Field(
        description="One word of 2 to 40 letters and digits, as readers type it: 'SOHR', 'MoD'.")
    basis: Text = Field(description="Why the name is the actor's, so that a reader can check it: e.g. the "
                                    "initials of its name as a text gives it, or a cited source.")


class Actor(Strict):
    """`annotations/actors/<id>.yml`: one organisation, state, group, person, outlet or commenter."""

    id: Id
    former_ids: FormerIds = []
    name: Text
    type: ActorType
    aliases: list[Text] = []
    outside_names: list[OutsideName] = Field(
        default=[], description="Names readers search for that the archive's texts do not print (an acronym such "
                                "as SOHR), each with its basis. A spelling a text uses is an alias instead.")

    @field_validator("outside_names")
    @classmethod
    def _outside_names_are_new(cls, value: list[OutsideName], info: ValidationInfo) -> list[OutsideName]:
        seen = {str(info.data.get("name", "")).casefold(), *(a.casefold() for a in info.data.get("aliases", ()))}
        for outside in value:
            if outside.name.casefold() in seen:
                raise ValueError(f"'{outside.name}' is already the actor's name, an alias or another outside name: "
                                 "a spelling the texts print belongs in aliases, once")
            seen.add(outside.name.casefold())
        return value
    name_ar: Text | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    description: Text | None = None
    description_period: Period | None = Field(
        default=None, description="When the description holds, if it names a role held for a time (a head of "
                                  "state's term): the site then says so, and the archive's own voice is never stale.")
    affiliations: list[Affiliation] = []
    corrections: list[Correction] = corrections_of("actor")



class Figure(Strict):
    """A number as one source gives it: a range, open at either end, each bound included or not."""

    measure: FigureMeasure = Field(description="What is counted, from the archive's vocabulary.")
    unit: Text = Field(description="What the number counts, in the text's words, e.g. 'Russian troops'.")
    victims: VictimCategory | None = Field(
        default=None, description="For a figure of people harmed or held (killed, injured…): who they were.")
    min: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(description="Lower bound; null if open.")
    max: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(description="Upper bound; null if open.")
    min_exclusive: bool = Field(default=False, description="The lower bound is not included: 'more than 63,000'.")
    max_exclusive: bool = Field(default=False, description="The upper bound is not included: 'fewer than 10'.")
    approximate: bool = False

    @model_validator(mode="after")
    def _bounds(self) -> Figure:
        if self.min is None and self.max is None:
            raise ValueError("a figure needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is larger than max {self.max:g}")
        if (self.min_exclusive and self.min is None) or (self.max_exclusive and self.max is None):
            raise ValueError("an exclusive bound needs its number: set min (or max), or drop min_exclusive "
                             "(max_exclusive)")
        if self.min is not None and self.min == self.max and (self.min_exclusive or self.max_exclusive):
            raise ValueError("min and max are equal, so neither can be exclusive")
        if (self.measure in v.CASUALTY_MEASURES) != (self.victims is not None):
            if self.victims is None:
                raise ValueError(f"a figure of '{self.measure}' needs victims: who they were, or 'unspecified'")
            raise ValueError(f"victims is only for figures of people harmed or held, not '{self.measure}'")
        return self


class ClaimRelation(Strict):
    type: RelationType
    claim: Id


class Claim(Strict):
    id: Id
    former_ids: FormerIds = []
    quote: Text = Field(description="Verbatim from the article body (curly and straight quotes compare equal).")
    prefix: Text | None = context("before", "quote")
    suffix: Text | None = context("after", "quote")
    claimant: Id | None = Field(description="Actor id of who says it; null for an unnamed source or the "
                                            "article's own voice.")
    unnamed_source: Text | None = Field(
        default=None, description="For a source the text does not name: the text's own words for it, verbatim "
                                  "('pro-government sources'). Needs claimant null; without either, the claim is "
                                  "the article's own voice.")
    role: Role
    reported_by: list[Id] = Field(default=[], description="Intermediaries between the claimant and the article, "
                                                          "in the order the statement passed through them "
                                                          "(nearest the claimant first).")
    subjects: list[Id] = []
    stated_date: DateValue | None = Field(
        default=None, description="When the claimant made the statement, if the text says and it differs from "
                                  "the article's date; the event it describes has event_date.")
    event_date: DateValue | None = None
    event: Id | None = Field(default=None, description="Id of the event the claim describes, if it describes one "
                                                      "(annotations/events/).")
    figures: list[Figure] = []
    status: ClaimStatus
    note: Text | None = None
    relations: list[ClaimRelation] = []
    outside_facts: list[OutsideFact] = Field(
        default=[], description="Facts from outside the text that bear on the claim (a slip in the text, the "
                                "record a claim misstates), each with its source; shown apart from the text.")
    corrections: list[Correction] = corrections_of("claim")

    @model_validator(mode="after")
    def _one_claimant(self) -> Claim:
        if self.claimant is not None and self.unnamed_source is not None:
            raise ValueError("a claim has a named claimant or an unnamed_source, not both")
        return self


class ClaimsFile(Strict):
    """`annotations/claims/<article-id>.yml`: all claims one article carries."""

    article: Id
    claims: list[Claim] = []


class Side(Strict):
    position: Text = Field(description="The side's position, in neutral words.")
    claims: list[Id] = Field(min_length=1)


class HistoryEntry(Strict):
    date: DayDate
    status: DisputeStatus
    note: Text

    _check = field_validator("date")(check_date)


class Dispute(Strict):
    """`annotations/disputes/<id>.yml`: one point where accounts conflict."""

    id: Id
    former_ids: FormerIds = []
    question: Text
    event: Id | None = Field(default=None, description="Id of the event the dispute is about, if it is about one.")
    status: DisputeStatus
    sides: list[Side] = Field(min_length=2)
    history: list[HistoryEntry] = Field(min_length=1)
    related: list[Id] = []
    corrections: list[Correction] = corrections_of("dispute")


class Location(Strict):
    """Where a place is on the globe: a fact from outside the texts, with where it comes from."""

    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] = Field(
        description="Latitude, WGS84 decimal degrees, north positive.")
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] = Field(
        description="Longitude, WGS84 decimal degrees, east positive.")
    precision: LocationPrecision = Field(description="How near the point is to the place (the vocabulary).")
    basis: Text = Field(description="Where the coordinates come from, so a reader can check them: a gazetteer "
                                    "record ('GeoNames 172994') or a cited publication. Never a guess.")


class Place(Strict):
    """`annotations/places/<id>.yml`: a place the texts name, for the gazetteer and the map."""

    id: Id
    former_ids: FormerIds = []
    name: Text = Field(description="The name the archive shows: a common English spelling.")
    kind: PlaceKind
    aliases: list[Text] = Field(default=[], description="Spellings the texts print, misspellings included; each "
                                                        "is linked where a text prints it.")

    @field_validator("aliases")
    @classmethod
    def _aliases_are_new(cls, value: list[str], info: ValidationInfo) -> list[str]:
        seen = {str(info.data.get("name", ""))}
        for alias in value:
            if alias in seen:
                raise ValueError(f"'{alias}' is already the place's name or an alias: list each spelling once (the "
                                 "name is linked in the texts too)")
            seen.add(alias)
        return value
    parent: Id | None = Field(default=None, description="Id of the place it lies in (a village's governorate).")
    location: Location | None = Field(description="Its coordinates with their basis; null if no citable source "
                                                  "gives them (then location_unknown says why).")
    location_unknown: Text | None = Field(default=None, description="Why the location is not given, when it is "
                                                                    "null.")
    description: Text | None = None
    corrections: list[Correction] = corrections_of("place")

    @model_validator(mode="after")
    def _location_or_reason(self) -> Place:
        if self.location is None and self.location_unknown is None:
            raise ValueError("a place without a location needs location_unknown: why no citable source gives it")
        if self.location is not None and self.location_unknown is not None:
            raise ValueError("location_unknown is only for a place whose location is null")
        return self


MonthDay = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{2}$")]


class EventTime(Strict):
    """When an event happened, as precisely as the texts allow: a date, a window, a day of a
    year the texts do not state, only an earliest date, or nothing (all null: the basis says
    what the texts give)."""

    start: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="'YYYY', 'YYYY-MM' or 'YYYY-MM-DD': the date, or the first of a window; null "
                                  "if the texts do not give the year (then day_month, if they give the day) or no "
                                  "date at all.")
    end: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="The last date of a window ('22-23 January': start 2020-01-22, end "
                                  "2020-01-23); null for a single date.")
    day_month: MonthDay | None = Field(
        default=None, description="'MM-DD' when the texts give the day and month but no year ('July 14th').")
    not_before: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="When start is null: the earliest the event can be, with the reasoning in "
                                  "basis (e.g. the agreement it follows).")
    basis: Text = Field(description="The words of the texts that give the time, or the reasoning from them.")

    _check = field_validator("start", "end", "not_before")(check_date)

    # Each rule is checked on the key that breaks it, so that a diagnostic points at that line
    # (the keys are validated in order: start, end, day_month, not_before). A start that is itself
    # invalid is missing from `info.data`, and reported on its own.

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or "start" not in info.data:
            return value
        start = info.data["start"]
        if start is None:
            raise ValueError("end needs start: a window has a first date")
        if value[:len(start)] < start[:len(value)]:
            raise ValueError(f"the window ends ({value}) before it starts ({start})")
        return value

    @field_validator("day_month")
    @classmethod
    def _real_day(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            month, day = (int(p) for p in value.split("-"))
            _dt.date(2000, month, day)  # a leap year: 02-29 is a day
            _only_without_start("day_month", info)
        return value

    @field_validator("not_before")
    @classmethod
    def _yearless_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _only_without_start("not_before", info)
        return value


def _only_without_start(key: str, info: ValidationInfo) -> None:
    if info.data.get("start") is not None:
        raise ValueError(f"{key} is for an event whose year is not stated: with a start date, drop it")


class Event(Strict):
    """`annotations/events/<id>.yml`: an incident the texts report, which claims across articles
    can describe."""

    id: Id
    former_ids: FormerIds = []
    title: Text = Field(description="A short neutral title in the archive's own voice.")
    type: EventType
    when: EventTime
    places: list[Id] = Field(default=[], description="Ids of the places where it happened.")
    parties: list[Id] = Field(default=[], description="Actor ids of the parties the texts name as taking part.")
    equipment: list[Text] = Field(default=[], description="Weapons and vehicles as the texts name them "
                                                          "('BTR-82A').")
    description: Text | None = Field(default=None, description="What happened, in neutral words, saying only what "
                                                               "the texts support.")
    corrections: list[Correction] = corrections_of("event")


__all__ = ["ID_MAX_LENGTH", "ID_PATTERN", "RESERVED_IDS", "Actor", "Affiliation", "ArticleMeta", "Claim",
           "ClaimRelation", "ClaimsFile", "Correction", "DateValue", "DayDate", "Dispute", "Event", "EventTime",
           "Figure", "FormerIds", "HistoryEntry", "Id", "Location", "Place", "Segment", "Side", "Text", "check_date",
           "context", "corrections_of", "is_valid_id", "reserved_reason", "windows_device_name"]
