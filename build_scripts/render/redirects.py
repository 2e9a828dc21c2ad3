"""Redirect pages for renamed ids: the old address of a renamed record still leads to its page.

A record renamed after publication lists its old ids in `former_ids`. For each, a small static
page (build_scripts/templates/redirect.html) is written at the old address
(`claims/<old-id>/index.html`, copied by MkDocs as it is): a meta refresh to the record's page, a
canonical link to it, `noindex` for search engines, and a visible link for a reader whose
browser does not follow the refresh. It carries no script and its own Content-Security-Policy,
which allows nothing to load at all.

A refresh does not carry the old address's `#fragment` over to the new page; the links into an
article's text are built from claim ids, so renaming an article keeps them valid on the new page.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from build_scripts import kinds
from build_scripts.model import Archive
from build_scripts.render.common import ARCHIVE_NAME, href
from build_scripts.render.templating import template
from build_scripts.render.titles import record_title

# Nothing may load or run on a redirect page; the refresh itself is not governed by the policy.
POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"


def render(folder: str, old_id: str, new_url: str, title: str) -> str:
    """The page at `<folder>/<old_id>/`: leads at once to `new_url` (a site path such as 'claims/x/')."""
    old_url = f"{folder}/{old_id}/"
    # The policy is ours, not the archive's: Markup, so that its quotes stay as the browser reads them.
    return template("redirect.html").render(policy=Markup(POLICY), target=href(old_url, new_url), title=title,
                                            archive_name=ARCHIVE_NAME, kind=kinds.BY_SECTION[folder].name,
                                            old_url=old_url)


def planned(archive: Archive) -> list[tuple[str, Callable[[], str]]]:
    """One redirect page for every former id of every record, with the function that renders it."""
    plan: list[tuple[str, Callable[[], str]]] = []
    for kind in kinds.KINDS:
        folder = kind.section
        # Only the records that have former ids (a claim's title takes some work to make).
        for entity in getattr(archive, kind.section).values():
            former = entity.data.former_ids
            if not former:
                continue
            title = record_title(kind, entity, isolated=True)
            for old in former:
                plan.append((f"{folder}/{old}/index.html",
                             lambda folder=folder, old=old, url=entity.url, title=title: render(folder, old, url,
                                                                                                title)))
    plan.sort(key=lambda entry: entry[0])
    return plan
