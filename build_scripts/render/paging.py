"""Pages that list the whole archive (the indexes, the timeline, the network) split into pages
of at most PAGE_SIZE entries once the archive outgrows one page, so that no single page grows
with the archive.

Page 1 stays at the page's own address (`claims/`); page k ≥ 2 is at `claims/page/k/`, from the
file `claims/page/k.md`. Addresses are stable: a page's address depends only on its number. An
archive small enough for one page gets exactly the page it always had, with no pager.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from build_scripts.render.common import href
from build_scripts.render.templating import macros

PAGE_SIZE = 500


def count(total: int, size: int | None = None) -> int:
    """How many pages `total` entries take (at least one)."""
    size = size or PAGE_SIZE
    return max(1, -(-total // size))


def url(base_url: str, number: int) -> str:
    """The address of page `number` (from 1) of the listing at `base_url` ('claims/')."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def path(base_path: str, base_url: str, number: int) -> str:
    """The generated file of page `number`: page 1 is `base_path` ('claims/index.md')."""
    return base_path if number == 1 else f"{base_url}page/{number}.md"


def intro(total: int, noun: str, number: int, pages: int, start: int, stop: int, sortable: bool = True,
          singular: str | None = None) -> Markup:
    """The line above a listing: how many entries (`noun`, in the plural; `singular` for one
    entry, if it is not `noun` without its final s), and which of them this page holds."""
    if total == 1:
        noun = singular or noun.removesuffix("s")
    return macros("listing.html").intro(total, noun, PAGE_SIZE, pages, start, stop, sortable)


def title(title: str, number: int, pages: int) -> str:
    """A listing's title, with its page number once it takes several pages."""
    return title if pages == 1 else f"{title} (page {number} of {pages})"


def pagers(base_url: str, number: int, pages: int, what: str) -> tuple[str, str]:
    """The pager above the list and the one below it, each a landmark with its own name."""
    return pager(base_url, number, pages, what), pager(base_url, number, pages, what, end=True)


def pager(base_url: str, number: int, pages: int, what: str, end: bool = False) -> Markup | str:
    """Links to the first, previous, next and last page; nothing when there is only one."""
    if pages <= 1:
        return ""
    here = url(base_url, number)

    def go(to: int, text: str, rel: str = "") -> tuple[str, str, str]:
        return href(here, url(base_url, to)), text, rel

    before = [go(1, "« First"), go(number - 1, "‹ Previous", "prev")] if number > 1 else []
    after = [go(number + 1, "Next ›", "next"), go(pages, "Last »")] if number < pages else []
    label = f"{what}: pages" + (", at the end of the list" if end else "")
    return macros("listing.html").pager(label, before, number, pages, after)


def plan(base_path: str, base_url: str, total: int,
         render: Callable[[int, int, int, int], str], size: int | None = None) -> list[tuple[str, Callable[[], str]]]:
    """(file, renderer) for every page of a listing of `total` entries; `render(number, pages,
    start, stop)` renders page `number` of `pages`, holding entries [start, stop)."""
    size = size or PAGE_SIZE
    pages = count(total, size)
    return [(path(base_path, base_url, k),
             (lambda k=k: render(k, pages, (k - 1) * size, min(k * size, total))))
            for k in range(1, pages + 1)]

