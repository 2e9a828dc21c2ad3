"""Anchoring quotes to article text, the W3C Web Annotation way: exact text plus prefix/suffix.

Comparison is done on a normalised form of both texts:
- Unicode NFC, so a precomposed and a decomposed "é" are equal;
- every run of whitespace (spaces, tabs, line breaks) counts as one space;
- curly and straight quotation marks are equal: “ ” „ ‟ ″ compare as ", and ‘ ’ ‚ ‛ ′ as '.
  A contributor may type straight quotes where the article prints curly ones (or the reverse);
  the article text itself is never changed.
Everything else, case and dashes included, must match exactly.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

QUOTE_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
})


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, for each of its characters, the original [start, end)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _chunks(text: str):
    """Runs of whitespace, and each other character with the combining marks that follow it."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
        else:
            while j < n and unicodedata.combining(text[j]):
                j += 1
        yield i, j
        i = j


def normalise(text: str) -> Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, j in _chunks(text):
        chunk = text[i:j]
        piece = " " if chunk[0].isspace() else unicodedata.normalize("NFC", chunk).translate(QUOTE_FOLD)
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
    return Normalised("".join(out), tuple(starts), tuple(ends))


def key(text: str) -> str:
    """The comparison form of a short text such as a quote or an alias."""
    return normalise(text).text.strip()


@dataclass(frozen=True)
class Found:
    start: int
    end: int


@dataclass(frozen=True)
class Missing:
    closest: str
    closest_start: int
    ratio: float


@dataclass(frozen=True)
class Ambiguous:
    starts: tuple[int, ...]


@dataclass(frozen=True)
class ContextMismatch:
    which: str  # "prefix" or "suffix"
    starts: tuple[int, ...]


def occurrences(haystack: str, needle: str) -> list[int]:
    found, i = [], haystack.find(needle)
    while i != -1 and needle:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def anchor(body: Normalised, quote: str, prefix: str | None = None, suffix: str | None = None):
    """Find `quote` in `body`: Found (original offsets), Missing, Ambiguous or ContextMismatch."""
    q = key(quote)
    hits = occurrences(body.text, q)
    if not hits:
        return _closest(body, q)
    candidates = hits
    if prefix is not None:
        p = key(prefix)
        candidates = [i for i in candidates if body.text[:i].rstrip().endswith(p)]
        if not candidates:
            return ContextMismatch("prefix", tuple(body.starts[i] for i in hits))
    if suffix is not None:
        s = key(suffix)
        candidates = [i for i in candidates if body.text[i + len(q):].lstrip().startswith(s)]
        if not candidates:
            return ContextMismatch("suffix", tuple(body.starts[i] for i in hits))
    if len(candidates) > 1:
        return Ambiguous(tuple(body.starts[i] for i in candidates))
    start, end = body.original(candidates[0], candidates[0] + len(q))
    return Found(start, end)


def _closest(body: Normalised, q: str) -> Missing:
    if not body.text or not q:
        return Missing("", 0, 0.0)
    matcher = difflib.SequenceMatcher(None, body.text, q, autojunk=False)
    a, b, size = matcher.find_longest_match(0, len(body.text), 0, len(q))
    start = max(0, a - b)
    end = min(len(body.text), start + len(q))
    passage = body.text[start:end]
    while end < len(body.text) and body.text[end].isalnum():  # finish the last word
        end += 1
    shown = body.text[start:end]
    ratio = difflib.SequenceMatcher(None, passage, q, autojunk=False).ratio() if size else 0.0
    return Missing(shown, body.starts[start] if start < len(body.starts) else 0, ratio)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) that contains text[start:end], for showing a quote in context."""
    left = max([text.rfind("\n", 0, start) + 1]
               + [i + 2 for p in (". ", "? ", "! ") if (i := text.rfind(p, 0, start)) != -1])
    while left < start and text[left].isspace():
        left += 1
    right_candidates = [i for i in (text.find("\n", end),) if i != -1]
    for p in (". ", "? ", "! "):
        i = text.find(p, end)
        if i != -1:
            right_candidates.append(i + 1)
    right = min(right_candidates) if right_candidates else len(text)
    if text[end - 1 : end] in ".?!":
        right = min(right, end) if right < end else right
    return left, max(right, end)
