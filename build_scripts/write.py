"""Stage 5, write: put generated pages on disk as one complete folder, or not at all.

The new tree is assembled in a hidden sibling folder and swapped in atomically, so a failing or
killed build leaves the last good output in place. Files whose bytes did not change are
hard-linked from the current tree, keeping their inode and modification time; when nothing
changed at all, nothing is touched, so `mkdocs serve` sees only real changes and never loops.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import fork
from build_scripts.swap import Staging, replace_dir


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int
    workers: tuple[fork.Worker, ...] = field(default=(), compare=False)  # `write_parallel`'s processes


def inside(root: Path, rel: str, resolved_root: str | None = None, folders: dict[str, str] | None = None,
            regular: Mapping[str, str] | None = None) -> str:
    """The real path `root/rel` leads to; refused unless it lies inside `root`.

    Strings and os.path rather than pathlib (the same `realpath` underneath): this runs once per
    page, and pathlib's parsing cost more than the check itself. With `folders` (a cache), each
    folder is resolved once, and the file itself only when it is a symbolic link; `regular`, the
    files known to be regular ones (from `files_under`), need not even be looked at."""
    base = resolved_root if resolved_root is not None else os.path.realpath(root)
    target = None
    head, _, tail = rel.rpartition("/")
    if folders is not None and tail not in ("", ".", ".."):
        folder = folders.get(head)
        if folder is None:
            folder = folders[head] = os.path.realpath(os.path.join(root, head))
        candidate = os.path.join(folder, tail)
        if (regular is not None and rel in regular) or not os.path.islink(candidate):
            target = candidate
    if target is None:
        target = os.path.realpath(os.path.join(root, rel))
    if target == base or not target.startswith(base if base.endswith(os.sep) else base + os.sep):
        raise ValueError(f"refusing to write outside {root}: {rel}")
    return target


def files_under(out: Path) -> dict[str, str]:
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


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _create(path: str, content: bytes | bytearray) -> None:
    """A new file (in the staging folder) with `content`: os.open and os.write, without the
    buffered file object a pathlib write builds (a third of the time, per file, for 90,000
    small files). O_EXCL: the staging folder starts empty, so an existing file is a bug."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _unchanged(path: str, content: bytes | bytearray) -> bool:
    """Whether the file holds exactly `content`; a file of another size is not read."""
    if os.path.getsize(path) != len(content):
        return False
    with open(path, "rb") as file:
        return file.read() == content


Content = str | bytes | bytearray


def write_tree(out: Path, files: Mapping[str, Content] | Iterable[tuple[str, Content]]) -> WriteResult:
    """Make `out` hold exactly `files` (a mapping, or (path, text) pairs that may be produced
    one at a time: each is written and dropped before the next, so the whole site is never in
    memory). Nothing under `out` changes until every file is in place in the staging folder;
    if every file is unchanged and none is left over, no staging folder is even made."""
    resolved_root = os.path.realpath(out)
    entries = files.items() if isinstance(files, Mapping) else files
    current = files_under(out)
    folders: dict[str, str] = {}
    seen: set[str] = set()
    same_before: list[str] = []  # unchanged files met before the first change: linked if one comes
    staging: Path | None = None
    own: Staging | None = None  # this run's own staging folder, at `staging`
    made: set[str] = set()
    written = unchanged = 0

    def put(rel: str, content: bytes | bytearray | None) -> None:
        target = os.path.join(staging, rel)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        if content is None:
            try:
                os.link(current[rel], target)
            except OSError:
                shutil.copy2(current[rel], target)
        else:
            _create(target, content)

    def start() -> Path:
        nonlocal own
        own = Staging(out)  # also deletes the staging folders of builds that were killed
        made.add(str(own.path))
        return own.path

    try:
        for rel, text in entries:
            inside(out, rel, resolved_root, folders, current)
            if rel in seen:
                raise ValueError(f"generated twice: {rel}")
            seen.add(rel)
            content = text.encode("utf-8") if isinstance(text, str) else text
            if rel in current and _unchanged(current[rel], content):
                unchanged += 1
                if staging is None:
                    same_before.append(rel)
                else:
                    put(rel, None)
                continue
            written += 1
            if staging is None:
                staging = start()
                for earlier in same_before:
                    put(earlier, None)
            put(rel, content)
        removed = len(current.keys() - seen)
        if staging is None:
            if not removed:
                return WriteResult(0, unchanged, 0)
            staging = start()
            for earlier in same_before:
                put(earlier, None)
        replace_dir(staging, out)
    finally:
        if own is not None:
            own.discard()  # what is left of it: all of it after a failure, nothing after the swap
    return WriteResult(written, unchanged, removed)


Share = Callable[[int, int], Iterable[tuple[str, Content]]]


def _make_folder(parent: str, made: set[str]) -> None:
    if parent not in made:
        os.makedirs(parent, exist_ok=True)  # another worker making it at the same moment is no error
        made.add(parent)


def write_parallel(out: Path, share: Share, jobs: int, own: Iterable[tuple[str, Content]] = ()) -> WriteResult:
    """`write_tree` by `jobs` forked processes (`fork.run`): worker k of n writes the files of
    `share(k, n)` into one staging folder, and this process those of `own` meanwhile (they
    together give each file once); then this process links the unchanged files into it and swaps
    it in, as `write_tree` does. The output is the same, file for file; what differs: the staging
    folder is made before the first file is compared, so a run that changes nothing makes one
    and deletes it (`out` is still untouched)."""
    resolved_root = os.path.realpath(out)
    current = files_under(out)
    own_staging = Staging(out)  # also deletes the staging folders of builds that were killed
    try:
        staging = str(own_staging.path)

        def write_each(entries: Iterable[tuple[str, Content]]) -> tuple[list[str], list[str], int]:
            folders: dict[str, str] = {}
            made: set[str] = {staging}
            seen: list[str] = []
            once: set[str] = set()
            same: list[str] = []
            written = 0
            for rel, text in entries:
                inside(out, rel, resolved_root, folders, current)
                if rel in once:
                    raise ValueError(f"generated twice: {rel}")
                once.add(rel)
                seen.append(rel)
                content = text.encode("utf-8") if isinstance(text, str) else text
                if rel in current and _unchanged(current[rel], content):
                    same.append(rel)
                    continue
                target = os.path.join(staging, rel)
                _make_folder(os.path.dirname(target), made)
                try:
                    _create(target, content)
                except FileExistsError:  # the staging folder started empty: another process's file
                    raise ValueError(f"generated twice: {rel}") from None
                written += 1
            return seen, same, written

        parent: list[tuple[list[str], list[str], int]] = []
        results, workers = fork.run(lambda k, n: write_each(share(k, n)), jobs,
                                    meanwhile=lambda: parent.append(write_each(own)))
        results += parent
        seen: set[str] = set()
        for rels, _, _ in results:
            for rel in rels:
                if rel in seen:
                    raise ValueError(f"generated twice: {rel}")
                seen.add(rel)
        written = sum(count for _, _, count in results)
        unchanged = sum(len(same) for _, same, _ in results)
        removed = len(current.keys() - seen)
        if not written and not removed:
            return WriteResult(0, unchanged, 0, tuple(workers))
        made: set[str] = {staging}
        for _, same, _ in results:
            for rel in same:
                target = os.path.join(staging, rel)
                _make_folder(os.path.dirname(target), made)
                try:
                    os.link(current[rel], target)
                except OSError:
                    shutil.copy2(current[rel], target)
        replace_dir(own_staging.path, out)
    finally:
        own_staging.discard()  # what is left of it: all of it after a failure or when nothing changed
    return WriteResult(written, unchanged, removed, tuple(workers))


__all__ = ["Content", "Share", "WriteResult", "files_under", "inside", "write_parallel", "write_tree"]
