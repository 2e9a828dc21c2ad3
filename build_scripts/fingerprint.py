"""A no-op regenerate in well under a second: the generator's inputs and output, fingerprinted.

After a successful generate, a small stamp file next to the output folder (`.generated.stamp`
for `generated/`, outside docs/: `mkdocs serve` does not see it written) records

- the inputs: every file and folder under `articles/` and `annotations/` (path, type, size,
  modification and change times, inode): any edit, added, removed or renamed file changes it
  (an input changed in the last RACY_SECONDS is not trusted: see `inputs`);
- the generator: the bytes of every Python file of this package, the Python version and the
  versions of PyYAML and pydantic: any change of the code changes it; and the site's public
  address it was given, which the pages print;
- the output: every file under the output folder (path, size, modification time, inode), as
  written; a file edited, removed or added by anything else changes it;
- what the run reported (its warnings) and how many files it generated, to say them again.

When all three match, nothing can have changed: the generate step skips load → render → write,
touches nothing, and repeats the recorded warnings. Anything else runs the whole pipeline.
Only metadata is read, never the contents, so the check costs a directory walk.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from build_scripts import kinds
from build_scripts.diagnostics import Position, Report

VERSION = 1
RACY_SECONDS = 2  # the coarsest time step of a common file system (FAT); ext4's is milliseconds
INPUT_FOLDERS = kinds.INPUT_FOLDERS
PACKAGE = Path(__file__).resolve().parent


def stamp_path(out: Path) -> Path:
    return out.parent / f".{out.name}.stamp"


def _walk(folder: Path, with_ctime: bool, newest: list[int] | None = None) -> list[str]:
    """One line per entry under `folder` (not following symbolic links), in no set order;
    `newest`, if given, gets the latest modification or change time seen."""
    lines: list[str] = []
    latest = 0
    folders = [(str(folder), "")]
    while folders:
        path, prefix = folders.pop()
        try:
            entries = list(os.scandir(path))
        except OSError as err:
            lines.append(f"{prefix}\0error {err.errno}")
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                lines.append(f"{rel}\0gone")
                continue
            if entry.is_dir(follow_symlinks=False):
                lines.append(f"{rel}/\0d")
                folders.append((entry.path, rel + "/"))
                continue
            kind = "l" if entry.is_symlink() else "f"
            ctime = f" {st.st_ctime_ns}" if with_ctime else ""
            latest = max(latest, st.st_mtime_ns, st.st_ctime_ns)
            lines.append(f"{rel}\0{kind} {st.st_size} {st.st_mtime_ns}{ctime} {st.st_ino}")
    if newest is not None:
        newest.append(latest)
    return lines


def _digest(lines: list[str]) -> str:
    h = hashlib.blake2b(digest_size=20)
    for line in sorted(lines):
        h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    return h.hexdigest()


def inputs(root: Path, site_url: str | None = None, repo_url: str | None = None, settings: str = "") -> str | None:
    """The inputs' fingerprint: the archive's files, the generator itself, the site's and
    repository's addresses it is given and its other `settings` (the licence, as text). None when a file
    changed so recently (RACY_SECONDS) that a further edit could leave the same times behind, as
    file systems store times in coarse steps: such a fingerprint is not trusted (as git does with
    "racily clean" files); the next run does the whole work again and can then be trusted."""
    started = time.time_ns()
    newest: list[int] = []
    lines = [f"python {sys.version}", f"stamp {VERSION}", f"libraries {_libraries()}", f"site_url {site_url or ''}",
             f"repo_url {repo_url or ''}", f"settings {settings}"]
    for folder in INPUT_FOLDERS:
        path = root / folder
        if path.is_symlink() or not path.is_dir():
            lines.append(f"{folder}\0{'link' if path.is_symlink() else 'absent'}")
            continue
        lines += [f"{folder}/{line}" for line in _walk(path, with_ctime=True, newest=newest)]
    lines.append("generator " + generator())
    if max(newest, default=0) > started - RACY_SECONDS * 10**9:
        return None
    return _digest(lines)


def _libraries() -> str:
    """The versions of the libraries that parse and check the archive: an upgrade may change
    what they accept or how they read it."""
    import pydantic
    import yaml
    return f"PyYAML {yaml.__version__} libyaml {getattr(yaml, '__with_libyaml__', False)} pydantic {pydantic.VERSION}"


def generator() -> str:
    """The bytes of every file of the generator (this package), hashed: its Python code and its
    templates and prose (`templates/*.html`, `methodology.md`), which make pages as much as the
    code does. Compiled bytecode (`__pycache__`) is left out: it follows from the code."""
    h = hashlib.blake2b(digest_size=20)
    files = (p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(PACKAGE).parts)
    for path in sorted(files):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def output(out: Path) -> str | None:
    """The output folder's fingerprint; None if there is no such folder."""
    if out.is_symlink() or not out.is_dir():
        return None
    return _digest(_walk(out, with_ctime=False))


@dataclass
class Stamp:
    inputs: str
    output: str
    pages: int
    diagnostics: list[dict]

    def report(self) -> Report:
        report = Report()
        for d in self.diagnostics:
            report.add(Position(d["path"], d["line"], d["col"]), d["code"], d["message"], d["hint"], d["severity"])
        return report


def load(out: Path) -> Stamp | None:
    try:
        data = json.loads(stamp_path(out).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        return Stamp(data["inputs"], data["output"], int(data["pages"]), list(data["diagnostics"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(out: Path, inputs_digest: str | None, pages: int, report: Report) -> None:
    """Record a successful run; written only when it says something new, and atomically."""
    digest = output(out)
    if digest is None:
        return
    data = {"version": VERSION, "inputs": inputs_digest or "", "output": digest, "pages": pages,
            "diagnostics": [{"path": d.position.path, "line": d.position.line, "col": d.position.col,
                             "code": d.code, "message": d.message, "hint": d.hint, "severity": d.severity}
                            for d in report.items]}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    path = stamp_path(out)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    # A name of its own: two builds that finish together must not write into one file.
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def unchanged(root: Path, out: Path, site_url: str | None = None,
              repo_url: str | None = None, settings: str = "") -> tuple[str | None, Stamp | None]:
    """The inputs' fingerprint, and the stamp if it shows that nothing changed since it was made."""
    digest = inputs(root, site_url, repo_url, settings)
    stamp = load(out)
    if digest is None or stamp is None or stamp.inputs != digest or stamp.output != output(out):
        return digest, None
    return digest, stamp


__all__ = ["PACKAGE", "RACY_SECONDS", "Stamp", "generator", "load", "output", "save", "stamp_path", "unchanged"]
