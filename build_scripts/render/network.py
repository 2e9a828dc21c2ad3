"""Network pictures, drawn at build time as inline SVG with a deterministic layout (no
randomness, no physics: columns ordered to reduce crossings, by the mean position of each
node's neighbours).

- On each actor page: who makes claims about the actor (left), the actor (middle), and its
  affiliations in both directions (right).
- The network page (/network/): every actor (left), every claim grouped by article (middle) and
  every dispute (right); a strong line joins a claim to the actor who makes it, a faint one to
  each actor it is about, and a line joins each claim to the disputes it takes a side in.
  docs/javascripts/network.js highlights a node's lines on hover and focus; a table below says
  the same in words.

Every label is escaped text; every node links to its page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from build_scripts import vocabulary as v
from build_scripts.model import Actor, Archive, Claim
from build_scripts.render import paging
from build_scripts.render.titles import claim_title
from build_scripts.render.common import (ENV, a, actor_link, excerpt, href, isolate, page, plural, sort_key, table,
                                         unknown)
from build_scripts.render.templating import macros

URL = "network/"
FONT = 12  # px, labels
CHAR = 0.56  # average advance of a character, in ems, to estimate label widths


def _name(text: str, chars: int = 0) -> str:
    """A name for SVG text or a tooltip: trimmed to `chars` if given, then isolated if it is
    written in another script (SVG text has no <bdi>; Unicode isolates do the same)."""
    return isolate(_trim(text, chars) if chars else text)


def _trim(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def wrap(text: str, chars: int, lines: int) -> list[str]:
    """Greedy word wrap to at most `lines` lines of about `chars` characters; the last line ends
    in an ellipsis if the text does not fit."""
    words, out, line = " ".join(text.split()).split(" "), [], ""
    for i, word in enumerate(words):
        candidate = f"{line} {word}".strip()
        if len(candidate) <= chars or not line:
            line = candidate
            continue
        out.append(line)
        line = word
        if len(out) == lines:
            out[-1] = _trim(out[-1] + " " + " ".join(words[i:]), chars)
            return out
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[: lines - 1] + [_trim(" ".join(out[lines - 1:]), chars)]
    return [_trim(part, chars + 1) for part in out]


def _macros():
    return macros("network.html")


def _text_lines(lines: list[str], x: float, y: float, step: float = 14) -> list[tuple[str, str, str]]:
    """Lines of text centred vertically on y: x and the baseline of each, written, and its text."""
    top = y - (len(lines) - 1) * step / 2
    return [(f"{x:.1f}", f"{top + i * step + FONT * 0.35:.1f}", line) for i, line in enumerate(lines)]


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    mid = (x1 + x2) / 2
    return f"M{x1:.1f} {y1:.1f} C{mid:.1f} {y1:.1f} {mid:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"


def _spread(wanted: list[float], gaps: list[float], top: float, bottom: float) -> list[float]:
    """Positions as close to `wanted` as possible, in the same order, each at least its gap
    below the one before, all between top and bottom (1D overlap removal, two sweeps)."""
    pos = list(wanted)
    for i in range(len(pos)):
        pos[i] = max(pos[i], top if i == 0 else pos[i - 1] + gaps[i])
    if pos and pos[-1] > bottom:
        pos[-1] = bottom
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gaps[i + 1])
    return pos


# --- the actor page picture -------------------------------------------------------------------


@dataclass
class _Side:
    name: str  # the label: a name or what the row stands for,
    count: str  # how many claims it makes (or ""),
    relation: str  # or the affiliation it states (or "")
    title: str
    url: str | None
    node: str


# Rows in each column of an actor's picture: the most frequent claimants (and the first
# affiliations), then one row for the rest, so that the picture stays a picture however many
# sources write about the actor. The page lists every one of them in words.
EGO_SIDES = 24


def _first(items: list) -> list:
    """The items an actor's picture draws one by one: all, or room for a last "others" row."""
    return items if len(items) <= EGO_SIDES else items[:EGO_SIDES - 1]


def actor_svg(actor: Actor, archive: Archive) -> str:
    """Claimants about the actor on the left, the actor in the middle, its affiliations on the right."""
    url = actor.url
    claimants: dict[str, list[Claim]] = {}
    for claim in actor.claims_about:
        claimants.setdefault(claim.claimant.id if claim.claimant else "", []).append(claim)
    ranked = sorted(claimants.items(), key=lambda kv: (-len(kv[1]), kv[0] == "", kv[0]))
    left = []
    for ident, claims in _first(ranked):
        who = archive.actors[ident].name if ident else "Unattributed (the article's voice)"
        count = plural(len(claims), "claim")
        left.append(_Side(_name(who, 34), str(len(claims)), "", f"{_name(who)}: {count} about {_name(actor.name)}",
                          archive.actors[ident].url if ident else None, f"actor:{ident or '-'}"))
    if len(ranked) > EGO_SIDES:
        rest = ranked[len(left):]
        made = sum(len(claims) for _, claims in rest)
        left.append(_Side(f"{len(rest)} other sources", str(made), "",
                          f"{len(rest)} other sources: {plural(made, 'claim')} about {_name(actor.name)}, "
                          "listed on the page", None, "others"))
    links = [(link, True) for link in actor.affiliations] + [(link, False) for link in actor.affiliated_from]
    right = []
    for link, outgoing in _first(links):
        if outgoing:
            relation = link.relation.replace("-", " ")
            right.append(_Side(_name(link.target.name, 34), "", relation,
                               f"{_name(actor.name)} — {relation} — {_name(link.target.name)}", link.target.url,
                               f"actor:{link.target.id}"))
        else:
            inverse = v.RELATIONS[link.relation][1]
            right.append(_Side(_name(link.actor.name, 34), "", inverse,
                               f"{_name(link.actor.name)} — {link.relation.replace('-', ' ')} — {_name(actor.name)}",
                               link.actor.url, f"actor:{link.actor.id}"))
    if len(links) > EGO_SIDES:
        rest_n = len(links) - len(right)
        right.append(_Side(f"{rest_n} other affiliations", "", "",
                           f"{rest_n} other affiliations of {_name(actor.name)}, listed on the page", None, "others"))
    if not left and not right:
        return ""
    row, width, top = 26, 820, 44
    rows = max(len(left), len(right), 1)
    name_lines = [isolate(line) for line in wrap(actor.name, 22, 3)]
    box_h = max(34, len(name_lines) * 15 + 14)
    height = top + max(rows * row, box_h) + 10
    cx, box_w = width / 2, 164
    cy = top + max(rows * row, box_h) / 2
    lx, rx = 262, width - 262

    def ys(n: int) -> list[float]:
        return [cy + (i - (n - 1) / 2) * row for i in range(n)]

    m = _macros()
    headings = [m.heading(f"{lx:.0f}", 16, "Who makes claims about it", "end") if left else "",
                m.heading(f"{rx:.0f}", 16, "Affiliations stated in the texts") if right else ""]
    links_to = {id(side): href(url, side.url) if side.url else None for side in left + right}
    edges, nodes = [], []
    for side, y in zip(left, ys(len(left)), strict=True):
        edges.append(("nw-about", _curve(lx + 6, y, cx - box_w / 2, cy), *_NO_NODE))
        nodes.append((None, None, *_node(links_to[id(side)], side, lx, y, "end")))
    for side, y in zip(right, ys(len(right)), strict=True):
        edges.append(("nw-affiliation", _curve(cx + box_w / 2, cy, rx - 6, y), *_NO_NODE))
        nodes.append((None, None, *_node(links_to[id(side)], side, rx, y, "start")))
    center = m.center(f"{cx - box_w / 2:.1f}", f"{cy - box_h / 2:.1f}", box_w, box_h,
                      _text_lines(name_lines, cx, cy, 15))
    said = []
    if left:
        verb = "is" if len(actor.claims_about) == 1 else "are"
        said.append(f"{plural(len(actor.claims_about), 'claim')} in the archive {verb} "
                    f"about {_name(actor.name)}, made by {plural(len(ranked), 'source')}")
    if right:
        said.append(f"{plural(len(links), 'affiliation')} stated in the texts")
    desc = "; ".join(said) + ". The same information is listed in words below."
    desc = desc[0].upper() + desc[1:]
    title = f"Who makes claims about {_name(actor.name)}, and its affiliations"
    wide = m.ego_wide(width, f"{height:.0f}", title, desc, _join(headings), m.ego_parts(edges), center,
                      m.ego_parts(nodes))
    # The same picture for a phone, one column: the actor, then each group under it. Only one
    # of the two is displayed (and so read out) at a time.
    return m.ego_figure(wide, _ego_narrow(actor, links_to, left, right, title, desc))


def _join(parts: list) -> Markup:
    return Markup("").join(parts)


# A row of an actor's picture is (edge class, edge path, node link, tooltip, dot x, dot y, label
# x, label baseline, anchor, relation, name, count), numbers already written, for one call of
# the `ego_parts` macro per list of rows rather than a call per row: a row without an edge has
# no class, one without a node no anchor.
_NO_NODE = (None,) * 10


def _node(link_to: str | None, side: _Side, x: float, y: float, anchor: str) -> tuple:
    """A row's node: a dot, the label, its tooltip, a link when it has a page."""
    return (link_to, side.title, f"{x + 6 if anchor == 'end' else x - 6:.1f}", f"{y:.1f}", f"{x:.1f}",
            f"{y + FONT * 0.35:.1f}", anchor, side.relation, side.name, side.count)


def _ego_narrow(actor: Actor, links_to: dict[int, str | None], left: list[_Side], right: list[_Side], title: str,
                desc: str) -> Markup:
    width, row, spine = 340, 24, 12.0
    name_lines = [isolate(line) for line in wrap(actor.name, 34, 3)]
    box_h = len(name_lines) * 16 + 14
    m = _macros()
    parts = [m.center(0, 0, width, box_h, _text_lines(name_lines, width / 2, box_h / 2, 16))]
    y = box_h
    for heading, sides, edge in (("Who makes claims about it", left, "nw-about"),
                                 ("Affiliations stated in the texts", right, "nw-affiliation")):
        if not sides:
            continue
        y += 26
        parts.append(m.heading(0, f"{y:.0f}", heading))
        start = y + 6
        rows = []
        for side in sides:
            y += row
            rows.append((edge, f"M{spine} {start:.0f} V{y - 6:.0f} Q{spine} {y:.0f} {spine + 6} {y:.0f} H{spine + 16}",
                         *_node(links_to[id(side)], side, spine + 24, y, "start")))
        parts.append(m.ego_parts(rows))
        y += 4
    height = y + 10
    return m.ego_narrow(width, f"{height:.0f}", title, desc, _join(parts))


# --- the whole archive ------------------------------------------------------------------------


@dataclass
class _Part:
    """One page of the network, when it takes several: a run of articles (in the picture's
    order) with about PAGE_SIZE claims between them, the actors joined to those claims and the
    disputes they take a side in."""
    articles: list
    actors: list
    disputes: list


@dataclass
class Layout:
    width: int
    height: int
    actors: list[tuple[Actor, float]]
    claims: list[tuple[Claim, float]]
    groups: list[tuple[str, str, float, float]]  # article id, title, first y, last y
    disputes: list[tuple[object, float, list[str]]]  # dispute, y, label lines


ACTOR_X, CLAIM_X, DISPUTE_X = 250.0, 530.0, 768.0
CLAIM_STEP, GROUP_GAP, ACTOR_STEP = 11.0, 26.0, 16.0


def _article_order(archive: Archive) -> list:
    return sorted(archive.articles.values(),
                  key=lambda x: (x.meta.published.date if x.meta.published and x.meta.published.date else "9999",
                                 x.id))


def layout(archive: Archive, part: _Part | None = None) -> Layout:
    """Claims in article order; actors and disputes each ordered by the mean height of the
    claims they are joined to (a claimant counts twice), then spread to keep their labels apart.
    With `part`, only its articles' claims, the actors joined to them and their disputes."""
    articles = _article_order(archive) if part is None else part.articles
    claims: list[tuple[Claim, float]] = []
    groups = []
    y = 40.0
    for art in articles:
        if not art.claims:
            continue
        first = y
        for claim in art.claims:
            claims.append((claim, y))
            y += CLAIM_STEP
        groups.append((art.id, art.display_title, first, y - CLAIM_STEP))
        y += GROUP_GAP
    bottom = y - GROUP_GAP
    at = {c.id: cy for c, cy in claims}

    weights: dict[str, list[tuple[float, int]]] = {}
    for claim, cy in claims:
        if claim.claimant:
            weights.setdefault(claim.claimant.id, []).append((cy, 2))
        for subject in claim.subjects:
            weights.setdefault(subject.id, []).append((cy, 1))
    top = 40.0
    middle = (top + bottom) / 2

    def mean(pairs: list[tuple[float, int]]) -> float:
        return sum(p * w for p, w in pairs) / sum(w for _, w in pairs) if pairs else middle

    actors = sorted((x for x in (archive.actors.values() if part is None else part.actors) if x.has_page),
                    key=lambda x: (mean(weights.get(x.id, [])), x.name.lower(), x.id))
    span = max(bottom - top, ACTOR_STEP * (len(actors) - 1))
    step = span / max(len(actors) - 1, 1)
    actor_pos = [(actor, top + i * step) for i, actor in enumerate(actors)]
    bottom = max(bottom, top + span)

    def joined(d) -> list:  # the dispute's claims drawn here
        return d.claims if part is None else [c for c in d.claims if c.id in at]

    disputes = sorted(archive.disputes.values() if part is None else part.disputes,
                      key=lambda d: (sum(at[c.id] for c in joined(d)) / len(joined(d)), d.id))
    labels = [wrap(d.data.question, 29, 5) for d in disputes]
    heights = [len(lines) * 14 + 16 for lines in labels]
    wanted = [sum(at[c.id] for c in joined(d)) / len(joined(d)) for d in disputes]
    gaps = [0.0] + [(heights[i - 1] + heights[i]) / 2 for i in range(1, len(disputes))]
    placed = _spread(wanted, gaps, top + (heights[0] / 2 if heights else 0),
                     bottom - (heights[-1] / 2 if heights else 0))
    return Layout(1000, int(bottom + 30), actor_pos, claims, groups,
                  [(d, y, lines) for d, y, lines in zip(disputes, placed, labels, strict=True)])


def archive_svg(archive: Archive, part: _Part | None = None, url: str = URL) -> Markup:
    lay = layout(archive, part)
    actor_y = {actor.id: y for actor, y in lay.actors}
    claim_y = {claim.id: y for claim, y in lay.claims}
    edges_about, edges_makes, edges_dispute = [], [], []
    comment = {claim.id: " nw-comment" if claim.location == "reader-comment" else "" for claim, _ in lay.claims}
    for claim, cy in lay.claims:
        for subject in claim.subjects:
            edges_about.append(("nw-about" + comment[claim.id], f"actor:{subject.id} claim:{claim.id}",
                                _curve(ACTOR_X + 5, actor_y[subject.id], CLAIM_X - 4, cy)))
        if claim.claimant:
            edges_makes.append(("nw-makes" + comment[claim.id], f"actor:{claim.claimant.id} claim:{claim.id}",
                                _curve(ACTOR_X + 5, actor_y[claim.claimant.id], CLAIM_X - 4, cy)))
    for dispute, dy, _ in lay.disputes:
        for claim in dispute.claims:
            if claim.id not in claim_y:  # drawn on another page of the network
                continue
            edges_dispute.append(("nw-member" + comment[claim.id], f"claim:{claim.id} dispute:{dispute.id}",
                                  _curve(CLAIM_X + 4, claim_y[claim.id], DISPUTE_X - 8, dy)))
    # Every value a node prints, numbers written, links made: a call or a look-up from the
    # template costs more than the rest of a node.
    actors = []
    for actor, ay in lay.actors:
        made, about = len(actor.claims_made), len(actor.claims_about)
        tip = (f"{_name(actor.name)} ({actor.data.type}): makes {plural(made, 'claim')}; "
               f"{plural(about, 'claim')} about it")
        active = made or about
        actors.append((actor.id, href(url, actor.url), tip, actor.data.type, f"{ay:.1f}", 3.5 if active else 2.5,
                       "" if active else " nw-quiet", f"{ay + FONT * 0.35:.1f}", _name(actor.name, 38)))
    articles = [(href(url, archive.articles[art_id].url), title, f"{first - 3:.1f}", f"{last + 3:.1f}",
                 _text_lines(wrap(title, 30, 3), CLAIM_X + 20, (first + last) / 2, 13))
                for art_id, title, first, last in lay.groups]
    claims = [(claim.id, href(url, claim.url), claim_title(claim, isolated=True), claim.data.status, f"{cy:.1f}",
               comment[claim.id]) for claim, cy in lay.claims]
    disputes = [(dispute.id, href(url, dispute.url), dispute.data.status, dispute.data.question, f"{dy - 5:.1f}",
                 f"{dy:.1f}", _text_lines(lines, DISPUTE_X + 10, dy, 14)) for dispute, dy, lines in lay.disputes]
    claimants = len({c.claimant.id for c, _ in lay.claims if c.claimant})
    desc = (f"{plural(len(lay.actors), 'actor')}, {plural(len(lay.claims), 'claim')} and "
            f"{plural(len(lay.disputes), 'dispute')}. {plural(claimants, 'actor')} make claims; a strong line joins "
            "each claim to the actor who makes it, a faint line to each actor it is about, and a line joins each "
            "claim to the disputes it takes a side in. The table below lists the same connections in words.")
    return _macros().archive(url, lay, edges_about + edges_dispute + edges_makes, actors, articles, claims, disputes,
                             desc, sum(1 for c in comment.values() if c))


def _parts(archive: Archive) -> list[_Part]:
    """Runs of articles, in the picture's order, of at most PAGE_SIZE claims each (an article
    with more claims than that is a page of its own)."""
    runs: list[list] = [[]]
    size = 0
    for art in _article_order(archive):
        if not art.claims:
            continue
        if runs[-1] and size + len(art.claims) > paging.PAGE_SIZE:
            runs.append([])
            size = 0
        runs[-1].append(art)
        size += len(art.claims)
    parts = []
    for run in runs:
        claims = [c for art in run for c in art.claims]
        joined: dict[str, Actor] = {}
        disputes: dict[str, object] = {}
        for claim in claims:
            for actor in ([claim.claimant] if claim.claimant else []) + list(claim.subjects):
                joined[actor.id] = actor
            for dispute, _ in claim.disputes:
                disputes[dispute.id] = dispute
        parts.append(_Part(run, list(joined.values()), list(disputes.values())))
    return parts


def render(archive: Archive, part: _Part | None = None, number: int = 1, pages: int = 1,
           disputes_of: dict[str, list] | None = None) -> str:
    """The network page; with `part`, page `number` of `pages`. `disputes_of` remembers each
    actor's disputes across the pages (an actor's list is worked out from all its claims)."""
    url = paging.url(URL, number)
    rows = []
    actors = archive.actors.values() if part is None else part.actors
    disputes_of = {} if disputes_of is None else disputes_of
    for actor in sorted(actors, key=lambda x: (-len(x.claims_made), -len(x.claims_about), x.name)):
        if actor.id not in disputes_of:
            disputes_of[actor.id] = actor.disputes
        disputes = Markup(", ").join(a(url, d.url, excerpt(d.data.question, 60)) for d in disputes_of[actor.id])
        made, about = len(actor.claims_made), len(actor.claims_about)
        rows.append([actor_link(url, actor), actor.data.type, sort_key(f"{made:04d}", made),
                     sort_key(f"{about:04d}", about), disputes or unknown("none")])
    m = _macros()
    intro = m.intro(part, paging.PAGE_SIZE, sum(len(art.claims) for art in part.articles) if part else 0)
    nav, nav_end = paging.pagers(URL, number, pages, "Network")
    body = [intro, nav, m.legend(), archive_svg(archive, part, url), "## In words",
            table(["Actor", "Type", "Claims made", "Claims about it", "Disputes it is involved in"], rows), nav_end]
    title = "Network" if pages == 1 else f"Network (page {number} of {pages})"
    return page(title, "build_scripts/render/network.py", body,
                description="Actors, the claims they make or are about, and the disputes those claims take part in.",
                hide=("navigation", "toc"))


def planned(archive: Archive) -> list:
    """(file, renderer) for every page of the network: one page while the archive has at most
    PAGE_SIZE claims, as it always had."""
    if len(archive.claims) <= paging.PAGE_SIZE:
        return [("network.md", lambda: render(archive))]
    parts = _parts(archive)
    disputes_of: dict[str, list] = {}
    return [(paging.path("network.md", URL, k),
             (lambda k=k, part=part: render(archive, part, k, len(parts), disputes_of)))
            for k, part in enumerate(parts, 1)]


ENV.globals.update(ACTOR_X=ACTOR_X, CLAIM_X=CLAIM_X, DISPUTE_X=DISPUTE_X,
                   # the archive picture's columns, written once
                   ACTOR_DOT=f"{ACTOR_X + 5:.1f}", ACTOR_LABEL=f"{ACTOR_X - 2:.1f}", BRACKET_X=str(CLAIM_X + 10),
                   CLAIM_DOT=f"{CLAIM_X:.1f}", DISPUTE_MARK_X=f"{DISPUTE_X - 8:.1f}",
                   DISPUTE_MARK_CENTRE=f"{DISPUTE_X - 3:.1f}")
