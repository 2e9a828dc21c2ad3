"""Corrections: a notice on each corrected page, and the public log of every correction at
/corrections/, newest first. A correction is data (`corrections:` in the record's file), so the
log can never disagree with the pages."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from build_scripts import kinds
from build_scripts.model import Archive
from build_scripts.render.common import ENV, page, sort_key, table
from build_scripts.render.templating import macros
from build_scripts.render.titles import record_title
from build_scripts.schema import Correction

URL = "corrections/"
# The log's order among corrections of one day (not the kinds' order: claims before actors).
KIND_ORDER = {kind.name: i for i, kind in enumerate((kinds.ARTICLE, kinds.CLAIM, kinds.DISPUTE, kinds.EVENT,
                                                     kinds.ACTOR, kinds.PLACE))}


@dataclass(frozen=True)
class Logged:
    kind: str
    ident: str
    title: str
    url: str
    position: int
    correction: Correction


def _macros():
    return macros("corrections.html")


def _newest_first(corrections: list[Correction] | tuple[Correction, ...]) -> list[Correction]:
    return sorted(corrections, key=lambda c: c.date, reverse=True)


def notice(from_url: str, corrections: list[Correction] | tuple[Correction, ...]) -> Markup | str:
    """The line at the top of a corrected page: how many corrections, the latest one's date, and
    links to the page's Corrections section (`listing`) and to the log. One line, so that the
    record itself (a dispute's sides, above all) still shows on the first screen."""
    if not corrections:
        return ""
    return _macros().notice(from_url, _newest_first(corrections))


def listing(corrections: list[Correction] | tuple[Correction, ...]) -> Markup | str:
    """The page's Corrections section, which the notice links to: every correction, newest
    first, with its reason."""
    if not corrections:
        return ""
    return _macros().listing(_newest_first(corrections))


def logged(archive: Archive) -> list[Logged]:
    """Every correction in the archive, newest first."""
    found: list[Logged] = []
    for kind in kinds.KINDS:
        for record in getattr(archive, kind.section).values():
            found += [Logged(kind.name, record.id, record_title(kind, record), record.url, i, c)
                      for i, c in enumerate(record.data.corrections)]
    found.sort(key=lambda x: (KIND_ORDER[x.kind], x.ident, -x.position))
    found.sort(key=lambda x: x.correction.date, reverse=True)
    return found


def render(archive: Archive) -> str:
    entries = logged(archive)
    m = _macros()
    time = macros("common.html").time
    rows = [[sort_key(e.correction.date, time(e.correction.date)), m.record(e), e.correction.change,
             e.correction.reason] for e in entries]
    listing = table(["Date", "Record", "What changed", "Why"], rows, empty="No record has been corrected so far.")
    return page("Corrections", None, [m.intro(), m.count(len(entries)), listing],
                description="Every correction made to the archive's published records, newest first.",
                hide=("navigation", "toc"))


ENV.globals.update(CORRECTIONS=URL)
