"""Stage 1, load: files → raw records that remember where every value came from."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from build_scripts import kinds, schema, yamlstrict
from build_scripts.diagnostics import Position, Report

# What a file is: the `file_kind` of its kind's declaration ("article", "actor", "claims", "dispute").
Kind = str

DEVICE_NAMES_HINT = ("con, prn, aux, nul, com0-com9 and lpt0-lpt9 are reserved, in any case and whatever "
                     "follows the first dot.")
# What annotations/ holds besides the kinds' folders: this description and the editors' JSON
# Schemas (schema_export.SCHEMA_DIR), neither of them read.
ANNOTATIONS_OTHER = {"README.md", "schemas"}
SKIPPED = "The site would lack it: a strict build (pull requests, deploy) fails on this warning."
# C0 and C1 controls except tab, line feed and NEL, plus the noncharacters YAML cannot read.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class Source:
    """One contributor file, parsed but not yet validated.

    The position of each of its values is worked out only when a diagnostic asks for one:
    the loader keeps the YAML text it parsed (as UTF-8 bytes, its most compact form) and reads
    it again, recording positions, the first time `positions` is read. A valid file never needs
    them, and they took more memory than everything else loaded (a path and a place per value)."""

    __slots__ = ("_positions", "_yaml", "body", "body_line", "data", "kind", "line_offset", "path")

    def __init__(self, path: str, kind: Kind, data: Any, positions: yamlstrict.Positions | None = None,
                 line_offset: int = 0, body: str | None = None, body_line: int = 1, yaml: str | None = None):
        self.path = path
        self.kind = kind
        self.data = data
        self.line_offset = line_offset
        self.body = body
        self.body_line = body_line
        self._positions = positions
        self._yaml = yaml.encode("utf-8", "surrogatepass") if positions is None and yaml is not None else None

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, kind={self.kind!r})"

    @property
    def positions(self) -> yamlstrict.Positions:
        """Where each value and key of the parsed YAML starts (line and column in the YAML text)."""
        if self._positions is None:
            if self._yaml is None:
                self._positions = yamlstrict.Positions()
            else:
                text = self._yaml.decode("utf-8", "surrogatepass")
                self._positions = yamlstrict.parse(text, self.line_offset)[1]
                self._yaml = None
        return self._positions

    @positions.setter
    def positions(self, value: yamlstrict.Positions) -> None:
        self._positions = value
        self._yaml = None

    def release(self) -> None:
        """Drop what only the checks need: the parsed YAML, the positions and the text they
        are read from. `pos` then gives the start of the file."""
        self.data = None
        self._positions = yamlstrict.Positions()
        self._yaml = None

    def pos(self, path: tuple = ()) -> Position:
        line, col = self.positions.of(path)
        return Position(self.path, line + self.line_offset, col)

    def key_pos(self, path: tuple) -> Position:
        line, col = self.positions.of_key(path)
        return Position(self.path, line + self.line_offset, col)

    def body_pos(self, offset: int) -> Position:
        """The file position of a character offset in the article body."""
        assert self.body is not None
        before = self.body[:offset]
        line = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        return Position(self.path, self.body_line + line, col + 1)


def _real_folder(root: Path, base: Path, folder: str, report: Report, reported: set[str]) -> bool:
    """Whether `folder` (relative to the root) is a folder of the archive itself: no symbolic
    link on the way to it (each is reported once), and inside the archive once resolved. Files
    a link points to may lie anywhere, and their content would reach diagnostics and pages."""
    parts = folder.split("/")
    for i in range(1, len(parts) + 1):
        rel = "/".join(parts[:i])
        path = root / rel
        if path.is_symlink():
            if rel not in reported:
                reported.add(rel)
                report.add(Position(rel), "FILE005", "symbolic links are not allowed in the archive",
                           "Replace the link with the folder itself.")
            return False
        if not path.is_dir():
            return False
    resolved = (root / folder).resolve()
    if resolved != base and base not in resolved.parents:
        if folder not in reported:
            reported.add(folder)
            report.add(Position(folder), "FILE005", "folder lies outside the archive",
                       "Keep every file of the archive inside its folder.")
        return False
    return True


def discover(root: Path, report: Report, refused: list[tuple[Kind, Path]] | None = None) -> list[tuple[Kind, Path]]:
    """Every contributor file, in a stable order; files that cannot be sources are reported.

    What is refused as such in a kind's folder (a symbolic link, a name Windows reserves, another
    extension, a folder) is never read as a source; with `refused`, it is listed there, so that
    the ids of the records it holds can be known (see load_all)."""
    found: list[tuple[Kind, Path]] = []
    base = root.resolve()
    reported: set[str] = set()
    for declared in kinds.KINDS:
        kind, folder, suffix = declared.file_kind, declared.folder, declared.suffix
        directory = root / folder
        if not _real_folder(root, base, folder, report, reported):
            continue
        folded: dict[str, str] = {}
        for path in sorted(directory.iterdir(), key=lambda p: p.name):
            rel = path.relative_to(root).as_posix()
            key = unicodedata.normalize("NFC", path.name).casefold()
            if key in folded:
                report.add(Position(rel), "ID004", f"file name collides with {folded[key]} once case and "
                           "Unicode form are ignored", "Rename one of the two; on many systems they are the same file.")
                continue
            folded[key] = rel
            if path.name == "README.md":
                continue
            if path.name.startswith("."):
                _report_hidden(path, rel, folder, suffix, report)
                continue
            device = schema.windows_device_name(path.name)
            if device is not None:
                what = "folder" if path.is_dir() and not path.is_symlink() else "file"
                report.add(Position(rel), "ID003", f"{what} name '{path.name}' is reserved on Windows, where "
                           f"'{device}' names a device", f"A repository holding it cannot be checked out on "
                           f"Windows: rename it (and the id it holds). {DEVICE_NAMES_HINT}")
            elif path.is_symlink():
                report.add(Position(rel), "FILE005", "symbolic links are not allowed in the archive",
                           "Replace the link with the file itself.")
            elif path.is_dir():
                report.add(Position(rel), "FILE006", f"unexpected folder: {folder}/ holds files, not folders",
                           f"Move the files in it up into {folder}/.")
            elif path.suffix != suffix:
                report.add(Position(rel), "FILE006", f"unexpected file: {folder}/ holds only '*{suffix}' files",
                           f"Rename it to end in '{suffix}', or move it out of {folder}/.")
            else:
                found.append((kind, path))
                continue
            if refused is not None:
                refused.append((kind, path))
    _report_others(root, report)
    return found


def _report_hidden(path: Path, rel: str, folder: str, suffix: str, report: Report) -> None:
    """A hidden file named like a record (`.draft-actor.yml`) or a hidden folder is skipped with a
    warning; other hidden files (`.gitkeep`, `.DS_Store`, an editor's `.x.yml.swp` or `.#x.yml`)
    are no records and are skipped silently."""
    name = path.name
    if path.is_dir() and not path.is_symlink():
        report.add(Position(rel), "FILE007", "hidden folder skipped: nothing in it is read",
                   f"Move its files up into {folder}/, named without a leading dot, to include them, or keep "
                   f"the folder outside the archive. {SKIPPED}", severity="warning")
    elif name.startswith(".") and name.endswith(suffix) and name[1:2].isalnum():
        report.add(Position(rel), "FILE007", "hidden file skipped: a name starting with '.' is not read",
                   f"Rename it without the leading dot ('{name[1:]}') to include it, or keep it outside the "
                   f"archive. {SKIPPED}", severity="warning")


def _report_others(root: Path, report: Report) -> None:
    """Anything in annotations/ but its kinds' folders, schemas/ and README.md (a misspelt
    `annotations/dispute/`) is skipped with a warning; hidden files there silently."""
    annotations = root / "annotations"
    if annotations.is_symlink() or not annotations.is_dir():
        return  # a link is reported by discover
    folders = kinds.ANNOTATION_FOLDERS
    for path in sorted(annotations.iterdir(), key=lambda p: p.name):
        name = path.name
        if name.startswith(".") or name in folders or name in ANNOTATIONS_OTHER:
            continue
        close = difflib.get_close_matches(name.split(".")[0], folders, n=1, cutoff=0.6)
        where = f"Did you mean '{close[0]}/'? " if close else ""
        report.add(Position(f"annotations/{name}"), "FILE007",
                   f"'{name}' is not read: annotations/ holds {', '.join(k + '/' for k in folders)} "
                   "and schemas/", f"{where}Move its files into the folder of their kind to include them, or "
                   f"keep it outside the archive. {SKIPPED}", severity="warning")


class InvalidUtf8(ValueError):
    def __init__(self, line: int, col: int, byte: int):
        super().__init__(f"invalid UTF-8 (byte 0x{byte:02x})")
        self.line, self.col = line, col


def decode_text(raw: bytes) -> str:
    """UTF-8 without a byte-order mark and with '\\n' line endings; InvalidUtf8 says where it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        raise InvalidUtf8(line, len(before) - (before.rfind("\n") + 1) + 1, raw[err.start]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, rel: str, limit: int, report: Report) -> str | None:
    """Read a file as UTF-8 with '\\n' line endings, reporting what makes it unreadable."""
    return text_of(path.read_bytes(), rel, limit, report)


def text_of(raw: bytes, rel: str, limit: int, report: Report) -> str | None:
    """The bytes of file `rel` as UTF-8 with '\\n' line endings, reporting what makes them unreadable."""
    if len(raw) > limit:
        report.add(Position(rel), "FILE002", f"file is {len(raw):,} bytes; the limit is {limit:,}",
                   "Split the file or shorten it.")
        return None
    try:
        text = decode_text(raw)
    except InvalidUtf8 as err:
        report.add(Position(rel, err.line, err.col), "FILE003", str(err), "Save the file as UTF-8 text.")
        return None
    for match in _CONTROL.finditer(text):
        before = text[: match.start()]
        line = before.count("\n") + 1
        col = match.start() - (before.rfind("\n") + 1) + 1
        report.add(Position(rel, line, col), "FILE004", f"control character U+{ord(match.group()):04X} in text",
                   "Remove it; only tabs and line breaks are allowed.")
        return None
    return text


def _parse_yaml(text: str, rel: str, kind: Kind, offset: int, report: Report) -> Source | None:
    data, _, problems = yamlstrict.parse(text, offset, positions=False)
    for p in problems:
        report.add(Position(rel, p.line + offset, p.col), p.code, p.message, p.hint)
    if data is None and not problems:
        report.add(Position(rel, 1 + offset, 1), "SCHEMA004", "the file is empty",
                   "Fill it in as shown in annotations/README.md, or delete it.")
    if data is None or problems:
        return None
    return Source(rel, kind, data, None, offset, yaml=text)


def load_article(text: str, rel: str, report: Report) -> Source | None:
    """Split `---` front matter from the body, which is kept exactly as written."""
    if not text.startswith("---\n"):
        report.add(Position(rel), "FILE001", "an article starts with a '---' line opening its front matter",
                   "Begin the file with '---', the metadata, and another '---' line before the text.")
        return None
    end = re.search(r"^---[ \t]*$\n?", text[4:], re.MULTILINE)
    if end is None:
        report.add(Position(rel), "FILE001", "the front matter is not closed by a '---' line",
                   "Add a line '---' between the metadata and the article text.")
        return None
    front = text[4 : 4 + end.start()]
    body = text[4 + end.end():]
    source = _parse_yaml(front, rel, kinds.ARTICLE.file_kind, 1, report)
    if source is None:
        return None
    source.body = body
    source.body_line = text[: 4 + end.end()].count("\n") + 1
    return source


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read or parsed, and the ids of the records it seems to hold:
    known, though not loadable, so that references to them are not reported as unknown."""

    kind: Kind
    path: str
    ids: frozenset[str] | None  # None: they cannot be told (a symbolic link's target is never read)


# A claim's id on a line of its own (`  - id: some-claim`), as `archive fmt` writes it.
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1[ \t]*(?:#.*)?$""",
                      re.MULTILINE)


def record_ids(kind: Kind, path: Path, rel: str, raw: bytes | None = None) -> frozenset[str] | None:
    """The ids of the records a file holds, as far as they can be told without parsing it: an
    article, actor or dispute file is named by its id; a claims file is named by its article, so
    its claims' ids are read from its `id:` lines (`raw`, or the file's bytes), in whatever can
    be decoded. Nothing is read behind a symbolic link (None: not told); a folder holds none."""
    if path.is_dir() and not path.is_symlink():
        return frozenset()
    if not kinds.BY_FILE_KIND[kind].per_file:
        return frozenset({PurePosixPath(rel).stem})
    if raw is None:
        if path.is_symlink() or not path.is_file():
            return None
        raw = path.read_bytes()
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return frozenset(match.group(2) for match in _ID_LINE.finditer(text))


def load_all(root: Path, report: Report, memo=None) -> tuple[list[Source], list[Unreadable]]:
    """Read every contributor file under `root`; what cannot be read becomes a diagnostic.

    Returns the parsed sources and the files that could not be read or parsed or were refused as
    such (see discover). With a `memo` (build_scripts.memo), a file whose text is the one
    checked last time gives the source parsed then."""
    sources: list[Source] = []
    unreadable: list[Unreadable] = []
    refused: list[tuple[Kind, Path]] = []
    for kind, path in discover(root, report, refused):
        rel = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        declared = kinds.BY_FILE_KIND[kind]
        text = text_of(raw, rel, declared.max_bytes, report)
        source = None
        if text is not None and memo is not None:
            source = memo.source_for(rel, text)
            if source is not None:
                sources.append(source)
                continue
        if text is not None:
            source = (load_article(text, rel, report) if declared.front_matter
                      else _parse_yaml(text, rel, kind, 0, report))
        if source is None:
            unreadable.append(Unreadable(kind, rel, record_ids(kind, path, rel, raw)))
        else:
            sources.append(source)
    for kind, path in refused:
        rel = path.relative_to(root).as_posix()
        unreadable.append(Unreadable(kind, rel, record_ids(kind, path, rel)))
    return sources, unreadable


def load(root: Path, report: Report) -> list[Source]:
    return load_all(root, report)[0]


__all__ = ["InvalidUtf8", "Kind", "Source", "Unreadable", "decode_text", "discover", "load", "load_all", "load_article",
           "read_text", "record_ids"]
