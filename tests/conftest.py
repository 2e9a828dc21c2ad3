"""Shared fixtures: a real Chromium, a local HTTP server for built sites, and the built sites
themselves (each built once per session with a real `mkdocs build --strict`).

Browser tests are marked ``@pytest.mark.browser``. Without /usr/bin/chromium they skip, unless
ARCHIVE_REQUIRE_BROWSER=1 (set by .ci/run), in which case they fail.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import archive_support
import browser_support
import sitebuild


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; skips the test (or fails it, when a browser is required) if missing."""
    path = browser_support.chromium_path()
    if path is None:
        if browser_support.browser_required():
            pytest.fail(f"{browser_support.MISSING_CHROMIUM} ({browser_support.REQUIRE_BROWSER_ENV}=1)")
        pytest.skip(browser_support.MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    """One headless Chromium (a Playwright ``Browser``) for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser_support.launch_chromium(playwright, chromium_path)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def external_requests() -> list[str]:
    """URLs of requests to other hosts that `page` blocked; empty when the site is self-contained."""
    return []


@pytest.fixture
def page(browser, external_requests: list[str]):
    """A fresh desktop-sized page in its own context, cut off from every host but 127.0.0.1."""
    context = browser.new_context(viewport=browser_support.DESKTOP)
    browser_support.block_external_requests(context, external_requests)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def serve_directory() -> Iterator[Callable[[Path], str]]:
    """Serve a directory over HTTP for the rest of the test: ``base = serve_directory(site)``
    returns ``http://127.0.0.1:PORT`` (no trailing slash). For a session-wide server use
    ``browser_support.serve_directory`` as a context manager in a session fixture."""
    with contextlib.ExitStack() as stack:
        yield lambda path: stack.enter_context(browser_support.serve_directory(path))


# --- built sites, shared by every test module of the session ---------------------------------

def _build_site(tmp_path_factory, content: Path, name: str, env: dict[str, str] | None = None) -> Path:
    """Build `content` (a folder with articles/ and annotations/) with `mkdocs build --strict`;
    returns the project folder, whose site/ holds the built site."""
    project = sitebuild.make_project(content, tmp_path_factory.mktemp(name))
    run = sitebuild.mkdocs_build(project, env=env)
    if run.returncode != 0:
        pytest.fail(f"mkdocs build --strict of {content} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    return project


@pytest.fixture(scope="session")
def small_project(tmp_path_factory) -> Path:
    """The small fixture built into a site, without a repository address (no edit links)."""
    return _build_site(tmp_path_factory, archive_support.SMALL, "small-site")


@pytest.fixture(scope="session")
def small_site(small_project: Path) -> Path:
    return small_project / "site"


@pytest.fixture(scope="session")
def small_project_with_repo_url(tmp_path_factory) -> Path:
    """The small fixture built with ARCHIVE_REPO_URL set, so pages carry edit links."""
    return _build_site(tmp_path_factory, archive_support.SMALL, "small-site-repo",
                       env={"ARCHIVE_REPO_URL": archive_support.REPO_URL})


@pytest.fixture(scope="session")
def real_project(tmp_path_factory) -> Path:
    """The repository's own archive built into a site; skipped while it has no articles yet."""
    if not [p for p in (archive_support.REPO / "articles").glob("*.md") if p.name != "README.md"]:
        pytest.skip("the real archive has no articles/*.md yet; its site build is tested once it has")
    return _build_site(tmp_path_factory, archive_support.REPO, "real-site")


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of `page`, recorded from the first navigation."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


@pytest.fixture(scope="module")
def small_site_url(small_site) -> Iterator[str]:
    """The small fixture's built site, served on 127.0.0.1 for the module's browser tests."""
    with browser_support.serve_directory(small_site) as url:
        yield url
