"""Unicode checks on contributor text: hidden characters and look-alike names.

- Bidirectional controls and other invisible format characters can make a name read
  differently from what it is, so in names and aliases they are errors; in prose (quotes,
  notes, labels, article text) they are warnings, since real texts sometimes carry them.
- A name that mixes scripts ("Hаyat" with a Cyrillic "а") is an error, and so is a name that
  looks like another actor's name once homoglyphs are mapped to Latin (Unicode's confusables).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

from build_scripts.diagnostics import Report
from build_scripts.load import Source

NAME_FIELDS = {"name", "aliases", "name_ar"}

# Format characters (category Cf) are invisible; these are also the bidirectional controls.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_IN_NAMES = {"\u200c", "\u200d"}  # ZWNJ and ZWJ shape Arabic and Persian names correctly


def hidden_characters(text: str, in_name: bool) -> list[tuple[int, str]]:
    """(offset, description) of each bidi control or invisible format character in `text`.

    Only the distinct characters of the text are classified, so a long clean text costs one pass
    in C; the positions are searched only when something was found."""
    hidden = {ch for ch in set(text) if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cf"}
    if in_name:
        hidden -= _ALLOWED_IN_NAMES - BIDI_CONTROLS
    if not hidden:
        return []
    found = []
    for match in re.finditer("[" + "".join(re.escape(ch) for ch in sorted(hidden)) + "]", text):
        ch = match.group()
        kind = "bidirectional control" if ch in BIDI_CONTROLS else "invisible character"
        found.append((match.start(), f"{kind} U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"))
    return found


def scripts(text: str) -> set[str]:
    """The scripts of the letters in `text` (COMMON and INHERITED marks not counted)."""
    result = set()
    for ch in text:
        if ch.isalpha():
            alias = categories.alias(ch)
            if alias not in ("COMMON", "INHERITED"):
                result.add(alias)
    return result


def is_mixed_script(text: str) -> bool:
    return len(scripts(text)) > 1


@lru_cache(maxsize=4096)
def _latin_homoglyph(ch: str) -> str:
    if ch.isascii():
        return ch
    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
    for item in found:
        for glyph in item.get("homoglyphs", []):
            if glyph["c"].isascii():
                return glyph["c"]
    return ch


def skeleton(text: str) -> str:
    """A comparison form in which look-alike characters are equal: NFKC, homoglyphs to Latin, casefolded."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_latin_homoglyph(ch) for ch in text).casefold()


def _walk(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,))


def report_hidden_characters(source: Source, report: Report) -> None:
    """Errors in names and aliases, warnings in prose and in the article text."""
    for path, text in _walk(source.data, ()):
        in_name = source.kind == "actor" and bool(path) and path[0] in NAME_FIELDS
        for offset, what in hidden_characters(text, in_name):
            if in_name:
                report.add(source.pos(path), "UNI001", f"{what} in a name, at character {offset + 1}",
                           "Names must read as they are: delete the character (it is invisible in most editors).")
            else:
                report.add(source.pos(path), "UNI002", f"{what} in text, at character {offset + 1}",
                           "Keep it only if the source text really has it.", severity="warning")
    for offset, what in hidden_characters(source.body or "", in_name=False):
        report.add(source.body_pos(offset), "UNI002", f"{what} in the article text",
                   "Keep it only if the published text really has it.", severity="warning")
