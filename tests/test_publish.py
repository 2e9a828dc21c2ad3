"""What the MkDocs hook wires, tested without MkDocs (build_scripts/publish/): the site's options,
search, the pages' policy, publishing the site whole; and that the hook, loaded once per process,
starts every build afresh. Real builds are in test_site_build.py, test_csp.py and test_pagefind.py."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_scripts import fork, pipeline
from build_scripts.publish import PublishError, build_date, csp, edit_links, search
from build_scripts.publish.options import SiteOptions
from build_scripts.publish.staging import StagedSite, WarningCount
from build_scripts.swap import staging_folders

# --- options ---------------------------------------------------------------------------------------


def test_the_options_default_to_materials_search_and_leave_the_themes_keys_alone():
    assert SiteOptions.from_extra(None) == SiteOptions.from_extra({}) == SiteOptions()
    assert not SiteOptions().pagefind
    options = SiteOptions.from_extra({"archive_search": "pagefind", "social": [{"icon": "x"}]})
    assert options.archive_search == "pagefind" and options.pagefind


def test_an_unknown_search_engine_is_refused_naming_the_setting_and_the_choices():
    with pytest.raises(PublishError) as refused:
        SiteOptions.from_extra({"archive_search": "lunr"})
    assert str(refused.value) == "extra.archive_search must be one of material, pagefind, not 'lunr'"


def test_the_fast_path_for_generated_pages_is_on_unless_turned_off_with_a_boolean():
    assert SiteOptions().archive_fast_pages is True
    assert SiteOptions.from_extra({"archive_fast_pages": False}).archive_fast_pages is False
    with pytest.raises(PublishError) as refused:
        SiteOptions.from_extra({"archive_fast_pages": "no"})
    assert str(refused.value) == "extra.archive_fast_pages must be true or false, not 'no'"


def test_search_without_parsing_pages_again_is_on_unless_turned_off_with_a_boolean():
    assert SiteOptions().archive_fast_search is True
    assert SiteOptions.from_extra({"archive_fast_search": False}).archive_fast_search is False
    with pytest.raises(PublishError) as refused:
        SiteOptions.from_extra({"archive_fast_search": 0})
    assert str(refused.value) == "extra.archive_fast_search must be true or false, not 0"


# --- the policy ------------------------------------------------------------------------------------


def test_the_policy_comes_first_in_the_head_and_a_page_without_one_is_left_alone():
    page, _ = csp.with_policy("<html><head><title>t</title><script>x()</script></head></html>")
    assert page.startswith('<html><head>\n    <meta http-equiv="Content-Security-Policy" content="default-src')
    assert page.index("Content-Security-Policy") < page.index("<script>")
    assert csp.with_policy("<svg></svg>") == ("<svg></svg>", [])
    assert "'wasm-unsafe-eval'" in csp.with_policy("<head></head>", wasm=True)[0]


def test_each_blocked_inline_script_gets_a_warning_that_shows_it_and_says_what_to_do():
    _, warnings = csp.with_policy("<head></head><body><script>window.x = 1</script></body>")
    assert len(warnings) == 1
    assert "blocked by the page's policy: 'window.x = 1'" in warnings[0] and "extra_javascript" in warnings[0]


# --- search ----------------------------------------------------------------------------------------


def _theme(custom_dir: str | None) -> SimpleNamespace:
    return SimpleNamespace(custom_dir=custom_dir, dirs=["/theme/material"])


def test_pagefind_disables_materials_search_and_puts_its_templates_in_front_once():
    plugins = {"material/search": SimpleNamespace(config=SimpleNamespace(enabled=True))}
    theme = _theme("/project/overrides")
    for _ in range(2):  # `mkdocs serve` configures every rebuild
        search.use_pagefind(plugins, theme)
    assert plugins["material/search"].config.enabled is False
    assert theme.dirs == [str(Path("/project/overrides") / search.PAGEFIND_TEMPLATES), "/theme/material"]
    with pytest.raises(PublishError, match=r"theme\.custom_dir"):
        search.use_pagefind({}, _theme(None))



def test_pagefind_is_an_optional_extra_that_a_pagefind_site_needs_installed(monkeypatch):
    """Without Pagefind (or without its program) a site configured for it is refused at once,
    with how to install it; tests/test_pagefind.py checks the same in a real build."""
    search.require_pagefind()  # installed here: requirements-dev.lock has it
    theme = _theme("/project/overrides")
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    with pytest.raises(PublishError, match=r"Pagefind's program is missing .*\[pagefind\]"):
        search.use_pagefind({}, theme)
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # as if it were not installed
    with pytest.raises(PublishError) as refused:
        search.use_pagefind({}, theme)
    assert str(refused.value).startswith(f"extra.archive_search: pagefind, but Pagefind is not installed in "
                                         f"{sys.executable}: install the archive's `pagefind` extra: "
                                         "`pip install -e '.[pagefind]'` in the repository")
    assert theme.dirs == ["/theme/material"]  # nothing was switched

def test_pagefind_indexes_a_built_site_or_fails_the_build(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "other.html"):
        (site / name).write_text(f"<!doctype html><html lang='en'><head><title>{name}</title></head>"
                                 "<body><main data-pagefind-body><p>ceasefire</p></main></body></html>")
    logged: list[str] = []
    summary = search.run_pagefind(site, log=logged.append)
    assert summary.startswith("Pagefind indexed 2 pages in 1 bundles (searched first: other pages; the other 0 "
                              "merged on demand); largest run's peak memory "), summary
    assert re.fullmatch(r"archive: Pagefind indexed 2 pages into pagefind/ in [\d.]+ s, peak memory [\d,]+ MB",
                        logged[0]), logged
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pagefind-run-")]  # the runs' folder is gone
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # Pagefind exits 1
    with pytest.raises(PublishError, match="Pagefind failed"):
        search.run_pagefind(site)


# --- publishing ------------------------------------------------------------------------------------


def _built(site: StagedSite, text: str) -> None:
    (site.path / "index.html").write_text(text, encoding="utf-8")


def test_a_staged_site_is_published_whole_and_stops_counting_warnings(tmp_path):
    logger = logging.getLogger("test_publish.staged")
    target = tmp_path / "site"
    site = StagedSite(target, logger)
    _built(site, "new")
    logger.warning("a warning")
    assert not site.complete(strict=True) and site.complete(strict=False)
    site.publish()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert staging_folders(target) == [] and not any(isinstance(h, WarningCount) for h in logger.handlers)


def test_a_discarded_site_leaves_the_published_one_as_it_was(tmp_path):
    logger = logging.getLogger("test_publish.discarded")
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    site = StagedSite(target, logger)
    _built(site, "new")
    site.discard()
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert staging_folders(target) == [] and logger.handlers == []


# --- edit links and the build's date ---------------------------------------------------------------


def test_edit_links_open_the_contributors_file(tmp_path):
    docs, generated = tmp_path / "docs", tmp_path / pipeline.GENERATED

    def link(page: Path, src_uri: str, source: str | None = None) -> str | None:
        return edit_links.edit_url("https://example.invalid/repo/", "/edit/main/", tmp_path, docs, page, src_uri,
                                   source)

    assert link(generated / "claims" / "c.md", "claims/c.md", "annotations/claims/a.yml") == \
        "https://example.invalid/repo/edit/main/annotations/claims/a.yml"
    assert link(docs / "index.md", "index.md") == "https://example.invalid/repo/edit/main/docs/index.md"
    assert link(generated / "timeline.md", "timeline.md") is None  # generated from many files: nothing to edit


def test_a_build_is_dated_by_the_last_commit(tmp_path):
    assert build_date.last_commit_time(tmp_path) is None  # not a repository
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@example.invalid", "GIT_COMMITTER_DATE": "@1700000000 +0000"}
    for command in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "one"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=env, check=True)
    assert build_date.last_commit_time(tmp_path) == "1700000000"


# --- the hook's state ------------------------------------------------------------------------------


def _config(project: Path, **extra: str) -> SimpleNamespace:
    return SimpleNamespace(extra=extra, plugins={}, theme=_theme(str(project / "overrides")), strict=True,
                           config_file_path=str(project / "mkdocs.yml"), site_dir=str(project / "site"),
                           repo_url=None, edit_uri="edit/main/", site_url=None, markdown_extensions=[])


def test_the_hook_starts_every_build_afresh(tmp_path, monkeypatch):
    """MkDocs loads the hook once per process, and `mkdocs serve --clean` runs `mkdocs build`'s
    events on every change: a build's warnings, options and staging folder are its own."""
    from mkdocs.exceptions import PluginError

    from build_scripts import mkdocs_hook as hook

    monkeypatch.setattr(hook, "_state", hook._State())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = tmp_path / "site"
    hook.on_startup(command="build", dirty=False)

    first = hook.on_config(_config(tmp_path, archive_search="pagefind"))
    assert first.edit_uri is None  # no repository address: no edit links
    logging.getLogger("mkdocs.hooks.archive").warning("a warning that --strict aborts on")
    hook.on_post_build(first)  # not published: MkDocs aborts the strict build next
    hook.on_build_error(error=RuntimeError("strict"))
    assert not site.exists() and staging_folders(site) == []

    second = hook.on_config(_config(tmp_path))
    assert not hook._state.options.pagefind
    (Path(second.site_dir) / "index.html").write_text("second", encoding="utf-8")
    hook.on_post_build(second)
    assert (site / "index.html").read_text(encoding="utf-8") == "second"

    with pytest.raises(PluginError, match=r"extra\.archive_search must be one of"):
        hook.on_config(_config(tmp_path, archive_search="lunr"))
    hook.on_build_error(error=RuntimeError("bad setting"))  # nothing of an earlier build is touched
    assert (site / "index.html").read_text(encoding="utf-8") == "second" and staging_folders(site) == []
    assert not any(isinstance(h, WarningCount) for h in logging.getLogger("mkdocs").handlers)


@pytest.mark.parametrize("error", [
    fork.WorkerDied("worker 1 (process 4242) ended without a result: exit code 9"),
    OSError(28, "No space left on device", "generated/claims/c1.md"),
], ids=["a worker died", "a file could not be written"])
def test_a_generate_step_that_fails_on_a_file_or_a_worker_stops_the_build_in_one_line(tmp_path, monkeypatch, error):
    from mkdocs.exceptions import PluginError

    from build_scripts import mkdocs_hook as hook

    monkeypatch.setattr(hook, "_state", hook._State())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hook.on_startup(command="build", dirty=False)
    config = hook.on_config(_config(tmp_path))
    config.docs_dir = str(tmp_path / "docs")

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(hook._state.generator, "run", failing)
    with pytest.raises(PluginError) as raised:
        hook.on_pre_build(config)
    hook.on_build_error(error=raised.value)

    assert str(raised.value).startswith("archive: generating the pages failed: ")
    assert "; the published site was left as it was (check that generated/ can be written and the disk has room, " \
           "then build again; ARCHIVE_BUILD_JOBS=1 builds without worker processes)" in str(raised.value)
    assert ("exit code 9" if isinstance(error, fork.WorkerDied) else
            "generated/claims/c1.md: No space left on device") in str(raised.value)
    assert "\n" not in str(raised.value) and staging_folders(tmp_path / "site") == []


@pytest.mark.parametrize(("command", "jobs"), [("serve", 1), ("build", 3)])
def test_the_generate_step_gets_the_builds_processes_but_in_mkdocs_serve_one(tmp_path, monkeypatch, command, jobs):
    """`mkdocs serve` runs a server's threads beside the build: no fork there."""
    from build_scripts import mkdocs_hook as hook

    monkeypatch.setattr(hook, "_state", hook._State())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hook.on_startup(command=command, dirty=False)
    config = hook.on_config(_config(tmp_path, archive_build_jobs="3"))
    config.docs_dir = str(tmp_path / "docs")
    given = []

    def run(*args, **kwargs):
        given.append(kwargs["jobs"])
        raise OSError(5, "stop here")

    monkeypatch.setattr(hook._state.generator, "run", run)
    with pytest.raises(Exception, match="stop here"):
        hook.on_pre_build(config)
    hook.on_build_error(error=None)

    assert given == [jobs]
