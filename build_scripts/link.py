"""Stage 3, link: two phases, as in Pelican. Gather every entity and id first; then resolve
references, aliases, quotes and segments, and derive the reverse links the pages show."""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from typing import TypeVar

from build_scripts import anchor as anchoring
from build_scripts import kinds, textcheck
from build_scripts.diagnostics import Position, Report
from build_scripts.load import Source
from build_scripts.model import (Actor, AffiliationLink, Archive, Article, Claim, Dispute, Event, Mention, Place,
                                 PlaceMention, SegmentSpan, Side)
from build_scripts.validate import Checked, Validated

T = TypeVar("T")
ASCII_LOOK_ALIKE_MIN = 3  # characters, spaces aside, of a name compared for ASCII look-alikes


def _id_where(entity) -> tuple:
    """Where an entity's id stands in its file: a claim's in its claims file's list."""
    return ("claims", entity.index, "id") if isinstance(entity, Claim) else ("id",)


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names_pattern(names: list[str]) -> re.Pattern[str]:
    """A regex for any of `names` on word boundaries, the longest name first where several
    match at one place.

    It is the alternation `(?<!\\w)(?:longest|…|shortest)(?!\\w)`, with the names merged
    into a trie: the regex engine otherwise tries every name at every word of every article
    (thousands of names × millions of words), whereas a trie tries one branch per character.
    At each branch the longer continuations are tried before the name ending there, so the
    match is the same one the plain alternation finds."""
    fallback = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def emit(node: dict) -> str:
        chain = ""
        while len(node) == 1 and "" not in node:  # no branch here: no group needed
            (ch, node), = node.items()
            chain += re.escape(ch)
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            branches.append(r"(?!\w)")
        if not branches:
            return chain
        return chain + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")

    try:
        return re.compile(rf"(?<!\w){emit(trie)}")
    except (RecursionError, re.error, OverflowError):  # pathologically deep names
        return re.compile(rf"(?<!\w)(?:{fallback})(?!\w)")


def _voice(claim: Claim) -> tuple:
    """Who speaks in a claim: its claimant, an unnamed source of its article, or its article."""
    if claim.claimant is not None:
        return ("actor", claim.claimant.id)
    if claim.data.unnamed_source:
        return ("unnamed", claim.article.id, anchoring.key(claim.data.unnamed_source).casefold())
    return ("article", claim.article.id)


def independent(claim: Claim, other: Claim) -> bool:
    """Whether `other` is a source apart from `claim`'s, for its status: not a reader comment, and
    not the same voice."""
    return other.location != "reader-comment" and _voice(other) != _voice(claim)


def _who(claims: list[Claim]) -> str:
    """The first of some claims, for a message: "claim 'x' (and 2 more)"."""
    first = sorted(claims, key=lambda c: c.id)[0]
    more = len({c.id for c in claims}) - 1
    return f"claim '{first.id}'" + (f" (and {more} more)" if more else "")


class _Linker:
    def __init__(self, validated: Validated, report: Report, memo=None):
        self.v = validated
        self.report = report
        self.memo = memo  # build_scripts.memo: quotes' places and name matches of unchanged texts
        self.archive = Archive()
        # A file whose id is refused is still meant by its id less any invisible character
        # ("rebel<ZWSP>-front" is rebel-front's file): references to it are not reported again.
        self.broken = {kind: set(ids) | {textcheck.visible(i) for i in ids} for kind, ids in validated.broken.items()}
        # Kinds with a file whose records' ids cannot be told (a symbolic link is never read): no
        # reference to them is reported as unknown while that file's own error stands.
        self.untold = {kinds.BY_FILE_KIND[u.kind].name for u in validated.unreadable if u.ids is None}

    # Phase 1: gather ----------------------------------------------------------------------

    def _register(self, table: dict[str, T], ident: str, entity: T, source: Source, where: tuple, kind: str) -> bool:
        if ident in table:
            first = table[ident].source  # type: ignore[attr-defined]
            first_pos = first.pos(_id_where(table[ident]))
            self.report.add(source.pos(where), "ID001",
                            f"duplicate {kind} id '{ident}' (first defined at {first_pos.path}:{first_pos.line})",
                            f"Ids are unique across the archive; rename one of the two {kind}s.")
            return False
        table[ident] = entity
        return True

    def gather(self) -> None:
        a = self.archive
        for item in self.v.articles:
            meta = item.record
            body = item.source.body or ""
            article = Article(meta.id, item.source, meta, body, None)  # normalised when a quote needs it
            self._register(a.articles, meta.id, article, item.source, ("id",), "article")
        for item in self.v.actors:
            self._register(a.actors, item.record.id, Actor(item.record.id, item.source, item.record),
                           item.source, ("id",), "actor")
        for item in self.v.disputes:
            self._register(a.disputes, item.record.id, Dispute(item.record.id, item.source, item.record),
                           item.source, ("id",), "dispute")
        for item in self.v.places:
            self._register(a.places, item.record.id, Place(item.record.id, item.source, item.record),
                           item.source, ("id",), "place")
        for item in self.v.events:
            self._register(a.events, item.record.id, Event(item.record.id, item.source, item.record),
                           item.source, ("id",), "event")
        self._claims_pending: list[tuple[Checked, int, Article]] = []
        for item in self.v.claims:
            article = self._ref(a.articles, item.record.article, item.source, ("article",), "article")
            if article is None:
                self.broken["claim"].update(claim.id for claim in item.record.claims)
                continue
            article.claims_path = item.source.path
            for index, claim in enumerate(item.record.claims):
                placeholder = Claim(claim.id, item.source, index, claim, article, 0, 0)
                if self._register(a.claims, claim.id, placeholder, item.source, ("claims", index, "id"), "claim"):
                    self._claims_pending.append((item, index, article))

    def check_former_ids(self) -> None:
        """A renamed record lists its old ids in `former_ids`, and its old page addresses redirect
        to its page. An old id may therefore name one record of its kind only, and never a record
        that exists under that id (ID005)."""
        a = self.archive
        for declared in kinds.KINDS:
            kind, table = declared.name, getattr(a, declared.section)
            taken: dict[str, tuple] = {}
            for entity in table.values():
                for i, old in enumerate(entity.data.former_ids):
                    where = _id_where(entity)[:-1] + ("former_ids", i)
                    here = f"former id '{old}' of {kind} '{entity.id}'"
                    if old == entity.id:
                        self.report.add(entity.source.pos(where), "ID005", f"{here} is its own current id",
                                        "Remove it from former_ids: only an id the record no longer has needs a "
                                        "redirect.")
                    elif old in table:
                        other = table[old]
                        p = other.source.pos(_id_where(other))
                        self.report.add(entity.source.pos(where), "ID005",
                                        f"{here} is the id of another {kind} ({p.path}:{p.line})",
                                        f"Its old address would lead to two pages. Remove it from former_ids, or if "
                                        f"the other {kind} took over the id by mistake, give that {kind} a new id.")
                    elif old in taken:
                        other, other_where = taken[old]
                        p = other.source.pos(other_where)
                        again = "listed twice" if other is entity else f"also a former id of {kind} '{other.id}'"
                        self.report.add(entity.source.pos(where), "ID005", f"{here} is {again} ({p.path}:{p.line})",
                                        "An old address can lead to one page only: keep the id once, on the record "
                                        "that was published under it.")
                    else:
                        taken[old] = (entity, where)

    # Phase 2: link ------------------------------------------------------------------------

    def _ref(self, table: dict[str, T], ident: str | None, source: Source, where: tuple, kind: str) -> T | None:
        if ident is None:
            return None
        if ident in table:
            return table[ident]
        if ident in self.broken[kind] or kind in self.untold:
            return None  # its own file's diagnostic explains it
        close = difflib.get_close_matches(ident, list(table), n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'?" if close else f"Add the {kind} first, or correct the id."
        self.report.add(source.pos(where), "REF001", f"unknown {kind} '{ident}'",
                        hint + f" No {kind} with this id exists in {kinds.BY_NAME[kind].where}.")
        return None

    def _refs(self, table: dict[str, T], idents: list[str], source: Source, where: tuple, kind: str) -> list[T]:
        found = []
        for i, ident in enumerate(idents):
            entity = self._ref(table, ident, source, where + (i,), kind)
            if entity is not None:
                found.append(entity)
        return found

    def link_articles(self) -> None:
        for article in self.archive.articles.values():
            src, meta = article.source, article.meta
            article.outlet = self._ref(self.archive.actors, meta.outlet, src, ("outlet",), "actor")
            article.author = self._ref(self.archive.actors, meta.author, src, ("author",), "actor")
            if article.outlet:
                article.outlet.outlet_of.append(article)
            if meta.sha256 is not None and meta.sha256 != article.sha256:
                self.report.add(src.pos(("sha256",)), "TEXT001",
                                f"the article text does not match its recorded SHA-256 (the text's is "
                                f"{article.sha256[:12]}…, the file records {meta.sha256[:12]}…)",
                                "The stored text is never edited: restore it from the source the article was "
                                "taken from. If the text on record was wrong, record a correction and the new "
                                f"checksum, {article.sha256}.")
            if meta.url is None and meta.provenance_note is None:
                self.report.add(src.pos(("url",)), "TEXT002",
                                "the original address is unknown and provenance_note does not say why",
                                "Set url to the page's address if you have it (never a guessed one); otherwise "
                                "set provenance_note: where the text was taken from, and why its address is "
                                "not known.", severity="warning")
            self._segments(article)

    def _segments(self, article: Article) -> None:
        body, src = article.body, article.source
        spans: list[SegmentSpan] = []
        for i, seg in enumerate(article.meta.segments):
            where = ("segments", i)
            count = body.count(seg.start)
            if count != 1:
                problem = "is not in the article text" if count == 0 else f"occurs {count} times in the article text"
                self.report.add(src.pos(where + ("start",)), "SEG001",
                                f"segment start {_excerpt(seg.start)!r} {problem}",
                                "Copy the first line of the segment exactly; make it long enough to be unique.")
                continue
            start = body.index(seg.start)
            end_at = body.find(seg.end, start)
            if end_at == -1:
                self.report.add(src.pos(where + ("end",)), "SEG001",
                                f"segment end {_excerpt(seg.end)!r} is not in the text after its start",
                                "Copy the last words of the segment exactly as printed.")
                continue
            end = end_at + len(seg.end)
            if start > 0 and body[start - 1] != "\n":
                self.report.add(src.pos(where + ("start",)), "SEG003", "segment start is not at the start of a line",
                                "Segments cover whole lines: start with the first characters of a line.")
                continue
            if end < len(body) and body[end] != "\n":
                self.report.add(src.pos(where + ("end",)), "SEG003", "segment end is not at the end of a line",
                                "Segments cover whole lines: end with the last characters of a line.")
                continue
            author = self._ref(self.archive.actors, seg.author, src, where + ("author",), "actor")
            if seg.kind == "reader-comment" and seg.author is None:
                self.report.add(src.pos(where), "SEG004", "a reader comment needs its author",
                                "Set 'author' to the commenter's actor id (type commenter).")
            spans.append(SegmentSpan(start, end, seg, author))
            if author is not None:
                author.comments.append((article, spans[-1]))
        spans.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(spans):
            if after.start < before.end:
                self.report.add(src.pos(("segments",)), "SEG002",
                                f"segments {before.data.label!r} and {after.data.label!r} overlap",
                                "Segments must not overlap; end the first before the second starts.")
        article.segments = spans
        title = article.meta.title
        if title is not None and not any(s.data.kind == "headline" for s in spans) \
                and title.strip() in (line.strip() for line in body.split("\n")):
            self.report.add(src.pos(("title",)), "SEG005", "the headline is printed as a line of the text but not "
                                                           "marked as a segment",
                            "Add a segment of kind 'headline' for that line, so that a claim quoted from it is "
                            "shown as the headline's, not the article body's.", severity="warning")

    def link_actors(self) -> None:
        """Affiliations (with evidence anchored in their article) and the alias table."""
        owners: dict[str, tuple[Actor, tuple]] = {}
        for actor in self.archive.actors.values():
            src = actor.source
            names = [(actor.data.name, ("name",))] + [(a, ("aliases", i)) for i, a in enumerate(actor.data.aliases)]
            for name, where in names:
                k = anchoring.key(name)
                if k in owners and owners[k][0] is not actor:
                    other, other_where = owners[k]
                    p = other.source.pos(other_where)
                    self.report.add(src.pos(where), "ALIAS001",
                                    f"name {name!r} is also a name of actor '{other.id}' ({p.path}:{p.line})",
                                    "A name may belong to one actor only; remove it from one of them.")
                elif k in owners:
                    self.report.add(src.pos(where), "ALIAS002", f"name {name!r} is listed twice",
                                    "Remove the repeated alias.", severity="warning")
                else:
                    owners[k] = (actor, where)
            for i, aff in enumerate(actor.data.affiliations):
                where = ("affiliations", i)
                target = self._ref(self.archive.actors, aff.target, src, where + ("target",), "actor")
                article = self._ref(self.archive.articles, aff.source, src, where + ("source",), "article")
                if target is None or article is None:
                    continue
                if target is actor:
                    self.report.add(src.pos(where + ("target",)), "CONS003",
                                    "an actor cannot be affiliated with itself",
                                    "Point the affiliation at another actor.")
                    continue
                found = self._anchor(article, aff.evidence, aff.prefix, aff.suffix, src, where + ("evidence",),
                                     "evidence")
                if found is None:
                    continue
                link = AffiliationLink(aff.relation, actor, target, article, aff.evidence, found[0],
                                       aff.period)
                actor.affiliations.append(link)
                target.affiliated_from.append(link)
        self._look_alikes(owners)

    def _look_alikes(self, owners: dict[str, tuple[Actor, tuple]]) -> None:
        """Names that mix scripts, or look like another actor's name, are reported.

        Names that look alike (one skeleton) are compared with the plainest of them, the one
        with the fewest look-alike or invisible characters; each of the others that belongs to
        another actor is reported, so the diagnostic lands on the imitation, not on the name it
        imitates. A name with a hidden character that is an error (UNI001) is not compared:
        that error already stands on it."""
        groups: dict[str, list[tuple[str, Actor, tuple]]] = {}
        for name, (actor, where) in sorted(owners.items(), key=lambda item: (item[1][0].id, str(item[1][1]))):
            if where[0] != "name_ar" and textcheck.is_mixed_script(name):
                self.report.add(actor.source.pos(where), "UNI003",
                                f"name {name!r} mixes scripts ({', '.join(sorted(textcheck.scripts(name)))})",
                                "Type the name in one script; a look-alike letter from another script is a common "
                                "trick.")
            if textcheck.hidden_characters(name):
                continue
            groups.setdefault(textcheck.skeleton(name), []).append((name, actor, where))
        self._ascii_look_alikes(groups)
        for group in groups.values():
            if len({id(actor) for _, actor, _ in group}) < 2:
                continue
            plainest = min(range(len(group)), key=lambda i: (textcheck.disguise(group[i][0]), i))
            other_name, other, other_where = group[plainest]
            p = other.source.pos(other_where)
            for name, actor, where in group:
                if actor is other:
                    continue
                if name.casefold() == other_name.casefold():
                    self.report.add(actor.source.pos(where), "UNI005",
                                    f"name {name!r} differs only in case from {other_name!r} of actor '{other.id}' "
                                    f"({p.path}:{p.line})", "Check that these are really two different actors.",
                                    severity="warning")
                else:
                    self.report.add(actor.source.pos(where), "UNI004",
                                    f"name {name!r} looks like {other_name!r} of actor '{other.id}' "
                                    f"({p.path}:{p.line})",
                                    "Look-alike characters make two names appear the same; use the other actor, "
                                    "or spell the name in plain letters.")

    def _ascii_look_alikes(self, groups: dict[str, list[tuple[str, Actor, tuple]]]) -> None:
        """Names of two actors that differ only in ASCII look-alikes ('lran' and 'Iran', 'Fr0nt' and
        'Front'; see textcheck.ascii_skeleton) are a warning at each of the two names, naming the
        other: in ASCII either may be the real spelling. Names that share a skeleton are UNI004 or
        UNI005 already; names of fewer than ASCII_LOOK_ALIKE_MIN characters are not compared, since
        short abbreviations ('IO', '10') look alike by chance."""
        folded: dict[str, list[tuple[str, str, Actor, tuple]]] = {}
        for key, group in groups.items():
            for name, actor, where in group:
                if len(key.replace(" ", "")) >= ASCII_LOOK_ALIKE_MIN:
                    folded.setdefault(textcheck.ascii_skeleton(name), []).append((key, name, actor, where))
        for group in folded.values():
            if len({key for key, *_ in group}) < 2:
                continue
            for key, name, actor, where in group:
                other = next(((n, a, w) for k, n, a, w in group if k != key and a is not actor), None)
                if other is None:
                    continue
                other_name, other_actor, other_where = other
                p = other_actor.source.pos(other_where)
                self.report.add(actor.source.pos(where), "UNI006",
                                f"name {name!r} looks like {other_name!r} of actor '{other_actor.id}' "
                                f"({p.path}:{p.line}:{p.col}): they differ only in letters and digits that look "
                                "alike (I, l and 1; O and 0; rn and m)",
                                "Check that these are two different actors and that each name is spelt as the "
                                "text prints it; an imitation of another actor's name misleads readers.",
                                severity="warning")

    def _anchor(self, article: Article, quote: str, prefix, suffix, src: Source, where: tuple, what: str):
        key = (article.body, quote, prefix, suffix)
        if self.memo is not None and (span := self.memo.anchor(key)) is not None:
            return span
        if article.norm is None:
            article.norm = anchoring.normalise(article.body)
        result = anchoring.anchor(article.norm, quote, prefix, suffix)
        if isinstance(result, anchoring.Found):
            if self.memo is not None:
                self.memo.keep_anchor(key, (result.start, result.end))
            return result.start, result.end
        at = src.pos(where)
        if isinstance(result, anchoring.Missing):
            if result.ratio >= 0.5:
                p = article.source.body_pos(result.closest_start)
                hint = f"Closest passage, at {p.path}:{p.line}:{p.col}: {_excerpt(result.closest, 120)!r}"
            else:
                hint = "Nothing close was found; check that the claim belongs to this article."
            self.report.add(at, "QUOTE001", f"{what} {_excerpt(quote)!r} is not in article '{article.id}'",
                            hint + " Quotes must be copied verbatim (whitespace and curly/straight quotes may "
                                   "differ).")
        elif isinstance(result, anchoring.Ambiguous):
            lines = ", ".join(str(article.source.body_pos(s).line) for s in result.starts)
            self.report.add(at, "QUOTE002", f"{what} {_excerpt(quote)!r} occurs {len(result.starts)} times in "
                            f"article '{article.id}' (lines {lines})",
                            "Add 'prefix' (the words just before) or 'suffix' (just after) to pick one.")
        else:
            self.report.add(at, "QUOTE003", f"{what} {_excerpt(quote)!r}: no occurrence has the given {result.which}",
                            f"The {result.which} must be the text right "
                            f"{'before' if result.which == 'prefix' else 'after'} the quote in the article.")
        return None

    def link_mentions(self) -> None:
        """Link every occurrence of every actor name, longest first, on word boundaries."""
        names: dict[str, Actor] = {}
        for actor in self.archive.actors.values():
            for name in [actor.data.name, *actor.data.aliases]:
                names.setdefault(name, actor)
        if not names:
            return
        if self.memo is not None:
            self.memo.names_pattern("actors", tuple(names), _names_pattern)

            def found(body):
                return self.memo.name_matches("actors", body)
        else:
            pattern = _names_pattern(list(names))

            def found(body):
                return ((m.start(), m.end(), m.group()) for m in pattern.finditer(body))
        for article in self.archive.articles.values():
            for start, end, name in found(article.body):
                actor = names[name]
                article.mentions.append(Mention(start, end, actor))
                actor.mentioned_in[article.id] = actor.mentioned_in.get(article.id, 0) + 1

    def link_claims(self) -> None:
        a = self.archive
        previous = None
        for item, index, article in self._claims_pending:
            if previous is not None and article is not previous:
                previous.norm = None  # its quotes are anchored (an article's claims come together)
            previous = article
            src, data = item.source, item.record.claims[index]
            where = ("claims", index)
            claim = a.claims[data.id]
            found = self._anchor(article, data.quote, data.prefix, data.suffix, src, where + ("quote",), "quote")
            if found is None:
                del a.claims[data.id]
                self.broken["claim"].add(data.id)
                self.v.failed_mentions.update(r.claim for r in data.relations)
                continue
            claim.start, claim.end = found
            self._place(claim, article, src, where)
            claim.claimant = self._ref(a.actors, data.claimant, src, where + ("claimant",), "actor")
            claim.reported_by = self._refs(a.actors, data.reported_by, src, where + ("reported_by",), "actor")
            claim.subjects = self._refs(a.actors, data.subjects, src, where + ("subjects",), "actor")
            claim.event = self._ref(a.events, data.event, src, where + ("event",), "event")
            if claim.event is not None:
                claim.event.claims.append(claim)
            article.claims.append(claim)
            if claim.claimant:
                claim.claimant.claims_made.append(claim)
            for actor in claim.reported_by:
                actor.claims_relayed.append(claim)
            for actor in claim.subjects:
                actor.claims_about.append(claim)
            self._check_dates(claim)
        if previous is not None:
            previous.norm = None
        for item, index, _ in self._claims_pending:
            data = item.record.claims[index]
            claim = a.claims.get(data.id)
            if claim is None:
                continue
            seen: set[tuple[str, str]] = set()
            for i, rel in enumerate(data.relations):
                where = ("claims", index, "relations", i)
                other = self._ref(a.claims, rel.claim, item.source, where + ("claim",), "claim")
                if other is None:
                    continue
                if other is claim:
                    self.report.add(item.source.pos(where), "CONS003", f"claim '{claim.id}' is related to itself",
                                    "Relate it to another claim, or remove the relation.")
                    continue
                if (rel.type, other.id) in seen:
                    self.report.add(item.source.pos(where), "CONS006",
                                    f"relation {rel.type} '{other.id}' is listed twice",
                                    "Remove the repeated relation.")
                    continue
                seen.add((rel.type, other.id))
                claim.relations.append((rel.type, other))
                other.related_from.append((rel.type, claim))
        for article in a.articles.values():
            article.claims.sort(key=lambda c: (c.start, c.end, c.id))
            for number, claim in enumerate(article.claims, 1):
                claim.number = number

    def _place(self, claim: Claim, article: Article, src: Source, where: tuple) -> None:
        """Where on the page the quote stands (a segment, or the body), and the unnamed source's
        words in the text."""
        inside = [s for s in article.segments if s.start < claim.end and claim.start < s.end]
        segment = article.segment_at(claim.start)
        if inside and (segment is None or len(inside) > 1 or claim.end > segment.end):
            parts = ", ".join(repr(s.data.label) for s in inside)
            self.report.add(src.pos(where + ("quote",)), "QUOTE004",
                            f"quote {_excerpt(claim.data.quote)!r} runs across parts of the page ({parts} and the "
                            "text around)",
                            "A quote stands in one part of the page: the article's text, or one segment (a "
                            "headline, a reader comment). Split it into one claim per part.")
        claim.segment = segment
        data = claim.data
        if segment is not None and segment.data.kind == "reader-comment" and segment.author is not None \
                and data.claimant in self.archive.actors and data.claimant != segment.author.id \
                and data.role != "reports":
            self.report.add(src.pos(where + ("claimant",)), "CONS007",
                            f"the quote stands in a reader comment by '{segment.author.id}', but the claimant is "
                            f"'{data.claimant}'",
                            "A commenter's own words are the commenter's claim: set claimant to the commenter, "
                            "or role 'reports' if the comment passes on what someone else said.",
                            severity="warning")
        if data.unnamed_source is not None and not self._contains(article, data.unnamed_source):
            self.report.add(src.pos(where + ("unnamed_source",)), "QUOTE005",
                            f"unnamed source {_excerpt(data.unnamed_source)!r} is not in article '{article.id}'",
                            "Copy the text's own words for the source, e.g. 'pro-government sources'.")

    def _contains(self, article: Article, words: str) -> bool:
        """Whether the article's text has `words`, compared as quotes are (`anchor.normalise`)."""
        def find(body: str, words: str) -> bool:
            if article.norm is None:
                article.norm = anchoring.normalise(body)
            return anchoring.key(words) in article.norm.text
        return self.memo.contains(article.body, words, find) if self.memo is not None else find(article.body, words)

    def _check_dates(self, claim: Claim) -> None:
        event = claim.data.event_date
        published = claim.article.meta.published
        if event and event.date and published and published.date:
            n = min(len(event.date), len(published.date))
            if event.date[:n] > published.date[:n]:
                self.report.add(claim.source.pos(("claims", claim.index, "event_date", "date")), "CONS004",
                                f"claim '{claim.id}' is dated {event.date}, after its article ({published.date}, "
                                f"{claim.article.source.path})",
                                "Check the event date and the article's publication date.")

    def link_disputes(self) -> None:
        a = self.archive
        for dispute in a.disputes.values():
            src, data = dispute.source, dispute.data
            members: dict[str, int] = {}
            for s, side in enumerate(data.sides):
                claims = []
                for i, ident in enumerate(side.claims):
                    where = ("sides", s, "claims", i)
                    claim = self._ref(a.claims, ident, src, where, "claim")
                    if claim is None:
                        continue
                    if ident in members:
                        self.report.add(src.pos(where), "CONS005",
                                        f"claim '{ident}' is listed twice in this dispute "
                                        f"(side {members[ident] + 1} and {s + 1})",
                                        "A claim takes one position in a dispute.")
                        continue
                    members[ident] = s
                    claims.append(claim)
                    claim.disputes.append((dispute, s))
                dispute.sides.append(Side(side.position, claims))
            if data.history[-1].status != data.status:
                self.report.add(src.pos(("history", len(data.history) - 1, "status")), "CONS002",
                                f"the latest history entry says '{data.history[-1].status}' "
                                f"but the status is '{data.status}'",
                                "Add a dated history entry for the status change.")
            dates = [h.date for h in data.history]
            if dates != sorted(dates):
                self.report.add(src.pos(("history",)), "CONS002", "history entries are not in date order",
                                "List history entries oldest first.")
            dispute.event = self._ref(a.events, data.event, src, ("event",), "event")
            if dispute.event is not None:
                dispute.event.disputes.append(dispute)
            for i, ident in enumerate(data.related):
                other = self._ref(a.disputes, ident, src, ("related", i), "dispute")
                if other is dispute:
                    self.report.add(src.pos(("related", i)), "CONS003", "a dispute cannot be related to itself",
                                    "Remove it from 'related'.")
                elif other is not None and other not in dispute.related:
                    dispute.related.append(other)
                    if dispute not in other.related:
                        other.related.append(dispute)

    def link_places(self) -> None:
        """Each place's parent (no place inside itself) and its names: one place per name."""
        a = self.archive
        owners: dict[str, tuple[Place, tuple]] = {}
        for place in a.places.values():
            src, data = place.source, place.data
            place.parent = self._ref(a.places, data.parent, src, ("parent",), "place")
            if place.parent is not None:
                place.parent.children.append(place)
            names = [(data.name, ("name",))] + [(alias, ("aliases", i)) for i, alias in enumerate(data.aliases)]
            for name, where in names:
                k = anchoring.key(name)
                if k in owners and owners[k][0] is not place:
                    other, other_where = owners[k]
                    p = other.source.pos(other_where)
                    self.report.add(src.pos(where), "GEO003",
                                    f"name {name!r} is also a name of place '{other.id}' ({p.path}:{p.line})",
                                    "A name links to one place only: remove it from one of them, or if two places "
                                    "share a name, keep it on the one the texts mean.")
                elif k not in owners:
                    owners[k] = (place, where)
        for place in a.places.values():
            seen: list[Place] = [place]
            parent = place.parent
            while parent is not None:
                if parent is place:
                    chain = " → ".join(p.id for p in seen + [place])
                    self.report.add(place.source.pos(("parent",)), "GEO002",
                                    f"place '{place.id}' lies inside itself ({chain})",
                                    "A place's parent is a larger place that contains it: break the loop.")
                    place.parent.children.remove(place)
                    place.parent = None
                    break
                if parent in seen:
                    break  # a loop further up, reported on its own places
                seen.append(parent)
                parent = parent.parent
        for place in a.places.values():
            place.children.sort(key=lambda p: p.id)

    def link_events(self) -> None:
        """Each event's places and parties, and the reverse links from them."""
        a = self.archive
        for event in a.events.values():
            src, data = event.source, event.data
            event.places = self._refs(a.places, data.places, src, ("places",), "place")
            event.parties = self._refs(a.actors, data.parties, src, ("parties",), "actor")
            for place in event.places:
                place.events.append(event)
        for place in a.places.values():
            place.events.sort(key=lambda e: e.id)

    def link_place_mentions(self) -> None:
        """Every place name and alias a text prints, longest first, on word boundaries; a name
        that is also an actor's ("Turkey") stays the actor's mention, and a place name inside an
        actor's name ("Idlib" in "Idlib Province Administration") is not a place mention."""
        a = self.archive
        actor_names = {anchoring.key(n) for actor in a.actors.values() for n in [actor.data.name, *actor.data.aliases]}
        names: dict[str, Place] = {}
        for place in a.places.values():
            for name in [place.data.name, *place.data.aliases]:
                if anchoring.key(name) not in actor_names:
                    names.setdefault(name, place)
        printed: set[str] = set()
        if names:
            if self.memo is not None:
                self.memo.names_pattern("places", tuple(names), _names_pattern)

                def found(body):
                    return self.memo.name_matches("places", body)
            else:
                pattern = _names_pattern(list(names))

                def found(body):
                    return ((m.start(), m.end(), m.group()) for m in pattern.finditer(body))
            for article in a.articles.values():
                # An actor's mentions never overlap one another: the one that could overlap a
                # match is the last to start before the match ends.
                actor_spans = sorted((m.start, m.end) for m in article.mentions)
                actor_starts = [s for s, _ in actor_spans]
                for start, end, name in found(article.body):
                    i = bisect.bisect_left(actor_starts, end)
                    if i and actor_spans[i - 1][1] > start:
                        continue
                    place = names[name]
                    printed.add(name)
                    article.place_mentions.append(PlaceMention(start, end, place))
                    place.mentioned_in[article.id] = place.mentioned_in.get(article.id, 0) + 1
        for place in a.places.values():
            for i, alias in enumerate(place.data.aliases):
                if alias in printed or anchoring.key(alias) in actor_names:
                    continue
                # Printed only inside a longer name ("M4" in "M4 highway"), it is still the texts'.
                alone = re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)")
                if not any(alone.search(article.body) for article in a.articles.values()):
                    self.report.add(place.source.pos(("aliases", i)), "GEO004",
                                    f"alias {alias!r} of place '{place.id}' is printed in no article",
                                    "An alias is a spelling a text prints, letter for letter: correct it, or "
                                    "remove it.", severity="warning")

    def check_events(self) -> None:
        """An event no claim describes has no source on its page (not judged while a claims file
        is broken: its claims may describe it); a claim dated outside its event's time
        contradicts it (at the coarser of the two precisions)."""
        claims_broken = bool(self.broken["claim"]) or any(u.kind == "claims" for u in self.v.unreadable)
        for event in self.archive.events.values():
            event.claims.sort(key=lambda c: (c.article.id, c.number))
            event.disputes.sort(key=lambda d: d.id)
            if not event.claims and not claims_broken and event.id not in self.v.failed_mentions:
                self.report.add(event.source.pos(("id",)), "CONS009",
                                f"event '{event.id}' is described by no claim",
                                "Point at least one claim at it ('event: <id>' in a claims file), so that its page "
                                "shows who reports it.", severity="warning")
            when = event.data.when
            if when.start is None:
                continue
            first, last = when.start, when.end or when.start
            for claim in event.claims:
                dated = claim.data.event_date
                if dated is None or dated.date is None:
                    continue
                date = dated.date
                n_first, n_last = min(len(date), len(first)), min(len(date), len(last))
                if date[:n_first] < first[:n_first] or date[:n_last] > last[:n_last]:
                    window = first if last == first else f"{first} to {last}"
                    self.report.add(claim.source.pos(("claims", claim.index, "event_date", "date")), "CONS008",
                                    f"claim '{claim.id}' is dated {date}, outside the time of its event "
                                    f"'{event.id}' ({window})",
                                    "Check the claim's event_date and the event's 'when' against the texts: one of "
                                    "them is wrong, or the claim describes another event.", severity="warning")

    def check_statuses(self) -> None:
        """Statuses against disputes and relations (the rule the methodology page states): a claim
        is `contested` when an independent source contradicts it or takes another side in a
        dispute about it, `corroborated` when one says the same and none contradicts it. A
        reader comment takes part in disputes but does not by itself make a claim contested or
        corroborated; neither does the same source repeating itself, nor a partial corroboration.
        A claim that a failed claims or dispute file may name is not judged; if such a file
        could not even be read, no claim is."""
        if any(u.kind in ("claims", "dispute") for u in self.v.unreadable):
            return
        for claim in self.archive.claims.values():
            if claim.id in self.v.failed_mentions or any(r.claim in self.broken["claim"] for r in claim.data.relations):
                continue
            status = claim.data.status
            if status == "retracted" or any(i in self.broken["claim"] for dispute, _ in claim.disputes
                                            for side in dispute.data.sides for i in side.claims):
                continue
            related = claim.relations + claim.related_from
            opposed = [o for t, o in related if t == "contradicts"]
            for dispute, side in claim.disputes:
                opposed += [o for s, other in enumerate(dispute.sides) if s != side for o in other.claims]
            against = [o for o in opposed if independent(claim, o)]
            support = [o for t, o in related if t == "corroborates" and independent(claim, o)]
            where = ("claims", claim.index, "status")  # its place is looked up only when reported
            if status == "contested" and not (opposed or claim.disputes):
                self.report.add(claim.source.pos(where), "CONS001",
                                f"claim '{claim.id}' is 'contested' but no dispute or contradiction names it",
                                "Add it to a dispute, relate it with 'contradicts', or change its status.")
            elif status == "contested" and opposed and not against:
                self.report.add(claim.source.pos(where), "CONS001",
                                f"claim '{claim.id}' is 'contested' but only "
                                f"{_who(opposed)} disagrees with it",
                                "A reader comment, or the same source, does not make a claim contested: make it "
                                "'unverified' (the dispute still shows the comment's side).", severity="warning")
            elif status in {"unverified", "corroborated"} and against:
                self.report.add(claim.source.pos(where), "CONS001",
                                f"claim '{claim.id}' is '{status}' but {_who(against)} contradicts it or takes "
                                "another side in a dispute",
                                "A claim that an independent source contradicts is 'contested'.", severity="warning")
            elif status == "corroborated" and not support:
                self.report.add(claim.source.pos(where), "CONS001",
                                f"claim '{claim.id}' is 'corroborated' but no independent source corroborates it",
                                "Relate it with 'corroborates' to a claim of another source that says the same "
                                "(a reader comment, the same source, or 'partially-corroborates' does not count), "
                                "or make it 'unverified'.", severity="warning")
            elif status == "unverified" and support:
                self.report.add(claim.source.pos(where), "CONS001",
                                f"claim '{claim.id}' is 'unverified' but {_who(support)} corroborates it",
                                "A claim an independent source says the same as, and none contradicts, is "
                                "'corroborated'.", severity="warning")

    def run(self) -> Archive:
        self.gather()
        self.check_former_ids()
        self.link_articles()
        self.link_actors()
        self.link_mentions()
        self.link_places()
        self.link_events()
        self.link_place_mentions()
        self.link_claims()
        self.link_disputes()
        self.check_events()
        self.check_statuses()
        for kind in kinds.KINDS:
            table = getattr(self.archive, kind.section)
            ordered = dict(sorted(table.items()))
            table.clear()
            table.update(ordered)
        return self.archive


def link(validated: Validated, report: Report, memo=None) -> Archive:
    return _Linker(validated, report, memo).run()


__all__ = ["Position", "link"]
