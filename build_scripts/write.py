"""Stage 5, write: put generated pages on disk, touching only files whose bytes changed.

Unchanged files keep their modification time, so `mkdocs serve` sees only real changes and a
no-op regeneration writes nothing. Each file is replaced atomically (temporary file + rename);
files no longer generated are removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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


def write_tree(out: Path, files: dict[str, str]) -> WriteResult:
    out.mkdir(parents=True, exist_ok=True)
    existing = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    written = unchanged = removed = 0
    for rel, text in files.items():
        target = _inside(out, rel)
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written += 1
    for rel in sorted(existing - files.keys()):
        (out / rel).unlink()
        removed += 1
    for directory in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return WriteResult(written, unchanged, removed)
