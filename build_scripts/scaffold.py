"""`archive new article`: start an article and its claims file from the plain text of a page;
`archive new event`: start an event record that claims of any article can then point to.
`archive new place`: start a place of the gazetteer.

The text becomes the body exactly as given (only line endings become "\\n"). The front matter
holds every key with `null` where the text has not been read yet, each line commented with what
to fill in, so nothing is guessed. Both files are put in canonical form and checked in a scratch
archive by the real pipeline before they are written: what this creates passes `archive check`.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from build_scripts import fmt, kinds, pipeline, schema
from build_scripts.load import InvalidUtf8, decode_text

MAX_ID = 80
LABEL_LENGTH = 80
COMMENT_COLUMN = 40

# The front matter has every key of the article model (kinds.ARTICLE.model), in its order,
# but those a new article cannot have yet: the ids it had, the corrections made to it, the seed
# file it was imported from. A key added to the model is written too, commented with its
# description unless a shorter hint is given here.
_NOT_YET = frozenset({"former_ids", "seed", "corrections", "outside_facts"})
_HINTS = {
    "id": "slug; must equal the file name",
    "title": "headline as printed in the text; null if it has none",
    "label": "short neutral editorial title, always set: check it",
    "outlet": "actor id of the publishing outlet; null until identified",
    "outlet_basis": "words of the text that identify the outlet; null without one",
    "url": "address as the text gives it; null otherwise, never guessed",
    "author": "actor id of the author; null until identified",
    "published": "date and basis (annotations/README.md); null if unknown",
    "captured": "day the page was captured; null if unknown",
    "archived_url": "address of an archived copy; null if none",
    "provenance_note": "where the text came from, why url is null",
    "added": "day the article joins the archive (dates it in the feed)",
    "sha256": "checksum of the text below, written here: never edit",
    "language": "BCP 47 code of the text",
    "segments": "page text that is not the article (annotations/README.md)",
}
# Letters that Unicode does not decompose into an ASCII letter and a mark.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
                       "œ": "oe"})

CLAIMS_EXAMPLE = """\
# Replace `claims: []` above with the claims the article carries, one entry each, e.g.:
# claims:
#   - id: ministry-up-to-40-soldiers-killed
#     quote: "up to 40 Syrian soldiers were killed"  # verbatim from the article body
#     prefix: null                 # text just before the quote; only if it occurs twice
#     suffix: null                 # text just after the quote; likewise
#     claimant: null               # actor id of who says it; null = the article's own voice
#     role: asserts
#     reported_by: []
#     subjects: []
#     event_date: null             # or date and basis, as for published; null if unknown
#     status: unverified
# Unknown stays null, never guessed. Every key and vocabulary: annotations/README.md.
"""


# A new place: every key of the place model (kinds.PLACE.model), in its order, each commented.
_PLACE_HINTS = {
    "id": "slug; must equal the file name",
    "former_ids": "ids it had before; none for a new place",
    "name": "the name the archive shows: a common English spelling",
    "kind": "vocabulary: annotations/README.md, place kinds",
    "aliases": "spellings the texts print, letter for letter",
    "parent": "id of the place it lies in; null if none",
    "location": "null until a citable source gives coordinates",
    "location_unknown": "why location is null; replace when you look",
    "description": "one neutral line saying what the texts say",
    "corrections": "none for a new place",
}
# Until someone looks the place up, this is all that can be said of its coordinates.
PLACE_NOT_LOOKED_UP = "No source giving its coordinates has been looked up yet."
PLACE_EXAMPLE = """\
# When a citable source gives the coordinates, replace `location: null` and `location_unknown`
# with, e.g. (latitude first, decimal degrees, WGS84; precision: point, settlement, area or
# approximate):
# location:
#   lat: 35.81374
#   lon: 36.60964
#   precision: settlement
#   basis: "GeoNames 172994 (Arīḩā)"   # where the numbers come from, so a reader can check them
# location_unknown: null
# Coordinates are facts from outside the texts: never guess them; unknown stays unknown.
"""


class ScaffoldError(Exception):
    """The article cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class Created:
    id: str
    article: Path
    claims: Path


def decode(raw: bytes, name: str) -> str:
    """The text as UTF-8 with "\\n" line endings; anything else is refused with its position."""
    try:
        return decode_text(raw)
    except InvalidUtf8 as err:
        raise ScaffoldError(f"{name}:{err.line}:{err.col}: {err}; save the text as UTF-8 and try again") from None


def first_line(text: str) -> str:
    """The first line that is not blank, with runs of white space made single spaces."""
    for line in text.split("\n"):
        if line.strip():
            return " ".join(line.split())
    return ""


def slugify(text: str) -> str:
    """A lowercase ASCII id of at most MAX_ID characters, cut at a word boundary."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text)).strip("-")
    if len(slug) > MAX_ID:
        cut = slug[: MAX_ID + 1].rfind("-")
        slug = slug[: cut if cut > 0 else MAX_ID].strip("-")
    return slug


def shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    """At most `limit` characters, cut at a space and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit].rfind(" ")
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:.-–—") + "…"


def _line(key_value: str, comment: str) -> str:
    return f"{key_value:<{COMMENT_COLUMN}} # {comment}" if len(key_value) < COMMENT_COLUMN \
        else f"{key_value}  # {comment}"


def _front_keys() -> list[tuple[str, str, str]]:
    """(key, its value while unknown, its comment) of each front matter key a new article has."""
    keys = []
    for key, info in kinds.ARTICLE.model.model_fields.items():
        if key not in _NOT_YET:
            unknown = "[]" if info.default == [] else "null"
            keys.append((key, unknown, _HINTS.get(key) or (info.description or key).rstrip(".")))
    return keys


def article_text(ident: str, body: str, label: str, title: str | None, added: str) -> str:
    values = {"id": ident, "title": "null" if title is None else _quoted(title), "label": _quoted(label),
              "added": _quoted(added), "sha256": _quoted(hashlib.sha256(body.encode("utf-8")).hexdigest()),
              "language": "en"}
    lines = [_line(f"{key}: {values.get(key, unknown)}", comment) for key, unknown, comment in _front_keys()]
    front = fmt.canonical_yaml("\n".join(lines) + "\n", kinds.ARTICLE.model)
    return "---\n" + front + "---\n" + body


def claims_text(ident: str) -> str:
    text = (f"# yaml-language-server: $schema=../schemas/{kinds.CLAIM.schema_file}\n"
            f"article: {ident}\nclaims: []\n{CLAIMS_EXAMPLE}")
    return fmt.canonical_yaml(text, kinds.CLAIM.model)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; `fmt` then writes it in canonical form."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in escaped) + '"'


def _file(root: Path, kind: kinds.Kind, ident: str) -> Path:
    """The file of `kind` named for `ident` (an article's claims file is named for the article)."""
    return root / kind.folder / f"{ident}{kind.suffix}"


def _verify(ident: str, article: str, claims: str, source_name: str) -> None:
    """Check the pair as an archive of its own, with the same pipeline as `archive check`."""
    with tempfile.TemporaryDirectory(prefix="archive-new-") as scratch:
        root = Path(scratch)
        for path, text in ((_file(root, kinds.ARTICLE, ident), article), (_file(root, kinds.CLAIM, ident), claims)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        report = pipeline.check(root).report
    if report.errors:
        body_line = article[: article.index("\n---\n") + 5].count("\n") + 1  # the body's first line
        shown = []
        for d in report.errors:
            p = d.position
            where = (f"{source_name}:{p.line - body_line + 1}:{p.col}"
                     if p.path.startswith(kinds.ARTICLE.folder + "/") and p.line >= body_line
                     else f"{p.path}:{p.line}:{p.col}")
            shown.append(f"{where}: {d.code} {d.message}" + (f"\n    hint: {d.hint}" if d.hint else ""))
        raise ScaffoldError("the text cannot be added as it is:\n" + "\n".join(shown))


def create(root: Path, raw: bytes, source_name: str, ident: str | None = None, title: str | None = None,
           added: str | None = None) -> Created:
    """Write `articles/<id>.md` and `annotations/claims/<id>.yml`; never overwrites a file."""
    body = decode(raw, source_name)
    opening = first_line(body)
    if not opening:
        raise ScaffoldError(f"{source_name}: the text is empty; give the article text as a file or on standard input")
    title = " ".join(title.split()) if title else None
    if ident is None:
        ident = slugify(title or opening)
        if not ident or ident in schema.RESERVED_IDS:
            raise ScaffoldError(f"cannot make an id from {shorten(title or opening, 60)!r}: "
                                "pass one with --id, e.g. --id 2020-01-idlib-attack")
    article, claims = _file(root, kinds.ARTICLE, ident), _file(root, kinds.CLAIM, ident)
    for path in (article, claims):
        if path.exists() or path.is_symlink():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; nothing was written. "
                                "Choose another id with --id, or edit the existing file.")
    # The one date the scaffolder knows for a fact: today (UTC), the day the article is added.
    added = added or datetime.now(UTC).date().isoformat()
    article_content = article_text(ident, body, shorten(title or opening), title, added)
    claims_content = claims_text(ident)
    _verify(ident, article_content, claims_content, source_name)
    claims.parent.mkdir(parents=True, exist_ok=True)
    with article.open("x", encoding="utf-8", newline="") as out:
        out.write(article_content)
    try:
        with claims.open("x", encoding="utf-8", newline="") as out:
            out.write(claims_content)
    except OSError:
        article.unlink()
        raise
    return Created(ident, article, claims)


# --- events --------------------------------------------------------------------------------------

# A new event's time while the texts have not been read for it: every date null, and a basis
# that says so (a basis is always required). `archive check` then shows the event as "not stated".
EVENT_BASIS = "Not dated yet: give the words of the texts that date it, or say that they do not."


def event_text(ident: str, title: str, event_type: str) -> str:
    """A new event's file: its id, title and type, every other key empty, each commented with
    what belongs there; in canonical form."""
    schema_line = f"# yaml-language-server: $schema=../schemas/{kinds.EVENT.schema_file}"
    lines = [
        schema_line,
        _line(f"id: {ident}", "slug; must equal the file name"),
        _line(f"title: {_quoted(title)}", "short neutral title, in the archive's own voice"),
        _line(f"type: {event_type}", "event type (annotations/README.md, Events)"),
        "when:",
        _line("  start: null", "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; null if no year"),
        _line("  end: null", "last date of a window; null for one date"),
        _line("  day_month: null", "'MM-DD' when the texts give no year"),
        _line("  not_before: null", "earliest it can be, if start is null"),
        _line(f"  basis: {_quoted(EVENT_BASIS)}", "the texts' words for the time"),
        _line("places: []", "place ids (annotations/places/)"),
        _line("parties: []", "actor ids of those the texts name as taking part"),
        _line("equipment: []", "weapons and vehicles, in the texts' words"),
        _line("description: null", "what happened, saying only what the texts support"),
        "# Then point each claim that reports it at it: `event: " + ident + "` in the claims files.",
    ]
    return fmt.canonical_yaml("\n".join(lines) + "\n", kinds.EVENT.model)


def create_event(root: Path, ident: str, title: str, event_type: str) -> Path:
    """Write `annotations/events/<id>.yml`; never overwrites a file. The record is checked with
    the real pipeline in a scratch archive first: it passes `archive check` as created (with a
    warning, CONS009, until a claim points to it)."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("the title is empty; give a short neutral title with --title")
    path = _file(root, kinds.EVENT, ident)
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; nothing was written. "
                            "Choose another id, or edit the existing file.")
    text = event_text(ident, title, event_type)
    with tempfile.TemporaryDirectory(prefix="archive-new-") as scratch:
        scratch_path = _file(Path(scratch), kinds.EVENT, ident)
        scratch_path.parent.mkdir(parents=True)
        (Path(scratch) / kinds.ARTICLE.folder).mkdir()
        scratch_path.write_text(text, encoding="utf-8", newline="")
        errors = pipeline.check(Path(scratch)).report.errors
    if errors:
        raise ScaffoldError("the event cannot be created as it is:\n" + "\n".join(
            f"{d.position.path}:{d.position.line}:{d.position.col}: {d.code} {d.message}" for d in errors))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="") as out:
        out.write(text)
    return path


def place_text(ident: str, name: str, kind: str, parent: str | None) -> str:
    """A new place's file: every key, commented; no coordinates, and why."""
    values = {"id": ident, "name": _quoted(name), "kind": kind, "parent": parent or "null",
              "location_unknown": _quoted(PLACE_NOT_LOOKED_UP)}
    lines = []
    for key, info in kinds.PLACE.model.model_fields.items():
        unknown = "[]" if info.default == [] else "null"
        lines.append(_line(f"{key}: {values.get(key, unknown)}", _PLACE_HINTS.get(key) or key))
    return fmt.canonical_yaml("\n".join(lines) + "\n" + PLACE_EXAMPLE, kinds.PLACE.model)


def create_place(root: Path, ident: str, name: str, kind: str, parent: str | None = None) -> Path:
    """Write `annotations/places/<id>.yml`; never overwrites a file. It is checked first with
    the archive's other places, by the same pipeline as `archive check`: its parent must exist,
    and its name must be no other place's."""
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("the name is empty; give the name the archive shows with --name")
    path = _file(root, kinds.PLACE, ident)
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; nothing was written. "
                            "Choose another id, or edit the existing file.")
    text = place_text(ident, name, kind, parent)
    with tempfile.TemporaryDirectory(prefix="archive-new-") as scratch:
        folder = Path(scratch) / kinds.PLACE.folder
        folder.mkdir(parents=True)
        (Path(scratch) / kinds.ARTICLE.folder).mkdir()
        for other in sorted((root / kinds.PLACE.folder).glob(f"*{kinds.PLACE.suffix}")):
            if other.is_file() and not other.is_symlink():
                (folder / other.name).write_bytes(other.read_bytes())
        (folder / path.name).write_text(text, encoding="utf-8", newline="")
        report = pipeline.check(Path(scratch)).report
    rel = path.relative_to(root).as_posix()
    mine = sorted((d for d in report.errors if d.position.path == rel), key=lambda d: (d.position.line, d.position.col))
    if mine:
        raise ScaffoldError("the place cannot be added as it is:\n" + "\n".join(
            f"{rel}:{d.position.line}:{d.position.col}: {d.code} {d.message}" + (f"\n    hint: {d.hint}" if d.hint
                                                                                else "")
            for d in mine))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="") as out:
        out.write(text)
    return path


__all__ = ["EVENT_BASIS", "LABEL_LENGTH", "MAX_ID", "PLACE_NOT_LOOKED_UP", "Created", "ScaffoldError", "article_text",
           "claims_text", "create", "create_event", "create_place", "event_text", "place_text", "shorten", "slugify"]
