"""The thin MkDocs hook: run the generator before each build and serve the pages it wrote.

Generated Markdown lives in `docs/generated/` (git-ignored, excluded from MkDocs' own file scan)
and is mounted at the site root, so `articles/<id>.md` is published at `/articles/<id>/`.
Everything else is in `build_scripts.pipeline`, which does not know MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from build_scripts import pipeline

log = logging.getLogger("mkdocs.hooks.archive")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    """Without a repository address there is nothing to edit: no edit links at all."""
    if not config.repo_url:
        config.edit_uri = None
    return config


def on_pre_build(config) -> None:
    root = _root(config)
    result = pipeline.generate(root)
    for d in result.report.sorted():
        (log.error if d.severity == "error" else log.warning)(d.format())
    if result.written is None:
        raise PluginError(f"the archive has problems ({result.report.summary()}); "
                          "generated pages were left as they were")
    w = result.written
    log.info(f"archive: {result.pages} pages, {w.written} written, {w.removed} removed")


def on_files(files: Files, config) -> Files:
    generated = _root(config) / pipeline.GENERATED
    for file in [f for f in files if f.src_uri.startswith("generated/")]:
        files.remove(file)
    for path in sorted(generated.rglob("*.md")):
        rel = path.relative_to(generated).as_posix()
        files.append(File(rel, str(generated), config.site_dir, config.use_directory_urls))
    return files


def on_page_context(context, page, config, nav):
    """'Edit this page' opens the contributor's file, not the generated Markdown."""
    if config.repo_url and config.edit_uri:
        docs = Path(config.docs_dir).resolve().relative_to(_root(config)).as_posix()
        source = page.meta.get("source") or f"{docs}/{page.file.src_uri}"
        page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/{source}"
    return context


def on_serve(server, config, builder):
    root = _root(config)
    for folder in ("articles", "annotations"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
