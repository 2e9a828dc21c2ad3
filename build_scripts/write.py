"""Stage 5, write: put generated pages on disk as one complete folder, or not at all.

The new tree is assembled in a hidden sibling folder and swapped in atomically, so a failing or
killed build leaves the last good output in place. Files whose bytes did not change are
hard-linked from the current tree, keeping their inode and modification time; when nothing
changed at all, nothing is touched, so `mkdocs serve` sees only real changes and never loops.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_scripts.swap import remove, replace_dir, staging_for


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


def _inside(root: Path, rel: str, resolved_root: str | None = None) -> str:
    """The real path `root/rel` leads to; refused unless it lies inside `root`.

    Strings and os.path rather than pathlib (the same `realpath` underneath): this runs once per
    page, and pathlib's parsing cost more than the check itself."""
    base = resolved_root if resolved_root is not None else os.path.realpath(root)
    target = os.path.realpath(os.path.join(root, rel))
    if target == base or not target.startswith(base if base.endswith(os.sep) else base + os.sep):
        raise ValueError(f"refusing to write outside {root}: {rel}")
    return target


def _current(out: Path) -> dict[str, str]:
    """Every regular file under `out` (not following symbolic links): relative path → path.

    A walk with os.scandir, which knows each entry's type without a further system call each."""
    if not out.is_dir():
        return {}
    found: dict[str, str] = {}
    folders = [(str(out), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, rel + "/"))
                elif entry.is_file(follow_symlinks=False):
                    found[rel] = entry.path
    return found


def _unchanged(path: str, content: bytes) -> bool:
    """Whether the file holds exactly `content`; a file of another size is not read."""
    if os.path.getsize(path) != len(content):
        return False
    with open(path, "rb") as file:
        return file.read() == content


def write_tree(out: Path, files: dict[str, str]) -> WriteResult:
    resolved_root = os.path.realpath(out)
    for rel in files:
        _inside(out, rel, resolved_root)
    current = _current(out)
    data = {rel: text.encode("utf-8") for rel, text in files.items()}
    same = {rel for rel, content in data.items() if rel in current and _unchanged(current[rel], content)}
    removed = len(current.keys() - data.keys())
    if len(same) == len(data) and not removed:
        return WriteResult(0, len(same), 0)
    staging = staging_for(out)
    remove(staging)  # left over by a build that was killed
    staging.mkdir(parents=True)
    made = {str(staging)}
    try:
        for rel, content in data.items():
            target = os.path.join(staging, rel)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            if rel in same:
                try:
                    os.link(current[rel], target)
                except OSError:
                    shutil.copy2(current[rel], target)
            else:
                Path(target).write_bytes(content)
        replace_dir(staging, out)
    finally:
        remove(staging)
    return WriteResult(len(data) - len(same), len(same), removed)
