"""The archive's own settings in mkdocs.yml, read and checked once per build: those under `extra:`,
and the site's public address (`site_url`, from the environment variable ARCHIVE_SITE_URL)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import get_args
from urllib.parse import urlsplit

from build_scripts import fork
from build_scripts.export import DEFAULT_LICENCE, Licence
from build_scripts.publish import PublishError
from build_scripts.publish.search import SearchEngine

__all__ = ["BUILD_JOBS_ENV", "SITE_URL_ENV", "Contact", "SiteOptions", "build_jobs", "contact", "licence",
           "public_url"]

SITE_URL_ENV = "ARCHIVE_SITE_URL"
BUILD_JOBS_ENV = fork.ENV
# An address every context it is printed in takes as it is: HTML, XML, JSON, BibTeX (no `%`,
# which starts a TeX comment, no quotes, braces or backslashes) and a URL of its own.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~/:-]*")


def public_url(value: str | None) -> str | None:
    """The site's public address as the pages print it, `https://host/path/` (scheme and host in
    lower case, always ending in '/'); None when there is none (unset or empty). A malformed
    address stops the build, saying what is wrong with it."""
    if value is None or not value.strip():
        return None
    value = value.strip()

    def refuse(why: str) -> PublishError:
        return PublishError(f"{SITE_URL_ENV} (site_url) {value!r} is not the address of a published site: {why}; "
                            "give it as https://example.org/archive/")

    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise refuse(str(error)) from error
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("it must start with https:// or http://")
    if not parts.hostname:
        raise refuse("it names no host")
    if parts.username is not None or parts.password is not None:
        raise refuse("it must not carry a user name or password")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise refuse("it must not have a query (?) or a fragment (#)")
    if not _URL_CHARACTERS.fullmatch(parts.hostname + parts.path) or "//" in parts.path:
        raise refuse("only letters, digits and . _ ~ - / may follow the scheme (a non-ASCII host in its "
                     "xn-- form), with no empty path segment")
    host = parts.hostname.lower() + (f":{port}" if port is not None else "")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{host}{path}"


# An SPDX licence identifier (CC-BY-4.0, CC0-1.0, ODbL-1.0, LicenseRef-…).
_SPDX = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")
_LICENCE_KEYS = ("name", "title", "path")
# An e-mail address, plainly: one @, no spaces, quotes, angle brackets or anything a mailto: or
# an HTML attribute would read otherwise.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _web_address(value: str, key: str, example: str) -> str:
    """`value`, an http(s) address with a host and nothing that escapes; else the build stops."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError as error:
        raise PublishError(f"{key} {value!r} is not a web address: {error}; give it as {example}") from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value) \
            or any(c in value for c in "\"'<>\\`"):
        raise PublishError(f"{key} {value!r} is not a web address: it must start with https:// or http://, name a "
                           f"host, and hold no spaces, quotes or angle brackets; give it as {example}")
    return value


def licence(value: object) -> Licence:
    """The annotations' licence from `extra: archive_licence:`: a mapping of `name` (an SPDX
    identifier), `title` (its name for readers) and optionally `path` (the address of its text).
    Absent, CC BY 4.0. Anything else stops the build, saying what is wrong."""
    key = "extra.archive_licence"
    if value is None:
        return DEFAULT_LICENCE
    if not isinstance(value, Mapping):
        raise PublishError(f"{key} must be a mapping with name, title and path (the licence of the annotations, "
                           f"e.g. name: CC-BY-4.0), not {value!r}")
    unknown = sorted(str(k) for k in value if k not in _LICENCE_KEYS)
    if unknown:
        raise PublishError(f"{key} has unknown keys {', '.join(unknown)}: only {', '.join(_LICENCE_KEYS)} are read")
    name, title, path = (value.get(k) for k in _LICENCE_KEYS)
    if not isinstance(name, str) or not _SPDX.fullmatch(name):
        raise PublishError(f"{key}.name must be an SPDX licence identifier such as CC-BY-4.0, not {name!r}")
    if not isinstance(title, str) or not title.strip() or "\n" in title:
        raise PublishError(f"{key}.title must be the licence's name on one line, such as 'Creative Commons "
                           f"Attribution 4.0 International', not {title!r}")
    if path is not None and not isinstance(path, str):
        raise PublishError(f"{key}.path must be the web address of the licence's text, not {path!r}")
    if path:
        _web_address(path, f"{key}.path", "https://creativecommons.org/licenses/by/4.0/")
    return Licence(name, " ".join(title.split()), path or None)


def build_jobs(value: object, cores: int | None = None) -> int:
    """How many processes build the pages, from `extra: archive_build_jobs:` (ARCHIVE_BUILD_JOBS
    in mkdocs.yml), as `fork.parse` reads it: `auto` (absent or empty too) for one per core,
    or a whole number from 1 (one page at a time, in MkDocs' own process). Anything else stops
    the build, saying what is wrong."""
    try:
        return fork.parse(value, cores)
    except ValueError as error:
        raise PublishError(f"extra.archive_build_jobs ({BUILD_JOBS_ENV}) {error}") from None


@dataclass(frozen=True)
class Contact:
    """Where readers report an error: a web address (a form, an issue tracker) or an e-mail."""

    href: str  # the link's target: the address, or mailto:<e-mail>
    text: str  # what the page shows: the address or the e-mail


def contact(value: object) -> Contact | None:
    """The contact from `extra: archive_contact:`, an http(s) address or an e-mail address
    (`mailto:` optional); None when absent or empty. Anything else stops the build."""
    key = "extra.archive_contact"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise PublishError(f"{key} must be a web address or an e-mail address for error reports, not {value!r}")
    value = value.strip()
    email = value[len("mailto:"):] if value.lower().startswith("mailto:") else value
    if "@" in email and "/" not in email:
        if not _EMAIL.fullmatch(email):
            raise PublishError(f"{key} {value!r} is not an e-mail address: give it as errors@example.org")
        return Contact(f"mailto:{email}", email)
    address = _web_address(value, key, "https://example.org/report or errors@example.org")
    return Contact(address, address)


@dataclass(frozen=True)
class SiteOptions:
    """Each field is read from the key of the same name under `extra:`; the theme's own keys
    there (and any others) are left alone."""

    archive_search: SearchEngine = "material"
    """Site search, "material" or "pagefind" (for large archives): see build_scripts/publish/search.py."""

    archive_search_pages_per_run: int | None = None
    """With Pagefind, the most pages one indexing run reads (each run a bundle of its own); None for
    the defaults in build_scripts/publish/search.py (5,000 main pages, 20,000 claim pages)."""

    archive_licence: Licence | Mapping | None = None
    """The licence of the annotations (`licence`), CC BY 4.0 unless mkdocs.yml says otherwise; the
    article texts remain © their publishers, whatever it is."""

    archive_contact: Contact | str | None = None
    """Where readers report an error (`contact`), shown on the About page; None when not given."""

    archive_fast_pages: bool = True
    """Whether generated pages take the fast path (build_scripts/publish/fastpages.py), which
    builds the same bytes faster; `false` builds them as hand-written pages are built (the tests
    compare the two)."""

    archive_fast_search: bool = True
    """Whether Material's search indexes generated pages without parsing their HTML again
    (build_scripts/publish/searchindex.py), for the same search index faster; `false` leaves
    every page to its parser (the tests compare the two)."""
    archive_build_jobs: int | str | None = "auto"
    """How many worker processes build the pages (`build_jobs`; build_scripts/publish/parallel.py):
    `auto`, one per core, or a number; 1 builds them one at a time as MkDocs does. Read, as the
    number, after the options are checked."""

    site_url: str | None = None
    """The site's public address (`public_url`), not under `extra:` but MkDocs' `site_url`; None
    when it is not known, as in a local build: then no page names its own full address."""

    def __post_init__(self) -> None:
        engines = get_args(SearchEngine)
        if self.archive_search not in engines:
            raise PublishError(f"extra.archive_search must be one of {', '.join(engines)}, not {self.archive_search!r}")
        per_run = self.archive_search_pages_per_run
        if per_run is not None and (isinstance(per_run, bool) or not isinstance(per_run, int) or per_run < 1):
            raise PublishError(f"extra.archive_search_pages_per_run must be a whole number of pages of at least 1, "
                               f"not {per_run!r}")
        for switch in ("archive_fast_pages", "archive_fast_search"):
            if not isinstance(getattr(self, switch), bool):
                raise PublishError(f"extra.{switch} must be true or false, not {getattr(self, switch)!r}")
        object.__setattr__(self, "site_url", public_url(self.site_url))
        object.__setattr__(self, "archive_build_jobs", build_jobs(self.archive_build_jobs))
        if not isinstance(self.archive_licence, Licence):
            object.__setattr__(self, "archive_licence", licence(self.archive_licence))
        if not isinstance(self.archive_contact, Contact):
            object.__setattr__(self, "archive_contact", contact(self.archive_contact))

    def resolved(self) -> dict[str, object]:
        """What the templates read (overrides/): the licence and the contact, checked, as plain values."""
        licence, contact = self.archive_licence, self.archive_contact
        return {
            "licence": {"name": licence.name, "title": licence.title, "path": licence.path},
            "contact": {"href": contact.href, "text": contact.text} if contact else None,
        }

    @property
    def pagefind(self) -> bool:
        """Whether the site searches with Pagefind."""
        return self.archive_search == "pagefind"

    @classmethod
    def from_extra(cls, extra: Mapping[str, object] | None, site_url: str | None = None) -> SiteOptions:
        """The options in `extra` (MkDocs' `config.extra`), a key that is not there keeping its
        default, and the site's address `site_url` (MkDocs' `config.site_url`)."""
        extra = extra or {}
        return cls(**{f.name: extra[f.name] for f in fields(cls) if f.name in extra and f.name != "site_url"},
                   site_url=site_url)
