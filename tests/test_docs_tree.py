"""MkDocs publishes only the repository's own files, each once (issue 17: D1, D3, D7).

- A symbolic link under docs/, overrides/ or generated/ would publish whatever it points to
  (/etc/passwd, the build's environment, a whole folder), and a dangling one stopped the build
  with a traceback: both are a FILE005 diagnostic, and nothing is built or published.
- A hand-written file at the address of a generated page (docs/disputes/<id>.md) was silently
  shadowed: it is a SITE001 diagnostic naming both files.

The pure checks (build_scripts/docs_tree.py) are tested on folders; the hook, `mkdocs serve` and
`archive check` on real projects (tests/sitebuild.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

import sitebuild
from archive_support import REPO, SMALL
from build_scripts import cli, docs_tree
from build_scripts.swap import staging_folders

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")

SECRET = "SECRET-abc123-do-not-publish"


def _problems(diagnostics) -> list[tuple[str, str]]:
    return [(d.position.path, d.code) for d in diagnostics]



def _link(root: Path, rel: str, target: str | Path) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# --- the check itself -------------------------------------------------------------------------

def test_the_repositorys_own_published_folders_have_no_link():
    assert docs_tree.links(REPO) == []


def test_every_link_is_refused_wherever_it_points_and_is_never_followed(tmp_path):
    root = tmp_path / "repo"
    (root / "docs" / "stylesheets").mkdir(parents=True)
    (root / "docs" / "stylesheets" / "archive.css").write_text("body {}\n")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.txt").write_text(SECRET)
    _link(root, "docs/stylesheets/passwd.css", "/etc/passwd")
    _link(root, "docs/javascripts/env.js", "/proc/self/environ")
    _link(root, "docs/leak", outside)                               # a whole folder: one problem
    _link(root, "docs/dangling.md", "/nonexistent/file.md")          # D3
    _link(root, "docs/readme.md", "../README.md")                   # inside the repository, still a link
    _link(root, "generated/data/leak.csv", "/etc/passwd")
    _link(root, "overrides/partials/environ.html", "/proc/self/environ")

    found = docs_tree.links(root)

    assert _problems(found) == [(rel, "FILE005") for rel in sorted([
        "docs/dangling.md", "generated/data/leak.csv", "docs/javascripts/env.js", "docs/leak",
        "docs/readme.md", "docs/stylesheets/passwd.css", "overrides/partials/environ.html"])]
    by_path = {d.position.path: d for d in found}
    assert by_path["docs/stylesheets/passwd.css"].format().splitlines() == [
        "docs/stylesheets/passwd.css:1:1: FILE005 symbolic link (to /etc/passwd) in a folder MkDocs publishes",
        f"    hint: {docs_tree._LINK_HINT}"]
    assert all(SECRET not in d.format() for d in found)


def test_a_published_folder_that_is_a_link_or_lies_outside_is_refused(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "docs").mkdir(parents=True)
    (root / "docs").symlink_to(elsewhere / "docs")
    assert _problems(docs_tree.links(root)) == [("docs", "FILE005")]
    assert _problems(docs_tree.links(root, ["docs", "docs/generated"])) == [("docs", "FILE005")]  # reported once
    (root / "docs").unlink()
    (root / "docs").mkdir()
    assert docs_tree.links(root) == []  # no overrides/: nothing to check there
    outside = docs_tree.links(root, [root / "docs", elsewhere / "docs"])
    assert _problems(outside) == [(str(elsewhere / "docs"), "FILE005")]
    assert "outside the repository" in outside[0].message


def test_a_generated_page_and_a_hand_written_file_at_one_address_collide(tmp_path):
    root = tmp_path
    generated = [("disputes/thursday-attack/index.html", str(root / "generated/disputes/thursday-attack.md")),
                 ("data/claims.csv", str(root / "generated/data/claims.csv"))]
    hand_written = [("index.html", str(root / "docs/index.md")),
                    ("disputes/thursday-attack/index.html", str(root / "docs/disputes/thursday-attack/index.md")),
                    ("Data/Claims.csv", str(root / "docs/Data/Claims.csv")),  # one file where case is ignored
                    ("assets/stylesheets/main.css", "/site-packages/material/templates/assets/stylesheets/main.css")]

    found = docs_tree.collisions(root, generated, hand_written)

    assert _problems(found) == [("docs/Data/Claims.csv", "SITE001"),
                                ("docs/disputes/thursday-attack/index.md", "SITE001")]
    assert "generated/disputes/thursday-attack.md" in found[1].message
    assert "disputes/thursday-attack/index.html" in found[1].message
    assert found[1].hint


# --- real builds ------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    return sitebuild.make_project(SMALL, tmp_path / "project")


def _assert_refused(run: subprocess.CompletedProcess, lines: list[str]) -> None:
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    for line in lines:
        assert line in output, output
    assert "Traceback" not in output and "FileNotFoundError" not in output, output
    assert "nothing was built or published" in output, output


def test_a_build_refuses_links_to_machine_files_and_keeps_the_published_site(project, tmp_path):
    """D1: /etc/passwd, the build's environment and a whole folder, from a pull request."""
    assert sitebuild.mkdocs_build(project).returncode == 0
    before = sitebuild.site_files(project / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    _link(project, "docs/stylesheets/passwd.css", "/etc/passwd")
    _link(project, "docs/javascripts/env.js", "/proc/self/environ")
    _link(project, "docs/leak", outside)

    run = sitebuild.mkdocs_build(project, env={"SECRET_TEST": SECRET})

    _assert_refused(run, ["docs/stylesheets/passwd.css:1:1: FILE005 symbolic link (to /etc/passwd)",
                          "docs/javascripts/env.js:1:1: FILE005 symbolic link (to /proc/self/environ)",
                          f"docs/leak:1:1: FILE005 symbolic link (to {outside})", "    hint: Replace the link"])
    assert sitebuild.site_files(project / "site") == before
    assert staging_folders(project / "site") == []
    assert SECRET not in run.stdout + run.stderr


@pytest.mark.parametrize("rel, target", [
    ("docs/dangling.md", "/nonexistent/file.md"),  # D3: was a FileNotFoundError traceback
    ("overrides/assets/passwd.css", "/etc/passwd"),  # the theme's folder publishes its assets
    ("overrides/main.html", "/etc/passwd"),  # a template, read when pages are rendered
    ("generated/data/passwd.csv", "/etc/passwd"),
], ids=["dangling", "theme-asset", "theme-template", "generated"])
def test_a_build_refuses_a_link_with_a_diagnostic_and_publishes_nothing(project, rel, target):
    if (project / rel).exists():
        (project / rel).unlink()
    _link(project, rel, target)
    run = sitebuild.mkdocs_build(project)
    _assert_refused(run, [f"{rel}:1:1: FILE005 symbolic link (to {target})"])
    assert not (project / "site").exists()
    assert staging_folders(project / "site") == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mkdocs_serve_refuses_a_link_too(project):
    _link(project, "docs/stylesheets/passwd.css", "/etc/passwd")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        run = subprocess.run([str(sitebuild.MKDOCS), "serve", "-a", f"127.0.0.1:{_free_port()}"], cwd=project,
                             env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("mkdocs serve started serving a project with a link to /etc/passwd")
    _assert_refused(run, ["docs/stylesheets/passwd.css:1:1: FILE005 symbolic link (to /etc/passwd)"])


def test_archive_check_reports_the_links_the_build_refuses(project, capsys):
    _link(project, "docs/stylesheets/passwd.css", "/etc/passwd")
    assert cli.main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/stylesheets/passwd.css:1:1: FILE005 symbolic link (to /etc/passwd)" in out
    assert "root:x:" not in out


@pytest.mark.parametrize("rel, generated", [
    ("docs/disputes/thursday-attack.md", "generated/disputes/thursday-attack.md"),
    ("docs/disputes/thursday-attack/index.md", "generated/disputes/thursday-attack.md"),
    ("docs/claims/index.md", "generated/claims/index.md"),
    ("docs/methodology.md", "generated/methodology.md"),
    ("docs/data/claims.csv", "generated/data/claims.csv"),
], ids=["dispute-page", "dispute-folder-index", "claims-index", "methodology", "data-download"])
def test_a_hand_written_file_at_a_generated_pages_address_fails_the_build(project, rel, generated):
    """D7: it used to be replaced by the generated page without a word."""
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text("# My own page\n\nHAND-WRITTEN\n", encoding="utf-8")
    run = sitebuild.mkdocs_build(project)
    _assert_refused(run, [f"{rel}:1:1: SITE001 this file would be published at ",
                          f"where the generator publishes {generated}", "    hint: Rename or move the hand-written file"])
    assert not (project / "site").exists()
