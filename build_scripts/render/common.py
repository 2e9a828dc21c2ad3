"""Small pure helpers shared by the page renderers.

Markup is written in templates (build_scripts/templates/), which escape every value that is not
Markup; the helpers here that return HTML return Markup made by the macros of `common.html`.
Text for a Markdown heading passes through `md_text`.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterable

from markupsafe import Markup

from build_scripts import vocabulary as v
from build_scripts.render.templating import ENV, esc, escape_output, html, macros, safe
from build_scripts.schema import DateValue

# The archive's name, as in mkdocs.yml's site_name: the author of its structured data and citations.
ARCHIVE_NAME = "Idlib Conflict Reporting Archive"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# Python-Markdown's escapable characters; `<`, `>` and `&` are HTML-escaped before this.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(text: str) -> str:
    """Text for a Markdown heading: HTML-escaped, Markdown syntax neutralised, one line."""
    return _MD_SPECIAL.sub(r"\\\1", esc(" ".join(text.split())))


def h2(text: str) -> str:
    """A section heading; any heading that carries data must be built here."""
    return f"## {md_text(text)}"


def _relpath(to: str, start: str) -> str:
    """posixpath.relpath("/" + to, "/" + start), without its absolute-path work: the common
    leading folders are dropped and "../" climbs out of the rest. Called for every link of
    every page, so it is kept cheap; anything unusual (".", "..") goes to posixpath."""
    start_parts, start_odd = _folders(start)
    to_parts, to_odd = _folders(to)
    if start_odd or to_odd:
        return posixpath.relpath("/" + to, "/" + start)
    common, limit = 0, min(len(start_parts), len(to_parts))
    while common < limit and start_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + list(to_parts[common:])) or "."


def _folders(path: str) -> tuple[tuple[str, ...], bool]:
    """The parts of a path, and whether any is "." or "..": the same pages are linked from many,
    so they are kept, in a plain dictionary (an lru_cache keeps a list per entry for the garbage
    collector to walk), emptied when it is full."""
    found = _FOLDERS.get(path)
    if found is None:
        if len(_FOLDERS) >= 1 << 16:
            _FOLDERS.clear()
        parts = tuple(p for p in path.split("/") if p)
        found = _FOLDERS[path] = parts, "." in parts or ".." in parts
    return found


_FOLDERS: dict[str, tuple[tuple[str, ...], bool]] = {}


def href(from_url: str, to_url: str, fragment: str = "") -> str:
    """A relative link between two directory-style page URLs such as 'articles/x/'."""
    rel = _relpath(to_url, from_url)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def file_href(from_url: str, path: str) -> str:
    """A relative link from a directory-style page URL to a file such as 'data/claims.csv'."""
    return _relpath(path, from_url)


def link(from_url: str, to_url: str, inner: str, cls: str = "", fragment: str = "", title: str = "") -> Markup:
    """A link; `inner` is text (escaped) or Markup. The one element written here rather than in a
    template: a large archive has hundreds of thousands of links, and a macro call costs several
    times this string. Every value in it is escaped all the same."""
    attrs = (f' class="{esc(cls)}"' if cls else "") + (f' title="{esc(title)}"' if title else "")
    return safe(f'<a href="{esc(href(from_url, to_url, fragment))}"{attrs}>{escape_output(inner)}</a>')


a = link


# Scripts by the first word of their characters' Unicode names: ISO 15924 code and direction.
_SCRIPTS = {
    "ARABIC": ("Arab", "rtl"), "HEBREW": ("Hebr", "rtl"), "SYRIAC": ("Syrc", "rtl"), "THAANA": ("Thaa", "rtl"),
    "NKO": ("Nkoo", "rtl"), "CYRILLIC": ("Cyrl", "ltr"), "GREEK": ("Grek", "ltr"), "ARMENIAN": ("Armn", "ltr"),
    "GEORGIAN": ("Geor", "ltr"), "DEVANAGARI": ("Deva", "ltr"), "THAI": ("Thai", "ltr"), "CJK": ("Hani", "ltr"),
    "HIRAGANA": ("Hira", "ltr"), "KATAKANA": ("Kana", "ltr"), "HANGUL": ("Hang", "ltr"),
}


def scripts_of(text: str) -> set[tuple[str, str]]:
    """The (script code, direction) of every letter of `text` that is not Latin; ("", "auto")
    for a script not listed above."""
    return set(_scripts(text))


@functools.lru_cache(maxsize=1 << 16)
def _scripts(text: str) -> frozenset[tuple[str, str]]:
    """scripts_of, remembered: the same names are written on many pages."""
    if text.isascii():  # every ASCII letter is Latin
        return frozenset()
    found = set()
    for ch in text:
        if not ch.isalpha():
            continue
        first = unicodedata.name(ch, "").split(" ")[0]
        if first != "LATIN":
            found.add(_SCRIPTS.get(first, ("", "auto")))
    return frozenset(found)


def name_html(text: str, lang: str | None = None) -> str:
    """A name as it appears inside English text: escaped, and, if it is written in another script,
    isolated in a `<bdi>` with its language (or script) and direction, so that an Arabic name
    cannot reorder the words and punctuation around it. `lang` is the language when it is known
    (an actor's `name_ar`); otherwise only the script is stated, as `und-Arab` and the like."""
    scripts = _scripts(text)
    if not scripts:
        return html(text)
    mixed = len(scripts) > 1 or any(_is_latin(ch) for ch in text if ch.isalpha())
    code, direction = next(iter(scripts)) if not mixed else ("", "auto")
    return _common().bdi(text, lang or (f"und-{code}" if code else ""), direction)


# A run of letters in a right-to-left script, with the spaces and marks between its words.
_RTL_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:[ \u200c\u200d]+[\u0590-\u08ff\ufb1d-\ufdff"
                      "\ufe70-\ufeff]+)*")


def text_html(text: str) -> Markup | str:
    """Contributor prose that may quote a name in a right-to-left script ("Sputnik Arabic
    describes a village 'عين لاروز'"): escaped, each such run isolated in a `<bdi>` as
    `name_html` isolates a name, so that it cannot reorder the English around it."""
    if text.isascii() or not _RTL_RUN.search(text):
        return html(text)
    out, pos = [], 0
    for match in _RTL_RUN.finditer(text):
        out += [html(text[pos:match.start()]), name_html(match.group())]
        pos = match.end()
    out.append(html(text[pos:]))
    return safe("".join(out))


def isolate(text: str) -> str:
    """Plain text (a Markdown heading, an attribute) with a name in another script isolated by
    the Unicode characters FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, the plain-text
    equivalent of `<bdi dir="auto">`."""
    return f"\u2068{text}\u2069" if _scripts(text) else text


def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


# Tatweel, the Arabic letter-stretching stroke: a typographic choice, no part of a name's spelling.
_TATWEEL = "\u0640"


def name_order(name: str, ident: str = "") -> tuple[str, str, str]:
    """The key a list sorts names by, as they are shown: case-insensitive, accents, Arabic vowel
    marks and hamza seats (combining marks once decomposed), tatweel and invisible format
    characters set aside, so that "Émile" sorts with "emile" and "أحمد" with "احمد"; then the
    name itself and the id, so that equal names keep one order. Code point order, never the
    machine's locale: the order is the same on every build (Latin before Arabic script)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                     if ch != _TATWEEL and unicodedata.category(ch) not in ("Mn", "Cf"))
    return " ".join(folded.casefold().split()), name, ident


def actor_link(from_url: str, actor, cls: str = "", fragment: str = "") -> Markup:
    """A link to an actor's page, its name isolated if it is written in another script; just the
    name for an actor that has no page (a commenter with no claim)."""
    if not actor.has_page:
        return safe(name_html(actor.name))
    return link(from_url, actor.url, name_html(actor.name), cls=cls, fragment=fragment)


@functools.cache
def unknown(text: str = "not identified") -> Markup:
    return _common().unknown(text)


@functools.cache
def _where_badge(kind: str) -> Markup:
    return _common().where_badge(kind, v.CLAIM_LOCATIONS[kind])


def where_badge(claim) -> Markup | str:
    """A badge saying where on the page a claim's quote stands (headline, reader comment…);
    nothing for the article's own text."""
    kind = claim.location
    return "" if kind == "body" else _where_badge(kind)


def claimant_html(from_url: str, claim) -> Markup:
    """Who speaks (`voice_html`), and where on the page when not in the article's own text."""
    badge = where_badge(claim)
    return safe(voice_html(from_url, claim) + (Markup(" ") + badge if badge else ""))


def voice_html(from_url: str, claim) -> Markup:
    """Who speaks in a claim: a link to its claimant, an unnamed source in the text's own words,
    or the article's own voice; never an empty "unknown"."""
    if claim.claimant is not None:
        return actor_link(from_url, claim.claimant)
    if claim.data.unnamed_source:
        return _common().unnamed(claim.data.unnamed_source)
    return unknown("the article's own voice")


# Characters that could end or confuse a <script> element or an HTML parser, written as JSON
# escapes instead; the JSON value is unchanged (RFC 8259 allows \uXXXX for any character).
_JSON_IN_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_ld(data: dict) -> Markup:
    """Structured data in a script element of type application/ld+json: data, never run by the
    browser, so the Content-Security-Policy allows it. No `<` survives, so the text cannot close
    the element or open a comment, whatever the contributor wrote: that is what makes it Markup."""
    text = _JSON_LD(data)
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = _JSON_IN_HTML_RE.sub(lambda m: _JSON_IN_HTML[m.group()], text)
    return _common().json_ld(safe(text))


# json.dumps(data, ensure_ascii=False, separators=(",", ":")) without a new encoder per call; the
# characters above are rare, so looked for before any replacing (str.translate with this table
# is several times slower than the search).
_JSON_LD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_JSON_IN_HTML_RE = re.compile("[<>&\u2028\u2029]")


# json.dumps(value, ensure_ascii=False), without making a new encoder at every call.
_JSON = json.JSONEncoder(ensure_ascii=False).encode


def front_matter(**fields: object) -> str:
    """YAML front matter; JSON strings are valid YAML, so every value is quoted safely."""
    lines = ["---"]
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{name}:")
            lines.extend(f"  - {_JSON(item)}" for item in value)
        elif isinstance(value, dict):
            lines.append(f"{name}:")
            lines.extend(f"  {k}: {_JSON(val)}" for k, val in value.items())
        else:
            lines.append(f"{name}: {_JSON(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def page(title: str, source: str | None, body: Iterable[str], description: str = "", boost: float | None = None,
         hide: tuple[str, ...] = ("navigation",), search_terms: Iterable[str] = ()) -> str:
    """A generated page. Generated pages hide the navigation sidebar: entities are reached
    through index pages and links, never through the navigation (which every page repeats).
    `search_terms` are words that Material's search ranks this page first for (its `tags`
    field, weighted far above a title); each must also be printed on the page."""
    # No `title` key: MkDocs takes the title from the escaped H1, keeping entities, whereas the
    # theme prints a front-matter title raw into <title>. The theme also prints the description
    # raw into an attribute, so it is HTML-escaped here, for that one context. Material's search
    # reads `tags` as markup (and shows them in its results), so they are escaped too.
    fm = front_matter(description=esc(" ".join(description.split())) if description else None, source=source,
                      hide=list(hide) or None, search={"boost": boost} if boost else None,
                      tags=[str(esc(term)) for term in search_terms] or None)
    blocks = [fm, f"# {md_text(title)}"] + [b for b in body if b]
    return "\n\n".join([str.strip(b, "\n") for b in blocks]) + "\n"  # str's strip: Markup's is slow


def format_date(value: str | None) -> str:
    if not value:
        return "not identified"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"


@functools.lru_cache(maxsize=1 << 14)
def date_html(value: DateValue | None, with_basis: bool = True) -> Markup:
    """A date with its precision (and the words it comes from); remembered, as the claims of an
    article share its dates."""
    return _common().date(value, with_basis)


@functools.cache
def status_badge(status: str, kind: str = "claim") -> Markup:
    return _common().status_badge(status, kind)


@functools.cache
def definition(text: str) -> Markup:
    return _common().definition(text)


def table(headers: list[str], rows: list[list[str]], sortable: bool = True, empty: str = "None yet.") -> Markup:
    """A table; cells are text (escaped) or Markup."""
    return _common().table(headers, table_rows(rows), sortable, empty)


def table_rows(rows: list[list[str]]) -> list[tuple[str, str, list[str]]]:
    """Rows for the `table` macro: (the newline before the row, its first cell, the others)."""
    return [("\n" if i else "", row[0], row[1:]) for i, row in enumerate(rows)]


def card_table(headers: list[str], rows: list[list[str]], empty: str = "None yet.",
               attrs: list[list[tuple[str, str]]] | None = None) -> Markup:
    """A sortable table shown as a stack of cards on a phone, each cell with its column's name;
    cells are text (escaped) or Markup. `attrs`, one list per row, gives each row data attributes
    (name without `data-`, value escaped) and marks the table as one a filter form may filter."""
    labels = headers[1:]
    extra = attrs if attrs is not None else [[] for _ in rows]
    return _common().card_table(headers, [(sep, first, list(zip(labels, rest, strict=True)), row_attrs)
                                          for (sep, first, rest), row_attrs
                                          in zip(table_rows(rows), extra, strict=True)],
                                empty, attrs is not None)


def ul(items: Iterable[str], cls: str = "") -> Markup | str:
    """A list of text (escaped) or Markup items; nothing when there are none."""
    items = list(items)
    return _common().ul(items, cls) if items else ""


def excerpt(text: str, limit: int = 140) -> str:
    """The start of `text` on one line, cut at `limit` characters. Not remembered: a claim's
    quote is a new string at every call, so a cache held a copy of every quote per limit (tens
    of MB in a large archive) to save less than a microsecond a call. A text whose only
    whitespace is single spaces inside it, the usual quote, is used as it is: every other
    whitespace character is unprintable, so `isprintable` finds it."""
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def figure_range(figure) -> str:
    """A figure's number as the source bounds it: "40", "up to 40", "more than 12", "between 10
    and 20", "more than 12 and fewer than 20"; "about" when the source says so."""
    low, high = figure.min, figure.max
    if low is not None and low == high:
        text = number(low)
    elif high is None:
        text = f"{'more than' if figure.min_exclusive else 'at least'} {number(low)}"
    elif low is None:
        text = f"{'fewer than' if figure.max_exclusive else 'up to'} {number(high)}"
    elif figure.min_exclusive or figure.max_exclusive:
        text = (f"{'more than' if figure.min_exclusive else 'at least'} {number(low)} and "
                f"{'fewer than' if figure.max_exclusive else 'at most'} {number(high)}")
    else:
        text = f"between {number(low)} and {number(high)}"
    return f"about {text}" if figure.approximate else text


def period_text(period) -> str:
    """When something holds, in words: "2000 – December 2024", "since 2014", "until 2016";
    "" when neither end is known (the basis then says what is known)."""
    start = format_date(period.start) if period.start else None
    end = format_date(period.end) if period.end else None
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


# A date's precision as the tie-break of its sort key: at the same first day, the day before the
# month, the month before the year.
_PRECISION_RANK = {10: "1", 7: "2", 4: "3"}


def date_sort_key(value: str | None) -> str:
    """The key a date sorts by in a table: the first day of the interval it denotes, then its
    precision, so that "2020" sorts with 1 January 2020, after the day and the month that begin
    on it and before 2 January 2020 ("2020-01-01 3"). An unknown date has the empty key, which
    the tables' script keeps last whichever way the column is sorted (docs/javascripts/sort-tables.js).
    No key reads as a number: the script sorts numbers before text."""
    if not value:
        return ""
    start = value + "-01-01"[: 10 - len(value)]
    return f"{start} {_PRECISION_RANK[len(value)]}"


@functools.lru_cache(maxsize=1 << 14)
def sort_key(key: str, inner: str | int) -> Markup:
    """A table cell's content with the key its column sorts by; remembered, as numbers and dates
    repeat from row to row."""
    return _common().sort_key(key, inner)


def code(text: str) -> Markup:
    return _common().code(text)


def empty_line(text: str) -> Markup:
    """The line that stands for an empty list."""
    return _common().empty_line(text)


def dispute_item(from_url: str, dispute) -> Markup:
    """A dispute in a list: its question, linked, and its status."""
    return _common().dispute_item(from_url, dispute)


def event_when(event) -> str:
    """An event's time in words, as precise as the texts allow: "23 January 2020", "22–23 January
    2020", "December 2019 to 23 January 2020", "14 July, year not stated, not before 14 July
    2020", "not stated, not before 14 July 2020", or "not stated"."""
    when = event.data.when
    if when.start is None:
        if when.day_month:
            month, day = (int(p) for p in when.day_month.split("-"))
            text = f"{day} {MONTHS[month - 1]}, year not stated"
        else:
            text = "not stated"
        return text + (f", not before {format_date(when.not_before)}" if when.not_before else "")
    if when.end is None or when.end == when.start:
        return format_date(when.start)
    if len(when.start) == len(when.end) == 10 and when.start[:7] == when.end[:7]:  # days of one month
        return f"{int(when.start[8:])}–{format_date(when.end)}"
    return f"{format_date(when.start)} to {format_date(when.end)}"


def event_item(from_url: str, event, claims: int | None = None) -> Markup:
    """An event in a list: its title, linked, its type and time; with `claims`, how many of the
    listing page's claims describe it."""
    return _common().event_item(from_url, event, event_when(event), claims)


def _common():
    return macros("common.html")


ENV.globals.update(IN_PLACE=frozenset({"headline", "caption"}), CLAIM_STATUSES=v.CLAIM_STATUSES,
                   DISPUTE_STATUSES=v.DISPUTE_STATUSES, ROLES=v.ROLES,
                   format_date=format_date, link=link, actor_link=actor_link, status_badge=status_badge,
                   definition=definition, unknown=unknown, date_html=date_html, where_badge=where_badge,
                   voice_html=voice_html, period_text=period_text,
                   href=href, file_href=file_href, name_html=name_html, text_html=text_html, isolate=isolate,
                   excerpt=excerpt,
                   number=number, plural=plural)
