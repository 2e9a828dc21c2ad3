"""Checks of a built site on disk: internal links and #fragments that resolve, and no resource
loaded from another host. Pure functions over a folder; used by tests/test_site_build.py."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Elements whose URL attribute makes the browser fetch something when the page loads.
RESOURCE_ATTRIBUTES = {
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# Every attribute that holds a URL the site itself points to.
LINK_ATTRIBUTES = ("href", "src", "data", "poster", "action")


@dataclass(frozen=True)
class Problem:
    page: str
    element: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: <{self.element}> {self.url}: {self.reason}"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    return _soup(path.resolve())


def ids(path: Path) -> set[str]:
    document = soup(path)
    return ({el["id"] for el in document.find_all(id=True)}
            | {el["name"] for el in document.find_all("a", attrs={"name": True})})


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def _target(site: Path, page: Path, path: str) -> Path:
    if path.startswith("/"):
        target = site / unquote(path).lstrip("/")
    else:
        target = page.parent / unquote(path)
    target = Path(os.path.normpath(target))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[Problem]:
    """Every internal URL in every page that names no file, or a #fragment no element has."""
    site = site.resolve()
    problems: list[Problem] = []
    for page in html_pages(site):
        rel_page = page.relative_to(site).as_posix()
        for element in soup(page).find_all(True):
            for attribute in LINK_ATTRIBUTES:
                url = element.get(attribute)
                if url is None or is_external(url):
                    continue
                parts = urlsplit(url)
                target = _target(site, page, parts.path) if parts.path else page
                if site not in target.parents and target != site:
                    problems.append(Problem(rel_page, element.name, url, "points outside the site"))
                elif not target.is_file():
                    problems.append(Problem(rel_page, element.name, url, f"no file {target.relative_to(site)}"))
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                    problems.append(Problem(rel_page, element.name, url,
                                            f"no element with id '{parts.fragment}' in {target.relative_to(site)}"))
    return problems


def external_resources(site: Path) -> list[Problem]:
    """Every element that would make a reader's browser load something from another host."""
    problems: list[Problem] = []
    for page in html_pages(site):
        rel_page = page.relative_to(site).as_posix()
        for element in soup(page).find_all(list(RESOURCE_ATTRIBUTES)):
            if element.name == "link" and element.get("rel") == ["canonical"]:
                continue  # names the page's own public address; nothing is loaded from it
            for attribute in RESOURCE_ATTRIBUTES[element.name]:
                value = element.get(attribute)
                if not value:
                    continue
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
                problems.extend(Problem(rel_page, element.name, url, "external resource")
                                for url in urls if is_external(url) and not url.startswith("data:"))
        for element in soup(page).find_all(style=True):
            if "url(http" in element["style"].replace(" ", "").replace("'", "").replace('"', ""):
                problems.append(Problem(rel_page, element.name, element["style"], "external resource in style"))
    return problems
