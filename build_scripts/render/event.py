"""Event pages: what happened, when and where as far as the texts allow, who took part, and
every claim across the archive that describes it, side by side, with the figures each source
gives and the disputes about it."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.model import Archive, Event
from build_scripts.render import corrections
from build_scripts.render.article import claims_table
from build_scripts.render.common import ENV, MONTHS, empty_line, format_date, h2, page, plural, ul, dispute_item
from build_scripts.render.templating import macros


def _macros():
    return macros("event.html")


def when_text(event: Event) -> str:
    """The event's time in words: "23 January 2020", "22 January 2020 to 23 January 2020",
    "14 July, year not stated (not before March 2020)", or "not stated"."""
    when = event.data.when
    if when.start is None:
        if when.day_month is not None:
            month, day = (int(p) for p in when.day_month.split("-"))
            text = f"{day} {MONTHS[month - 1]}, year not stated"
        else:
            text = "not stated"
        return text + (f" (not before {format_date(when.not_before)})" if when.not_before else "")
    if when.end is None or when.end == when.start:
        return format_date(when.start)
    return f"{format_date(when.start)} to {format_date(when.end)}"


def render(event: Event, archive: Archive) -> str:
    """The event's page."""
    url = event.url
    d = event.data
    m = _macros()
    body = [
        corrections.notice(url, d.corrections),
        m.meta(url, event, when_text(event)),
        h2(f"Reports ({len(event.claims)} {'claim' if len(event.claims) == 1 else 'claims'} in "
           f"{plural(len(event.articles), 'article')})"),
        claims_table(url, event.claims, show_article=True) if event.claims else empty_line("No claim describes it."),
        "## Disputes about it" if event.disputes else "",
        ul(dispute_item(url, dispute) for dispute in event.disputes),
        corrections.listing(d.corrections),
    ]
    return page(d.title, event.source.path, body, description=f"{d.title} ({d.type.replace('-', ' ')}, "
                                                              f"{when_text(event)})", boost=1.2)


ENV.globals.update(EVENT_TYPES=v.EVENT_TYPES)
