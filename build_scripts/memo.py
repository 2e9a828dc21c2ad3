"""What the checks worked out for files that did not change, kept between runs of one process.

A preview server checks the whole archive after every edit, but most files are the ones it
checked a moment ago. `Memo` keeps, for each file that loaded and validated, its text, the parsed
source, the typed record and the diagnostics it gave (warnings: a file with an error is never
kept); and the two costly pure steps of the link stage: where each quote is in its article's text,
and where actor names, and place names, occur in each text. Everything is keyed by the exact texts it came from,
so a changed file, quote or name list simply misses. Entries not used by a run are dropped at its
end, so the memo holds one archive's worth, not a history.

The cross-file checks (references, duplicates, statuses) run in full every time: a memo never
hides a problem, it only skips repeating work whose inputs are the same strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from build_scripts.diagnostics import Diagnostic


@dataclass
class CheckedFile:
    text: str
    source: Any  # load.Source
    record: Any  # the validated pydantic record
    diagnostics: list[Diagnostic]


@dataclass
class Memo:
    files: dict[str, CheckedFile] = field(default_factory=dict)  # path → the file as last checked
    texts: dict[str, str] = field(default_factory=dict)  # path → text, of the run in progress
    anchors: dict[tuple, tuple] = field(default_factory=dict)  # a quote's span; ("contains", …): (found,)
    patterns: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = field(default_factory=dict)  # "actors", "places"
    matches: dict[tuple[str, str], list[tuple[int, int, str]]] = field(default_factory=dict)  # (names, text) →
    _used_anchors: dict[tuple, tuple] = field(default_factory=dict)
    _used_matches: dict[tuple[str, str], list[tuple[int, int, str]]] = field(default_factory=dict)

    def begin(self) -> None:
        self.texts = {}
        self._used_anchors, self._used_matches = {}, {}

    def end(self) -> None:
        """Keep only what this run used (and the files it saw)."""
        self.files = {path: entry for path, entry in self.files.items() if path in self.texts}
        self.anchors, self.matches = self._used_anchors, self._used_matches
        self._used_anchors, self._used_matches = {}, {}

    def source_for(self, path: str, text: str):
        """The source parsed from exactly this text last time, or None."""
        self.texts[path] = text
        entry = self.files.get(path)
        return entry.source if entry is not None and entry.text == text else None

    def checked(self, source) -> CheckedFile | None:
        entry = self.files.get(source.path)
        return entry if entry is not None and entry.source is source else None

    def keep(self, source, record, diagnostics: list[Diagnostic]) -> None:
        if any(d.severity == "error" for d in diagnostics):
            return
        self.files[source.path] = CheckedFile(self.texts[source.path], source, record, list(diagnostics))

    def anchor(self, key: tuple) -> tuple[int, int] | None:
        found = self.anchors.get(key)
        if found is not None:
            self._used_anchors[key] = found
        return found

    def keep_anchor(self, key: tuple, span: tuple[int, int]) -> None:
        self._used_anchors[key] = span

    def contains(self, text: str, words: str, find) -> bool:
        """Whether `find(text, words)` holds, remembered by both strings (an unnamed source's
        words in an article's normalised text: normalising the text is the cost)."""
        key = ("contains", text, words)
        found = self.anchors.get(key)
        if found is None:
            found = (bool(find(text, words)),)
        self._used_anchors[key] = found
        return found[0]

    def names_pattern(self, which: str, names: tuple[str, ...], make) -> re.Pattern[str]:
        """The pattern `make` makes of `names`, the list of names `which` ("actors", "places");
        a new list drops that list's matches."""
        kept = self.patterns.get(which)
        if kept is None or kept[0] != names:
            self.patterns[which] = (names, make(list(names)))
            self.matches = {k: v for k, v in self.matches.items() if k[0] != which}
            self._used_matches = {k: v for k, v in self._used_matches.items() if k[0] != which}
        return self.patterns[which][1]

    def name_matches(self, which: str, body: str) -> list[tuple[int, int, str]]:
        """Where the names of `which` occur in `body`, by its pattern (`names_pattern`)."""
        pattern = self.patterns[which][1]
        key = (which, body)
        found = self.matches.get(key)
        if found is None:
            found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(body)]
        self._used_matches[key] = found
        return found


__all__ = ["CheckedFile", "Memo"]
