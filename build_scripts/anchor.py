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

import functools

import difflib
import heapq
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

QUOTE_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
})


class OffsetMap(Sequence):
    """For each character of a normalised text, one end of the original span it came from.

    Stored as runs rather than one integer per character (which took about 44 bytes per
    character of every article): a run either maps character k to `origin + (k - first)` (and
    its end to one more), or maps all its characters to the same original span [start, end),
    for a whitespace run or a letter with combining marks that normalise to other lengths.
    It reads like the tuple of offsets it replaces: index, slice, iterate, len, compare."""

    __slots__ = ("_end_side", "_ends", "_firsts", "_length", "_starts")

    def __init__(self, firsts: array, starts: array, ends: array, length: int, end_side: bool):
        self._firsts, self._starts, self._ends = firsts, starts, ends  # ends[r] == -1: a one-to-one run
        self._length = length
        self._end_side = end_side

    def __len__(self) -> int:
        return self._length

    def _at(self, k: int) -> int:
        r = bisect_right(self._firsts, k) - 1
        end = self._ends[r]
        if end == -1:
            return self._starts[r] + (k - self._firsts[r]) + (1 if self._end_side else 0)
        return end if self._end_side else self._starts[r]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self._at(k) for k in range(*index.indices(self._length)))
        k = index + self._length if index < 0 else index
        if not 0 <= k < self._length:
            raise IndexError("offset index out of range")
        return self._at(k)

    def __iter__(self) -> Iterator[int]:
        bounds = list(self._firsts[1:]) + [self._length]
        for r, first in enumerate(self._firsts):
            last, start, end = bounds[r], self._starts[r], self._ends[r]
            if end == -1:
                shift = start - first + (1 if self._end_side else 0)
                yield from range(first + shift, last + shift)
            else:
                value = end if self._end_side else start
                for _ in range(last - first):
                    yield value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({tuple(self)!r})"


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, for each of its characters, the original [start, end)."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

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


# Where the mapping is not simply one character to one: a run of two or more whitespace
# characters, a run of non-ASCII letters, or one non-ASCII whitespace character.
# Everything between two of these is ASCII with single whitespace characters.
_SPECIAL = re.compile(r"\s\s+|[^\x00-\x7f\s]+|[^\x00-\x7f]")
_ASCII_SPACE = {c: " " for c in range(128) if chr(c).isspace()}


class _Builder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.firsts, self.starts, self.ends = array("q"), array("q"), array("q")
        self.length = 0

    def one_to_one(self, i: int, piece: str) -> None:
        """`piece` replaces text[i:i + len(piece)], character for character."""
        if not piece:
            return
        if not (self.ends and self.ends[-1] == -1
                and self.starts[-1] + (self.length - self.firsts[-1]) == i):
            self.firsts.append(self.length)
            self.starts.append(i)
            self.ends.append(-1)
        self.out.append(piece)
        self.length += len(piece)

    def chunk(self, i: int, j: int, piece: str) -> None:
        """`piece` replaces the chunk text[i:j] as a whole."""
        if j - i == 1 and len(piece) == 1:
            self.one_to_one(i, piece)
            return
        self.firsts.append(self.length)
        self.starts.append(i)
        self.ends.append(j)
        self.out.append(piece)
        self.length += len(piece)

    def result(self) -> Normalised:
        args = (self.firsts, self.starts, self.ends, self.length)
        return Normalised("".join(self.out), OffsetMap(*args, end_side=False), OffsetMap(*args, end_side=True))


def _slow(text: str, i: int, j: int, into: _Builder) -> None:
    """Normalise text[i:j] (which starts and ends on chunk boundaries) chunk by chunk."""
    for a, b in _chunks(text[i:j]):
        chunk = text[i + a:i + b]
        piece = " " if chunk[0].isspace() else unicodedata.normalize("NFC", chunk).translate(QUOTE_FOLD)
        into.chunk(i + a, i + b, piece)


def normalise(text: str) -> Normalised:
    """Every chunk (see `_chunks`): whitespace → one space, others NFC with quotes folded.

    Only the places `_SPECIAL` finds are looked at one by one; the ASCII text between them
    maps one to one and is translated in one step."""
    into = _Builder()
    pos, n = 0, len(text)
    while pos < n:
        match = _SPECIAL.search(text, pos)
        if match is None:
            into.one_to_one(pos, text[pos:].translate(_ASCII_SPACE))
            break
        a, b = match.span()
        run = match.group()
        if run[0].isspace():  # whitespace: a run of several, or one non-ASCII character
            into.one_to_one(pos, text[pos:a].translate(_ASCII_SPACE))
            into.chunk(a, b, " ")
        elif not any(map(unicodedata.combining, run)) and unicodedata.is_normalized("NFC", run):
            # Each letter is a chunk of its own that NFC leaves as it is (a text in NFC holds
            # no character that NFC would change), and the next character, ASCII or
            # whitespace, is no combining mark: one to one, with quotes folded.
            into.one_to_one(pos, text[pos:a].translate(_ASCII_SPACE))
            into.one_to_one(a, run.translate(QUOTE_FOLD))
        else:
            # Combining marks belong to the letter before them, which may be the ASCII
            # character just before the run.
            first = a - 1 if a > pos and unicodedata.combining(text[a]) and not text[a - 1].isspace() else a
            into.one_to_one(pos, text[pos:first].translate(_ASCII_SPACE))
            _slow(text, first, b, into)
        pos = b
    return into.result()


@functools.lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The comparison form of a short text such as a quote or an alias (kept for the texts
    seen last: a preview checks the same names after every edit)."""
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


def whole(body: Normalised, k: int) -> bool:
    """Whether position k of the normalised text falls between two letters (chunks, see
    `_chunks`), not between a letter and one of its combining marks: the characters on either
    side then come from different places of the original text."""
    return k <= 0 or k >= len(body.text) or body.starts[k] != body.starts[k - 1]


def anchor(body: Normalised, quote: str, prefix: str | None = None, suffix: str | None = None):
    """Find `quote` in `body`: Found (original offsets), Missing, Ambiguous or ContextMismatch.

    A hit counts only where it begins and ends between letters: 'Nx' is not in 'Nx' followed by
    U+0301 COMBINING ACUTE ACCENT (an accented x has no precomposed form), and a lone combining
    mark is not in a letter that carries it. Half a letter would map back to the whole of it."""
    q = key(quote)
    hits = [i for i in occurrences(body.text, q) if whole(body, i) and whole(body, i + len(q))]
    if not hits:
        return _closest(body, q)
    candidates = hits
    if prefix is not None:
        p = key(prefix)
        candidates = [i for i in candidates if _ends_with(body, i, p)]
        if not candidates:
            return ContextMismatch("prefix", tuple(body.starts[i] for i in hits))
    if suffix is not None:
        s = key(suffix)
        candidates = [i for i in candidates if _starts_with(body, i + len(q), s)]
        if not candidates:
            return ContextMismatch("suffix", tuple(body.starts[i] for i in hits))
    if len(candidates) > 1:
        return Ambiguous(tuple(body.starts[i] for i in candidates))
    start, end = body.original(candidates[0], candidates[0] + len(q))
    return Found(start, end)


def _ends_with(body: Normalised, i: int, p: str) -> bool:
    """Whether the text before position i, spaces aside, ends with `p`, from a letter's start."""
    before = body.text[:i].rstrip()
    return before.endswith(p) and whole(body, len(before) - len(p))


def _starts_with(body: Normalised, i: int, s: str) -> bool:
    """Whether the text after position i, spaces aside, starts with `s`, up to a letter's end."""
    after = body.text[i:]
    skipped = len(after) - len(after.lstrip())
    return after[skipped:].startswith(s) and whole(body, i + skipped + len(s))


# The closest passage to a missing quote. Each n-gram the quote shares with the text votes for
# an alignment of the quote in it (the gram's place in the text less its place in the quote);
# only the few best-voted alignments are compared character by character. Comparing the quote
# with the whole text (a longest common substring over both) costs their lengths' product, a
# second per quote in a long article.
_GRAM = 4
_GRAMS_PER_QUOTE = 24   # grams taken from the quote, spread over it
_COMMON = 2000          # a gram found more often than this says little about where the quote is
_ALIGNMENTS = 6         # alignments compared character by character
_CACHED_GRAMS = 4096    # grams whose places are remembered per text


def _gram_places(body: Normalised, gram: str) -> list[int]:
    """Where `gram` occurs in the normalised text (at most _COMMON + 1 places), remembered
    per text: the quotes of one article share many grams."""
    cache = body.__dict__.setdefault("_gram_places", {})
    places = cache.get(gram)
    if places is None:
        if len(cache) >= _CACHED_GRAMS:
            cache.clear()
        places, text = [], body.text
        i = text.find(gram)
        while i != -1 and len(places) <= _COMMON:
            places.append(i)
            i = text.find(gram, i + 1)
        cache[gram] = places
    return places


def _votes(body: Normalised, q: str, n: int) -> dict[int, int]:
    """For each alignment of `q` in the text (where q[0] would be), how many of the n-grams of
    q it puts on the same n-gram of the text."""
    offsets: dict[str, list[int]] = {}
    for j in range(len(q) - n + 1):
        offsets.setdefault(q[j:j + n], []).append(j)
    grams = list(offsets)
    if len(grams) > _GRAMS_PER_QUOTE:
        step = len(grams) / _GRAMS_PER_QUOTE
        grams = [grams[int(k * step)] for k in range(_GRAMS_PER_QUOTE)]
    places = {gram: _gram_places(body, gram) for gram in grams}
    rare = [gram for gram in grams if 0 < len(places[gram]) <= _COMMON]
    votes: dict[int, int] = {}
    # Common grams vote only when no rare one is shared (a text that repeats itself), and then
    # only with their first places.
    for gram in rare or grams:
        for j in offsets[gram]:
            for i in places[gram]:
                votes[i - j] = votes.get(i - j, 0) + 1
    return votes


def _closest(body: Normalised, q: str) -> Missing:
    text = body.text
    if not text or not q:
        return Missing("", 0, 0.0)
    votes: dict[int, int] = {}
    for n in range(min(_GRAM, len(q)), 0, -1):  # shorter grams only if no longer one is shared
        votes = _votes(body, q, n)
        if votes:
            break
    if not votes:
        return Missing("", 0, 0.0)
    best: tuple[float, int, int] | None = None  # (ratio, votes, -start)
    matcher = difflib.SequenceMatcher(None, "", q, autojunk=False)
    for shift, count in heapq.nsmallest(_ALIGNMENTS, votes.items(), key=lambda item: (-item[1], item[0])):
        start = min(max(0, shift), len(text) - 1)
        matcher.set_seq1(text[start:start + len(q)])
        if best is not None and matcher.quick_ratio() <= best[0]:
            continue  # cannot do better than the best so far, which has as many votes or more
        candidate = (matcher.ratio(), count, -start)
        if best is None or candidate > best:
            best = candidate
    ratio, _, start = best
    start = -start
    while not whole(body, start):  # from the start of a letter, not from its combining mark
        start -= 1
    end = min(len(text), start + len(q))
    while end < len(text) and text[end].isalnum():  # finish the last word
        end += 1
    return Missing(text[start:end], body.starts[start], ratio)


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


__all__ = ["QUOTE_FOLD", "Ambiguous", "ContextMismatch", "Found", "Missing", "Normalised", "OffsetMap", "anchor", "key",
           "normalise", "occurrences", "sentence_around"]
