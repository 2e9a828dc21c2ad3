"""A real browser and a real HTTP server for tests and screenshots.

Debian's Chromium is driven through Playwright from PyPI, so no browser is downloaded. Pages
are served over HTTP on 127.0.0.1 because Material's search does not work from file:// URLs.
Used by tests/conftest.py and scripts/screenshot.py; nothing here depends on pytest.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_PATH = Path("/usr/bin/chromium")
MISSING_CHROMIUM = f"Chromium not installed at {CHROMIUM_PATH}; install Debian's chromium"
REQUIRE_BROWSER_ENV = "ARCHIVE_REQUIRE_BROWSER"

# Headless, and quiet on the network: the browser itself must contact nothing but the test server.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def browser_required() -> bool:
    """Whether a missing Chromium is a failure (CI) rather than a reason to skip."""
    return os.environ.get(REQUIRE_BROWSER_ENV) == "1"


def chromium_path() -> Path | None:
    """Debian's Chromium, if it is installed and executable."""
    if CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK):
        return CHROMIUM_PATH
    return None


def launch_chromium(playwright, executable: Path = CHROMIUM_PATH):
    """Launch Debian's Chromium headless through a started Playwright instance."""
    return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)


def block_external_requests(context, record: list[str]) -> None:
    """Abort every request from `context` to a host other than this machine, noting its URL.

    Reading the site must contact no host but its own; an empty `record` after a visit shows it.
    """

    def route(route_) -> None:
        url = route_.request.url
        scheme = urlsplit(url).scheme
        host = urlsplit(url).hostname
        if scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            record.append(url)
            route_.abort("blockedbyclient")
        else:
            route_.continue_()

    context.route("**/*", route)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str]) -> Iterator[str]:
    """Serve `path` over HTTP on 127.0.0.1 at a free port; yield the base URL, without a
    trailing slash (``http://127.0.0.1:PORT``). The server stops when the block ends."""
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"not a directory: {root}")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def body_size(response) -> int:
    """The size of a response's body; 0 for a redirect or an aborted request, which have none."""
    try:
        return len(response.body())
    except Exception:  # Playwright raises for a response without a body
        return 0


@dataclass
class FirstQuery:
    fetched: list[tuple[str, int]]  # (address, body bytes) of every response after the query was typed
    seconds: float  # from typing the query to the first result shown
    results: str  # the result count line, as shown
    errors: list[str]  # console errors and uncaught exceptions
    external: list[str]  # requests to other hosts, blocked


def first_query(browser, base: str, query: str, path: str = "/articles/", timeout_ms: int = 30_000,
                until_count: bool = False) -> FirstQuery:
    """Type one query into the header search box of `base + path`, in a fresh context (cold cache),
    and record what the search fetched until the first result is shown (with `until_count`, until
    the result line gives a count, "No matching documents" included): used by
    tests/test_pagefind.py and benchmarks/search.py."""
    context = browser.new_context(viewport=DESKTOP)
    external: list[str] = []
    block_external_requests(context, external)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, body_size(r))))
    box = page.locator("header .md-search__input")
    box.click()
    started = time.perf_counter()
    box.fill(query)
    if until_count:
        page.wait_for_function("""(q) => document.querySelector('header .md-search__input').value === q &&
            /matching document/.test(document.querySelector('.md-search-result__meta').textContent)""",
                               arg=query, timeout=timeout_ms)
    else:
        page.locator(".md-search-result__item").first.wait_for(timeout=timeout_ms)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    results = page.locator(".md-search-result__meta").inner_text()
    context.close()
    return FirstQuery(fetched, seconds, results, errors, external)
