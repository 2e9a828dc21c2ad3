"""What MkDocs may publish besides the generated pages: the repository's own files, each once.

MkDocs follows symbolic links. A link under docs/, under overrides/ (the theme's folder) or in
the generated folder (generated/) publishes whatever it points to (`/etc/passwd`,
`/proc/self/environ`, the checkout's `.git/config`, a whole folder), and a link that points
nowhere stops the build with a traceback. Git stores links, so a pull request can add one. Like
the loader in articles/ and annotations/, `links` refuses every link there (FILE005), and any of
those folders that is a link itself or lies outside the repository.

A hand-written file whose address in the site is a generated page's (`docs/disputes/<id>.md`,
`docs/claims/index.md`) would be silently replaced by the generated page, or replace it:
`collisions` refuses it (SITE001).

Pure functions over folders and paths, returning diagnostics: the MkDocs hook calls them before
anything is built or published, and `archive check` reports the links too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from build_scripts.diagnostics import Diagnostic, Position

# What mkdocs.yml names docs_dir and theme.custom_dir, and the generated Markdown (pipeline.GENERATED)
FOLDERS = ("docs", "overrides", "generated")

_LINK_HINT = ("Replace the link with the file or folder itself, or delete it: MkDocs would publish whatever a "
              "link points to, from any place on the machine that builds the site.")


def _link(rel: str, path: str) -> Diagnostic:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Diagnostic(Position(rel), "FILE005", f"symbolic link (to {target}) in a folder MkDocs publishes",
                      _LINK_HINT)


def _relative(root: str, path: str) -> str | None:
    """`path` relative to `root`, as a POSIX path; None when it lies outside (by its name)."""
    rel = os.path.relpath(path, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return Path(rel).as_posix()


def links(root: Path, folders: Iterable[str | Path] = FOLDERS) -> list[Diagnostic]:
    """Every symbolic link under `folders` (relative to `root`, or absolute), and every one of
    those folders that lies outside `root` or is reached through a link; a folder that does
    not exist is fine. Nothing a link points to is ever read."""
    base = os.path.abspath(root)
    real_base = os.path.realpath(base)
    found: list[Diagnostic] = []
    walked: list[str] = []
    for folder in folders:
        full = os.path.join(base, folder)
        rel = _relative(base, full)
        if rel is None:
            found.append(Diagnostic(Position(str(folder)), "FILE005", "folder lies outside the repository",
                                    "Keep docs_dir and theme.custom_dir in mkdocs.yml inside the repository."))
            continue
        if any(rel == w or rel.startswith(w + "/") for w in walked):
            continue  # inside a folder already walked
        # No link on the way to it, from the root down.
        parts, reached = [] if rel == "." else rel.split("/"), True
        for i in range(1, len(parts) + 1):
            step = "/".join(parts[:i])
            if os.path.islink(os.path.join(base, step)):
                found.append(_link(step, os.path.join(base, step)))
                reached = False
                break
        if not reached or not os.path.isdir(full):
            continue
        real = os.path.realpath(full)
        if real != real_base and not real.startswith(real_base.rstrip(os.sep) + os.sep):
            found.append(Diagnostic(Position(rel), "FILE005", "folder lies outside the repository",
                                    "Keep every file MkDocs publishes inside the repository."))
            continue
        walked.append(rel)
        found += _walk(full, "" if rel == "." else rel + "/")
    return sorted({d.sort_key(): d for d in found}.values(), key=Diagnostic.sort_key)


def _walk(folder: str, prefix: str) -> list[Diagnostic]:
    """The links under `folder` (never followed), a scandir walk: no further system call for
    each entry, which matters in a generated folder of 90,000 files."""
    found = []
    pending = [(folder, prefix)]
    while pending:
        path, rel = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(_link(rel + entry.name, entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel + entry.name + "/"))
    return found


def collisions(root: Path, generated: Iterable[tuple[str, str]],
               others: Iterable[tuple[str, str]]) -> list[Diagnostic]:
    """Each file of `others` (hand-written pages and files, the theme's) that MkDocs would write
    to the same place in the site as a generated one. Both are (path in the site, source file)
    pairs; site paths are compared ignoring case, as a case-insensitive file system would."""
    pages = {site.casefold(): source for site, source in generated}
    base = os.path.abspath(root)
    found = []
    for site, source in others:
        page = pages.get(site.casefold())
        if page is None:
            continue
        rel = _relative(base, source) or source
        found.append(Diagnostic(
            Position(rel), "SITE001",
            f"this file would be published at {site}, where the generator publishes "
            f"{_relative(base, page) or page}: one of the two would be silently lost",
            "Rename or move the hand-written file. The pages under articles/, actors/, claims/, disputes/ and "
            "the other generated pages are made from articles/ and annotations/: to change one, edit those."))
    return sorted(found, key=Diagnostic.sort_key)


__all__ = ["FOLDERS", "collisions", "links"]
