"""Every page of the site is either in mkdocs.yml's `nav` or deliberately left out of it by
`not_in_nav`, so that a build lists no page as "not included in the nav" and a real warning stands
out (README, "Two commands"). A page that is neither is a new kind of page whose way in was not
decided. Patterns are matched as MkDocs (and ProperDocs) match them: pathspec's .gitignore rules,
against each page's path under docs/ (generated pages are mounted at the site root)."""

from __future__ import annotations

import pathspec
import pytest
import yaml

import sitebuild
from archive_support import REPO, SMALL, linked_archive
from build_scripts.render import paging, render_site


def _config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def _nav_pages(entries) -> set[str]:
    pages: set[str] = set()
    for entry in entries:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            pages |= _nav_pages(value) if isinstance(value, list) else {value}
    return pages


@pytest.fixture(scope="module")
def pages() -> set[str]:
    """The Markdown pages of the small fixture's site, every listing split into several pages
    (as in a large archive), and the hand-written pages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", 1)
        generated = render_site(linked_archive(SMALL))
    written = {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").glob("*.md")}
    return {rel for rel in generated if rel.endswith(".md")} | written


def test_every_page_is_in_the_nav_or_deliberately_not(pages):
    config = _config()
    in_nav = _nav_pages(config["nav"])
    not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(config["not_in_nav"].splitlines())

    neither = sorted(rel for rel in pages if rel not in in_nav and not not_in_nav.match_file(rel))

    assert not neither, f"add each to `nav` or `not_in_nav` in mkdocs.yml: {neither}"
    assert {"corrections.md", "timeline/page/2.md", "network/page/2.md", "claims/page/2.md"} <= pages


def test_every_page_of_the_nav_exists(pages):
    assert _nav_pages(_config()["nav"]) <= pages



# --- what a build prints ---------------------------------------------------------------------------

BANNER = "Material for MkDocs reaches end of life"


def test_a_build_lists_no_page_and_prints_no_banner_but_a_real_warning_stands_out(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    # A hand-written page in the nav (the home page is generated), with a broken link.
    (project / "docs" / "broken.md").write_text("# Broken\n\n[A page that is not there](missing.md)\n",
                                                 encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", "\nnav:\n  - Broken: broken.md\n", 1),
                      encoding="utf-8")

    run = sitebuild.mkdocs_build(project)  # with NO_MKDOCS_2_WARNING=1, as scripts/preview and CI set it

    output = run.stdout + run.stderr
    assert run.returncode != 0  # --strict: the broken link fails the build
    assert 'not included in the "nav"' not in output
    assert BANNER not in output
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "'missing.md'" in warnings[0], output


def test_material_s_banner_is_printed_unless_no_mkdocs_2_warning_is_set(tmp_path):
    """Why scripts/preview sets the variable: Material prints its end-of-life banner on every
    `mkdocs` run without it (material/templates/__init__.py; ProperDocs runs never show it)."""
    project = sitebuild.make_project(SMALL, tmp_path / "project")

    run = sitebuild.mkdocs_build(project, env={"NO_MKDOCS_2_WARNING": ""})

    assert run.returncode == 0, run.stdout + run.stderr
    assert BANNER in run.stderr and "set NO_MKDOCS_2_WARNING=1" in run.stderr


def test_the_preview_command_runs_mkdocs_without_the_banner():
    lines = (REPO / "scripts" / "preview").read_text(encoding="utf-8").splitlines()
    serve = next(i for i, line in enumerate(lines) if line.startswith("exec ") and "mkdocs serve" in line)

    assert "export NO_MKDOCS_2_WARNING=1" in lines[:serve]
