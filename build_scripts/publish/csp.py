"""The Content-Security-Policy of published pages: the theme's own scripts run, nothing else does.

Scripts load only from the site itself; inline scripts run only if the theme's templates write
them, allowed by the hash of each. Pure functions over a page's HTML; the theme's templates are
read once, on first use.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

__all__ = ["content_security_policy", "with_policy"]

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)


def _theme_script_patterns(*folders: Path) -> list[re.Pattern[str]]:
    """The inline scripts the theme's templates can write, as patterns of their bodies.

    Each `{{ expression }}` in a body (such as the site's base path in Material's first
    script) may stand for any text that cannot leave the string literal it sits in; a body
    with `{% … %}` logic inside is left out (such scripts are then refused, not trusted)."""
    patterns = set()
    for folder in folders:
        for template in sorted(folder.rglob("*.html")):
            for match in _INLINE_SCRIPT.finditer(template.read_text(encoding="utf-8")):
                attrs, body = match.group("attrs"), match.group("body")
                if attrs.strip() or "{%" in body or "{#" in body:
                    continue
                parts = _TEMPLATE_EXPRESSION.split(body)
                patterns.add(r"[^\"'<>\\\n]*".join(re.escape(part) for part in parts))
    return [re.compile(p, re.DOTALL) for p in sorted(patterns)]


def _theme_folders() -> list[Path]:
    try:
        import material
    except ImportError:  # another theme: no inline script of its own is trusted
        return []
    return [Path(material.__file__).parent / "templates"]


@functools.cache
def _theme_scripts() -> list[re.Pattern[str]]:
    return _theme_script_patterns(*_theme_folders())


def _is_theme_script(body: str) -> bool:
    return any(p.fullmatch(body) for p in _theme_scripts())


def content_security_policy(html: str, refused: list[str] | None = None, wasm: bool = False) -> str:
    """A policy that the theme's own scripts satisfy and nothing else does: scripts only from
    the site itself, plus, by hash, those inline scripts of the page that the theme's
    templates write; no plug-ins, no other hosts.

    The hashes are not taken from whatever `<script>` the page holds: were contributor text
    ever to become markup, its script would otherwise be allowed by the very policy meant to
    stop it. Inline scripts that are not the theme's are appended to `refused`.

    `wasm` (Pagefind's search) adds 'wasm-unsafe-eval': compiling WebAssembly from the site's
    own files, which allows no eval() and no inline script."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        # Data blocks (JSON, JSON-LD) are never run and may carry contributor text: never allowed.
        if "src=" in attrs or re.search(r"type\s*=\s*[\"']?application/(?:ld\+)?json", attrs):
            continue
        body = match.group("body")
        if attrs.strip() or not _is_theme_script(body):
            if refused is not None:
                refused.append(body)
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    scripts = " ".join(["'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *sorted(set(hashes))])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def with_policy(html: str, wasm: bool = False) -> tuple[str, list[str]]:
    """The page `html` with its policy first in `<head>` (a page without one is left as it is),
    and a warning for each inline script the policy blocks."""
    if "<head>" not in html:
        return html, []
    refused: list[str] = []
    policy = content_security_policy(html, refused, wasm=wasm)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    warnings = [f"an inline script that is not the theme's is blocked by the page's policy: {body[:80]!r}. "
                "A theme override or plug-in that adds inline scripts must load them from a file instead "
                "(extra_javascript in mkdocs.yml)." for body in refused]
    return html.replace("<head>", f"<head>\n    {meta}", 1), warnings
