"""The generate step of every site build: the whole archive, or in the live preview only the pages
an edit can change.

With `mkdocs serve --dirty` the fast preview (build_scripts/preview.py) keeps its state from one
build to the next and rewrites only those pages, which are then the only ones MkDocs rebuilds.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts import collector, pipeline, preview
from build_scripts.export import DEFAULT_LICENCE, Licence

__all__ = ["GenerateStep"]


class GenerateStep:
    """Run once before each build; `fast_preview` holds for the whole process."""

    def __init__(self, fast_preview: bool = False):
        self.fast_preview = fast_preview
        self._preview: preview.Preview | None = None
        self._frozen = False

    def run(self, root: Path, site_url: str | None = None, repo_url: str | None = None,
            licence: Licence = DEFAULT_LICENCE, jobs: int = 1) -> pipeline.Result:
        """`site_url`, the site's public address if known (never in a preview, which `mkdocs serve`
        serves at an address of its own); `repo_url`, the repository's; `licence`, the annotations';
        `jobs`, the processes that render and write the pages of a whole generate (the fast
        preview's are written in this one: it keeps what they drew, `preview.Preview`)."""
        if not self.fast_preview:
            return pipeline.generate(root, site_url=site_url, repo_url=repo_url, licence=licence, jobs=jobs)
        if (self._preview is None or self._preview.root != root or self._preview.repo_url != repo_url
                or self._preview.licence != licence):
            self._preview = preview.Preview(root, repo_url=repo_url, licence=licence)
        result = self._preview.refresh()
        # What the preview keeps (its memo, the archive's model) lives through MkDocs' build:
        # frozen, the cycle collector's full collections during the build do not walk its
        # millions of objects again (over a second of each rebuild at 2,000 articles). `built`
        # hands them back, so that a model a later refresh replaces is still freed.
        if not self._frozen:  # once a build, whatever ended the last one
            collector.freeze()
            self._frozen = True
        return result

    @property
    def rebuilding(self) -> bool:
        """Whether the next run is a fast preview's refresh after its first, whole, build."""
        return self._preview is not None and self._preview.state is not None

    def built(self) -> None:
        """Call when the build that `run` began has ended, well or not."""
        if self._frozen:
            collector.unfreeze()
            self._frozen = False

    def summary(self, result: pipeline.Result) -> str:
        """What a successful run did, for the build's log."""
        w = result.written
        if result.archive is None:  # nothing changed since the last generate: nothing was redone
            return f"{result.pages} pages, unchanged since the last build"
        if self._preview is not None and self._preview.incremental:
            return (f"fast preview: {w.written} pages rewritten, {w.removed} removed; the listing pages, "
                    "timeline, network and data downloads are as of the preview's first build")
        return f"{result.pages} pages, {w.written} written, {w.removed} removed"
