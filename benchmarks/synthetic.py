"""A synthetic archive of any size, for the scale benchmark and as a large test fixture.

    python benchmarks/synthetic.py --articles N --seed S OUT_DIR [--force] [--verify]

writes OUT_DIR/articles/*.md and OUT_DIR/annotations/{actors,claims,disputes,places,events}/*.yml in exactly the
form contributors write (annotations/README.md, canonical form included), so that
`python -m build_scripts --root OUT_DIR check` reports 0 errors and `archive fmt --check` 0 files.

Deterministic: the same seed and N give byte-identical files, on any machine and Python 3.11+
(one `random.Random` seeded with a string, no set or hash order anywhere).

What it makes, for N articles:
- articles of 1-12 kB (most 3-6 kB): a headline (most), a byline naming the outlet and author
  (most), paragraphs of news prose with curly quotes and apostrophes in some sentences, and
  page furniture, a donation appeal or reader comments around some texts, annotated as segments;
  dates of day, month or year precision, some unknown;
- about N/4 actors (at most 2,500) of every type, each with 1-3 aliases, all of which occur in
  the texts; some names carry diacritics, some aliases are in Arabic or Cyrillic script; some
  actors have affiliations whose evidence is quoted from an article;
- about 8 claims per article (fewer in short texts), each quote copied from the text; a few
  quotes occur twice on purpose and are anchored with a prefix; some are typed with straight
  quotes where the text prints curly ones; figures, event dates, intermediaries, subjects;
- contradictions inside articles, corroborations across them, and about N/20 disputes with
  2-3 sides across articles; statuses consistent with all of that (no CONS warnings);
- a place for every town the texts name (about N/2, at least 200), in about N/200 governorates
  of one country, most with made-up coordinates inside the map's region (said to be made up),
  some without; and about N/4 events, each at a town and described by up to 6 claims of one
  year from several articles that name it, its time the span of their event dates.

The places and events are drawn from a random source of their own, after everything else, so
that the other files are the same bytes as before they existed (claims files gain `event:`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from build_scripts import anchor as anchoring  # noqa: E402
from build_scripts import textcheck  # noqa: E402

MAX_ACTORS = 2_500
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Pseudo-words are built from these syllables, so names never collide with the English prose.
ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "dr", "tr", "br"]
VOWELS = ["a", "e", "i", "o", "u", "a", "i", "ai", "ou"]
CODAS = ["", "", "", "n", "r", "l", "m", "sh", "k", "z"]
DIACRITIC = {"a": "â", "e": "é", "i": "ı", "o": "ö", "u": "ü", "s": "ş", "g": "ğ", "c": "ç"}
ARABIC = {"sh": "ش", "kh": "خ", "a": "ا", "b": "ب", "d": "د", "e": "ي", "f": "ف", "g": "غ", "h": "ه", "i": "ي",
          "j": "ج", "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "r": "ر", "s": "س", "t": "ت", "u": "و",
          "v": "ف", "z": "ز"}
CYRILLIC = {"sh": "ш", "kh": "х", "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
            "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "r": "р", "s": "с", "t": "т", "u": "у",
            "v": "в", "z": "з"}
GIVEN = ["Ahmad", "Yusuf", "Karim", "Omar", "Layla", "Maria", "Oleg", "Selin", "Nikolai", "Hassan", "Fatima",
         "Dmitri", "Mehmet", "Anna", "Ibrahim", "Sergei", "Zeynep", "Khalid", "Rania", "Viktor", "Émile",
         "Şükrü", "Müge", "Hélène", "Tariq", "Nour", "Pavel", "Elif", "Samir", "Irina"]
# Actor types and how often each occurs.
TYPES = [("person", 30), ("armed-group", 16), ("outlet", 10), ("commenter", 8), ("state", 6),
         ("government-body", 8), ("state-armed-force", 8), ("monitor", 5), ("political-body", 5),
         ("international-organisation", 4)]

UNITS = ["soldiers", "fighters", "civilians", "militants", "servicemen", "police officers", "children"]
MEASURES = [("killed", "were killed"), ("injured", "were injured"), ("killed-or-injured", "were killed or wounded"),
            ("injured", "were wounded")]
# Who the counted people were (the figure's `victims`), by the unit the text gives.
VICTIMS = {"soldiers": "state-forces", "servicemen": "state-forces", "police officers": "state-forces",
           "fighters": "non-state-fighters", "militants": "non-state-fighters", "civilians": "civilians",
           "children": "civilians"}
WEAPONS = ["an anti-tank missile", "artillery fire", "a drone", "a car bomb", "rocket fire", "an air strike",
           "mortar rounds", "a roadside bomb"]
# An event's type, from the words of the quote of its first claim.
EVENT_TYPES = [("hit a checkpoint", "attack"), ("attacked", "attack"), ("shelled", "shelling"), ("strike", "air-strike"),
               ("withdrawn", "withdrawal"), ("corridor", "agreement"), ("armoured vehicles", "deployment"),
               ("was hit by", "attack")]
PLACES = ["Kafr {}", "Tell {}", "{}", "Jisr {}", "Ain {}", "{} Heights", "Deir {}", "Maarat {}"]

FILLER = [
    "The road between {T} and {T2} was closed for most of {W}.",
    "Residents of {T} said the shelling lasted several hours and that the market stayed shut.",
    "{A} has not commented on the events in {T}.",
    "Aid groups said they had lost contact with their staff in {T} for two days.",
    "The front line has barely moved since the ceasefire was agreed in {M}.",
    "Local sources described the night as “the worst since the spring”.",
    "It was not possible to verify the accounts independently.",
    "Convoys of trucks were seen leaving {T} towards the border on {W} morning.",
    "{A} and {A2} have exchanged accusations over the area for months.",
    "The town’s only hospital was already working beyond its capacity.",
    "Fighting around {T} has displaced thousands of families since {M}.",
    "Satellite images published later showed damage to several buildings in {T}.",
    "A spokesman for {A} declined to give details, citing “operational reasons”.",
    "Smoke could be seen from {T2}, some ten kilometres away.",
    "Talks between {A} and {A2} were expected to resume in {M}.",
    "The area around {T} is home to about {N} people, many of them displaced from elsewhere.",
    "Schools in {T} and {T2} stayed closed for the rest of the week.",
    "Electricity and water supplies to {T} were cut after the strikes.",
    "{A} said earlier this year that it would not accept any deal that left {T} outside its control.",
    "The statement did not say who had carried out the attack.",
    "Witnesses said they heard at least {N} explosions before dawn.",
    "Farmers near {T} said they could not reach their fields because of the fighting.",
    "Neither side’s account could be reconciled with the reports from the ground.",
    "{A} later repeated its position in a short statement.",
]
# Claims: the quote (what a contributor copies) and a sentence around it. {Q} is the quote.
CLAIM_FRAMES = {
    "asserts": ["{C} said that {Q}.", "According to {C}, {Q}.", "{C} said on {W} that {Q}, {R}."],
    "confirms": ["{C} confirmed that {Q}.", "{C} later confirmed that {Q}, {R}."],
    "reports": ["{C} reported that {Q}.", "{C} reported on {W} that {Q}."],
    "denies": ["{C} denied that {Q}.", "{C} rejected the reports, saying it was untrue that {Q}."],
    "claims-responsibility": ["{C} claimed responsibility, saying that {Q}.", "In a statement, {C} said {Q}."],
    "assesses": ["{C} said it believed that {Q}.", "Analysts at {C} said it was likely that {Q}."],
    "retracts": ["{C} withdrew its earlier statement that {Q}."],
}
QUOTES = [
    ("{N} {U} {V} in {WP} near {T} on {W}", True),
    ("up to {N} {U} {V} when {WP} hit a checkpoint outside {T}", True),
    ("about {N} {U} {V} in the clashes around {T}", True),
    ("{S} had moved {N} armoured vehicles towards {T} during the night", False),
    ("{S} shelled the outskirts of {T} and the villages around it", False),
    ("no attack on {T} took place on {W}", False),
    ("the convoy travelling from {T} to {T2} was hit by {WP}", False),
    ("between {N} and {N2} {U} {V} after {S} attacked {T}", True),
    ("{S} was responsible for the strike on the market in {T}", False),
    ("{S} fighters had withdrawn from {T} before the strike", False),
    ("the “humanitarian corridor” near {T} was opened on {W}", False),
    ("{S}’s positions near {T} had come under fire {N} times since {W}", False),
]


def slug(text: str, limit: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


def q(value: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is YAML's, for the characters used here)."""
    return json.dumps(value, ensure_ascii=False)


def opt(value: str | None) -> str:
    return "null" if value is None else q(value)


def ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


@dataclass
class Actor:
    index: int
    id: str
    type: str
    name: str
    aliases: list[str]
    name_ar: str | None = None
    description: str = ""
    uses: int = 0  # how many times a name of this actor was written into a text
    affiliations: list[dict] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def mention(self) -> str:
        """The next spelling, in turn, so that every alias occurs in the texts."""
        name = self.names[self.uses % len(self.names)]
        self.uses += 1
        return name


@dataclass
class ClaimRec:
    id: str
    quote: str
    claimant: str | None
    role: str
    reported_by: list[str]
    subjects: list[str]
    event_date: tuple[str | None, str] | None
    figures: list[dict]
    prefix: str | None = None
    status: str = "unverified"
    note: str | None = None
    relations: list[tuple[str, str]] = field(default_factory=list)
    unnamed: str | None = None  # the text's words for a source it does not name
    article: int = 0  # which article carries it
    town: str | None = None  # the town its quote names
    event: str | None = None  # the event it describes

    def voice(self) -> tuple:
        return (self.claimant,) if self.claimant else ("unnamed", self.article, self.unnamed)

    def independent_of(self, other: ClaimRec) -> bool:
        """Another voice, as the archive's status rule counts it."""
        return self.voice() != other.voice()


class Generator:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(f"conflict-archive-synthetic:{seed}:{n}")
        self.rng_seed = seed
        self.used_words: dict[str, None] = {}
        self.skeletons: dict[str, None] = {}
        self.actor_ids: dict[str, None] = {}
        self.actors: list[Actor] = []
        self.claims: dict[str, ClaimRec] = {}
        self.claims_by_article: list[list[ClaimRec]] = []
        self.article_ids: list[str] = []
        self.files: dict[str, str] = {}

    # Names -----------------------------------------------------------------------------------

    def word(self, syllables: tuple[int, int] = (2, 3)) -> str:
        while True:
            parts = [self.rng.choice(ONSETS) + self.rng.choice(VOWELS) for _ in range(self.rng.randint(*syllables))]
            w = ("".join(parts) + self.rng.choice(CODAS)).capitalize()
            if len(w) >= 4 and w.lower() not in self.used_words:
                self.used_words[w.lower()] = None
                return w

    def _free(self, *names: str) -> bool:
        keys = [textcheck.skeleton(x) for x in names]
        return len(set(keys)) == len(keys) and not any(k in self.skeletons for k in keys)

    def _take(self, names: list[str]) -> list[str]:
        for x in names:
            self.skeletons[textcheck.skeleton(x)] = None
        return names

    @staticmethod
    def _script(word: str, table: dict[str, str]) -> str:
        out, i, low = [], 0, word.lower()
        while i < len(low):
            two = low[i:i + 2]
            if two in table:
                out.append(table[two])
                i += 2
            else:
                out.append(table.get(low[i], ""))
                i += 1
        return "".join(out)

    @staticmethod
    def _acronym(name: str) -> str:
        return "".join(w[0] for w in name.split() if w[0].isupper() and w not in ("The",))

    def _with_diacritic(self, w: str) -> str:
        letters = [i for i, ch in enumerate(w) if ch in DIACRITIC]
        if not letters:
            return w
        i = self.rng.choice(letters)
        return w[:i] + DIACRITIC[w[i]] + w[i + 1:]

    def _candidate(self, kind: str, states: list[Actor]) -> tuple[str, list[str], str, str | None]:
        """(name, aliases, description, Arabic name) for one new actor of `kind`."""
        r = self.rng
        w = self.word()
        if r.random() < 0.12 and kind != "commenter":
            w = self._with_diacritic(w)
        if kind == "person":
            given = r.choice(GIVEN)
            family = w + r.choice(["", "ov", "i", "ian", "oglu", "ani"])
            name = f"{given} {family}"
            aliases = [family, f"{given[0]}. {family}", f"{given} al-{family}"]
            arabic = None
            if r.random() < 0.15:
                arabic = self._script(given, ARABIC) + " " + self._script(family, ARABIC)
                aliases[2] = arabic
            elif r.random() < 0.1:
                aliases[2] = self._script(given, CYRILLIC).capitalize() + " " + self._script(family, CYRILLIC).capitalize()
            return name, aliases[: r.randint(1, 3)], f"Synthetic person no. {len(self.actors) + 1}.", arabic
        if kind == "commenter":
            handle = f"{w.lower()}_{r.randint(10, 99)}"
            return handle, [f"@{handle}"], "Synthetic reader who commented under an article.", None
        if kind == "state":
            capital = self.word()
            return f"Republic of {w}", [w, capital][: r.randint(1, 2)], "Synthetic state.", None
        state = r.choice(states).aliases[0] if states and kind in ("government-body", "state-armed-force") else w
        patterns = {
            "armed-group": [f"{w} Brigade", f"{w} Liberation Front", f"Army of {w}", f"Kataib {w}"],
            "outlet": [f"{w} News", f"{w} Daily", f"Radio {w}", f"{w} Press Agency"],
            "government-body": [f"{state} Ministry of Defence", f"{state} Interior Ministry",
                                f"{state} Intelligence Service", f"{state} {w} Directorate"],
            "state-armed-force": [f"{state} Armed Forces", f"{state} Air Force", f"{state} {w} Division"],
            "monitor": [f"{w} Observatory for Human Rights", f"{w} Monitoring Group"],
            "political-body": [f"{w} Salvation Government", f"{w} Interim Council"],
            "international-organisation": [f"{w} Union", f"Council of {w} States"],
        }[kind]
        name = r.choice(patterns)
        short = {"armed-group": f"{w} group", "outlet": w, "monitor": f"{w} Observatory",
                 "political-body": f"{w} Government", "international-organisation": f"{w} bloc"}
        aliases = []
        acronym = self._acronym(name)
        if len(acronym) >= 2:
            aliases.append(acronym)
        aliases.append(short.get(kind, name.replace(state, f"{state}ian") if state in name else f"{name} command"))
        if kind == "armed-group" and r.random() < 0.3:
            aliases.append(self._script(w, ARABIC))
        aliases.append(f"the {name}" if not name.startswith("the ") else name[4:])
        aliases = [a for i, a in enumerate(aliases) if a != name and a not in aliases[:i]]
        arabic = self._script(w, ARABIC) if kind == "armed-group" and r.random() < 0.5 else None
        return name, aliases[: r.randint(1, 3)], f"Synthetic {kind.replace('-', ' ')}.", arabic

    def make_actors(self) -> None:
        count = min(MAX_ACTORS, max(16, self.n // 4))
        kinds = [k for k, _ in TYPES]
        weights = [w for _, w in TYPES]
        planned = list(kinds)  # at least one of every type
        planned += self.rng.choices(kinds, weights, k=count - len(planned))
        planned.sort(key=lambda k: 0 if k == "state" else 1)  # states first: bodies are named after them
        states: list[Actor] = []
        for kind in planned:
            for _ in range(50):
                name, aliases, description, arabic = self._candidate(kind, states)
                if not self._free(name):
                    continue
                # An alias that another actor already has (a short acronym, say) is left out.
                kept: list[str] = []
                for alias in aliases:
                    if self._free(name, *kept, alias):
                        kept.append(alias)
                if kept:
                    aliases = kept
                    break
            else:
                raise RuntimeError(f"could not find a free name for a {kind}")
            if arabic and not self._free(name, *aliases, arabic):
                arabic = None
            self._take([name, *aliases])
            ident = slug(name, 70)
            while ident in self.actor_ids:
                ident = f"{slug(name, 64)}-{len(self.actors)}"
            self.actor_ids[ident] = None
            actor = Actor(len(self.actors), ident, kind, name, aliases, arabic, description)
            self.actors.append(actor)
            if kind == "state":
                states.append(actor)
        self.by_type: dict[str, list[Actor]] = {}
        for actor in self.actors:
            self.by_type.setdefault(actor.type, []).append(actor)
        self.speakers = [a for a in self.actors if a.type not in ("commenter",)]
        self.towns = [self.rng.choice(PLACES).format(self.word()) for _ in range(max(200, self.n // 2))]

    # Articles -----------------------------------------------------------------------------------

    def _zipf_speaker(self) -> Actor:
        # A few actors appear everywhere, most in a handful of texts.
        i = int(len(self.speakers) * (self.rng.random() ** 3))
        return self.speakers[min(i, len(self.speakers) - 1)]

    def _date(self) -> tuple[tuple[str | None, str] | None, dt.date | None, str]:
        r = self.rng
        day = dt.date(2019, 1, 1) + dt.timedelta(days=r.randrange(6 * 365))
        roll = r.random()
        if roll < 0.75:
            line = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
            return (day.isoformat(), f"Date line '{line}'"), day, line
        if roll < 0.86:
            line = f"{MONTHS[day.month - 1]} {day.year}"
            return (day.isoformat()[:7], f"Date line '{line}' gives only the month"), day, line
        if roll < 0.92:
            return (str(day.year), f"The text calls it 'this year' and mentions the {day.year} talks"), day, ""
        if roll < 0.96:
            return (None, "Not stated: the text has no date line."), None, ""
        return None, None, ""

    def _fill(self, template: str, cast: list[Actor], day: dt.date | None) -> str:
        r = self.rng
        values = {
            "T": r.choice(self.towns), "T2": r.choice(self.towns), "W": r.choice(WEEKDAYS),
            "M": MONTHS[(day.month - 2) % 12] if day else r.choice(MONTHS), "N": str(r.randint(2, 400)),
        }
        for key in ("A", "A2"):
            if "{" + key + "}" in template:
                values[key] = r.choice(cast).mention()
        return template.format(**values)

    def article(self, i: int, affiliations: list[tuple[Actor, str, Actor]]) -> None:
        r = self.rng
        published, day, date_line = self._date()
        outlet = r.choice(self.by_type["outlet"]) if r.random() < 0.7 else None
        author = r.choice(self.by_type["person"]) if r.random() < 0.45 else None
        cast = [self.speakers[i % len(self.speakers)], self.speakers[(i * 7 + 3) % len(self.speakers)]]
        cast += [self._zipf_speaker() for _ in range(r.randint(3, 8))]
        town = r.choice(self.towns)
        size = int(r.triangular(1000, 12000, 4000))
        n_claims = max(2, min(14, round(size / 700 + r.uniform(-1, 1))))
        title = None
        if r.random() < 0.65:
            title = f"{cast[0].name} and {cast[1].name} trade blame over {town}"
        label = f"{cast[0].name} and {cast[1].name}: accounts of fighting near {town}"

        paragraphs: list[str] = []
        segments: list[dict] = []
        if r.random() < 0.2:
            stamp = f"{date_line or 'Undated'} · Advertisement · Share this page"
            paragraphs.append(stamp)
            segments.append({"kind": "page-furniture", "label": "Date stamp and advertisement label",
                             "start": stamp, "end": stamp, "author": None})
        if title:
            paragraphs.append(title)
            segments.append({"kind": "headline", "label": "Headline", "start": title, "end": title, "author": None})
        outlet_basis = None
        if outlet or author:
            by = f"By {author.mention()}" if author else "Staff report"
            byline = f"{by}, {outlet.mention()}" if outlet else by
            if date_line:
                byline += f" — {date_line}"
            paragraphs.append(byline)
            if outlet:
                outlet_basis = f"Byline '{byline}'"
        elif date_line:
            paragraphs.append(date_line)

        # Sentences: claims spread evenly among filler; affiliation evidence near the start.
        claims: list[ClaimRec] = []
        sentences: list[tuple[str, ClaimRec | None]] = []
        comments: list[Actor] = []
        for actor in self.coverage.get(i, []):  # every name of every actor occurs somewhere
            if actor.type == "commenter":
                comments.append(actor)
                continue
            others = ", ".join(actor.aliases[:-1]) + (" or " if len(actor.aliases) > 1 else "") + actor.aliases[-1]
            sentences.append((f"{actor.name}, also written {others}, was named in several of the reports.", None))
        sentences.append((f"{cast[0].mention()} and {cast[1].mention()} gave conflicting accounts of the fighting "
                          f"near {town}.", None))
        for actor, relation, target in affiliations:
            phrase = {"spokesman-of": "a spokesman for", "head-of": "the head of", "member-of": "a member of",
                      "part-of": "a unit of", "led-by": "a group led by", "backed-by": "a group backed by",
                      "allied-with": "an ally of", "successor-of": "the successor of",
                      "associated-with": "long associated with"}[relation]
            evidence = f"{actor.mention()}, {phrase} {target.mention()}"
            sentences.append((f"{evidence}, was named in the reports from {r.choice(self.towns)}.", None))
            actor.affiliations.append({"relation": relation, "target": target.id, "source": None, "evidence": evidence})
        repeated = r.random() < 0.05 and n_claims >= 3  # a formula that occurs twice, anchored by a prefix
        formula = f"the account of the events in {town} was false"
        for c in range(n_claims):
            role = r.choices(list(CLAIM_FRAMES), [40, 10, 15, 15, 5, 10, 5])[0]
            claimant = r.choice(cast) if r.random() < 0.85 else None
            subject = r.choice(cast)
            template, has_figure = r.choice(QUOTES)
            measure, verb = r.choice(MEASURES)
            unit = r.choice(UNITS)
            n1, n2 = r.randint(2, 60), r.randint(61, 120)
            values = {"N": str(n1), "N2": str(n2), "U": unit, "V": verb, "WP": r.choice(WEAPONS),
                      "T": r.choice(self.towns), "T2": r.choice(self.towns), "W": r.choice(WEEKDAYS),
                      "S": subject.mention()}
            if template.startswith("up to"):
                figure = {"min": None, "max": n1, "approximate": False}
            elif template.startswith("about"):
                figure = {"min": n1, "max": n1, "approximate": True}
            elif template.startswith("between"):
                figure = {"min": n1, "max": n2, "approximate": False}
            else:
                figure = {"min": n1, "max": n1, "approximate": False}
            quote = template.format(**values)
            if repeated and c < 2:
                quote = formula
                has_figure = False
            frame = r.choice(CLAIM_FRAMES[role])
            who = claimant.mention() if claimant else r.choice(["Local sources", "Officials", "Reports"])
            reporter = None
            if "{R}" in frame:
                reporter = r.choice(self.by_type["outlet"])
            sentence = frame.format(C=who, Q=quote, W=r.choice(WEEKDAYS),
                                    R=f"according to {reporter.mention()}" if reporter else "")
            sentence = sentence[0].upper() + sentence[1:]
            event = None
            if published and published[0]:
                if len(published[0]) == 10 and day:
                    when = day - dt.timedelta(days=r.randint(0, 3))
                    event = (when.isoformat(), f"'on {WEEKDAYS[when.weekday()]}', article dated {published[0]}")
                else:
                    event = (published[0], f"The article, dated {published[0]}, reports it as recent")
            elif r.random() < 0.3:
                event = (None, "The text does not say when it happened.")
            figures = []
            if has_figure:
                figures.append({"measure": measure, "unit": unit, "victims": VICTIMS[unit], **figure})
            number = len(self.claims) + len(claims) + 1
            cid = f"c{number:06d}-{slug(claimant.name if claimant else 'unattributed', 40)}-{role}"
            rec = ClaimRec(cid, quote, claimant.id if claimant else None, role,
                           [reporter.id] if reporter else [], [subject.id], event, figures,
                           unnamed=None if claimant else who, article=len(self.article_ids),
                           town=values["T"] if "{T}" in template else None)
            if role == "retracts":
                rec.status = "retracted"
            if r.random() < 0.1 and "“" in quote:
                rec.quote = quote.replace("“", '"').replace("”", '"')  # typed with straight quotes
            if r.random() < 0.05:
                rec.note = "Synthetic note: the figure differs from the one given later in the text."
            claims.append(rec)
            sentences.append((sentence, rec))
        # Interleave filler until the text reaches its size.
        claim_sentences = [s for s in sentences]
        body_len = sum(len(p) for p in paragraphs)
        filler: list[str] = []
        while body_len + sum(len(s) + 1 for s, _ in claim_sentences) + sum(len(f) + 1 for f in filler) < size:
            filler.append(self._fill(r.choice(FILLER), cast, day))
        order: list[tuple[str, ClaimRec | None]] = []
        gap = max(1, len(filler) // (len(claim_sentences) + 1))
        f_iter = iter(filler)
        for s in claim_sentences:
            for _ in range(gap):
                nxt = next(f_iter, None)
                if nxt is not None:
                    order.append((nxt, None))
            order.append(s)
        order += [(f, None) for f in f_iter]
        # Paragraphs of 1-5 sentences.
        k = 0
        while k < len(order):
            take = r.randint(1, 5)
            paragraphs.append(" ".join(s for s, _ in order[k:k + take]))
            k += take
        if r.random() < 0.08:
            appeal = "Support independent reporting from the region: donate today"
            paragraphs.append(appeal)
            segments.append({"kind": "donation-appeal", "label": "Donation appeal", "start": appeal,
                             "end": appeal, "author": None})
        if comments or r.random() < 0.1:
            widget = "Comments · Sign in to reply"
            paragraphs.append(widget)
            segments.append({"kind": "comment-widget", "label": "Comment section controls", "start": widget,
                             "end": widget, "author": None})
            comments += [r.choice(self.by_type["commenter"]) for _ in range(r.randint(0 if comments else 1, 2))]
            for commenter in comments:
                while True:
                    words = r.choice(["all lies", "not what we saw here", "propaganda, as usual"])
                    line = f"{commenter.name} wrote: this is {words} ({r.randint(1, 9999)}) — {commenter.aliases[0]}"
                    if line not in paragraphs:
                        break
                paragraphs.append(line)
                segments.append({"kind": "reader-comment", "label": "Reader comment", "start": line,
                                 "end": line, "author": commenter.id})
        body = "\n\n".join(paragraphs) + "\n"

        # Every quote must be found once (a prefix picks one where it occurs twice).
        folded = re.sub(r"\s+", " ", body.translate(anchoring.QUOTE_FOLD))
        norm = None
        seen: dict[str, int] = {}
        for rec in claims:
            k = anchoring.key(rec.quote)
            if folded.count(k) != 1:
                norm = norm or anchoring.normalise(body)
                rec.prefix = self._prefix(norm, rec.quote, seen.get(k, 0))
            seen[k] = seen.get(k, 0) + 1
        for seg in segments:
            if body.count(seg["start"]) != 1:
                raise RuntimeError(f"segment start {seg['start']!r} is not unique")

        # Contradictions inside the article: a denial against an assertion.
        asserts = [c for c in claims if c.role in ("asserts", "reports", "confirms") and c.status != "retracted"]
        denials = [c for c in claims if c.role == "denies"]
        if asserts and denials and r.random() < 0.5 and asserts[0].independent_of(denials[0]):
            a, d = asserts[0], denials[0]
            d.relations.append(("contradicts", a.id))
            a.status = d.status = "contested"

        ident_date = (published[0][:7] if published and published[0] else "undated")
        ident = f"{ident_date}-{slug(town, 30)}-{i:05d}"
        self.article_ids.append(ident)
        for actor, _, _ in affiliations:
            actor.affiliations[-1]["source"] = ident
        for rec in claims:
            self.claims[rec.id] = rec
        self.claims_by_article.append(claims)

        front = [
            "---", f"id: {ident}", f"title: {opt(title)}", f"label: {q(label)}",
            f"outlet: {outlet.id if outlet else 'null'}", f"outlet_basis: {opt(outlet_basis)}",
            *([f"url: {q('https://example.invalid/synthetic/' + ident)}"] if r.random() < 0.2 else
              ["url: null", "provenance_note: \"A synthetic article: it has no original page.\""]),
            f"author: {author.id if author else 'null'}",
        ]
        if published is None:
            front.append("published: null")
        else:
            front += ["published:", f"  date: {opt(published[0])}", f"  basis: {q(published[1])}"]
        front += [f"sha256: {q(hashlib.sha256(body.encode('utf-8')).hexdigest())}", "language: en"]
        if segments:
            front.append("segments:")
            for seg in segments:
                front += [f"  - kind: {seg['kind']}", f"    label: {q(seg['label'])}", f"    start: {q(seg['start'])}",
                          f"    end: {q(seg['end'])}", f"    author: {seg['author'] or 'null'}"]
        else:
            front.append("segments: []")
        front.append("---")
        self.files[f"articles/{ident}.md"] = "\n".join(front) + "\n" + body

    @staticmethod
    def _prefix(norm, quote: str, nth: int) -> str:
        """The shortest run of whole words before the nth occurrence that picks it out."""
        start = anchoring.occurrences(norm.text, anchoring.key(quote))[nth]
        words = norm.text[:start].rstrip().split(" ")
        for n in range(1, min(len(words), 12) + 1):
            prefix = " ".join(words[-n:])
            found = anchoring.anchor(norm, quote, prefix)
            if isinstance(found, anchoring.Found) and found.start == norm.starts[start]:
                return prefix
        raise RuntimeError(f"no prefix makes {quote!r} unique")

    # Cross-article structure ------------------------------------------------------------------

    def link(self) -> None:
        r = self.rng
        free = [c for claims in self.claims_by_article for c in claims if c.status == "unverified"]
        # Disputes: N/20, each 2-3 sides of 1-3 claims from different articles.
        n_disputes = max(1, self.n // 20)
        r.shuffle(free)
        pool = iter(free)
        disputes = []
        for d in range(n_disputes):
            sides = []
            for _ in range(r.choice([2, 2, 3])):
                side = [c for c in (next(pool, None) for _ in range(r.randint(1, 3))) if c is not None]
                if not side:
                    break
                sides.append(side)
            if len(sides) < 2:
                break
            for i, side in enumerate(sides):
                for c in side:  # contested if another voice takes another side
                    if any(c.independent_of(o) for j, other in enumerate(sides) if j != i for o in other):
                        c.status = "contested"
            disputes.append(sides)
        # Corroborations and same-as across articles, between claims no one contradicts.
        rest = [c for c in free if c.status == "unverified"]
        for a, b in zip(rest[0::7], rest[3::7]):
            if a.independent_of(b) and r.random() < 0.8:
                a.relations.append(("corroborates", b.id))
                a.status = b.status = "corroborated"
            elif not a.independent_of(b):  # the same source in two articles: the same statement
                a.relations.append(("same-as", b.id))
        self.disputes = disputes

    # Files -------------------------------------------------------------------------------------

    def write_claims(self) -> None:
        for ident, claims in zip(self.article_ids, self.claims_by_article):
            lines = [f"article: {ident}"]
            if not claims:
                lines.append("claims: []")
            else:
                lines.append("claims:")
            for c in claims:
                lines += [f"  - id: {c.id}", f"    quote: {q(c.quote)}", f"    prefix: {opt(c.prefix)}",
                          "    suffix: null", f"    claimant: {c.claimant or 'null'}",
                          *([f"    unnamed_source: {q(c.unnamed)}"] if c.unnamed else []), f"    role: {c.role}",
                          f"    reported_by: {ids(c.reported_by)}", f"    subjects: {ids(c.subjects)}"]
                if c.event_date is None:
                    lines.append("    event_date: null")
                else:
                    lines += ["    event_date:", f"      date: {opt(c.event_date[0])}", f"      basis: {q(c.event_date[1])}"]
                if c.event:
                    lines.append(f"    event: {c.event}")
                if c.figures:
                    lines.append("    figures:")
                    for f in c.figures:
                        lines += [f"      - measure: {f['measure']}", f"        unit: {q(f['unit'])}",
                                  f"        victims: {f['victims']}",
                                  f"        min: {'null' if f['min'] is None else f['min']}",
                                  f"        max: {'null' if f['max'] is None else f['max']}",
                                  f"        approximate: {'true' if f['approximate'] else 'false'}"]
                else:
                    lines.append("    figures: []")
                lines += [f"    status: {c.status}", f"    note: {opt(c.note)}"]
                if c.relations:
                    lines.append("    relations:")
                    for kind, other in c.relations:
                        lines += [f"      - type: {kind}", f"        claim: {other}"]
                else:
                    lines.append("    relations: []")
            self.files[f"annotations/claims/{ident}.yml"] = "\n".join(lines) + "\n"

    def write_actors(self) -> None:
        for a in self.actors:
            lines = [f"id: {a.id}", f"name: {q(a.name)}", f"type: {a.type}"]
            if a.aliases:
                lines.append("aliases:")
                lines += [f"  - {q(x)}" for x in a.aliases]
            else:
                lines.append("aliases: []")
            lines += [f"name_ar: {opt(a.name_ar)}", "wikidata: null", f"description: {q(a.description)}"]
            if a.affiliations:
                lines.append("affiliations:")
                for aff in a.affiliations:
                    lines += [f"  - relation: {aff['relation']}", f"    target: {aff['target']}",
                              f"    source: {aff['source']}", f"    evidence: {q(aff['evidence'])}",
                              "    prefix: null", "    suffix: null"]
            else:
                lines.append("affiliations: []")
            self.files[f"annotations/actors/{a.id}.yml"] = "\n".join(lines) + "\n"

    def write_disputes(self) -> None:
        r = self.rng
        previous = None
        for d, sides in enumerate(self.disputes, 1):
            town = r.choice(self.towns)
            ident = f"d{d:05d}-{slug(town, 40)}"
            status = "resolved" if r.random() < 0.2 else "open"
            lines = [f"id: {ident}", f"question: {q(f'Who is responsible for the fighting reported near {town}?')}",
                     f"status: {status}", "sides:"]
            for s, side in enumerate(sides, 1):
                lines += [f"  - position: {q(f'Account {s}: ' + ['the attack took place', 'no attack took place', 'the other side attacked first'][s - 1])}",
                          f"    claims: {ids([c.id for c in side])}"]
            lines.append("history:")
            start = dt.date(2025, 1, 1) + dt.timedelta(days=r.randrange(300))
            lines += [f"  - date: {q(start.isoformat())}", "    status: open",
                      f"    note: {q('Recorded from the articles; no source in the archive settles it.')}"]
            if status == "resolved":
                lines += [f"  - date: {q((start + dt.timedelta(days=30)).isoformat())}", "    status: resolved",
                          f"    note: {q('A later article in the archive settles it.')}"]
            related = [previous] if previous and r.random() < 0.2 else []
            lines.append(f"related: {ids(related)}")
            previous = ident
            self.files[f"annotations/disputes/{ident}.yml"] = "\n".join(lines) + "\n"

    # Places and events, from a random source of their own ------------------------------------

    def make_places_and_events(self) -> None:
        r = random.Random(f"conflict-archive-synthetic-places:{self.n}:{self.rng_seed}")

        def word() -> str:
            while True:
                w = ("".join(r.choice(ONSETS) + r.choice(VOWELS) for _ in range(r.randint(2, 3)))
                     + r.choice(CODAS)).capitalize()
                if len(w) >= 4 and w.lower() not in self.used_words:
                    self.used_words[w.lower()] = None
                    return w

        country = f"{word()}land"
        lines = ["id: synthetic-country", f"name: {q(country)}", "kind: country", "aliases: []", "parent: null",
                 "location:", "  lat: 35.0", "  lon: 38.0", "  precision: area",
                 f"  basis: {q('Synthetic: a made-up point for a made-up country.')}",
                 f"description: {q('The synthetic archive’s country.')}"]
        self.files["annotations/places/synthetic-country.yml"] = "\n".join(lines) + "\n"
        governorates = []
        for g in range(max(3, self.n // 200)):
            name = f"{word()} Governorate"
            ident = f"g{g:04d}-{slug(name, 40)}"
            governorates.append(ident)
            lines = [f"id: {ident}", f"name: {q(name)}", "kind: governorate", "aliases: []",
                     "parent: synthetic-country", "location:", f"  lat: {r.uniform(33.0, 37.0):.4f}",
                     f"  lon: {r.uniform(36.0, 41.0):.4f}", "  precision: area",
                     f"  basis: {q('Synthetic: a made-up point, not a real place.')}",
                     f"description: {q('A synthetic governorate.')}"]
            self.files[f"annotations/places/{ident}.yml"] = "\n".join(lines) + "\n"
        town_ids: dict[str, str] = {}
        for t, town in enumerate(self.towns):
            if town in town_ids:
                continue
            ident = f"t{t:05d}-{slug(town, 40)}"
            town_ids[town] = ident
            kind = "village" if town.startswith(("Kafr ", "Tell ", "Ain ", "Deir ")) else (
                "region" if town.endswith(" Heights") else "town")
            lines = [f"id: {ident}", f"name: {q(town)}", f"kind: {kind}", "aliases: []",
                     f"parent: {r.choice(governorates)}"]
            if r.random() < 0.9:
                lines += ["location:", f"  lat: {r.uniform(32.5, 37.2):.5f}", f"  lon: {r.uniform(35.8, 41.5):.5f}",
                          f"  precision: {'area' if kind == 'region' else 'settlement'}",
                          f"  basis: {q('Synthetic: a made-up point, not a real place.')}"]
            else:
                lines += ["location: null",
                          f"location_unknown: {q('Synthetic: no gazetteer entry is made up for this town.')}"]
            lines.append(f"description: {q(f'A synthetic {kind}.')}")
            self.files[f"annotations/places/{ident}.yml"] = "\n".join(lines) + "\n"
        by_town: dict[str, list[ClaimRec]] = {}
        for claims in self.claims_by_article:
            for c in claims:
                if c.town:
                    by_town.setdefault(c.town, []).append(c)
        towns = [t for t in town_ids if t in by_town]
        r.shuffle(towns)
        for e, town in enumerate(towns[: max(1, self.n // 4)]):
            # Claims of one year (or undated) about the town: an event is not years long.
            seed = r.choice(by_town[town])
            year = seed.event_date[0][:4] if seed.event_date and seed.event_date[0] else None
            fits = [c for c in by_town[town] if c is not seed and (
                not (c.event_date and c.event_date[0]) or year is None or c.event_date[0][:4] == year)]
            members = sorted([seed, *r.sample(fits, min(5, len(fits)))], key=lambda c: c.id)
            ident = f"e{e:05d}-{slug(town, 40)}"
            for c in members:
                c.event = ident
            dates = sorted(c.event_date[0] for c in members if c.event_date and c.event_date[0])
            quote = members[0].quote
            kind = next((k for words, k in EVENT_TYPES if words in quote), "clash")
            parties = list(dict.fromkeys(s for c in members for s in c.subjects))[:3]
            lines = [f"id: {ident}", f"title: {q(f'Fighting reported near {town}')}", f"type: {kind}", "when:"]
            if dates:
                lines += [f"  start: {q(dates[0])}", f"  end: {q(dates[-1]) if dates[-1] != dates[0] else 'null'}",
                          f"  basis: {q('The span of the event dates of the claims that describe it.')}"]
            else:
                lines += ["  start: null", f"  basis: {q('Not stated: no claim about it gives a date.')}"]
            lines += [f"places: [{town_ids[town]}]", f"parties: {ids(parties)}", "equipment: []",
                      f"description: {q(f'A synthetic event at {town}, described by {len(members)} claims.')}"]
            self.files[f"annotations/events/{ident}.yml"] = "\n".join(lines) + "\n"

    def run(self) -> dict[str, str]:
        self.make_actors()
        relations = ["spokesman-of", "head-of", "member-of"]
        group_relations = ["part-of", "backed-by", "allied-with", "successor-of", "associated-with", "led-by"]
        planned: dict[int, list[tuple[Actor, str, Actor]]] = {}
        for actor in self.actors:
            if actor.type == "commenter" or self.rng.random() > 0.2:
                continue
            targets = [t for t in self.speakers if t is not actor and t.type not in ("person",)]
            target = self.rng.choice(targets)
            relation = self.rng.choice(relations if actor.type == "person" else group_relations)
            planned.setdefault(self.rng.randrange(self.n), []).append((actor, relation, target))
        self.coverage: dict[int, list[Actor]] = {}
        for actor in self.actors:
            self.coverage.setdefault(actor.index % self.n, []).append(actor)
        for i in range(self.n):
            self.article(i, planned.get(i, []))
        self.link()
        self.make_places_and_events()
        self.write_claims()
        self.write_actors()
        self.write_disputes()
        return dict(sorted(self.files.items()))


def generate(n: int, seed: int) -> dict[str, str]:
    """Every file of the synthetic archive, by its path relative to the archive root."""
    return Generator(n, seed).run()


def write(files: dict[str, str], out: Path, force: bool = False) -> None:
    for folder in ("articles", "annotations"):
        target = out / folder
        if target.exists():
            if not force:
                raise SystemExit(f"{target} exists; pass --force to replace it")
            shutil.rmtree(target)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, metavar="N", help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace articles/ and annotations/ in OUT_DIR")
    parser.add_argument("--verify", action="store_true", help="run the archive check on the result")
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    files = generate(args.articles, args.seed)
    write(files, args.out, args.force)
    counts = {kind: sum(1 for p in files if p.startswith(prefix)) for kind, prefix in
              [("articles", "articles/"), ("actors", "annotations/actors/"), ("claims files", "annotations/claims/"),
               ("disputes", "annotations/disputes/"), ("places", "annotations/places/"),
               ("events", "annotations/events/")]}
    size = sum(len(t.encode()) for p, t in files.items() if p.startswith("articles/"))
    print(f"wrote {', '.join(f'{v} {k}' for k, v in counts.items())} ({size / 1e6:.1f} MB of articles) to {args.out}",
          file=sys.stderr)
    if args.verify:
        from build_scripts import pipeline
        result = pipeline.check(args.out)
        print(f"check: {result.report.summary()}", file=sys.stderr)
        for d in result.report.sorted()[:20]:
            print(d.format(), file=sys.stderr)
        return 0 if result.report.ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
