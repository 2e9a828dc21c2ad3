"""Corrections: a notice on each corrected page, and the public log of every correction at
/corrections/, newest first. A correction is data (`corrections:` in the record's file), so the
log can never disagree with the pages."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from build_scripts.model import Archive
from build_scripts.render.common import ENV, page, sort_key, table
from build_scripts.render.templating import macros
from build_scripts.schema import Correction

URL = "corrections/"
KIND_ORDER = {"article": 0, "claim": 1, "dispute": 2, "actor": 3}


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


def notice(from_url: str, corrections: list[Correction] | tuple[Correction, ...]) -> Markup | str:
    """The box at the top of a corrected page: every correction, newest first."""
    if not corrections:
        return ""
    return _macros().notice(from_url, sorted(corrections, key=lambda c: c.date, reverse=True))


def logged(archive: Archive) -> list[Logged]:
    """Every correction in the archive, newest first."""
    from build_scripts.render.claim import title as claim_title

    found: list[Logged] = []
    for art in archive.articles.values():
        found += [Logged("article", art.id, art.display_title, art.url, i, c)
                  for i, c in enumerate(art.meta.corrections)]
    for claim in archive.claims.values():
        found += [Logged("claim", claim.id, claim_title(claim), claim.url, i, c)
                  for i, c in enumerate(claim.data.corrections)]
    for dispute in archive.disputes.values():
        found += [Logged("dispute", dispute.id, dispute.data.question, dispute.url, i, c)
                  for i, c in enumerate(dispute.data.corrections)]
    for actor in archive.actors.values():
        found += [Logged("actor", actor.id, actor.name, actor.url, i, c)
                  for i, c in enumerate(actor.data.corrections)]
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
