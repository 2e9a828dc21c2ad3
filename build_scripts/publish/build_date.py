"""The same commit builds the same bytes: a build is dated by the repository's last commit, not
the clock. MkDocs dates what it writes (the sitemap, `build_date_utc`) by SOURCE_DATE_EPOCH."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["last_commit_time"]


def last_commit_time(root: Path) -> str | None:
    """The time of the last commit of the repository at `root`, in seconds since 1970 (as
    SOURCE_DATE_EPOCH wants it); None outside a repository or without git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip().isdigit() else None
