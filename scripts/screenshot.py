"""Screenshots of a built site at desktop and phone widths, taken with Debian's Chromium.

    .venv/bin/mkdocs build
    .venv/bin/python scripts/screenshot.py dispute=/disputes/<dispute-id>/ home=/

writes docs/screenshots/dispute-desktop.png, dispute-phone.png, home-desktop.png and
home-phone.png. A target is NAME=PATH, or just PATH (the name is then made from the path).
The site is served on 127.0.0.1 and every request to another host is blocked and reported.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import browser_support  # found through the path set just above

VIEWPORTS = {"desktop": browser_support.DESKTOP, "phone": browser_support.PHONE}


def target(text: str) -> tuple[str, str]:
    """Parse NAME=PATH or PATH into (name, path)."""
    name, sep, path = text.partition("=")
    if not sep:
        name, path = "", text
    if not path.startswith("/"):
        raise argparse.ArgumentTypeError(f"path must start with '/': {path!r}")
    name = name or re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise argparse.ArgumentTypeError(f"not a usable file name: {name!r}")
    return name, path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", type=target, metavar="[NAME=]PATH",
                        help="site path to capture, e.g. dispute=/disputes/some-id/")
    parser.add_argument("--site", type=Path, default=Path("site"),
                        help="built site directory (default: site/)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"),
                        help="output directory (default: docs/screenshots/)")
    parser.add_argument("--viewport", choices=sorted(VIEWPORTS), action="append",
                        help="viewport to capture; repeatable (default: desktop and phone)")
    parser.add_argument("--full-page", action="store_true",
                        help="capture the whole page, not just the first screen")
    parser.add_argument("--dark", action="store_true",
                        help="emulate a dark colour-scheme preference")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio (default: 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if browser_support.chromium_path() is None:
        print(f"screenshot: {browser_support.MISSING_CHROMIUM}", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"screenshot: no built site in {args.site}/ (run .venv/bin/mkdocs build)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    viewports = args.viewport or ["desktop", "phone"]

    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    failures = 0
    with browser_support.serve_directory(args.site) as base, sync_playwright() as playwright:
        browser = browser_support.launch_chromium(playwright)
        try:
            for kind in viewports:
                context = browser.new_context(
                    viewport=VIEWPORTS[kind],
                    device_scale_factor=args.scale,
                    is_mobile=kind == "phone",
                    has_touch=kind == "phone",
                    color_scheme="dark" if args.dark else "light",
                )
                browser_support.block_external_requests(context, blocked)
                page = context.new_page()
                for name, path in args.targets:
                    response = page.goto(base + path, wait_until="load")
                    if response is None or response.status != 200:
                        status = response.status if response else "no response"
                        print(f"screenshot: {path}: HTTP {status}", file=sys.stderr)
                        failures += 1
                        continue
                    page.evaluate("document.fonts.ready.then(() => true)")
                    file = args.out / f"{name}-{kind}.png"
                    page.screenshot(path=str(file), full_page=args.full_page)
                    print(file)
                context.close()
        finally:
            browser.close()

    for url in sorted(set(blocked)):
        print(f"screenshot: blocked request to another host: {url}", file=sys.stderr)
    return 1 if failures or blocked else 0


if __name__ == "__main__":
    sys.exit(main())
