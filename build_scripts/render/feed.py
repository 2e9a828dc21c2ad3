"""The Atom feed (RFC 4287) of articles and disputes as they are added to the archive: /feed.xml.

Every date comes from the data, never from the clock, so the same archive gives the same feed:

- an article's entry is dated by the day it was added to the archive (`added` in its front
  matter); an article without that date is left out, because its place in the feed would be a
  guess. The day it was first published, with its precision, is in the entry's summary.
- a dispute's entry is published on its first history entry and updated on its latest.
- a correction to an entry's record updates the entry on the correction's day.

When the site's public address is known (ARCHIVE_SITE_URL), every link is absolute and the feed
gives it as its `xml:base`; otherwise links are relative to the feed's own address, which a feed
reader resolves (RFC 4287 §4.2.7).
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import XMLGenerator

from build_scripts.model import Archive, Article, Dispute
from build_scripts.render.common import ARCHIVE_NAME, format_date, plural

PATH = "feed.xml"
# Entry ids are name-based UUIDs of the record's kind and id, so they never change.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:idlib-conflict-reporting-archive")
# Characters XML 1.0 does not allow in a document; never in valid data, dropped if they were.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Entry:
    kind: str
    ident: str
    title: str
    link: str
    published: str
    updated: str
    summary: str


def clean(value: str) -> str:
    """`value` without the characters XML cannot carry; the writer escapes the rest."""
    return _NOT_XML.sub("", value)


def entry_id(kind: str, ident: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{ident}')}"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _corrected(data, day: str) -> str:
    return max([day, *(c.date for c in data.corrections)])


def _article(article: Article) -> Entry | None:
    m = article.meta
    if not m.added:
        return None
    outlet = article.outlet.name if article.outlet else "outlet not identified"
    if m.published and m.published.date:
        when = f"first published {format_date(m.published.date)} ({m.published.precision} precision)"
    else:
        when = "publication date not identified"
    summary = (f"Article added to the archive: {outlet}, {when}. The text as published, with "
               f"{plural(len(article.claims), 'annotated claim')}.")
    return Entry("article", article.id, article.display_title, article.url, m.added, _corrected(m, m.added), summary)


def _dispute(dispute: Dispute) -> Entry:
    d = dispute.data
    summary = (f"Dispute ({d.status}): {d.question} {plural(len(dispute.sides), 'side')}, "
               f"{plural(len(dispute.claims), 'claim')} from {plural(len(dispute.articles), 'article')}.")
    return Entry("dispute", dispute.id, d.question, dispute.url, d.history[0].date,
                 _corrected(d, d.history[-1].date), summary)


def entries(archive: Archive) -> list[Entry]:
    found = [e for e in (_article(a) for a in archive.articles.values()) if e]
    found += [_dispute(d) for d in archive.disputes.values()]
    return sorted(found, key=lambda e: (e.updated, e.published, e.kind, e.ident), reverse=True)


class _Writer:
    """Atom elements through an XML writer, one to a line, indented by depth."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        self.xml = XMLGenerator(self.out, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def start(self, name: str, inline: bool = False, **attrs: str) -> None:
        if self.depth and not inline:
            self.xml.ignorableWhitespace("\n" + "  " * self.depth)
        self.xml.startElement(name, {key.replace("_", ":"): clean(value) for key, value in attrs.items()})
        self.depth += 1

    def end(self, name: str, newline: bool = True) -> None:
        self.depth -= 1
        if newline:
            self.xml.ignorableWhitespace("\n" + "  " * self.depth)
        self.xml.endElement(name)

    def element(self, name: str, text: str = "", inline: bool = False, **attrs: str) -> None:
        self.start(name, inline, **attrs)
        if text:
            self.xml.characters(clean(text))
        self.end(name, newline=False)


def render(archive: Archive, site_url: str | None = None) -> str | None:
    """The feed document, or None when nothing in the archive is dated; `site_url`, the site's
    public address ending in '/', if known."""
    items = entries(archive)
    if not items:
        return None
    base = site_url or ""
    w = _Writer()
    w.xml.startDocument()
    if site_url:
        w.start("feed", xmlns="http://www.w3.org/2005/Atom", xml_lang="en", xml_base=site_url)
    else:
        w.start("feed", xmlns="http://www.w3.org/2005/Atom", xml_lang="en")
    w.element("title", f"{ARCHIVE_NAME}: new articles and disputes")
    w.element("subtitle", "Articles and disputes as they are added to the archive, dated by the archive's records.")
    w.element("id", entry_id("feed", "archive"))
    w.element("updated", _stamp(max(e.updated for e in items)))
    w.element("link", rel="self", type="application/atom+xml", href=base + PATH)
    w.element("link", rel="alternate", type="text/html", href=base or "./")
    w.start("author")
    w.element("name", f"{ARCHIVE_NAME} contributors", inline=True)
    w.end("author", newline=False)
    for e in items:
        w.start("entry")
        w.element("title", e.title)
        w.element("id", entry_id(e.kind, e.ident))
        w.element("link", rel="alternate", type="text/html", href=base + e.link)
        w.element("published", _stamp(e.published))
        w.element("updated", _stamp(e.updated))
        w.element("category", term=e.kind, label=e.kind.capitalize())
        w.element("summary", e.summary)
        w.end("entry")
    w.end("feed")
    w.xml.endDocument()
    return w.out.getvalue() + "\n"
