"""The fast path for generated pages: their raw HTML goes to Python-Markdown as finished.

About 85% of a generated page's Markdown is HTML that the templates wrote (meta cards, quotes,
tables, lists), in blocks of their own between blank lines. Python-Markdown passes such a block
through unchanged, but only after reading it twice with Python's HTML parser, tag by tag: once in
`md_in_html`, to find where it ends, and once in MkDocs, to collect its `id`s for anchor checks.
That was half of a page's build time.

`RawBlocks`, a Markdown preprocessor that the hook turns on for generated pages only, does that
work first, for the blocks it can read with certainty: with one regular expression over the tags
it finds where each top-level element ends, stores each in Python-Markdown's stash of raw HTML
exactly as `md_in_html` would (the same text, the same blank lines around its placeholder), and
collects the blocks' anchors (`anchor_ids`). The two parsers then see placeholders only. The rest
of the page (headings, prose, the table of contents, links, the title) goes through
Python-Markdown and MkDocs as before, so the site is the same, byte for byte:
tests/test_fast_pages.py builds the real archive and a synthetic one both ways (`extra:
archive_fast_pages: false` turns the fast path off) and compares every file, and checks
`anchor_ids` against MkDocs' own parser on every block.

What the fast path does not read with certainty, it leaves to the normal path, the whole page:
a block that is not one or more complete elements with nothing between them (`read_block`), a `<`
that is not a tag, an `&` that is not a complete reference, a `markdown` attribute, a comment, a
script or style element with markup inside, a line that opens HTML inside the Markdown text, a
code fence. Hand-written pages in docs/ always take the normal path.
"""

from __future__ import annotations

import html
import html.parser
import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

__all__ = ["PRIORITY", "FastPages", "RawBlocks", "anchor_ids", "read_block"]

# After `normalize_whitespace` (30), which strips the stash's marker characters from the text, and
# superfences' `fenced_code_block` (25); before MkDocs' `mkdocs_raw_html` (21), which collects the
# anchors of raw HTML, and `md_in_html`'s `html_block` (20).
PRIORITY = 24

# A tag as html.parser finds it in well-formed markup: `</name>` or `<name attributes>`, the
# attributes' quoted values read whole (they may hold `>`).
_TAG = re.compile(r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
# html.parser's own attribute pattern (Python 3.11's `attrfind_tolerant`), from the tag name on.
_ATTR = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
# Elements whose content html.parser reads as text, not markup: in a raw block, only as an
# element of their own with no `<` inside (the JSON-LD of a page); elsewhere, never.
_CDATA = frozenset(html.parser.HTMLParser.CDATA_CONTENT_ELEMENTS)  # script, style
_RCDATA = tuple(getattr(html.parser.HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()))  # Python 3.14: title, textarea
_RCDATA_TAG = re.compile("|".join(f"<{name}[\\s/>]" for name in _RCDATA), re.IGNORECASE) if _RCDATA else None
_UNSAFE_TEXT = re.compile(r"<!|<\?" + "".join(f"|<{name}[\\s/>]" for name in sorted(_CDATA) + list(_RCDATA)),
                          re.IGNORECASE)
# An `&` that html.parser and Python-Markdown would not both give back as it is written.
_LOOSE_AMPERSAND = re.compile(r"&(?![a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
_FENCE = re.compile(r"\s*(?:```|~~~)")
# A line of Markdown text that `md_in_html` would read as the start of HTML (a block-level tag
# after at most three spaces, or a comment), or that would change how MkDocs reads what follows.
_HTML_LINE = re.compile(r" {0,3}<(?:!|/?([a-zA-Z][a-zA-Z0-9]*))")
# An attribute that names an anchor, or a `markdown` one (which asks md_in_html to read Markdown
# inside the element: not for the fast path); found with a false alarm now and then.
_ATTRIBUTE_HINT = re.compile(r"(?:id|name|markdown)(?![^\s/>=])", re.IGNORECASE)


def anchor_ids(block: str) -> set[str | None]:
    """The anchors a block of HTML holds, as MkDocs collects them (mkdocs.structure.pages.
    _HTMLHandler, with html.parser): every `id`, and the `name` of each `a` element."""
    found: set[str | None] = set()
    for closing, name, attributes in _TAG.findall(block):
        if not closing and _ATTRIBUTE_HINT.search(attributes):
            _tag_anchors(name.lower(), attributes, found)
    return found


def _tag_anchors(name: str, attributes: str, found: set[str | None]) -> bool:
    """Adds the anchors of a start tag's `attributes` to `found`; whether it has a `markdown` one."""
    markdown = False
    for attr in _ATTR.finditer(attributes):
        key = attr.group(1).lower()
        markdown = markdown or key == "markdown"
        if key == "id" or (key == "name" and name == "a"):
            value = attr.group(3)
            if value is not None:
                if value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                    value = value[1:-1]
                if value:
                    value = html.unescape(value)
            found.add(value)
    return markdown


def read_block(block: str, block_level: set[str]) -> tuple[list[tuple[str, str]], set[str | None]] | None:
    """The top-level elements of `block` (text that starts a line after a blank one and is
    followed by one) as `md_in_html` stashes them, and their anchors (`anchor_ids`). Each element
    runs from its start tag to the end tag that empties `md_in_html`'s stack of open tags, the
    last with the newline `md_in_html` keeps, and comes with what stood before it ("", or a
    newline). None unless the block is only block-level elements, one after the other on the
    same line or the next, and every `<` in it is a tag.

    One pass over the tags, as `findall` tuples (the common block is one element, whose end is
    the block's end); a block of several elements is read again for their places."""
    if "<!" in block or "<?" in block or (_RCDATA_TAG and _RCDATA_TAG.search(block)):
        return None  # a comment, a declaration, a processing instruction; an element read as text
    tags = _TAG.findall(block)
    if len(tags) != block.count("<"):
        return None
    stack: list[str] = []
    ends: list[int] = []  # the tags that end a top-level element
    ids: set[str | None] = set()
    for i, (closing, name, attributes) in enumerate(tags):
        name = name.lower()
        if not stack:  # a top-level element starts here, or the block is not for the fast path
            if closing or name not in block_level or name == "hr" or attributes.rstrip().endswith("/"):
                return None
        elif stack[-1] in _CDATA and not (closing and name == stack[-1]):
            return None  # markup inside a script or style element: html.parser reads it as text
        if closing:
            if attributes.strip():
                return None
            if name in stack:
                while stack.pop() != name:
                    pass
                if not stack:
                    ends.append(i)
        else:
            if attributes and _ATTRIBUTE_HINT.search(attributes) and _tag_anchors(name, attributes, ids):
                return None  # a `markdown` attribute
            if name != "hr" and not attributes.endswith("/"):
                stack.append(name)
    if stack or not ends or ends[-1] != len(tags) - 1:
        return None
    last = tags[-1]
    if len(ends) == 1:
        if not block.endswith(f"</{last[1]}{last[2]}>"):
            return None  # text after the element
        return [("", block + "\n")], ids
    pieces: list[tuple[str, str]] = []
    starts = {0} | {i + 1 for i in ends[:-1]}
    ending = set(ends)
    start = first = 0
    for i, tag in enumerate(_TAG.finditer(block)):
        if i in starts:
            if block[start:tag.start()] not in ("", "\n"):
                return None  # text between two elements
            first = tag.start()
        if i in ending:
            pieces.append((block[start:first], block[first:tag.end()]))
            start = tag.end()
    if start != len(block):
        return None
    pieces[-1] = (pieces[-1][0], pieces[-1][1] + "\n")
    return pieces, ids


class RawBlocks(Preprocessor):
    """Stashes the raw HTML blocks of a generated page; `owner.ids` gets their anchors. Does
    nothing unless `owner.enabled` is set for the page being converted."""

    def __init__(self, md: Markdown, owner: FastPages):
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        if not self.owner.enabled:
            return lines
        self.owner.pages += 1
        stashed = self._stashed(lines)
        if stashed is None:
            self.owner.fallbacks += 1
            return lines
        return stashed

    def _stashed(self, lines: list[str]) -> list[str] | None:
        """`lines` with their raw HTML blocks stashed; None if any part of the page is not for
        the fast path (nothing is stashed then)."""
        block_level = set(self.md.block_level_elements)
        out: list[str] = []
        blocks: list[tuple[int, list[str]]] = []  # where in `out`, the elements
        ids: set[str | None] = set()
        i, n = 0, len(lines)
        while i < n:
            if not lines[i].strip(" "):
                out.append(lines[i])
                i += 1
                continue
            end = i
            while end < n and lines[end].strip(" "):
                end += 1
            block = "\n".join(lines[i:end])
            if block.startswith("<"):
                if _LOOSE_AMPERSAND.search(block):
                    return None
                read = read_block(block, block_level)
                if read is None:
                    return None
                blocks.append((len(out), read[0]))
                out.append("")
                ids |= read[1]
            else:
                for line in lines[i:end]:
                    if _FENCE.match(line) or _UNSAFE_TEXT.search(line):
                        return None
                    opens = _HTML_LINE.match(line)
                    if opens and (opens.group(1) is None or opens.group(1).lower() in block_level):
                        return None
                out.extend(lines[i:end])
            i = end
        stash = self.md.htmlStash
        # What md_in_html leaves in the text: what stood before each element, a newline, the
        # element's placeholder, two newlines.
        texts = ["".join(f"{before}\n{stash.store(element)}\n\n" for before, element in elements)
                 for _, elements in blocks]
        for (at, _), text in reversed(list(zip(blocks, texts, strict=True))):
            out[at:at + 1] = text.split("\n")
        self.owner.ids |= ids
        return out


class FastPages(Extension):
    """Added to the site's Markdown extensions by the hook, which sets `enabled` for each page
    (`start`) and reads the anchors of its stashed HTML (`ids`) once it is converted."""

    def __init__(self) -> None:
        super().__init__()
        self.enabled = False
        self.ids: set[str | None] = set()
        self.pages = 0  # generated pages converted in this build
        self.fallbacks = 0  # of which left to the normal path

    def summary(self) -> str:
        """For the build's log."""
        return (f"{self.pages - self.fallbacks} of {self.pages} generated pages took the fast path"
                + (f" ({self.fallbacks} with markup it leaves to Python-Markdown)" if self.fallbacks else ""))

    def start(self, enabled: bool) -> None:
        """Before a page is converted: whether it takes the fast path."""
        self.enabled = enabled
        self.ids = set()

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(RawBlocks(md, self), "archive_raw_blocks", PRIORITY)
