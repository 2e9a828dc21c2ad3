""""Cite this page": a collapsed box with the page's citation as plain text, BibTeX and CSL-JSON.

Everything in it comes from the data, never from the clock: the date is the day the record was
added or first recorded, or "n.d." when the archive does not know it. Where the repository's
history is known (`revisions`) and its address too, the box also gives the version cited: the
day the record's file last changed, and a link to the file as it was at that commit, so that a
citation can be checked after the record changes. The day it was accessed
is not known when the site is built, and the page's full address only when the site's public
address is (ARCHIVE_SITE_URL); docs/javascripts/cite.js fills in what is missing in the reader's
browser (without it, the address shown is the path from the site root, unless the full address
is known). Each format is escaped for its own syntax first, then for HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from build_scripts.render.common import ARCHIVE_NAME, MONTHS
from build_scripts.render.templating import macros, safe

AUTHOR = f"{ARCHIVE_NAME} contributors"
KINDS = {"article": "Annotated article", "claim": "Claim record", "dispute": "Dispute record", "event": "Event record"}
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
                   "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)
# json.dumps(value, ensure_ascii=False), without making a new encoder at every call.
_JSON = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True)
class Version:
    """The version of a record a page shows: the day its file last changed, the commit, and the
    address of the file at that commit in the repository."""

    date: str
    commit: str
    url: str
    path: str

    @property
    def label(self) -> str:
        """'2026-12-05, revision 8e5d0f9'."""
        return f"{self.date}, revision {self.commit[:7]}"


def bibtex_escape(text: str) -> str:
    return " ".join(text.split()).translate(_BIBTEX_TABLE)


def plain_text(title: str, kind: str, issued: str | None, version: Version | None = None) -> str:
    """The citation as plain text, up to the address."""
    when = "n.d."
    if issued:
        year, month, day = issued.split("-")
        when = f"{year}, {MONTHS[int(month) - 1]} {int(day)}"
    label = f"{KINDS[kind]}, version of {version.label}" if version else KINDS[kind]
    return f"{AUTHOR}. ({when}). {' '.join(title.split())} [{label}]. {ARCHIVE_NAME}. "


def bibtex(key: str, title: str, kind: str, issued: str | None, version: Version | None = None) -> str:
    """The BibTeX entry up to its address."""
    lines = [f"@misc{{{key},", _BIBTEX_AUTHOR, f"  title = {{{{{bibtex_escape(title)}}}}},", _BIBTEX_PUBLISHED,
             _BIBTEX_NOTE[kind]]
    if version:
        lines.append(f"  version = {{{bibtex_escape(version.label)}}},")
    if issued:
        year, month, _ = issued.split("-")
        lines += [f"  year = {{{year}}},", f"  month = {_BIBTEX_MONTHS[int(month) - 1]},"]
    return "\n".join(lines)


# The lines of an entry that do not depend on the record, made once.
_BIBTEX_AUTHOR = f"  author = {{{{{bibtex_escape(AUTHOR)}}}}},"
_BIBTEX_PUBLISHED = f"  howpublished = {{{bibtex_escape(ARCHIVE_NAME)}}},"
_BIBTEX_NOTE = {kind: f"  note = {{{bibtex_escape(label)}}}," for kind, label in KINDS.items()}


def csl_json(key: str, title: str, kind: str, issued: str | None, version: Version | None = None) -> str:
    """One CSL-JSON item in a list, a property per line, up to its address; the address and the
    access date are filled in by cite.js, and the text stays valid JSON with or without them."""
    lines = [f'    "id": {_JSON(key)}', _CSL_TYPE, f'    "title": {_JSON(" ".join(title.split()))}', _CSL_AUTHOR,
             _CSL_CONTAINER, _CSL_GENRE[kind]]
    if version:
        lines.append(f'    "version": {_JSON(version.label)}')
    if issued:
        lines.append(f'    "issued": {_JSON({"date-parts": [[int(part) for part in issued.split("-")]]})}')
    return "[\n  {\n" + ",\n".join(lines) + ",\n"


# The properties that do not depend on the record, made once (the keys are ASCII).
_CSL_TYPE = f'    "type": {_JSON("webpage")}'
_CSL_AUTHOR = f'    "author": {_JSON([{"literal": AUTHOR}])}'
_CSL_CONTAINER = f'    "container-title": {_JSON(ARCHIVE_NAME)}'
_CSL_GENRE = {kind: f'    "genre": {_JSON(label)}' for kind, label in KINDS.items()}


def cite_box(page_url: str, title: str, kind: str, ident: str, issued: str | None,
             site_url: str | None = None, version: Version | None = None) -> Markup:
    """The collapsed box; `page_url` is the page's directory-style URL such as 'claims/x/', and
    `site_url` the site's public address ending in '/', when it is known (then the box gives the
    page's full address without a script); `version`, the version of the record shown, when the
    repository's history and address are known."""
    key = f"idlib-archive:{kind}:{ident}"
    when = (f"Dated by the day this {kind} was {'first recorded' if kind == 'dispute' else 'added'} in the archive."
            if issued else f"Undated (n.d.): the archive does not record the day this {kind} was added.")
    address = site_url + page_url if site_url else "/" + page_url
    box = macros("cite.html").box(address, plain_text(title, kind, issued, version),
                                  bibtex(key, title, kind, issued, version),
                                  csl_json(key, title, kind, issued, version), when, bool(site_url), version)
    # Line breaks as character references, so that Markdown sees the box as one line of HTML
    # (str's replace: Markup's escapes its arguments; the result is as safe as the box).
    return safe(str.replace(box, "\n", "&#10;"))
