"""The template environment's escaping: every printed value goes through `escape_output`.

build_scripts/render/templating.py compiles `{{ value }}` to `environment.escape_output(value)`
by overriding a private method of Jinja's code generator (MarkupSafe 3's own escape is a
Python function that makes a Markup per value, and writes quotes as `&#34;`/`&#39;`; ours is
about a third cheaper per value and keeps the published `&quot;`/`&#x27;`). Jinja2 is pinned;
these tests fail, rather than the pages change silently, if an upgrade moves that method.
"""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.render.templating import ENV, escape_output

HOSTILE = "<script>alert(\"x\")</script> & 'y'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;"


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


def test_the_override_is_what_the_templates_are_compiled_with():
    assert "environment.escape_output(" in ENV.compile("{{ value }}", raw=True)


def test_printed_text_is_escaped_as_the_pages_always_were():
    assert ENV.from_string("{{ value }}").render(value=HOSTILE) == ESCAPED
    assert ENV.from_string('<a title="{{ value }}">').render(value=HOSTILE) == f'<a title="{ESCAPED}">'


def test_markup_and_objects_with_html_are_printed_as_they_are_and_others_as_text():
    template = ENV.from_string("{{ a }}|{{ b }}|{{ c }}|{{ d }}")
    assert template.render(a=Markup("<i>x</i>"), b=_Html(), c=3, d=None) == "<i>x</i>|<b>safe</b>|3|None"


def test_a_macro_argument_is_escaped_once_and_its_result_not_again():
    template = ENV.from_string("{% macro m(x) %}<p>{{ x }}</p>{% endmacro %}{{ m(value) }}")
    assert template.render(value=HOSTILE) == f"<p>{ESCAPED}</p>"


def test_escape_output_matches_html_escape_for_every_special_character():
    assert escape_output("&<>\"'") == "&amp;&lt;&gt;&quot;&#x27;"
    assert escape_output("plain") == "plain"
