"""Small pure helpers shared by the page renderers.

Every string that comes from an article or a YAML file passes through `esc` (HTML) or `md_text`
(Markdown heading) before it reaches a page; renderers never build HTML from unescaped data.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterable

from build_scripts import vocabulary as v
from build_scripts.schema import DateValue

# The archive's name, as in mkdocs.yml's site_name: the author of its structured data and citations.
ARCHIVE_NAME = "Idlib Conflict Reporting Archive"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# Python-Markdown's escapable characters; `<`, `>` and `&` are HTML-escaped before this.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def esc(text: str) -> str:
    """Text for HTML content or a quoted attribute (html.escape with quotes). Most texts need
    nothing escaped, and five `in` tests are cheaper than html.escape's five replacements: this
    runs millions of times in a large archive."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


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
    start_parts = [p for p in start.split("/") if p]
    to_parts = [p for p in to.split("/") if p]
    if "." in start_parts or ".." in start_parts or "." in to_parts or ".." in to_parts:
        return posixpath.relpath("/" + to, "/" + start)
    common, limit = 0, min(len(start_parts), len(to_parts))
    while common < limit and start_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + to_parts[common:]) or "."


def href(from_url: str, to_url: str, fragment: str = "") -> str:
    """A relative link between two directory-style page URLs such as 'articles/x/'."""
    rel = _relpath(to_url, from_url)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def file_href(from_url: str, path: str) -> str:
    """A relative link from a directory-style page URL to a file such as 'data/claims.csv'."""
    return _relpath(path, from_url)


def link(from_url: str, to_url: str, inner_html: str, cls: str = "", fragment: str = "", title: str = "") -> str:
    """A link whose content is HTML already escaped by the caller (see `a` for plain text)."""
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(href(from_url, to_url, fragment))}"{attrs}>{inner_html}</a>'


def a(from_url: str, to_url: str, text: str, cls: str = "", fragment: str = "", title: str = "") -> str:
    return link(from_url, to_url, esc(text), cls, fragment, title)


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
        return esc(text)
    mixed = len(scripts) > 1 or any(_is_latin(ch) for ch in text if ch.isalpha())
    code, direction = next(iter(scripts)) if not mixed else ("", "auto")
    tag = lang or (f"und-{code}" if code else "")
    lang_attr = f' lang="{esc(tag)}"' if tag else ""
    return f'<bdi{lang_attr} dir="{direction}">{esc(text)}</bdi>'


def isolate(text: str) -> str:
    """Plain text (a Markdown heading, an attribute) with a name in another script isolated by
    the Unicode characters FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, the plain-text
    equivalent of `<bdi dir="auto">`."""
    return f"\u2068{text}\u2069" if _scripts(text) else text


def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def actor_link(from_url: str, actor, cls: str = "", fragment: str = "") -> str:
    """A link to an actor's page, its name isolated if it is written in another script."""
    return link(from_url, actor.url, name_html(actor.name), cls=cls, fragment=fragment)


def unknown(text: str = "not identified") -> str:
    return f'<span class="unknown">{esc(text)}</span>'


# Characters that could end or confuse a <script> element or an HTML parser, written as JSON
# escapes instead; the JSON value is unchanged (RFC 8259 allows \uXXXX for any character).
_JSON_IN_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_ld(data: dict) -> str:
    """Structured data as `<script type="application/ld+json">`: data, never run by the browser,
    so the Content-Security-Policy allows it. No `<` survives, so the text cannot close the
    element (`</script>`) or open a comment, whatever the contributor wrote."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = re.sub("[<>&\u2028\u2029]", lambda m: _JSON_IN_HTML[m.group()], text)
    return f'<script type="application/ld+json">{text}</script>'


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
         hide: tuple[str, ...] = ("navigation",)) -> str:
    """A generated page. Generated pages hide the navigation sidebar: entities are reached
    through index pages and links, never through the navigation (which every page repeats)."""
    # No `title` key: MkDocs takes the title from the escaped H1, keeping entities, whereas the
    # theme prints a front-matter title raw into <title>. The theme also prints the description
    # raw into an attribute, so it is HTML-escaped here, for that one context.
    fm = front_matter(description=esc(" ".join(description.split())) if description else None, source=source,
                      hide=list(hide) or None, search={"boost": boost} if boost else None)
    blocks = [fm, f"# {md_text(title)}"] + [b for b in body if b]
    return "\n\n".join(b.strip("\n") for b in blocks) + "\n"


def format_date(value: str | None) -> str:
    if not value:
        return "not identified"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"


def date_html(value: DateValue | None, with_basis: bool = True) -> str:
    if value is None:
        return unknown()
    if value.date is None:
        text = unknown()
    else:
        text = f'<time datetime="{esc(value.date)}">{esc(format_date(value.date))}</time>' \
               f' <span class="precision">({esc(value.precision)} precision)</span>'
    if with_basis:
        text += f'<br><span class="basis">Basis: {esc(value.basis)}</span>'
    return text


def status_badge(status: str, kind: str = "claim") -> str:
    definitions = v.CLAIM_STATUSES if kind == "claim" else v.DISPUTE_STATUSES
    return (f'<span class="status-badge status-{esc(status)}" title="{esc(definitions[status])}">'
            f'{esc(status.replace("-", " "))}</span>')


def definition(text: str) -> str:
    return f'<span class="definition">{esc(text)}</span>'


def dl(rows: Iterable[tuple[str, str]], cls: str = "meta-card") -> str:
    """A definition list; values are HTML already escaped by the caller."""
    items = "\n".join(f"<dt>{esc(k)}</dt>\n<dd>{val}</dd>" for k, val in rows)
    return f'<div class="{cls}"><dl>{items}</dl></div>'


def table(headers: list[str], rows: list[list[str]], sortable: bool = True, empty: str = "None yet.") -> str:
    """An HTML table; cells are HTML already escaped by the caller. No class attribute, so the
    theme styles it like any Markdown table; sorting is switched on by `data-sortable`."""
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    # Newlines between cells: the search indexer joins adjacent text nodes into one word otherwise.
    head = "\n".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "\n".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    attr = " data-sortable" if sortable else ""
    return f'<div class="table-wrap"><table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def ul(items: Iterable[str], cls: str = "") -> str:
    items = list(items)
    if not items:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "\n".join(f"<li>{i}</li>" for i in items) + "</ul>"


def excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
