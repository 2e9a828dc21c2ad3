"""The archive's own settings in mkdocs.yml, under `extra:`, read and checked once per build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import get_args

from build_scripts.publish import PublishError
from build_scripts.publish.search import SearchEngine

__all__ = ["SiteOptions"]


@dataclass(frozen=True)
class SiteOptions:
    """Each field is read from the key of the same name under `extra:`; the theme's own keys
    there (and any others) are left alone."""

    archive_search: SearchEngine = "material"
    """Site search, "material" or "pagefind" (for large archives): see build_scripts/publish/search.py."""

    def __post_init__(self) -> None:
        engines = get_args(SearchEngine)
        if self.archive_search not in engines:
            raise PublishError(f"extra.archive_search must be one of {', '.join(engines)}, not {self.archive_search!r}")

    @property
    def pagefind(self) -> bool:
        """Whether the site searches with Pagefind."""
        return self.archive_search == "pagefind"

    @classmethod
    def from_extra(cls, extra: Mapping[str, object] | None) -> SiteOptions:
        """The options in `extra` (MkDocs' `config.extra`); a key that is not there keeps its default."""
        extra = extra or {}
        return cls(**{f.name: extra[f.name] for f in fields(cls) if f.name in extra})
