"""Nothing an archive folder holds is skipped without a word (issue 17, D7, first half).

`archive check` reads every `*.md` in articles/ and every `*.yml` in annotations/actors/,
claims/ and disputes/. What it does not read is said:

- a wrong extension or a folder inside those folders is an error (FILE006), as before;
- a hidden file named like a record (`.hidden-article.md`, `.draft-actor.yml`), a hidden folder
  there, and anything in annotations/ besides actors/, claims/, disputes/, schemas/ and
  README.md (a misspelt `annotations/dispute/`) is a warning (FILE007): `archive check` passes,
  but the strict build of a pull request fails, so it cannot be merged unseen;
- other hidden files (`.gitkeep`, `.DS_Store`, an editor's `.x.yml.swp` or `.#x.yml`) and
  README.md are not records and are skipped silently.
"""

from __future__ import annotations

import pytest

import sitebuild
from archive_support import MONITOR_ARTICLE, check, copy_archive, read, write

HIDDEN_ARTICLE = "articles/.hidden-article.md"
HIDDEN_ACTOR = "annotations/actors/.draft-actor.yml"


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def _found(result):
    return [(d.code, d.position.path, d.position.line, d.severity) for d in result.report.sorted()]


def test_a_hidden_article_and_a_hidden_actor_are_warned_about(archive):
    write(archive, HIDDEN_ARTICLE, read(archive, MONITOR_ARTICLE).replace("id: monitor-says-no-attack",
                                                                          "id: hidden-article"))
    write(archive, HIDDEN_ACTOR, "id: draft-actor\nname: Draft Actor\ntype: person\n")
    result = check(archive)
    assert _found(result) == [("FILE007", HIDDEN_ACTOR, 1, "warning"), ("FILE007", HIDDEN_ARTICLE, 1, "warning")]
    assert result.report.ok
    hints = [d.hint for d in result.report.sorted()]
    assert "'draft-actor.yml'" in hints[0] and "'hidden-article.md'" in hints[1]
    assert all("outside the archive" in h for h in hints)


@pytest.mark.parametrize("rel", [
    "articles/.gitkeep",
    "annotations/disputes/.keep",
    "annotations/actors/.DS_Store",
    "annotations/actors/.rebel-front.yml.swp",   # vim
    "annotations/actors/.#rebel-front.yml",      # emacs
    "articles/README.md",
    "annotations/README.md",
    "annotations/schemas/actor.schema.json",
    "annotations/.DS_Store",
])
def test_files_that_are_no_records_are_skipped_silently(archive, rel):
    write(archive, rel, "junk\n")
    assert check(archive).report.items == []


def test_a_hidden_folder_in_an_archive_folder_is_warned_about(archive):
    write(archive, "annotations/claims/.drafts/monitor-says-no-attack.yml", "article: x\n")
    assert _found(check(archive)) == [("FILE007", "annotations/claims/.drafts", 1, "warning")]


@pytest.mark.parametrize("rel, shown, close", [
    ("annotations/dispute/other.yml", "annotations/dispute", "disputes"),   # a misspelt kind folder
    ("annotations/extra-actor.yml", "annotations/extra-actor.yml", None),
])
def test_anything_else_in_annotations_is_warned_about(archive, rel, shown, close):
    write(archive, rel, "id: other\n")
    result = check(archive)
    assert _found(result) == [("FILE007", shown, 1, "warning")]
    if close:
        assert f"'{close}/'" in result.report.sorted()[0].hint


def test_a_hidden_article_fails_the_strict_build(archive, tmp_path):
    """A skipped file is what a reviewer must see: the pull request's strict build fails on it."""
    write(archive, HIDDEN_ARTICLE, read(archive, MONITOR_ARTICLE))
    project = sitebuild.make_project(archive, tmp_path / "project")
    out = sitebuild.mkdocs_build(project)
    assert out.returncode != 0 and "strict mode" in out.stdout + out.stderr
    assert any(line.startswith("WARNING") and "FILE007" in line for line in out.stderr.splitlines())
