"""The Jinja2 environment every renderer uses: the page markup lives in build_scripts/templates/.

Autoescaping is on, so any value a template prints is escaped unless it is Markup: the output
of a template or macro, never contributor text. Values are escaped as `common.esc` escapes them
(html.escape with quotes), so that a page's bytes do not depend on which of the two wrote it.
Templates are compiled once per process, on first use.
"""

from __future__ import annotations

import functools
import html as _html
from pathlib import Path

import jinja2
from markupsafe import Markup

FOLDER = Path(__file__).resolve().parent.parent / "templates"


def esc(text: str) -> str:
    """Text for HTML content or a quoted attribute (html.escape with quotes). Most texts need
    nothing escaped, and five `in` tests are cheaper than html.escape's five replacements: this
    runs millions of times in a large archive."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return _html.escape(text, quote=True)
    return text


def _finalize(value: object) -> object:
    """Every printed value: plain text escaped as `esc` does, Markup and numbers as they are."""
    if type(value) is str:
        return Markup(esc(value))
    return value


ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(FOLDER), autoescape=True, undefined=jinja2.StrictUndefined,
                         keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                         finalize=_finalize)


@functools.cache
def macros(name: str):
    """The macros of template `name`, to call from Python; each returns Markup."""
    return ENV.get_template(name).module


@functools.cache
def template(name: str) -> jinja2.Template:
    return ENV.get_template(name)


def html(text: str) -> Markup:
    """Plain text as Markup, escaped as `esc` escapes it (MarkupSafe's own escape writes quotes
    as numeric references, which would change the published bytes)."""
    return Markup(esc(text))
