"""A YAML reader that refuses everything plain data does not need, and remembers positions.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, turns `NO` into False and
`1.10` into 1.1, and expands alias bombs. Here every scalar stays the string the contributor
typed (only `null`, `~` and an empty value mean null); anchors, aliases, tags, duplicate and
non-string keys, several documents and deep nesting are problems reported with line and column.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingEndEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from build_scripts.diagnostics import printable

MAX_DEPTH = 32

Path = tuple[Any, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    col: int
    code: str
    message: str
    hint: str


class YamlError(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document starts, by its path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def of_key(self, path: Path) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.of(path)


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# What YAML's reader refuses anywhere in a stream (PyYAML's own test, so both parsers agree).
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
# Characters that YAML 1.1 counts as line breaks but an editor does not (NEL, LINE SEPARATOR,
# PARAGRAPH SEPARATOR), and the byte order mark, which neither counts as a column.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_LAX_HEADER = re.compile(r"[|>][-+0-9]*#")
_EXPLICIT_KEY = re.compile(r"(?:^|[\s\[{,])\?(?:\s|$)")


class _PureParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's parser written in Python: events only, nothing composed or constructed."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:  # libyaml's parser, through PyYAML's binding: the same events, about ten times faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


def _c_parser_for(text: str):
    """libyaml's parser, for a text it reads exactly as PyYAML's does; None for any other text.

    libyaml takes a tab inside a plain value as part of it, where PyYAML refuses it, and skips
    a byte order mark at the start of any line, where PyYAML keeps it; a text that holds either
    is read by the Python parser, which this reader's rules and messages are written to. So is
    one that may hold a block scalar header with a comment straight after it ('|#'), which
    libyaml takes and PyYAML refuses, or an explicit key ('? key'), whose missing value the two
    place differently."""
    if _CParser is None or "\t" in text or "\ufeff" in text or _LAX_HEADER.search(text) \
            or _EXPLICIT_KEY.search(text):
        return None
    return _CParser(text)


class _Places:
    """Turns a parser's mark into the line and column an editor shows.

    YAML 1.1 counts NEL, U+2028 and U+2029 as line breaks; an editor, and every consumer of
    `path:line:col`, counts only LF, CRLF and CR. In a text that holds one, the place is worked
    out from the mark's character offset."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None
        if any(c in text for c in _ODD_BREAKS):
            self.starts = [0] + [m.end() for m in _EDITOR_BREAK.finditer(text)]

    def of(self, mark) -> tuple[int, int]:
        if mark is None:
            return 1, 1
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        return self.at(mark.index)

    def at(self, offset: int) -> tuple[int, int]:
        starts = self.starts if self.starts is not None else \
            [0] + [m.end() for m in _EDITOR_BREAK.finditer(self.text)]
        line = bisect.bisect_right(starts, offset)
        start = starts[line - 1]
        return line, offset - start - self.text.count("\ufeff", start, offset) + 1


class _Diverged(Exception):
    """libyaml read a text otherwise than PyYAML would: the Python parser reads it again."""


class _Composer:
    """Reads a parser's events straight into plain data, refusing what plain data does not need.

    A mapping value whose key is refused (not text, or a repeat) is still read, so that anchors,
    tags and nesting in it are refused, but it is not kept and nothing inside it is reported."""

    def __init__(self, parser, places: _Places, positions: Positions | None, problems: list[YamlProblem],
                 line_offset: int):
        self.parser = parser
        # Inside flow collections ([…], {…}), PyYAML ends a plain value at '?' (and at some ':'),
        # where libyaml reads on: a text with such a value, or with a '!' tag, is read again by
        # PyYAML (see `_Diverged`).
        self.lax = parser.__class__ is not _PureParser
        self.flow = 0
        self.places = places
        # None: positions are not recorded (the loader's first reading, which only checks and
        # builds the data; a file that needs a diagnostic is read again, see load.Source).
        self.positions = positions
        self.problems = problems
        self.line_offset = line_offset
        self.depth = 0
        self.plain_lines = places.starts is None  # the parser's lines are the editor's

    def fatal(self, mark, code: str, message: str, hint: str) -> YamlError:
        return YamlError(YamlProblem(*self.places.of(mark), code, message, hint))

    def document(self) -> Any:
        parser = self.parser
        parser.get_event()  # stream start
        data = None
        if not parser.check_event(StreamEndEvent):
            parser.get_event()  # document start
            data = self.node((), True)
            parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            raise self.fatal(parser.get_event().start_mark, "YAML006", "a file holds one YAML document only",
                             "Remove the second '---' and what follows it, or split the file.")
        return data

    def node(self, path: Path, keep: bool) -> Any:
        event = self.parser.get_event()
        kind = type(event)
        if kind is AliasEvent:
            raise self.fatal(event.start_mark, "YAML003", f"alias '*{printable(str(event.anchor))}' is not allowed",
                             "Write the value out in full; anchors and aliases are refused.")
        if event.anchor:
            raise self.fatal(event.start_mark, "YAML003", f"anchor '&{printable(str(event.anchor))}' is not allowed",
                             "Remove the anchor and write each value out in full.")
        tag = event.tag
        if tag == "!" and self.lax:
            raise _Diverged  # libyaml and PyYAML end a '!' tag differently in flow collections
        if tag is not None and tag != "!":
            raise self.fatal(event.start_mark, "YAML004", f"tag '{printable(str(tag))}' is not allowed",
                             "Remove the tag; quote the value if it must stay text.")
        if self.depth >= MAX_DEPTH:
            raise self.fatal(event.start_mark, "YAML007", f"nesting deeper than {MAX_DEPTH} levels",
                             "Annotation files are shallow; flatten this structure.")
        if keep and self.positions is not None:
            mark = event.start_mark
            self.positions.values[path] = (mark.line + 1, mark.column + 1) if self.plain_lines else self.places.of(mark)
        if kind is ScalarEvent:
            if self.flow and self.lax and not event.style and ("?" in event.value or ":" in event.value):
                raise _Diverged
            # Only a plain (or '!'-tagged) null, ~ or empty value is null; everything else is text.
            return None if (event.implicit[0] or tag == "!") and event.value in _NULLS else event.value
        flow = 1 if event.flow_style else 0
        self.depth += 1
        self.flow += flow
        try:
            if kind is SequenceStartEvent:
                return self.sequence(path, keep)
            return self.mapping(path, keep)
        finally:
            self.depth -= 1
            self.flow -= flow

    def sequence(self, path: Path, keep: bool) -> list:
        parser = self.parser
        peek, node = parser.peek_event, self.node
        items: list = []
        if self.positions is None:  # no paths needed
            while type(peek()) is not SequenceEndEvent:
                items.append(node(path, keep))
        else:
            while type(peek()) is not SequenceEndEvent:
                items.append(node(path + (len(items),), keep))
        parser.get_event()
        return items

    def mapping(self, path: Path, keep: bool) -> dict:
        parser = self.parser
        result: dict[str, Any] = {}
        first_seen: dict[str, Any] = {}  # key → the mark where it first stood
        positions = self.positions
        peek = parser.peek_event
        while type(key_event := peek()) is not MappingEndEvent:
            key = self.node((), False)
            if not isinstance(key, str):
                if keep:
                    self.problems.append(YamlProblem(*self.places.of(key_event.start_mark), "YAML005",
                                                     "mapping keys must be plain text",
                                                     "Use a simple word as the key, such as 'id' or 'quote'."))
                self.node((), False)
                continue
            if not keep:
                self.node((), False)
                continue
            key = sys.intern(key)  # the same few keys in every file: one string each, not one per use
            if key in first_seen:
                line, col = self.places.of(first_seen[key])
                self.problems.append(YamlProblem(
                    *self.places.of(key_event.start_mark), "YAML002",
                    f"duplicate key '{printable(key)}' (first at line {line + self.line_offset}, column {col})",
                    "Keep one of the two; YAML would silently drop the first."))
                self.node((), False)
                continue
            first_seen[key] = key_event.start_mark
            if positions is None:
                result[key] = self.node(path, True)
            else:
                positions.keys[path + (key,)] = self.places.of(key_event.start_mark)
                result[key] = self.node(path + (key,), True)
        parser.get_event()
        return result


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def parse(text: str, line_offset: int = 0, positions: bool = True) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document into plain dicts, lists, strings and None.

    Returns the data, the positions of its values, and the problems found; when a problem
    stops parsing, the data is None. `line_offset` is where the document starts in its file
    (front matter), used only in messages that cite another line.

    With `positions=False` the positions are not recorded (an empty `Positions` is returned):
    they take more memory than the data itself, and only a file that needs a diagnostic needs
    them. Parsing the same text again with `positions=True` gives the same data and problems,
    and its positions: the reader is deterministic and recording changes nothing it reads.
    """
    places = _Places(text)
    refused = _NON_PRINTABLE.search(text)
    if refused:
        line, col = places.at(refused.start())
        return None, Positions(), [YamlProblem(line, col, "YAML008",
                                             f"character U+{ord(refused.group()):04X} is not allowed in YAML",
                                             "Remove control characters; save the file as UTF-8 text.")]
    parser = _c_parser_for(text)
    if parser is not None:
        try:
            found = _read(parser, text, places, line_offset, positions)
        except _Diverged:
            found = (None, Positions(), [])
        else:
            data, _, problems = found
            if data is not None or not problems:
                return found
        # A problem that stops reading: the two parsers do not always stop at the same place
        # or for the same reason, so the Python parser, whose messages are the reference, says.
    return _read(_PureParser(text), text, places, line_offset, positions)


def _read(parser, text: str, places: _Places, line_offset: int,
          record: bool = True) -> tuple[Any, Positions, list[YamlProblem]]:
    positions = Positions()
    problems: list[YamlProblem] = []
    try:
        data = _Composer(parser, places, positions if record else None, problems, line_offset).document()
    except YamlError as err:
        return None, Positions(), [err.problem]
    except yaml.MarkedYAMLError as err:
        message = printable((err.problem or str(err)).strip())
        return None, Positions(), [YamlProblem(*places.of(err.problem_mark or err.context_mark), "YAML001",
                                               f"YAML syntax: {message}",
                                               "Check indentation, colons and quotes on this line and the one before.")]
    except yaml.reader.ReaderError as err:  # pragma: no cover - refused before parsing
        line, col = places.at(min(err.position, len(text)))
        return None, Positions(), [YamlProblem(line, col, "YAML008",
                                               f"character U+{_code_point(err.character):04X} is not allowed in YAML",
                                               "Remove control characters; save the file as UTF-8 text.")]
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return data, positions, problems


__all__ = ["MAX_DEPTH", "Positions", "YamlError", "YamlProblem", "parse"]
