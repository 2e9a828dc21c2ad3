"""Every kind of record in the archive, declared once.

Each stage loops over `KINDS` instead of naming the kinds: load finds their files, validate
types them with their models, link keeps one table of each, export writes their data, the
pages and the redirects of renamed ids are made per kind, the editors' JSON Schemas are written
for them, and the search filters by them. A kind's folder, page section and titles are spelled
here and nowhere else.

Adding a kind (say, places): a schema model in `schema`, a linked class in `model` (an
attribute of `Archive` named like the kind's `section`) and its link pass in `link`, a renderer
in `render`, and one declaration here. ARCHITECTURE.md ("Adding a kind of record") walks
through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pydantic import BaseModel

from build_scripts import schema


@dataclass(frozen=True)
class Kind:
    """A kind of record: what its files are, where they live and where its pages go."""

    name: str
    """Singular, as diagnostics, data (`entity_kind`) and search filters say it: "claim"."""
    section: str
    """Plural: the folder of its pages (`claims/<id>/`), its table in `Archive` and in the data."""
    title: str
    """The heading of its index page and its navigation tab: "Claims"."""
    folder: str
    """Where its files are, relative to the archive root: "annotations/claims"."""
    suffix: str
    """The ending of its files: ".yml", or ".md" for an article (front matter, then the text)."""
    file_kind: str
    """What one of its files is called: "claims" for a file holding one article's claims."""
    model: type[BaseModel]
    """The pydantic model of one file (of an article: of its front matter)."""
    max_bytes: int
    """The largest file read; a larger one is reported, not loaded."""
    file_pattern: str
    """How its files are named, for editors and help texts."""
    schema_file: str
    """The editor's JSON Schema, under annotations/schemas/."""
    schema_title: str
    """The title of that schema."""
    per_file: str | None = None
    """The key of the list of records in one file, when a file holds many ("claims"); None when
    a file is one record, named by its id."""
    file_id: str = "id"
    """The key whose value a file's name must match ("article" for a claims file)."""

    @property
    def front_matter(self) -> bool:
        """Whether a file is Markdown with YAML front matter (an article) rather than YAML."""
        return self.suffix == ".md"

    @property
    def where(self) -> str:
        """Where its records are defined, for a hint: "annotations/actors/" or "a claims file"."""
        return f"a {self.file_kind} file" if self.per_file else f"{self.folder}/"

    def url(self, ident: str) -> str:
        """The site path of a record's page: "claims/<id>/"."""
        return f"{self.section}/{ident}/"

    def page(self, ident: str) -> str:
        """The generated Markdown file of a record's page: "claims/<id>.md"."""
        return f"{self.section}/{ident}.md"


ARTICLE = Kind(
    name="article", section="articles", title="Articles", folder="articles", suffix=".md", file_kind="article",
    model=schema.ArticleMeta, max_bytes=2_000_000, file_pattern="articles/<article-id>.md",
    schema_file="article-front-matter.schema.json", schema_title="Article front matter")
ACTOR = Kind(
    name="actor", section="actors", title="Actors", folder="annotations/actors", suffix=".yml", file_kind="actor",
    model=schema.Actor, max_bytes=256_000, file_pattern="annotations/actors/<actor-id>.yml",
    schema_file="actor.schema.json", schema_title="Actor")
CLAIM = Kind(
    name="claim", section="claims", title="Claims", folder="annotations/claims", suffix=".yml", file_kind="claims",
    model=schema.ClaimsFile, max_bytes=1_000_000, file_pattern="annotations/claims/<article-id>.yml",
    schema_file="claims.schema.json", schema_title="Claims of one article", per_file="claims", file_id="article")
DISPUTE = Kind(
    name="dispute", section="disputes", title="Disputes", folder="annotations/disputes", suffix=".yml",
    file_kind="dispute", model=schema.Dispute, max_bytes=256_000, file_pattern="annotations/disputes/<dispute-id>.yml",
    schema_file="dispute.schema.json", schema_title="Dispute")

PLACE = Kind(
    name="place", section="places", title="Places", folder="annotations/places", suffix=".yml", file_kind="place",
    model=schema.Place, max_bytes=256_000, file_pattern="annotations/places/<place-id>.yml",
    schema_file="place.schema.json", schema_title="Place")
EVENT = Kind(
    name="event", section="events", title="Events", folder="annotations/events", suffix=".yml", file_kind="event",
    model=schema.Event, max_bytes=256_000, file_pattern="annotations/events/<event-id>.yml",
    schema_file="event.schema.json", schema_title="Event")

KINDS: tuple[Kind, ...] = (ARTICLE, ACTOR, CLAIM, DISPUTE, PLACE, EVENT)
"""In the order the stages take them: records are gathered in this order, and pages of each
kind are listed in it."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_FILE_KIND: dict[str, Kind] = {kind.file_kind: kind for kind in KINDS}
BY_SECTION: dict[str, Kind] = {kind.section: kind for kind in KINDS}

INPUT_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(PurePosixPath(kind.folder).parts[0] for kind in KINDS))
"""The top folders contributors' files live in ("articles", "annotations")."""
ANNOTATION_FOLDERS: tuple[str, ...] = tuple(sorted(PurePosixPath(kind.folder).name for kind in KINDS
                                                   if kind.folder.startswith("annotations/")))
"""The kinds' folders under annotations/ ("actors", "claims", "disputes")."""

__all__ = ["ACTOR", "ANNOTATION_FOLDERS", "ARTICLE", "BY_FILE_KIND", "BY_NAME", "BY_SECTION", "CLAIM", "DISPUTE",
           "EVENT", "INPUT_FOLDERS", "KINDS", "PLACE", "Kind"]
