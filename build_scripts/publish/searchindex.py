"""Material's search entries for generated pages, without parsing each page again with html.parser.

Material's search plugin indexes a page by feeding its finished HTML to `Parser`, an
html.parser subclass that splits it into sections, one per heading with an `id`, and collects
each section's title and text. For a generated page that was a third of the site's build: every
tag goes through html.parser's tokenizer and then through handlers that compare it with each open
element, one Python call at a time.

`sections` reads the same HTML in one pass of one regular expression over its tags and gives the
sections `Parser` would give, list for list (the same titles and texts, kept tags, collapsed
whitespace and escapes, the same ids, the same quirks: an empty kept element dropped only when it
is the first of its name in the section, a heading's title gathered inside any element of the
heading's name). Where it keeps track of which elements are open, it counts them by name instead
of comparing each with every open element. `FastSearch` hands those sections to Material's own
`SearchIndex.create_entry_for_section`, which turns them into entries (location, title, text,
tags, boost) as it would have: search/search_index.json is the same, byte for byte
(tests/test_search_index.py builds the real archive and a synthetic one both ways, `extra:
archive_fast_search: false` turning this off, and compares `sections` with `Parser` on hand-made
edge cases and on the hostile texts).

What it does not read with certainty, it leaves to Material, the whole page: a `<` that is not a
tag in the plainest form both read alike (a name in lower case, attributes separated by spaces;
no comments, declarations or processing instructions, no `<` inside an attribute), a script or
style element with markup inside, an element that is excluded from search (`data-search-exclude`,
line numbers), an end tag that would make Material's parser fail, and, where html.parser reads
them as text (Python 3.14), title and textarea elements. A page excluded by its front matter
(`search: exclude: true`) is left out, as Material leaves it out. It reads pages one at a time and keeps nothing
between them but what it adds to the plugin's index, so that it works wherever pages are built.

Written for Material 9.8's search plugin (material/plugins/search/plugin.py); a later version
that indexes differently fails the byte-for-byte test rather than the site. Nothing here imports
MkDocs or Material: the hook hands over the plugin (`FastSearch.install`).
"""

from __future__ import annotations

import html
import html.parser
import itertools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["DirtyMerge", "FastSearch", "Section", "material_index", "sections"]

# A start tag `<name attributes>` or `<name attributes/>`, or an end tag `</name>`, in forms that
# html.parser reads the same: a name in lower case followed by ASCII whitespace, `/` or `>`;
# attributes separated by whitespace, with names of no quote, `<`, `/`, `=` or `>`, and values
# quoted or plain. Groups: start tag name, attributes, `/` of a self-closing tag; end tag name.
_SPACE = r"[ \t\n\r\f]"
_TOKEN = re.compile(
    rf"""<(?:([a-z][a-z0-9-]*)((?:{_SPACE}+[^\s"'<>/=`]+(?:{_SPACE}*={_SPACE}*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
    rf"""{_SPACE}*(/?)|/([a-z][a-z0-9-]*){_SPACE}*)>""")
_ATTRIBUTE = re.compile(rf"""{_SPACE}+([^\s"'<>/=`]+)(?:{_SPACE}*={_SPACE}*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")

# Material's Parser: elements whose content is left out, those kept as tags in the text, and
# void elements (its `void`), which it ignores altogether.
_SKIP = frozenset({"object", "script", "style"})
_KEEP = {tag: (f"<{tag}>", f"</{tag}>") for tag in ("p", "code", "pre", "li", "ol", "ul", "sub", "sup")}
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
# Elements whose content html.parser reads as text: script and style, whose content Material
# skips; from Python 3.14 also title and textarea, whose text it would index (left to Material).
_CDATA = frozenset(html.parser.HTMLParser.CDATA_CONTENT_ELEMENTS)
_RCDATA = frozenset(getattr(html.parser.HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()))
_INF = float("inf")
_escape = html.escape
_unescape = html.unescape


class _Unsure(Exception):
    """The page holds something `sections` does not read with certainty."""


class Section:
    """A section as Material's parser gives it to `create_entry_for_section`: the heading's `id`
    (None for the first section), and its title and text as lists of strings."""

    __slots__ = ("depth", "id", "tag", "text", "title")

    def __init__(self, tag: str, depth: float) -> None:
        self.tag = tag  # the heading's element name; "hx" for a section without a heading
        self.depth = depth
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []

    def is_excluded(self) -> bool:
        return False  # a page with excluded elements is left to Material

    def __repr__(self) -> str:
        return f"Section({self.tag}#{self.id}: {''.join(self.title)!r}, {''.join(self.text)!r})"


def _attributes(text: str) -> dict[str, str | None]:
    """The attributes of a start tag as html.parser gives them to Material's parser: names in
    lower case, values unquoted and unescaped, None for an attribute without a value, the last
    of a name winning."""
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(text):
        name, value = match.group(1, 2)
        if value is not None:
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            if value:
                value = _unescape(value)
        found[name.lower()] = value
    return found


def sections(content: str) -> list[Section] | None:
    """The sections Material's search `Parser` makes of `content`, the HTML of a page; None if
    the page holds something this does not read with certainty (see the module's docstring)."""
    if "linenodiv" in content:
        return None
    reader = _Reader()
    try:
        reader.read(content)
    except _Unsure:
        return None
    return reader.data


class _Reader:
    """Material's `Parser`, its handlers called from one regular expression's tags. Where the
    parser compares an element with every open one, this counts the open elements by name."""

    __slots__ = ("data", "headerlinks", "open_count", "section", "skipping", "stack")

    def __init__(self) -> None:
        self.data: list[Section] = []
        self.section: Section | None = None
        self.stack: list[str] = []  # the open elements' names (the parser's `context`)
        self.open_count: dict[str, int] = {}  # how many of each name are open
        self.headerlinks: list[int] = []  # the depths at which an `a class="headerlink"` is open
        self.skipping = 0  # open elements whose content is left out

    def read(self, content: str) -> None:
        """Feeds `content` to the handlers, as html.parser would; raises `_Unsure` where it might
        read it otherwise. The common text, outside `pre` and the current heading, is handled here."""
        parts = _TOKEN.split(content)
        if content.count("<") != len(parts) // 5:
            raise _Unsure  # a `<` that is no tag in the plainest form
        if "data-search-exclude" in "\0".join(filter(None, parts[2::5])).lower():
            raise _Unsure  # an element excluded from search
        stack, open_count, data = self.stack, self.open_count, self.data
        text_of, end, headerlinks = self.text, self.end, self.headerlinks
        section = self.section = Section("hx", 0)  # replaced below unless it gets something
        unused = section
        cdata: str | None = None  # the script or style element whose content html.parser reads as text
        items = iter(parts)
        for raw, tag, attributes, closing, name in itertools.zip_longest(items, items, items, items, items):
            if raw and not self.skipping:
                section = self.section
                if section is unused:
                    data.append(section)
                    unused = None
                if open_count.get("pre") or open_count.get(section.tag):
                    text_of(_unescape(raw))
                else:
                    if "&" in raw:
                        raw = _unescape(raw)
                    text = section.text
                    if raw.isspace():
                        if not text or not text[-1].isspace():
                            text.append(" ")
                    else:
                        if "\n" in raw:
                            raw = raw.replace("\n", " ")
                        if "&" in raw or "<" in raw or ">" in raw:
                            raw = _escape(raw, False)
                        text.append(raw)
            if cdata is not None:
                if name != cdata:
                    raise _Unsure  # markup inside a script or style element
                cdata = None
            if tag is None:
                if name is None:
                    break  # the text after the last tag
                if stack and stack[-1] == name:
                    if name in _KEEP or name in _SKIP or self.section.depth >= len(stack) or headerlinks:
                        end(name)
                    else:
                        stack.pop()
                        open_count[name] -= 1
                continue
            if tag in _VOID:
                continue
            if tag in _RCDATA:
                raise _Unsure
            stack.append(tag)
            open_count[tag] = open_count.get(tag, 0) + 1
            if tag in _SKIP:
                self.skipping += 1
            if attributes and (tag in _HEADINGS or "&" in attributes or (tag == "a" and "headerlink" in attributes)):
                attrs = _attributes(attributes)
                if attrs.get("class") == "linenodiv":
                    raise _Unsure  # excluded from search
                if tag == "a" and attrs.get("class") == "headerlink":
                    headerlinks.append(len(stack))
                if tag in _HEADINGS and "id" in attrs:
                    self.heading(tag, attrs["id"])
            section = self.section
            if section is unused:
                data.append(section)
                unused = None
            if tag in _KEEP and not self.skipping:
                (section.title if open_count.get(section.tag) else section.text).append(_KEEP[tag][0])
            if closing:
                end(tag)
            elif tag in _CDATA:
                cdata = tag
        if cdata is not None:
            raise _Unsure

    def heading(self, tag: str, anchor: str | None) -> None:
        """`Parser.handle_starttag` for a heading with an `id`, just opened: a new section."""
        depth = len(self.stack)
        if tag != "h1" and not self.data:
            self.data.append(Section("hx", depth))
        section = self.section = Section(tag, depth)
        if self.data:
            section.id = anchor
        self.data.append(section)

    def text(self, data: str) -> None:
        """`Parser.handle_data`, for text outside skipped elements."""
        in_pre = self.open_count.get("pre")
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.section
        if section is None:
            section = self.section = Section("hx", 0)
            self.data.append(section)
        if self.open_count.get(section.tag):
            if not self.headerlinks:
                section.title.append(_escape(data, False))
        elif data.isspace():
            text = section.text
            if not text or not text[-1].isspace() or in_pre:
                text.append(data)
        else:
            section.text.append(_escape(data, False))

    def end(self, tag: str) -> None:
        """`Parser.handle_endtag` for the element open last, named `tag`."""
        stack = self.stack
        depth = len(stack)
        section = self.section
        if section.depth > depth:
            for earlier in reversed(self.data):
                if earlier.depth <= depth:
                    section.depth = _INF
                    section = self.section = earlier
                    break
        stack.pop()
        open_count = self.open_count
        open_count[tag] -= 1
        if self.headerlinks and self.headerlinks[-1] == depth:
            self.headerlinks.pop()
        if tag in _SKIP:
            self.skipping -= 1
            return
        if tag in _KEEP and not self.skipping:
            items = section.title if open_count.get(section.tag) else section.text
            opening, ending = _KEEP[tag]
            try:
                index = items.index(opening)
            except ValueError:
                raise _Unsure from None  # Material's parser fails here: let it say so
            if any(not item.isspace() for item in itertools.islice(items, index + 1, None)):
                items.append(ending)
            else:
                del items[index:]


def material_index(plugins: Mapping[str, Any]) -> Any:
    """The `SearchIndex` of Material's search plugin among MkDocs' `plugins`, if it is there,
    enabled and configured for this build (its `on_config` has run); else None."""
    for name in ("material/search", "search"):
        plugin = plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if (index is not None and getattr(plugin.config, "enabled", False)
                and type(plugin).__module__.startswith("material.plugins.search")):
            return index
    return None


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


class DirtyMerge:
    """Keeps the search index of a dirty rebuild (`mkdocs serve --dirty`, the fast preview)
    exact, installed on Material's index for one build (`install`).

    Material keeps the last build's index and merges the pages built again into it
    (`SearchIndex.generate_search_index`, written for one page a rebuild): it drops the earlier
    entries of the first of them, and of any page whose address starts with that page's, and
    keeps the others'. The fast preview rebuilds every page an edit shows on, so their old text
    stayed searchable beside the new, an actor's list pages vanished with the actor's page, and
    the entries of a page the edit removed stayed, leading nowhere. Here the merge drops the
    earlier entries of exactly the pages built again (with entries now or not) and of the pages
    no longer in the site (`present`, given once the build's files are known), and keeps the
    rest in their order, with the new entries after them, as Material does."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.rebuilt: set[str] = set()
        self.present: set[str] | None = None  # the address of every page of this build
        self._add, self._generate = index.add_entry_from_context, index.generate_search_index

    @classmethod
    def install(cls, plugins: Mapping[str, Any]) -> DirtyMerge | None:
        """On Material's search index among `plugins`, if it is there; else None."""
        index = material_index(plugins)
        if index is None:
            return None
        merge = cls(index)
        index.add_entry_from_context, index.generate_search_index = merge.add_entry_from_context, merge.generate
        return merge

    def add_entry_from_context(self, page: Any) -> None:
        self.rebuilt.add(page.url)
        self._add(page)

    def generate(self, prev: Any) -> str:
        if prev is not None:
            # with the pages of entries put in the index some other way (as page workers' are)
            gone = self.rebuilt | {_page_of(entry["location"]) for entry in self.index.entries}
            kept = [e for e in prev.entries if _page_of(e["location"]) not in gone
                    and (self.present is None or _page_of(e["location"]) in self.present)]
            self.index.entries = kept + self.index.entries
        return self._generate(None)


class FastSearch:
    """Indexes the pages whose Markdown is in one folder (the generated pages) with `sections`
    and Material's own entry code; the others, and any page `sections` leaves, as Material does.
    `install` puts it in front of the search plugin's index for one build."""

    def __init__(self, index: Any, folder: Path) -> None:
        self.index = index
        self.folder = os.path.normpath(folder) + os.sep
        self.material = index.add_entry_from_context  # the plugin's own, for every other page
        self.pages = 0  # pages from the folder indexed in this build
        self.fallbacks = 0  # of which left to Material's parser

    @classmethod
    def install(cls, plugins: Mapping[str, Any], folder: Path) -> FastSearch | None:
        """Indexes the pages from `folder` through `sections` from now on, if MkDocs' `plugins`
        have Material's search plugin, enabled and configured for this build (its `on_config`
        has run); else None."""
        index = material_index(plugins)
        if index is None:
            return None
        fast = cls(index, folder)
        index.add_entry_from_context = fast.add_entry_from_context
        return fast

    def summary(self) -> str:
        """For the build's log."""
        return (f"{self.pages - self.fallbacks} of {self.pages} generated pages indexed for search without "
                "parsing them again" + (f" ({self.fallbacks} with markup left to Material's parser)"
                                        if self.fallbacks else ""))

    def add_entry_from_context(self, page: Any) -> None:
        """Material's `SearchIndex.add_entry_from_context`, with `sections` for the folder's pages."""
        source = page.file.abs_src_path
        if source is None or not source.startswith(self.folder):
            self.material(page)
            return
        self.pages += 1
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        found = sections(page.content)
        if found is None:
            self.fallbacks += 1
            self.material(page)
            return
        for section in found:
            self.index.create_entry_for_section(section, page.toc, page.url, page)
