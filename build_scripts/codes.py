"""Every diagnostic code, defined once: what it means, how severe it is, how to fix it.

`Report.add` refuses a code that is not here, and tests/test_codes.py fails on a code used in
build_scripts/ but not catalogued, on a catalogued code used nowhere, and on a severity recorded
here that no call site uses (or the other way round). DIAGNOSTICS.md, the contributors'
reference, is generated from this module: `archive codes --markdown > DIAGNOSTICS.md`.

Adding a code: one `Code` below, in its family, with the severity its call sites report it at;
then regenerate DIAGNOSTICS.md. A code is never reused for another meaning: contributors search
for it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

SEVERITIES: dict[str, str] = {
    "error": "`archive check` fails (exit code 1) and nothing is built.",
    "warning": "`archive check` passes, but a strict build (`mkdocs build --strict`: pull requests, deploy) "
               "fails, since MkDocs aborts on any warning it logs.",
    "advisory": "a warning about something that may well be right, such as a character that text copied exactly "
                "as published carries: `archive check` shows it as a warning (and a pull request's check as an "
                "annotation), a build logs it as information, so a strict build does not fail on it.",
}
"""What each severity does (diagnostics.Severity)."""


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    meaning: str
    """What was found, in words a contributor who has not read the code understands."""
    hint: str
    """How to fix it, in general; each diagnostic's own hint says it for its case."""
    severities: tuple[str, ...] = ("error",)
    """Every severity it is reported at, the usual one first."""

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")

    @property
    def severity(self) -> str:
        return self.severities[0]


FAMILIES: dict[str, str] = {
    "FILE": "Files and folders",
    "ID": "Ids and file names",
    "YAML": "YAML",
    "SCHEMA": "Keys and values",
    "DATE": "Dates",
    "REF": "References",
    "QUOTE": "Quotes and evidence",
    "TEXT": "The stored article text",
    "SEG": "Segments",
    "ALIAS": "Actor names",
    "GEO": "Places",
    "UNI": "Hidden and look-alike characters",
    "CONS": "Consistency",
    "FMT": "Canonical form",
    "SITE": "The site",
}
"""The families in the order a file is checked: read, parse, validate, link, then format and build."""

CODES: tuple[Code, ...] = (
    Code("FILE001", "Article without front matter",
         "An article file must start with a `---` line, its front matter (YAML), and a closing `---` line before "
         "the text; this one does not open the front matter on its first line, or never closes it. The file is "
         "not read further.",
         "Begin the file with `---`, the metadata, then a line `---`, then the text exactly as published."),
    Code("FILE002", "File too large",
         "The file is larger than the limit for its kind (the message gives both sizes), and is not read.",
         "Shorten the file or split it (an actor or a dispute per file; a long article's claims are its own)."),
    Code("FILE003", "Not UTF-8",
         "The file holds bytes that are not UTF-8; the position is that of the first one. The file is not read.",
         "Save the file as UTF-8 text (most editors offer it in \"Save as\" or in the status bar)."),
    Code("FILE004", "Control character",
         "The file holds a control character (other than tab and line breaks) or a Unicode noncharacter; the "
         "position is that of the first one. The file is not read.",
         "Delete the character; it is usually invisible, so go to the line and column given."),
    Code("FILE005", "Symbolic link",
         "A symbolic link among the archive's files (articles/ and annotations/ and their folders), or in a folder "
         "the site publishes (docs/, overrides/, generated/), or one of those folders lying outside the "
         "repository. A link is never followed: its target could be any file of the machine that builds the "
         "site. Reported by `archive check` and by the site build.",
         "Replace the link with the file or folder itself, or delete it."),
    Code("FILE006", "Unexpected file or folder",
         "A file with another extension than its kind's (articles are `.md`, annotations `.yml`, not `.yaml`), "
         "or a folder, inside the folder of a kind of record. It is not read.",
         "Rename it to the kind's extension, or move it out of the folder (a folder's files up into it)."),
    Code("FILE007", "File not read",
         "A hidden file named like a record (`.draft.yml`), a hidden folder, or anything in annotations/ besides "
         "the kinds' folders, schemas/ and README.md (a misspelt folder, say). It is skipped, so the site would "
         "lack it.",
         "To include it, rename it without the leading dot or move it into the folder of its kind; otherwise "
         "keep it outside the archive.",
         ("warning",)),
    Code("ID001", "Duplicate id",
         "Two records of one kind have the same id: in practice two claims, in one claims file or in two (an "
         "article's, actor's or dispute's id is its file name). The second is reported, with the place of the "
         "first.",
         "Give one of the two another id; ids are permanent once published, so rename the newer one."),
    Code("ID002", "Id and file name differ",
         "The `id` of an article, actor or dispute, or the `article` of a claims file, is not the file's name "
         "(without its extension).",
         "Rename the file after the id, or correct the id to the file's name."),
    Code("ID003", "Invalid or reserved id",
         "An id, or a reference to one, is not a lowercase slug (a-z, 0-9 and single hyphens), or is reserved: "
         "`index`, or a name Windows gives a device (`con`, `nul`, `com1`…). Also a "
         "file or folder in the archive named as such a device, in any case and whatever its extension: it is not "
         "read, since a repository holding it cannot be checked out on Windows.",
         "Choose another id (and rename the file after it), e.g. `2020-01-idlib-attack`."),
    Code("ID004", "File names that collide",
         "Two files in one folder whose names are the same once case and Unicode normalisation are ignored "
         "(`Rebel-front.yml` and `rebel-front.yml`): on many systems they are one file. The second is not read.",
         "Rename or delete one of the two."),
    Code("ID005", "Former id in conflict",
         "An id in `former_ids` is the record's own id, the current id of another record of its kind, a former "
         "id of another record too, or listed twice: its old address could not lead to one page.",
         "Keep each former id once, on the record that was published under it; never list a current id."),
    Code("YAML001", "YAML syntax",
         "The file (or an article's front matter) is not valid YAML; the position is where the parser stopped, "
         "often just after the real mistake. Nothing else in the file is checked until it is fixed.",
         "Check indentation, colons and quotes on the line given and the one before; quote a value holding "
         "`: ` or starting with a special character."),
    Code("YAML002", "Duplicate key",
         "A key appears twice in one mapping; plain YAML would silently keep only the second value.",
         "Keep one of the two."),
    Code("YAML003", "Anchor or alias",
         "An anchor (`&name`) or alias (`*name`): annotation files are plain data, written out in full.",
         "Write each value out in full, without `&` and `*`."),
    Code("YAML004", "Tag",
         "A tag (`!!str`, `!custom`): every value is read as text or a number by its key, so tags are refused.",
         "Remove the tag; quote the value if it must stay text."),
    Code("YAML005", "Key that is not text",
         "A mapping key that is not plain text (a list, a mapping, or `null`).",
         "Use a plain word as the key, such as `id` or `quote`."),
    Code("YAML006", "Several documents",
         "A second YAML document (after a `---` line) in a file, which holds exactly one.",
         "Remove the second `---` and what follows it, or split the file in two."),
    Code("YAML007", "Nested too deep",
         "Mappings and lists nested deeper than the limit the message gives; annotation files are shallow.",
         "Flatten the structure; compare with the examples in annotations/README.md."),
    Code("YAML008", "Character not allowed in YAML",
         "A character YAML does not allow (a control character) in the file or the front matter.",
         "Delete the character at the position given; save the file as UTF-8 text."),
    Code("SCHEMA001", "Unknown key",
         "A key the format does not have at this place, often a misspelling; the hint suggests the closest "
         "allowed key and lists them all.",
         "Correct or remove the key; the format is in annotations/README.md."),
    Code("SCHEMA002", "Missing key",
         "A required key is missing. Keys whose value is unknown are still written, as `null`.",
         "Add the key: with `null` if the text does not give its value, otherwise with the value."),
    Code("SCHEMA003", "Value not allowed",
         "A value of the wrong type (text where a list is expected), not in its vocabulary (a `role` or "
         "`status` that does not exist), or breaking a rule of the format: `outlet_basis` missing for an "
         "outlet, a figure without `min` or `max`, or with `min` above `max`.",
         "Correct the value as the message says; vocabularies are defined on the site's methodology page and "
         "in annotations/README.md."),
    Code("SCHEMA004", "Empty file or not a mapping",
         "The file (or the front matter) is empty, or is not a mapping of keys to values (a list or a single "
         "value at the top).",
         "Fill it in as the examples in annotations/README.md, starting with `id:` (`article:` in a claims "
         "file), or delete it."),
    Code("DATE001", "Not a date",
         "A date that is not written as `\"YYYY\"`, `\"YYYY-MM\"` or `\"YYYY-MM-DD\"`, or that names no day of "
         "the calendar (`2023-02-30`, month 13).",
         "Write the date in quotes, with only the precision the text supports: `\"2020\"`, `\"2020-01\"` or "
         "`\"2020-01-23\"`."),
    Code("REF001", "Unknown id",
         "A reference (a claimant, an outlet, a subject, a dispute's claim, an affiliation's target or source, "
         "a related dispute…) names no record of its kind; the hint suggests the closest existing id. A record "
         "whose own file has an error is known by its id, and not reported here again.",
         "Correct the id, or add the record it names."),
    Code("QUOTE001", "Quote not in the text",
         "A claim's `quote` (or an affiliation's `evidence`) is not in its article's text. Curly and straight "
         "quotation marks count as the same, and so do differences in whitespace; nothing else does. The hint "
         "shows the closest passage when there is one.",
         "Copy the words from the article exactly, without correcting them; check that the claim belongs to "
         "this article."),
    Code("QUOTE002", "Quote found more than once",
         "The quote (or evidence) occurs several times in the article text; the message gives their lines.",
         "Add `prefix` (the words just before the one you mean) or `suffix` (just after)."),
    Code("QUOTE003", "Prefix or suffix does not match",
         "No occurrence of the quote (or evidence) has the given `prefix` right before it (or `suffix` right "
         "after it).",
         "Copy the words right before (or after) the quote in the text; set the key to `null` if the quote "
         "occurs once."),
    Code("QUOTE004", "Quote across parts of the page",
         "A claim's quote runs from one part of the page into another: from the article's text into a segment "
         "(a headline, a reader comment, page furniture), or across two segments.",
         "A quote stands in one part of the page, so the site can say where (body, headline, reader comment): "
         "split it into one claim per part."),
    Code("QUOTE005", "Unnamed source not in the text",
         "A claim's `unnamed_source` (the text's own words for a source it does not name) is not in its "
         "article.",
         "Copy the words the text uses for the source, such as 'pro-government sources'."),
    Code("TEXT001", "Text does not match its checksum",
         "The article text (the file after its front matter) does not have the SHA-256 recorded in its "
         "`sha256` field: the stored text has changed since it was added.",
         "Article texts are never edited: restore the text from its source. If the text on record was wrong, "
         "record a correction with the new checksum."),
    Code("TEXT002", "Unknown address without a reason",
         "An article has `url: null` and no `provenance_note`: the site would say its original address is "
         "unknown without saying why.",
         "Give the page's address if it is known (never a guessed one); otherwise say in `provenance_note` where "
         "the text was taken from and why its address is not known.",
         ("warning",)),
    Code("SEG001", "Segment not found",
         "A segment's `start` is not in the article text, or occurs more than once, or its `end` does not "
         "occur after its start.",
         "Copy the first (or last) words of the segment exactly as printed; make `start` long enough to be "
         "unique."),
    Code("SEG002", "Segments overlap",
         "Two segments of one article cover some of the same text.",
         "End the first segment before the second starts."),
    Code("SEG003", "Segment not on whole lines",
         "A segment's `start` does not begin a line, or its `end` does not finish one: segments cover whole "
         "lines.",
         "Start with the first characters of a line and end with the last characters of a line."),
    Code("SEG004", "Reader comment without author",
         "A segment of kind `reader-comment` has no `author`.",
         "Set `author` to the commenter's actor id (an actor of type `commenter`)."),
    Code("SEG005", "Headline not marked",
         "The article's `title` is printed as a line of its text, but no segment of kind `headline` marks it.",
         "Add a `headline` segment for that line: a claim quoted from it is then shown as the headline's words "
         "everywhere, not as the article body's.",
         ("warning",)),
    Code("ALIAS001", "Name of two actors",
         "An actor's name or alias is also a name or alias of another actor (compared as quotes are: curly and "
         "straight quotation marks and whitespace aside); mentions in the text could not be linked to one.",
         "Keep the name on one actor only; if they are the same actor, merge the two files."),
    Code("ALIAS002", "Name listed twice",
         "An actor lists the same name or alias twice.",
         "Remove the repeated alias.",
         ("warning",)),
    Code("GEO001", "Coordinates out of range",
         "A place's `lat` is not between -90 and 90, or its `lon` not between -180 and 180 (decimal degrees, "
         "WGS84).",
         "Write decimal degrees, latitude first (Idlib is lat 35.93, lon 36.63); check that the two are not "
         "swapped and that minutes were converted (35°56′ is 35.93)."),
    Code("GEO002", "Place inside itself",
         "Following the `parent` of places leads back to the place itself.",
         "A place's parent is a larger place that contains it: correct one `parent` to break the loop."),
    Code("GEO003", "Place name shared",
         "A place's name or alias is also the name or an alias of another place, so a text's mention of it could "
         "not be linked to one place.",
         "Keep the name on the place the texts mean; a name that two places share needs telling apart by hand."),
    Code("GEO004", "Place alias not in any text",
         "A place's alias is printed in no article: aliases are the spellings the texts use, linked where they "
         "stand.",
         "Correct the alias to the text's spelling, letter for letter, or remove it.",
         ("warning",)),
    Code("UNI001", "Hidden character in a name",
         "An actor's name or alias holds an invisible format character or a bidirectional control: the name "
         "would not read as it looks.",
         "Delete the character (it is invisible in most editors: go to the position given)."),
    Code("UNI002", "Hidden character in text",
         "A bidirectional control or invisible format character in prose (a quote, a basis, a note) or in an "
         "article's text. Published text often really has one (a right-to-left mark in Arabic, a soft hyphen), "
         "so the site is built with it. Zero-width joiners inside words of the scripts that need them are not "
         "reported.",
         "Keep it only if the published text really has it; otherwise delete it.",
         ("advisory",)),
    Code("UNI003", "Name mixes scripts",
         "An actor's name or alias mixes letters of several scripts (a Greek or Cyrillic letter among Latin "
         "ones), a common way to imitate a name.",
         "Type the name in one script."),
    Code("UNI004", "Name looks like another actor's",
         "An actor's name or alias looks the same as another actor's once letters of other scripts that look "
         "Latin are read as Latin (\"Ηezbollah\" with a Greek Eta). Reported on the imitation, not on the plainer "
         "name.",
         "Use the other actor if it is the same one, or spell the name in plain letters."),
    Code("UNI005", "Name differs only in case",
         "An actor's name or alias differs from another actor's only in upper and lower case. It may be right "
         "(two different actors); a reviewer confirms.",
         "Check that these are really two different actors.",
         ("warning",)),
    Code("UNI006", "Name differs only in look-alike ASCII",
         "Names of two actors differ only in ASCII characters that look alike (I, l, 1 and |; O and 0; rn, vv "
         "and cl for m, w and d): \"lran\" and \"Iran\". Reported at both names, naming the other; very short "
         "names are not compared.",
         "Check that these are two different actors and that each name is spelt as the text prints it.",
         ("warning",)),
    Code("CONS001", "Status does not fit",
         "A claim's `status` disagrees with the relations and disputes recorded for it: `contested` while no "
         "dispute or `contradicts` relation names it (an error); or (warnings) `contested` while only reader "
         "comments or the same source disagree, `unverified` or `corroborated` while an independent source "
         "contradicts it or takes another side in a dispute, `corroborated` while no independent source "
         "`corroborates` it, `unverified` while one does. A reader comment, the claimant repeating itself and "
         "`partially-corroborates` never count.",
         "Record the relation that makes the status true, or change the status to the one the relations give; "
         "the methodology page states the rule.",
         ("error", "warning")),
    Code("CONS002", "Dispute history does not fit",
         "A dispute's `history` is not oldest first, or its latest entry's status is not the dispute's "
         "`status`.",
         "List entries oldest first; record a status change as a new dated entry, never by editing an old one."),
    Code("CONS003", "Record related to itself",
         "A claim related to itself, an actor affiliated with itself, or a dispute listed in its own `related`.",
         "Point the relation at another record, or remove it."),
    Code("CONS004", "Event after its article",
         "A claim's `event_date` is later than its article's publication date (compared at the coarser of the "
         "two precisions).",
         "Check the event date and the article's `published` date against the text."),
    Code("CONS005", "Claim on two sides",
         "A dispute lists one claim twice, on one side or on two.",
         "A claim takes one position in a dispute: keep it on one side."),
    Code("CONS006", "Relation listed twice",
         "A claim lists the same relation (same type, same claim) twice.",
         "Remove the repeated relation."),
    Code("CONS007", "Commenter is not the claimant",
         "A claim's quote stands in a reader comment, but its claimant is another actor and its role is not "
         "`reports`.",
         "A commenter's words are the commenter's claim; a comment passing on what another said has role "
         "`reports`.",
         ("warning",)),
    Code("CONS008", "Claim dated outside its event",
         "A claim's `event_date` falls outside the time of the event it describes (its `when`: the date, or the "
         "window from `start` to `end`), compared at the coarser of the two precisions.",
         "Check both dates against the texts: one of them is wrong, or the claim describes another event.",
         ("warning",)),
    Code("CONS009", "Event without a claim",
         "No claim describes the event (`event:` in a claims file), so its page would show no source for it.",
         "Point the claims that report the event at it, or remove the event.",
         ("warning",)),
    Code("FMT001", "Not in canonical form",
         "Reported by `archive fmt --check`: the file is not laid out as `archive fmt` writes it (key order, "
         "quoting, indentation, lists); the position is the first difference.",
         "Run `archive fmt` on the file; see \"Canonical form\" in annotations/README.md."),
    Code("FMT002", "Cannot be formatted",
         "Reported by `archive fmt` (and `--check`): the file cannot be put in canonical form, because its YAML "
         "is broken, it is not a mapping, or an article has no front matter; it is left as it is.",
         "Run `archive check` to see the problem in full and fix it; formatting then works."),
    Code("SITE001", "Hand-written page at a generated page's address",
         "Reported by the site build: a file under docs/ (or the theme's overrides/) would be published at the "
         "same address as a generated page (`docs/claims/index.md`, `docs/disputes/<id>.md`), ignoring case; one "
         "of the two would be silently lost.",
         "Rename or move the hand-written file; generated pages are changed by editing articles/ and "
         "annotations/."),
)

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}
ALLOWED: dict[str, frozenset[str]] = {c.code: frozenset(c.severities) for c in CODES}
"""The severities each code may be reported at: what `Report.add` looks up."""


def _grouped() -> list[tuple[str, list[Code]]]:
    return [(family, [c for c in CODES if c.family == family]) for family in FAMILIES]


def text(selected: list[str] | None = None) -> str:
    """The catalogue as `archive codes` prints it: every code, or those named (or of a family named)."""
    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    blocks = []
    for c in CODES:
        if selected and c.code not in selected and c.family not in selected:
            continue
        blocks.append(f"{c.code} {c.title} ({', '.join(c.severities)})\n{wrap.fill(c.meaning)}\n"
                      + wrap.fill(f"fix: {c.hint}"))
    return "\n\n".join(blocks) + "\n"


def markdown() -> str:
    """DIAGNOSTICS.md: every code by family, with its meaning, severity and fix."""
    lines = [
        "# Diagnostic codes",
        "",
        "<!-- Generated from build_scripts/codes.py by `archive codes --markdown > DIAGNOSTICS.md`: edit that "
        "module, not this file (tests/test_codes.py fails when they differ). -->",
        "",
        "`archive check` reports every problem it finds as `path:line:col: CODE message`, followed by a line "
        "`hint:` saying how to fix that case. This page lists every code: what it means, how severe it is, and "
        "how to fix it in general. `archive codes CODE` prints the same in a terminal. The walk-through in "
        "[CONTRIBUTING.md](CONTRIBUTING.md#26-check) shows how to read a diagnostic.",
        "",
        "Severities:",
        "",
        *[f"- **{name}**: {meaning}" for name, meaning in SEVERITIES.items()],
        "",
        "A code reported at more than one severity lists them all, the usual one first.",
        "",
        "| family | codes |",
        "|---|---|",
        *[f"| [{title}](#{_anchor(family, title)}) | {', '.join(c.code for c in codes)} |"
          for (family, codes), title in zip(_grouped(), FAMILIES.values(), strict=True)],
    ]
    for family, codes in _grouped():
        lines += ["", f"## {family}: {FAMILIES[family]}"]
        for c in codes:
            lines += ["", f"### {c.code} {c.title}", "", f"*{', '.join(c.severities)}*. {c.meaning}", "",
                      f"**Fix:** {c.hint}"]
    return "\n".join(lines) + "\n"


def _anchor(family: str, title: str) -> str:
    """The anchor GitHub gives the heading `## FAMILY: Title`."""
    heading = f"{family}: {title}".lower()
    return "".join(ch for ch in heading if ch.isalnum() or ch in " -_").replace(" ", "-")


__all__ = ["ALLOWED", "BY_CODE", "CODES", "FAMILIES", "SEVERITIES", "Code", "markdown", "text"]
