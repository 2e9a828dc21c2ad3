"""Corrections: a notice on each corrected page, and the public log of every correction at
/corrections/, newest first. A correction is data (`corrections:` in the record's file), so the
log can never disagree with the pages."""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.model import Archive
from build_scripts.render.common import a, esc, format_date, page, plural, table
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


def _time(day: str) -> str:
    return f'<time datetime="{esc(day)}">{esc(format_date(day))}</time>'


def notice(from_url: str, corrections: list[Correction] | tuple[Correction, ...]) -> str:
    """The box at the top of a corrected page: every correction, newest first."""
    if not corrections:
        return ""
    items = "".join(f'<li>{_time(c.date)}: {esc(c.change)} <span class="correction-reason">Reason: '
                    f'{esc(c.reason)}</span></li>'
                    for c in sorted(corrections, key=lambda c: c.date, reverse=True))
    return (f'<aside class="correction-notice" aria-label="Corrections"><p class="correction-title">'
            f'This record was corrected ({esc(plural(len(corrections), "correction"))})</p><ul>{items}</ul>'
            f'<p class="correction-all">{a(from_url, URL, "All corrections")}</p></aside>')


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
    rows = [[f'<span data-sort="{esc(e.correction.date)}">{_time(e.correction.date)}</span>',
             f'<span class="correction-kind">{esc(e.kind)}</span> {a(URL, e.url, e.title)}',
             esc(e.correction.change), esc(e.correction.reason)] for e in entries]
    intro = ('<p class="index-intro">When a published record turns out to be wrong — a misquote, a wrong '
             'attribution, a wrong date — it is corrected, and the correction is listed here and at the top of the '
             'record\'s page, with its date and its reason. Newest first. A dispute\'s change of status is not a '
             'correction: it is dated and explained in the dispute\'s own history.</p>')
    count = f'<p class="index-intro">{esc(plural(len(entries), "correction"))} so far.</p>'
    return page("Corrections", None, [intro, count, table(["Date", "Record", "What changed", "Why"], rows,
                                                          empty="No record has been corrected so far.")],
                description="Every correction made to the archive's published records, newest first.",
                hide=("navigation", "toc"))
