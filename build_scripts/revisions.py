"""Which revision of each contributor file the pages are built from: its last commit.

A claim's or dispute's "Cite this page" names the day its file last changed and links that
revision of the file in the repository, so that a citation stays checkable after the record
changes. The answer comes from the repository's history (`git log`), read once per build:

- a file with uncommitted changes has no revision (its text is not that of any commit);
- a shallow clone (CI checkouts are, by default) knows too little history to tell when a file
  last changed, so none is given there rather than a wrong one (the deploy workflow fetches the
  whole history);
- outside a repository, or without git, there are none.

The same commit gives the same revisions, so the pages stay byte-identical between builds of
one commit. Paths are relative to the archive root (as `Source.path`); `repo_path` gives the
path from the top of the repository, which the link needs when the archive is a subfolder.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from build_scripts import kinds

__all__ = ["Revision", "Revisions", "read"]


@dataclass(frozen=True)
class Revision:
    """The last commit that changed a file: its hash and its day (committer date, YYYY-MM-DD)."""

    commit: str
    date: str


@dataclass(frozen=True)
class Revisions:
    """The last revision of each committed, unchanged contributor file, by its path from the
    archive root; `prefix` is the archive root's path from the top of the repository ('' or
    'sub/dir/')."""

    files: dict[str, Revision]
    prefix: str = ""

    def of(self, path: str) -> Revision | None:
        return self.files.get(path)

    def repo_path(self, path: str) -> str:
        return self.prefix + path

    def digest(self) -> str:
        """A fingerprint of every revision, for the no-op stamp: a commit that changes a file's
        revision changes the pages that cite it."""
        text = "\n".join(f"{p} {r.commit} {r.date}" for p, r in sorted(self.files.items()))
        return hashlib.sha256(f"{self.prefix}\n{text}".encode()).hexdigest()


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120,
                             encoding="utf-8", errors="surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def read(root: Path) -> Revisions | None:
    """The revisions of the contributor files under `root` (articles/ and annotations/), or None
    when the history cannot tell them (no git, no repository, a shallow clone)."""
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return None  # not a repository ("" or None), or a shallow one ("true")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    folders = list(kinds.INPUT_FOLDERS)
    log = _git(root, "log", "-z", "--format=%x01%H %cs", "--name-only", "--no-renames", "--relative", "--",
               *folders)
    if log is None:
        return Revisions({}, prefix.strip())
    files: dict[str, Revision] = {}
    for block in log.split("\x01")[1:]:  # a commit: "<hash> <day>\0\n<name>\0<name>\0…"
        head, _, names = block.partition("\x00")
        commit, _, day = head.partition(" ")
        revision = Revision(commit, day)
        for name in names.lstrip("\n").split("\x00"):
            if name:
                files.setdefault(name, revision)  # newest first: the first commit seen is the last change
    changed = _git(root, "diff", "-z", "--name-only", "--relative", "HEAD", "--", *folders) or ""
    for name in changed.split("\x00"):
        files.pop(name, None)
    return Revisions(dict(sorted(files.items())), prefix.strip())
