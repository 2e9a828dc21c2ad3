"""The thin MkDocs hook: run the generator before each build and serve the pages it wrote.

Generated files live in `docs/generated/` (git-ignored, excluded from MkDocs' own file scan)
and are mounted at the site root, so `articles/<id>.md` is published at `/articles/<id>/` and
`data/claims.csv` at `/data/claims.csv`.
Everything else is in `build_scripts.pipeline`, which does not know MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from build_scripts import docs_tree, pipeline, preview, swap
from build_scripts.diagnostics import Diagnostic, Report
from build_scripts.write import files_under

log = logging.getLogger("mkdocs.hooks.archive")
_command: str | None = None
_dirty = False
_preview: preview.Preview | None = None  # `mkdocs serve --dirty`: the fast preview's state
_site: dict[str, swap.Staging] = {}  # for `mkdocs build`: the folder built in, then published


class _WarningCount(logging.Handler):
    """Counts what `--strict` will abort on, which MkDocs decides only after `on_post_build`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _WarningCount()

# Site search: `extra: archive_search:` in mkdocs.yml. "material" (the default) is the theme's
# lunr search, whose whole index every reader downloads before the first result; "pagefind"
# is for large archives: Pagefind indexes the finished site in on_post_build into chunks that
# a search loads on demand, and the templates in overrides/search-pagefind/ (used only then)
# put its search box in the header and mark what it indexes.
SEARCH_ENGINES = ("material", "pagefind")
_PAGEFIND_TEMPLATES = "search-pagefind"  # under the theme's custom_dir
_search = "material"
# Entity pages, by folder: searchable and filterable by kind. The listing pages of those
# folders, the timeline and the network only repeat what the entity pages say: not indexed.
_KINDS = {"articles": "article", "actors": "actor", "claims": "claim", "disputes": "dispute"}
_LISTINGS = ("timeline", "network")


def search_engine(config) -> str:
    value = (config.extra or {}).get("archive_search", "material")
    if value not in SEARCH_ENGINES:
        raise PluginError(f"extra.archive_search must be one of {', '.join(SEARCH_ENGINES)}, not {value!r}")
    return value


def search_kind(src_uri: str) -> str | None:
    """What Pagefind records of a page: its kind ("article", "actor", "claim", "dispute"), ""
    for a page indexed without a kind (home, methodology, data…), None for one not indexed."""
    parts = src_uri.removesuffix(".md").split("/")
    if parts[0] in _KINDS:
        return _KINDS[parts[0]] if len(parts) == 2 and parts[1] != "index" else None
    return None if parts[0] in _LISTINGS else ""


def _use_pagefind(config) -> None:
    """Material's search plugin stays loaded but disabled: it writes no index, and the theme
    shows no search box of its own; the Pagefind templates go in front of the theme's."""
    for name in ("material/search", "search"):
        if name in config.plugins and hasattr(config.plugins[name].config, "enabled"):
            config.plugins[name].config.enabled = False
    if not config.theme.custom_dir:
        raise PluginError("extra.archive_search: pagefind needs theme.custom_dir (overrides/)")
    templates = str(Path(config.theme.custom_dir) / _PAGEFIND_TEMPLATES)
    if templates not in config.theme.dirs:
        config.theme.dirs.insert(0, templates)


def _run_pagefind(site: Path) -> None:
    """Index the built site into site/pagefind/; any failure fails the build."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as error:
        raise PluginError(f"archive: Pagefind could not run ({error})") from error
    if out.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (out.stderr or out.stdout).strip()[-2000:]
        raise PluginError(f"archive: Pagefind failed (exit {out.returncode}):\n{detail}")
    indexed = re.search(r"Indexed (\d+) pages", out.stdout)
    log.info(f"archive: Pagefind indexed {indexed.group(1) if indexed else 'the'} pages")


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _last_commit_time(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip().isdigit() else None


def on_config(config):
    """Builds are dated by the last commit, not the clock, so the same commit builds the same bytes;
    and without a repository address there is nothing to edit: no edit links at all."""
    global _search
    _search = search_engine(config)
    if _search == "pagefind":
        _use_pagefind(config)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        stamp = _last_commit_time(_root(config))
        if stamp:
            os.environ["SOURCE_DATE_EPOCH"] = stamp
    if not config.repo_url:
        config.edit_uri = None
    if _command == "build":
        # MkDocs empties site/ before it builds; build next to it and swap only on success.
        # Each build has a staging folder of its own: builds that overlap each publish a whole site.
        _site["staging"] = swap.Staging(Path(config.site_dir))
        config.site_dir = str(_site["staging"].path)
        _warnings.count = 0
        if _warnings not in logging.getLogger("mkdocs").handlers:
            logging.getLogger("mkdocs").addHandler(_warnings)
    return config


def on_post_build(config) -> None:
    if not _site:
        if _search == "pagefind":  # `mkdocs serve`: the preview searches too
            _run_pagefind(Path(config.site_dir))
        return
    if config.strict and _warnings.count:
        return  # MkDocs aborts next; on_build_error discards the staging folder
    staging = _site["staging"]
    if _search == "pagefind":
        _run_pagefind(staging.path)  # before the swap: the published index always matches
    staging.publish()
    log.info(f"archive: published the complete build to {staging.target}")


def on_build_error(error) -> None:
    if _site:
        _site["staging"].discard()


def _generate(root: Path) -> pipeline.Result:
    """A whole generate, or with `mkdocs serve --dirty` a fast preview refresh: only the pages an
    edit can change are written, which are then the only ones MkDocs rebuilds (see preview.py)."""
    global _preview
    if _command != "serve" or not _dirty:
        return pipeline.generate(root)
    if _preview is None or _preview.root != root:
        _preview = preview.Preview(root)
    return _preview.refresh()


def _refuse(problems: list[Diagnostic], what: str) -> None:
    """Fail the build, before anything is published, on any of `problems`."""
    if problems:
        for d in problems:
            log.error(d.format())
        raise PluginError(f"archive: {what} ({Report(problems).summary()}); nothing was built or published")


def on_pre_build(config) -> None:
    root = _root(config)
    folders = [config.docs_dir, config.theme.custom_dir, root / pipeline.GENERATED]
    _refuse(docs_tree.links(root, [f for f in folders if f]), "symbolic links where MkDocs publishes files")
    result = _generate(root)
    for d in result.report.sorted():
        log.log(d.log_level, d.format())  # an advisory is logged as information: --strict passes it
    if result.written is None:
        message = f"the archive has problems ({result.report.summary()}); generated pages were left as they were"
        if _command == "serve":
            # MkDocs' server holds every request after a failed build; rebuilding from the
            # last good generated pages keeps the preview readable while the file is fixed.
            log.warning(message + "; the preview shows the last good version")
            return
        raise PluginError(message)
    w = result.written
    if result.archive is None:  # nothing changed since the last generate: nothing was redone
        log.info(f"archive: {result.pages} pages, unchanged since the last build")
        return
    if _preview is not None and _preview.incremental:
        log.info(f"archive: fast preview: {w.written} pages rewritten, {w.removed} removed; the listing pages, "
                 "timeline, network and data downloads are as of the preview's first build")
        return
    log.info(f"archive: {result.pages} pages, {w.written} written, {w.removed} removed")


def on_files(files: Files, config) -> Files:
    root = _root(config)
    generated = root / pipeline.GENERATED
    # overrides/search-pagefind/ is a theme folder of its own, put in front when Pagefind is on
    # (its assets/ are then published at assets/); never published as a folder of overrides/.
    for file in [f for f in files if f.src_uri.startswith(("generated/", _PAGEFIND_TEMPLATES + "/"))]:
        files.remove(file)
    # Every generated file: the Markdown pages, and the files served as they are (the data
    # downloads under data/, the feed), which MkDocs copies to the same place in the site.
    pages = [File(rel, str(generated), config.site_dir, config.use_directory_urls)
             for rel in sorted(files_under(generated))]  # a scandir walk: pathlib's rglob took a second at 18,000 files
    _refuse(docs_tree.collisions(root, [(f.dest_uri, f.abs_src_path) for f in pages],
                                 [(f.dest_uri, f.abs_src_path or f.src_uri) for f in files if not f.inclusion.is_excluded()]),
            "hand-written files where generated pages are published")
    for file in pages:
        files.append(file)
    return files


def on_page_context(context, page, config, nav):
    """'Edit this page' opens the contributor's file, not the generated Markdown."""
    if _search == "pagefind":
        page.meta["archive_search_kind"] = search_kind(page.file.src_uri)
    if config.repo_url and config.edit_uri:
        root = _root(config)
        generated = Path(page.file.abs_src_path).resolve().is_relative_to(root / pipeline.GENERATED)
        source = page.meta.get("source")
        if source is None and not generated:
            source = f"{Path(config.docs_dir).resolve().relative_to(root).as_posix()}/{page.file.src_uri}"
        page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/{source}" if source else None
    return context


def on_serve(server, config, builder):
    root = _root(config)
    for folder in ("articles", "annotations"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server


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


_THEME_SCRIPTS: list[re.Pattern[str]] | None = None


def _is_theme_script(body: str) -> bool:
    global _THEME_SCRIPTS
    if _THEME_SCRIPTS is None:
        _THEME_SCRIPTS = _theme_script_patterns(*_theme_folders())
    return any(p.fullmatch(body) for p in _THEME_SCRIPTS)


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


def _with_policy(output: str, page: str) -> str:
    """Published pages carry the policy; the preview server injects a live-reload script of its
    own after this point, so `mkdocs serve` pages go without. `page` names the page in warnings."""
    if _command != "build" or "<head>" not in output:
        return output
    refused: list[str] = []
    policy = content_security_policy(output, refused, wasm=_search == "pagefind")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for body in refused:
        log.warning(f"archive: {page}: an inline script that is not the theme's is blocked by the page's "
                    f"policy: {body[:80]!r}. A theme override or plug-in that adds inline scripts must load "
                    "them from a file instead (extra_javascript in mkdocs.yml).")
    return output.replace("<head>", f"<head>\n    {meta}", 1)


def on_post_page(output: str, page, config) -> str:
    return _with_policy(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content
