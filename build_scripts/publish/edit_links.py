"""'Edit this page' opens the contributor's file, not the generated Markdown: the article or
annotation a generated page comes from, or a hand-written page's own file under docs/."""

from __future__ import annotations

from pathlib import Path

from build_scripts import pipeline

__all__ = ["edit_url"]


def edit_url(repo_url: str, edit_uri: str, root: Path, docs_dir: Path, page: Path, src_uri: str,
             source: str | None) -> str | None:
    """The edit link of the page read from the file `page` (`src_uri` under `docs_dir`), whose
    metadata names `source` or nothing; None for a generated page that names no source."""
    if source is None and not page.resolve().is_relative_to(root / pipeline.GENERATED):
        source = f"{docs_dir.resolve().relative_to(root).as_posix()}/{src_uri}"
    return f"{repo_url.rstrip('/')}/{edit_uri.strip('/')}/{source}" if source else None
