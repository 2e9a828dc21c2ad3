"""The MkDocs hook: event wiring only. Before each build it runs the generator and mounts the
pages it wrote; around the build it applies build_scripts/publish/: the archive's options, its
search, the pages' Content-Security-Policy, and publishing the site whole or not at all.

Generated files live in `generated/` (git-ignored), outside docs/, and are mounted at the site
root, so `articles/<id>.md` is published at `/articles/<id>/` and `data/claims.csv` at
`/data/claims.csv`. MkDocs never walks that folder, and `mkdocs serve`, which watches docs/ (and,
through `on_serve`, articles/ and annotations/), is not woken by the generator's own writes: one
save, one rebuild.
Everything else is in `build_scripts.pipeline` and `build_scripts.publish`, which do not know MkDocs.

ProperDocs (README, "Building with ProperDocs") runs this hook unchanged where MkDocs is not
installed: its command answers every `mkdocs.*` import with its own module, so the imports below
always name the engine that is running (tests/test_properdocs.py).
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from build_scripts import docs_tree, kinds, pipeline
from build_scripts.diagnostics import Diagnostic, Report
from build_scripts.publish import (PublishError, build_date, compiled, csp, edit_links, fastpages, generate, parallel,
                                   search, searchindex, staging)
from build_scripts.publish.options import SiteOptions
from build_scripts.write import files_under

log = logging.getLogger("mkdocs.hooks.archive")


@dataclass
class _State:
    """All the hook remembers. MkDocs loads a hook once per process, and `mkdocs serve` runs the
    build events again on every change: `on_config` starts each build's part afresh."""

    command: str | None = None  # the process's: "build", "serve" or "gh-deploy" (on_startup)
    dirty: bool = False  # the process's: --dirty (on_startup)
    generator: generate.GenerateStep = field(default_factory=generate.GenerateStep)  # the process's
    options: SiteOptions = field(default_factory=SiteOptions)  # this build's
    site: staging.StagedSite | None = None  # this build's, with `mkdocs build`: built in, then published
    fast_pages: fastpages.FastPages | None = None  # this build's, unless `extra: archive_fast_pages: false`
    fast_search: searchindex.FastSearch | None = None  # this build's, with Material's search, unless turned off
    search_merge: searchindex.DirtyMerge | None = None  # this build's, with Material's search
    parallel: parallel.ParallelPages | None = None  # this build's, when workers build its pages (on_nav)
    templates: compiled.Compiled = field(default_factory=compiled.Compiled)  # the process's, with `mkdocs serve`


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
    _state.command = command
    _state.dirty = dirty
    _state.generator = generate.GenerateStep(fast_preview=command == "serve" and dirty)


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


@_reported
def on_config(config):
    """Builds are dated by the last commit, not the clock, so the same commit builds the same bytes;
    and without a repository address there is nothing to edit: no edit links at all.

    The site's public address (site_url, from ARCHIVE_SITE_URL) is checked and written back in
    its one form, so that MkDocs' sitemap and canonical links and the generated pages agree.
    `mkdocs serve` sets site_url to its own local address: the generator is not given that one.

    The licence and the contact, checked, are given to the templates (the footer, the About page)
    as `extra.archive_resolved`, next to the keys they come from, which are left as written."""
    _state.site = None
    _end_parallel(failed=True)  # left by a build that ended without on_post_build or on_build_error
    _state.generator.built()  # likewise
    _state.options = SiteOptions.from_extra(config.extra, None if _state.command == "serve" else config.site_url)
    if _state.options.site_url:
        config.site_url = _state.options.site_url
    config.extra["archive_resolved"] = _state.options.resolved()
    if _state.options.pagefind:
        search.use_pagefind(config.plugins, config.theme)
    _state.fast_pages = None
    if _state.options.archive_fast_pages:
        _state.fast_pages = fastpages.FastPages()
        config.markdown_extensions.append(_state.fast_pages)
    _state.fast_search = None  # after use_pagefind, which turns Material's search off
    if _state.options.archive_fast_search:
        _state.fast_search = searchindex.FastSearch.install(config.plugins, _root(config) / pipeline.GENERATED)
    # Material merges an index into the last build's only with --dirty: nothing to keep exact otherwise.
    _state.search_merge = searchindex.DirtyMerge.install(config.plugins) if _state.dirty else None
    if "SOURCE_DATE_EPOCH" not in os.environ and (stamp := build_date.last_commit_time(_root(config))):
        os.environ["SOURCE_DATE_EPOCH"] = stamp
    if not config.repo_url:
        config.edit_uri = None
    if _state.generator.rebuilding:  # like the listing pages, the preview's sitemap stays as its first build made it
        config.theme.static_templates.discard("sitemap.xml")
    if _state.command == "build":
        # MkDocs empties site/ before it builds; build next to it and swap only on success.
        _state.site = staging.StagedSite(Path(config.site_dir), logging.getLogger("mkdocs"))
        config.site_dir = str(_state.site.path)
    return config


def on_nav(nav, config, files):
    """The navigation is built: from here the pages are built by workers (publish/parallel.py)."""
    if _state.search_merge is not None:  # every page of this build, each with its address as search gives it
        _state.search_merge.present = {f.page.url for f in files.documentation_pages() if f.page is not None}
    counters = [(owner, ("pages", "fallbacks")) for owner in (_state.fast_pages, _state.fast_search)
                if owner is not None]  # counted in the workers, added up here
    _state.parallel = parallel.start(_state.options.archive_build_jobs, command=_state.command, dirty=_state.dirty,
                                     config=config, nav=nav, files=files, hook=__file__, counters=counters, log=log)
    return nav


def _end_parallel(failed: bool) -> None:
    pages, _state.parallel = _state.parallel, None
    if pages is not None:
        pages.abort() if failed else pages.finish()


@_reported
def on_post_build(config) -> None:
    _end_parallel(failed=False)
    _state.generator.built()
    if _state.fast_pages is not None and _state.fast_pages.pages:
        log.info(f"archive: {_state.fast_pages.summary()}")
    if _state.fast_search is not None and _state.fast_search.pages:
        log.info(f"archive: {_state.fast_search.summary()}")
    site = _state.site
    if site and not site.complete(config.strict):
        return  # MkDocs aborts next; on_build_error discards the staging folder
    if _state.options.pagefind:  # before the swap: the published index always matches (and serve searches too)
        where = site.path if site else Path(config.site_dir)
        log.info(f"archive: {search.run_pagefind(where, _state.options.archive_search_pages_per_run, log.info)}")
    if site:
        site.publish()
        log.info(f"archive: published the complete build to {site.target}")


def on_build_error(error) -> None:
    try:
        _end_parallel(failed=True)
    finally:
        _state.generator.built()
        if _state.site:
            _state.site.discard()


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
    if (Path(config.docs_dir) / "generated").is_dir():
        log.info("archive: docs/generated/ is left from an earlier version, which wrote the generated pages there; "
                 f"they are now in {pipeline.GENERATED.as_posix()}/: delete docs/generated/ (MkDocs walks it, and "
                 "the preview watches it, for nothing)")
    # `mkdocs serve` generates in its own process: forking beside its server's threads is unsafe.
    jobs = 1 if _state.command == "serve" else _state.options.archive_build_jobs
    try:
        result = _state.generator.run(root, site_url=_state.options.site_url, repo_url=config.repo_url,
                                      licence=_state.options.archive_licence, jobs=jobs)
    except OSError as error:  # a file that cannot be written, or a worker process that died
        where = f"{error.filename}: " if error.filename else ""
        raise PluginError(f"archive: generating the pages failed: {where}{error.strerror or error}; the published "
                          f"site was left as it was (check that {pipeline.GENERATED.as_posix()}/ can be written and "
                          "the disk has room, then build again; ARCHIVE_BUILD_JOBS=1 builds without worker "
                          "processes)") from error
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
    log.info(f"archive: {_state.generator.summary(result)}")


def on_files(files: Files, config) -> Files:
    root = _root(config)
    generated = root / pipeline.GENERATED
    # overrides/search-pagefind/ is a theme folder of its own, put in front when Pagefind is on
    # (its assets/ are then published at assets/); never published as a folder of overrides/.
    # docs/generated/, where versions before this one wrote the generated Markdown, is excluded
    # in mkdocs.yml, and left out here too: `mkdocs serve` would render excluded pages.
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


def _generated(page, config) -> bool:
    return Path(page.file.abs_src_path).is_relative_to(_root(config) / pipeline.GENERATED)


def on_env(env, config, files):
    if _state.command == "serve":
        env.bytecode_cache = _state.templates
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Just before MkDocs converts the page: generated pages take the fast path (fastpages.py)."""
    if _state.fast_pages is not None:
        _state.fast_pages.start(page.file.abs_src_path is not None and _generated(page, config))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """The anchors of the raw HTML the fast path stashed, which MkDocs' own scan no longer sees."""
    fast = _state.fast_pages
    if fast is not None and fast.enabled:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | fast.ids
        fast.start(False)
    return html


def on_page_context(context, page, config, nav):
    if _state.options.pagefind:
        page.meta["archive_search_kind"] = search.search_kind(page.file.src_uri)
    if config.repo_url and config.edit_uri:
        page.edit_url = edit_links.edit_url(config.repo_url, config.edit_uri, _root(config), Path(config.docs_dir),
                                            Path(page.file.abs_src_path), page.file.src_uri, page.meta.get("source"))
    return context


def on_serve(server, config, builder):
    root = _root(config)
    for folder in kinds.INPUT_FOLDERS:
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
