"""Unicode checks on contributor text: hidden characters and look-alike names.

- Bidirectional controls and other invisible format characters can make a name read
  differently from what it is, so in names and aliases they are errors. In prose (quotes, notes,
  labels, article text) they are advisories (diagnostics.Severity): real texts carry them (a
  right-to-left mark in Arabic, a soft hyphen), and text exactly as published must be publishable,
  so `archive check` shows them as warnings and the build does not fail on them.
  ZWNJ and ZWJ inside words of the scripts they shape (Arabic, Persian, Indic scripts) are part of
  the spelling and are not reported at all, in names or in prose.
- A name that mixes scripts ("Hаyat" with a Cyrillic "а") is an error, and so is a name that
  looks like another actor's name once homoglyphs are mapped to Latin (Unicode's confusables).
  A name that looks like another actor's only through ASCII look-alikes ("lran" and "Iran") is a
  warning: in plain ASCII either could be the real spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

from build_scripts.diagnostics import Report
from build_scripts.load import Source

NAME_FIELDS = {"name", "aliases", "name_ar"}
ADVISORY = "(Advisory: the site is built with it.)"

# Format characters (category Cf) are invisible; these are also the bidirectional controls.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = {"\u200c", "\u200d"}  # ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER
# Scripts whose letters ZWNJ and ZWJ shape (Persian "می<ZWNJ>خواهم", conjuncts in Indic scripts):
# between two of their letters a joiner is part of the spelling. Between Latin letters it only
# hides a difference ("Reb<ZWJ>el Front" shows as "Rebel Front").
JOINING_SCRIPTS = {"ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
                   "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "TIBETAN", "MYANMAR", "KHMER"}


def _letter_script(text: str, i: int, step: int) -> str | None:
    """The script of the nearest letter from text[i] in direction `step`, past combining marks
    and other joiners; None if a space, punctuation or the end of the text comes first."""
    while 0 <= i < len(text):
        ch = text[i]
        if ch in JOINERS or unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            i += step
            continue
        return categories.alias(ch) if ch.isalpha() else None
    return None


def _shapes_a_word(text: str, i: int) -> bool:
    """Whether the joiner at text[i] stands in a word of a script that needs joiners: a letter
    of such a script on at least one side, and no letter of another script on either."""
    sides = [_letter_script(text, i - 1, -1), _letter_script(text, i + 1, 1)]
    return any(s in JOINING_SCRIPTS for s in sides) and all(s is None or s in JOINING_SCRIPTS for s in sides)


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(offset, description) of each bidi control or invisible format character in `text`,
    except ZWNJ and ZWJ inside words of the scripts that need them.
    Only the distinct characters of the text are classified, so a long clean text costs one pass
    in C; the positions are searched only when something was found."""
    if text.isascii():  # no ASCII character is a bidi control or of category Cf
        return []
    hidden = {ch for ch in set(text) if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cf"}
    if not hidden:
        return []
    found = []
    for match in re.finditer("[" + "".join(re.escape(ch) for ch in sorted(hidden)) + "]", text):
        ch = match.group()
        if ch in JOINERS and _shapes_a_word(text, match.start()):
            continue
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


def _latin(text: str) -> str:
    """NFKC, invisible format characters (category Cf: joiners, bidi controls) dropped,
    homoglyphs to Latin; case kept."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_latin_homoglyph(ch) for ch in text if unicodedata.category(ch) != "Cf")


def skeleton(text: str) -> str:
    """A comparison form in which look-alike characters are equal: NFKC, invisible format
    characters (category Cf: joiners, bidi controls) dropped, homoglyphs to Latin, casefolded."""
    return _latin(text).casefold()


# ASCII that looks alike in most fonts (Unicode's confusables, within ASCII): folded before the
# case is, since only a capital I looks like l, and only a lowercase rn like m.
_ASCII_LOOK_ALIKES = re.compile(r"rn|vv|cl|[I1|0]")
_ASCII_FOLD = {"rn": "m", "vv": "w", "cl": "d", "I": "l", "1": "l", "|": "l", "0": "o"}


def ascii_skeleton(text: str) -> str:
    """`skeleton`, with ASCII look-alikes taken as one as well: I, l, 1 and | as l; 0 as o;
    rn as m, vv as w, cl as d ('lran' and 'Iran', 'Fr0nt' and 'Front', 'Exarnple' and 'Example')."""
    return _ASCII_LOOK_ALIKES.sub(lambda m: _ASCII_FOLD[m.group()], _latin(text)).casefold()


def disguise(text: str) -> int:
    """How many characters of `text` its skeleton changes, case aside: invisible characters,
    compatibility forms (fullwidth letters) and letters that stand in for Latin ones. Of two
    look-alike names, the one with more is the imitation."""
    count = 0
    for ch in text:
        if unicodedata.category(ch) == "Cf" or unicodedata.normalize("NFKC", ch) != ch or _latin_homoglyph(ch) != ch:
            count += 1
    return count


def visible(text: str) -> str:
    """`text` without its invisible format characters (category Cf)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


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
    """Errors in names and aliases, advisories in prose and in the article text."""
    for path, text in _walk(source.data, ()):
        in_name = source.kind == "actor" and bool(path) and path[0] in NAME_FIELDS
        for offset, what in hidden_characters(text):
            if in_name:
                report.add(source.pos(path), "UNI001", f"{what} in a name, at character {offset + 1}",
                           "Names must read as they are: delete the character (it is invisible in most editors).")
            else:
                report.add(source.pos(path), "UNI002", f"{what} in text, at character {offset + 1}",
                           f"Keep it only if the source text really has it. {ADVISORY}", severity="advisory")
    for offset, what in hidden_characters(source.body or ""):
        report.add(source.body_pos(offset), "UNI002", f"{what} in the article text",
                   f"Keep it only if the published text really has it. {ADVISORY}", severity="advisory")


__all__ = ["ascii_skeleton", "disguise", "hidden_characters", "is_mixed_script", "report_hidden_characters", "scripts",
           "skeleton", "visible"]
