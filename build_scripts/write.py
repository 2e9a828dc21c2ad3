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


def _inside(root: Path, rel: str) -> Path:
    target = (root / rel).resolve()
    if root.resolve() not in target.parents:
        raise ValueError(f"refusing to write outside {root}: {rel}")
    return target


def _current(out: Path) -> dict[str, Path]:
    if not out.is_dir():
        return {}
    return {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file() and not p.is_symlink()}


def write_tree(out: Path, files: dict[str, str]) -> WriteResult:
    for rel in files:
        _inside(out, rel)
    current = _current(out)
    data = {rel: text.encode("utf-8") for rel, text in files.items()}
    same = {rel for rel, content in data.items() if rel in current and current[rel].read_bytes() == content}
    removed = len(current.keys() - data.keys())
    if len(same) == len(data) and not removed:
        return WriteResult(0, len(same), 0)
    staging = staging_for(out)
    remove(staging)  # left over by a build that was killed
    staging.mkdir(parents=True)
    try:
        for rel, content in data.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in same:
                try:
                    os.link(current[rel], target)
                except OSError:
                    shutil.copy2(current[rel], target)
            else:
                target.write_bytes(content)
        replace_dir(staging, out)
    finally:
        remove(staging)
    return WriteResult(len(data) - len(same), len(same), removed)
