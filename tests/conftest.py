"""Shared fixtures: a real Chromium, a local HTTP server for built sites, and the built sites
themselves (each built once per session with a real `mkdocs build --strict`).

Browser tests are marked ``@pytest.mark.browser``. Without /usr/bin/chromium they skip, unless
ARCHIVE_REQUIRE_BROWSER=1 (set by .ci/run), in which case they fail.

Slow tests are marked ``slow`` here, by what they run: a test is slow when it, a fixture it uses,
or a helper in tests/ that they call runs MkDocs (``sitebuild.mkdocs_build``, or
``sitebuild.MKDOCS`` for `mkdocs serve`) or uses the browser; browser tests are slow too. A test
that takes several seconds for another reason is marked ``@pytest.mark.slow`` by hand.
`scripts/test --quick` leaves them out (``-m "not slow"``). A test that starts MkDocs or the
browser without being marked slow fails, in every run, saying so: the classification cannot drift.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import os
import shlex
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import archive_support
import browser_support
import sitebuild


# --- slow tests: marked by what they run ------------------------------------------------------

TESTS = Path(__file__).resolve().parent
# Fixtures that build a site with MkDocs, or give the browser; requesting one (directly, through
# another fixture, or by name with request.getfixturevalue) makes a test slow.
SITE_FIXTURES = frozenset({"small_project", "small_project_with_repo_url", "real_project"})
BROWSER_FIXTURES = frozenset({"browser", "chromium_path"})
# Names whose use runs MkDocs or launches Chromium: sitebuild.mkdocs_build (or properdocs_build, the
# same with ProperDocs), sitebuild.MKDOCS (a build with an environment of its own, or `mkdocs serve`),
# browser_support.launch_chromium.
SLOW_NAMES = frozenset({"mkdocs_build", "properdocs_build", "MKDOCS", "launch_chromium", "sync_playwright"})
SLOW_HINT = ("mark it @pytest.mark.slow (scripts/test --quick leaves slow tests out); tests/conftest.py "
             "marks a test slow by itself when the test, its fixtures or the helpers in tests/ they call "
             "use sitebuild.mkdocs_build, sitebuild.MKDOCS or a fixture that builds a site or gives the browser")


def _in_tests(code: types.CodeType) -> bool:
    return Path(code.co_filename).resolve().is_relative_to(TESTS)


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """`code` and the code of the functions, lambdas and comprehensions defined inside it."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _slow_use(func, seen: set) -> str | None:
    """What makes `func` slow, following the functions of tests/ it names; None if nothing does."""
    func = inspect.unwrap(getattr(func, "__func__", func))
    code = getattr(func, "__code__", None)
    if code is None or func in seen or not _in_tests(code):
        return None
    seen.add(func)
    scope = func.__globals__
    for inner in _codes(code):
        used = SLOW_NAMES.intersection(inner.co_names)
        if used:
            return f"{func.__qualname__} uses {sorted(used)[0]}"
        for const in inner.co_consts:
            if isinstance(const, str) and const in SITE_FIXTURES | BROWSER_FIXTURES:
                return f"{func.__qualname__} requests {const}"
        # Helpers called by name, or as attributes of a support module of tests/ (`hs.prepare`).
        modules = [m for m in map(scope.get, inner.co_names)
                   if isinstance(m, types.ModuleType) and getattr(m, "__file__", None)
                   and Path(m.__file__).resolve().is_relative_to(TESTS)]
        for name in inner.co_names:
            for helper in [scope.get(name), *(getattr(m, name, None) for m in modules)]:
                if isinstance(helper, types.FunctionType | types.MethodType):
                    reason = _slow_use(helper, seen)
                    if reason:
                        return reason
    return None


def slow_reason(item: pytest.Item) -> str | None:
    """Why `item` is slow (a message), or None: the rule of this module's docstring."""
    if item.get_closest_marker("browser"):
        return "marked browser"
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & BROWSER_FIXTURES:
        return f"uses the fixture {sorted(fixtures & BROWSER_FIXTURES)[0]}"
    if fixtures & SITE_FIXTURES:
        return f"uses the fixture {sorted(fixtures & SITE_FIXTURES)[0]}"
    info = getattr(item, "_fixtureinfo", None)
    definitions = [defs[-1].func for defs in info.name2fixturedefs.values() if defs] if info else []
    for func in [getattr(item, "obj", None), *definitions]:
        if func is not None:
            if func not in _slow_uses:
                _slow_uses[func] = _slow_use(func, set())
            if _slow_uses[func]:
                return _slow_uses[func]
    return None


_slow_uses: dict = {}  # test and fixture function: what makes it slow, or None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if set(getattr(item, "fixturenames", ())) & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if not item.get_closest_marker("slow") and slow_reason(item):
            item.add_marker(pytest.mark.slow)


# The node id of the test running now, when it is not marked slow; checked on every subprocess.
_running_quick_test: str | None = None


def _starts_mkdocs_or_chromium(argv) -> str | None:
    """What a subprocess started with `argv` does that makes a test slow, or None."""
    if isinstance(argv, str | bytes | Path):
        argv = shlex.split(os.fsdecode(argv))
    words = [os.fsdecode(word) for word in argv or ()]
    engines = {"mkdocs", "properdocs"}  # ProperDocs, MkDocs' continuation (tests/test_properdocs.py)
    modules = {b for a, b in itertools.pairwise(words) if a == "-m"}
    if (words and Path(words[0]).name in engines) or modules & engines:
        return "runs MkDocs"
    if "run-driver" in words:  # Playwright's driver, which launches Chromium
        return "starts the browser"
    return None


def _audit(event: str, args: tuple) -> None:
    if event == "subprocess.Popen" and _running_quick_test is not None:
        what = _starts_mkdocs_or_chromium(args[1])
        if what:
            raise RuntimeError(f"{_running_quick_test} {what} but is not marked slow: {SLOW_HINT}")


sys.addaudithook(_audit)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    global _running_quick_test
    _running_quick_test = None if item.get_closest_marker("slow") else item.nodeid
    try:
        return (yield)
    finally:
        _running_quick_test = None


# --- the browser ---------------------------------------------------------------------------------

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
