"""The Jinja2 environment every renderer uses: the page markup lives in build_scripts/templates/.

Autoescaping is on, so any value a template prints is escaped unless it is Markup: the output
of a template or macro, never contributor text. Values are escaped by `esc` (html.escape with
quotes), as the pages always were, rather than by MarkupSafe, which writes quotes as numeric
references. Templates are compiled once per process, on first use.
"""

from __future__ import annotations

import functools
import html as _html
from pathlib import Path

import jinja2
import jinja2.compiler
from markupsafe import Markup

FOLDER = Path(__file__).resolve().parent.parent / "templates"


def esc(text: str) -> str:
    """Text for HTML content or a quoted attribute (html.escape with quotes). Most texts need
    nothing escaped, and five `in` tests are cheaper than html.escape's five replacements: this
    runs millions of times in a large archive."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return _html.escape(text, quote=True)
    return text


def escape_output(value: object) -> str:
    """Every value a template prints: Markup as it is, anything else escaped as `esc` escapes it.
    The result is joined into the template's output, which is Markup, so it needs no Markup
    wrapper of its own (making one per value is most of a page's cost)."""
    kind = type(value)
    if kind is str:  # esc, inlined: this runs for nearly every value printed
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return _html.escape(value, quote=True)
        return value
    if kind is Markup:  # the other common case: a link or a macro's output, already safe
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return esc(str(value))


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles `{{ value }}` in an autoescaped template to `environment.escape_output(value)`
    instead of MarkupSafe's escape, which writes quotes as numeric references."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    escape_output = staticmethod(escape_output)


ENV = _Environment(loader=jinja2.FileSystemLoader(FOLDER), autoescape=True, undefined=jinja2.StrictUndefined,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False)


@functools.cache
def macros(name: str):
    """The macros of template `name`, to call from Python; each returns Markup."""
    return ENV.get_template(name).module


@functools.cache
def template(name: str) -> jinja2.Template:
    return ENV.get_template(name)


def compile_all() -> None:
    """Compile every template now (they are otherwise compiled when first used): done once
    before worker processes are forked, instead of once in each of them."""
    for name in ENV.list_templates():
        ENV.get_template(name)


def safe(text: str) -> Markup:
    """`text`, already escaped or made of escaped parts, marked safe: Markup(text) without its
    Python-level constructor (which asks every argument for `__html__`), for the few hot helpers
    that join escaped pieces themselves."""
    return _new_str(Markup, text)


_new_str = str.__new__


def html(text: str) -> Markup:
    """Plain text as Markup, escaped as `esc` escapes it (MarkupSafe's own escape writes quotes
    as numeric references, which would change the published bytes)."""
    return _new_str(Markup, esc(text))
