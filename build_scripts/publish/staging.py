"""`mkdocs build` publishes a whole site or nothing.

MkDocs empties site/ before it builds, so a failed build would leave readers half a site. The
build is written instead into a staging folder of its own (`swap.Staging`, so that builds that
overlap each publish a whole site), swapped in at site/ on success and deleted on error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from build_scripts import swap

__all__ = ["StagedSite", "WarningCount"]


class WarningCount(logging.Handler):
    """Counts what `--strict` will abort on, which MkDocs decides only after `on_post_build`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class StagedSite:
    """The site of one build, bound for `target`, and the warnings logged to `logger` while it is
    built: `publish()` swaps it in, `discard()` deletes it; either ends the count."""

    def __init__(self, target: Path, logger: logging.Logger):
        self.target = target
        self.staging = swap.Staging(target)
        self.warnings = WarningCount()
        self._logger = logger
        logger.addHandler(self.warnings)

    @property
    def path(self) -> Path:
        """The folder to build in."""
        return self.staging.path

    def complete(self, strict: bool) -> bool:
        """Whether the build may publish: not when `strict` and a warning was logged, for
        MkDocs then aborts the build."""
        return not (strict and self.warnings.count)

    def publish(self) -> None:
        self._end(self.staging.publish)

    def discard(self) -> None:
        self._end(self.staging.discard)

    def _end(self, step: Callable[[], None]) -> None:
        try:
            step()
        finally:
            self._logger.removeHandler(self.warnings)
