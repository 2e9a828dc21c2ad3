"""Site search: `extra: archive_search:` in mkdocs.yml (read in `options`).

"material" (the default) is the theme's lunr search, whose whole index every reader downloads
before the first result. "pagefind" is for large archives: Pagefind indexes the finished site
into chunks that a search loads on demand, and the templates in overrides/search-pagefind/
(used only then) put its search box in the header and mark what it indexes. Pagefind is an
optional extra of the archive (pyproject.toml): a site that asks for it without it installed
fails at once, saying how to install it, rather than after the whole build.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from build_scripts import kinds
from build_scripts.publish import PublishError

__all__ = ["KINDS", "PAGEFIND_TEMPLATES", "SearchEngine", "require_pagefind", "run_pagefind", "search_kind",
           "use_pagefind"]

SearchEngine = Literal["material", "pagefind"]
PAGEFIND_TEMPLATES = "search-pagefind"  # under the theme's custom_dir

# Entity pages, by folder (each kind's section): searchable and filterable by kind. The listing
# pages of those folders, the timeline, the network and the map only repeat what the entity pages
# say: not indexed.
KINDS = {kind.section: kind.name for kind in kinds.KINDS}
_LISTINGS = ("timeline", "network", "map")


def search_kind(src_uri: str) -> str | None:
    """What Pagefind records of a page: its kind ("article", "actor", "claim", "dispute"), ""
    for a page indexed without a kind (home, methodology, data…), None for one not indexed."""
    parts = src_uri.removesuffix(".md").split("/")
    if parts[0] in KINDS:
        return KINDS[parts[0]] if len(parts) == 2 and parts[1] != "index" else None
    return None if parts[0] in _LISTINGS else ""


def require_pagefind() -> None:
    """Pagefind, the optional extra, is installed in this Python with its binary, or a
    `PublishError` says how to install it."""
    how = ("install the archive's `pagefind` extra: `pip install -e '.[pagefind]'` in the repository "
           "(scripts/setup installs it with the test tools, from requirements-dev.lock), or choose "
           "`archive_search: material`")
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise PublishError(f"extra.archive_search: pagefind, but Pagefind is not installed in {sys.executable}: "
                           f"{how}") from None
    if get_executable() is None:
        raise PublishError(f"extra.archive_search: pagefind, but Pagefind's program is missing in "
                           f"{sys.executable} (the Python package is installed without its `bin` extra): {how}")


def use_pagefind(plugins: Mapping[str, Any], theme: Any) -> None:
    """Switch MkDocs' configuration (its `plugins` and `theme`) to Pagefind, which must be
    installed (`require_pagefind`). Material's search plugin stays loaded but disabled: it writes
    no index, and the theme shows no search box of its own; the Pagefind templates go in front of
    the theme's."""
    require_pagefind()
    for name in ("material/search", "search"):
        if name in plugins and hasattr(plugins[name].config, "enabled"):
            plugins[name].config.enabled = False
    if not theme.custom_dir:
        raise PublishError("extra.archive_search: pagefind needs theme.custom_dir (overrides/)")
    templates = str(Path(theme.custom_dir) / PAGEFIND_TEMPLATES)
    if templates not in theme.dirs:
        theme.dirs.insert(0, templates)


def run_pagefind(site: Path) -> str:
    """Index the built `site` into site/pagefind/ and say how many pages; any failure is a
    `PublishError`, which fails the build."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as error:
        raise PublishError(f"archive: Pagefind could not run ({error})") from error
    if out.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (out.stderr or out.stdout).strip()[-2000:]
        raise PublishError(f"archive: Pagefind failed (exit {out.returncode}):\n{detail}")
    indexed = re.search(r"Indexed (\d+) pages", out.stdout)
    return f"Pagefind indexed {indexed.group(1) if indexed else 'the'} pages"
