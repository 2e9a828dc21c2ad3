"""The MkDocs hook: run the generator before each build and mount the pages it wrote; around the
build, apply build_scripts/publish/: the archive's options, its search, the pages'
Content-Security-Policy, and publishing the site whole or not at all.

Generated files live in `docs/generated/` (git-ignored, excluded from MkDocs' own file scan)
and are mounted at the site root, so `articles/<id>.md` is published at `/articles/<id>/` and
`data/claims.csv` at `/data/claims.csv`.
Everything else is in `build_scripts.pipeline` and `build_scripts.publish`, which do not know MkDocs.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from build_scripts import docs_tree, pipeline, preview
from build_scripts.diagnostics import Diagnostic, Report
from build_scripts.publish import PublishError, csp, search, staging
from build_scripts.publish.options import SiteOptions
from build_scripts.write import files_under

log = logging.getLogger("mkdocs.hooks.archive")


@dataclass
class _State:
    """All the hook remembers. MkDocs loads a hook once per process, and `mkdocs serve` runs the
    build events again on every change: `on_config` starts each build's part afresh."""

    command: str | None = None  # the process's: "build", "serve" or "gh-deploy" (on_startup)
    dirty: bool = False
    preview: preview.Preview | None = None  # `mkdocs serve --dirty`: the fast preview, kept across builds
    options: SiteOptions = field(default_factory=SiteOptions)  # this build's
    site: staging.StagedSite | None = None  # this build's, with `mkdocs build`: built in, then published


_state = _State()


def _reported(event):
    """A `PublishError` stops the build as MkDocs' `PluginError`, with the same message."""
    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except PublishError as error:
            raise PluginError(str(error)) from error
    return run


def on_startup(command: str, dirty: bool) -> None:
    _state.command, _state.dirty = command, dirty


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _last_commit_time(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip().isdigit() else None


@_reported
def on_config(config):
    """Builds are dated by the last commit, not the clock, so the same commit builds the same bytes;
    and without a repository address there is nothing to edit: no edit links at all."""
    _state.site = None
    _state.options = SiteOptions.from_extra(config.extra)
    if _state.options.pagefind:
        search.use_pagefind(config.plugins, config.theme)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        stamp = _last_commit_time(_root(config))
        if stamp:
            os.environ["SOURCE_DATE_EPOCH"] = stamp
    if not config.repo_url:
        config.edit_uri = None
    if _state.command == "build":
        # MkDocs empties site/ before it builds; build next to it and swap only on success.
        _state.site = staging.StagedSite(Path(config.site_dir), logging.getLogger("mkdocs"))
        config.site_dir = str(_state.site.path)
    return config


@_reported
def on_post_build(config) -> None:
    site = _state.site
    if site and not site.complete(config.strict):
        return  # MkDocs aborts next; on_build_error discards the staging folder
    if _state.options.pagefind:  # before the swap: the published index always matches (and serve searches too)
        log.info(f"archive: {search.run_pagefind(site.path if site else Path(config.site_dir))}")
    if site:
        site.publish()
        log.info(f"archive: published the complete build to {site.target}")


def on_build_error(error) -> None:
    if _state.site:
        _state.site.discard()


def _generate(root: Path) -> pipeline.Result:
    """A whole generate, or with `mkdocs serve --dirty` a fast preview refresh: only the pages an
    edit can change are written, which are then the only ones MkDocs rebuilds (see preview.py)."""
    if _state.command != "serve" or not _state.dirty:
        return pipeline.generate(root)
    if _state.preview is None or _state.preview.root != root:
        _state.preview = preview.Preview(root)
    return _state.preview.refresh()


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
        if _state.command == "serve":
            # MkDocs' server holds every request after a failed build; rebuilding from the
            # last good generated pages keeps the preview readable while the file is fixed.
            log.warning(message + "; the preview shows the last good version")
            return
        raise PluginError(message)
    w = result.written
    if result.archive is None:  # nothing changed since the last generate: nothing was redone
        log.info(f"archive: {result.pages} pages, unchanged since the last build")
        return
    if _state.preview is not None and _state.preview.incremental:
        log.info(f"archive: fast preview: {w.written} pages rewritten, {w.removed} removed; the listing pages, "
                 "timeline, network and data downloads are as of the preview's first build")
        return
    log.info(f"archive: {result.pages} pages, {w.written} written, {w.removed} removed")


def on_files(files: Files, config) -> Files:
    root = _root(config)
    generated = root / pipeline.GENERATED
    # overrides/search-pagefind/ is a theme folder of its own, put in front when Pagefind is on
    # (its assets/ are then published at assets/); never published as a folder of overrides/.
    for file in [f for f in files if f.src_uri.startswith(("generated/", search.PAGEFIND_TEMPLATES + "/"))]:
        files.remove(file)
    # Every generated file: the Markdown pages, and the files served as they are (the data
    # downloads under data/, the feed), which MkDocs copies to the same place in the site.
    pages = [File(rel, str(generated), config.site_dir, config.use_directory_urls)
             for rel in sorted(files_under(generated))]  # a scandir walk: pathlib's rglob took a second at 18,000 files
    published = [(f.dest_uri, f.abs_src_path or f.src_uri) for f in files if not f.inclusion.is_excluded()]
    _refuse(docs_tree.collisions(root, [(f.dest_uri, f.abs_src_path) for f in pages], published),
            "hand-written files where generated pages are published")
    for file in pages:
        files.append(file)
    return files


def on_page_context(context, page, config, nav):
    """'Edit this page' opens the contributor's file, not the generated Markdown."""
    if _state.options.pagefind:
        page.meta["archive_search_kind"] = search.search_kind(page.file.src_uri)
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


def _with_policy(output: str, page: str) -> str:
    """Published pages carry the policy; the preview server injects a live-reload script of its
    own after this point, so `mkdocs serve` pages go without. `page` names the page in warnings."""
    if _state.command != "build":
        return output
    output, warnings = csp.with_policy(output, wasm=_state.options.pagefind)
    for warning in warnings:
        log.warning(f"archive: {page}: {warning}")
    return output


def on_post_page(output: str, page, config) -> str:
    return _with_policy(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content
