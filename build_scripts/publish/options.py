"""The archive's own settings in mkdocs.yml, read and checked once per build: those under `extra:`,
and the site's public address (`site_url`, from the environment variable ARCHIVE_SITE_URL)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import get_args
from urllib.parse import urlsplit

from build_scripts.publish import PublishError
from build_scripts.publish.search import SearchEngine

__all__ = ["SITE_URL_ENV", "SiteOptions", "public_url"]

SITE_URL_ENV = "ARCHIVE_SITE_URL"
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


@dataclass(frozen=True)
class SiteOptions:
    """Each field is read from the key of the same name under `extra:`; the theme's own keys
    there (and any others) are left alone."""

    archive_search: SearchEngine = "material"
    """Site search, "material" or "pagefind" (for large archives): see build_scripts/publish/search.py."""

    site_url: str | None = None
    """The site's public address (`public_url`), not under `extra:` but MkDocs' `site_url`; None
    when it is not known, as in a local build: then no page names its own full address."""

    def __post_init__(self) -> None:
        engines = get_args(SearchEngine)
        if self.archive_search not in engines:
            raise PublishError(f"extra.archive_search must be one of {', '.join(engines)}, not {self.archive_search!r}")
        object.__setattr__(self, "site_url", public_url(self.site_url))

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
