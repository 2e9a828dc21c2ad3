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
from collections.abc import Iterator
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
