"""Versioned citations (issue 15): with the repository's address and its history, a claim's,
dispute's or article's "Cite this page" names the day its file last changed and links the file
as it was at that commit (build_scripts/revisions.py, render/cite.py).

Each test makes a real git repository of the small fixture, with fixed commit dates, and runs
the real generator on it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from archive_support import DISPUTE, MINISTRY_ARTICLE, MINISTRY_CLAIMS, MONITOR_CLAIMS, REPO, copy_archive, replace
from build_scripts import pipeline, revisions

REPO_URL = "https://example.invalid/archive"


def git(root: Path, *args: str, date: str = "2026-01-02T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def commit_all(root: Path, message: str, date: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def history(tmp_path) -> tuple[Path, str, str]:
    """The small fixture committed on 2026-01-02, then its monitor's claims file changed on
    2026-02-03: (root, first commit, second commit)."""
    root = copy_archive(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    first = commit_all(root, "first", "2026-01-02T10:00:00+00:00")
    replace(root, MONITOR_CLAIMS, "approximate: true", "approximate: false")
    second = commit_all(root, "second", "2026-02-03T10:00:00+00:00")
    return root, first, second


def cite_box(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select_one("details.cite-box")


def test_each_file_has_the_last_commit_that_changed_it(history):
    root, first, second = history

    found = revisions.read(root)

    assert found.of(MINISTRY_CLAIMS) == revisions.Revision(first, "2026-01-02")
    assert found.of(MONITOR_CLAIMS) == revisions.Revision(second, "2026-02-03")
    assert found.of(DISPUTE) == revisions.Revision(first, "2026-01-02")
    assert found.prefix == ""


def test_a_file_with_uncommitted_changes_has_no_revision(history):
    root, _, _ = history
    replace(root, MINISTRY_CLAIMS, "unit: soldiers", "unit: soldiers  # edited")

    found = revisions.read(root)

    assert found.of(MINISTRY_CLAIMS) is None
    assert found.of(MONITOR_CLAIMS) is not None


def test_an_archive_in_a_subfolder_links_the_file_by_its_path_in_the_repository(tmp_path):
    top = tmp_path / "repo"
    root = copy_archive(top / "site" / "archive")
    git(top, "init", "-q", "-b", "main")
    commit = commit_all(top, "first", "2026-01-02T10:00:00+00:00")

    found = revisions.read(root)

    assert found.of(DISPUTE) == revisions.Revision(commit, "2026-01-02")
    assert found.repo_path(DISPUTE) == f"site/archive/{DISPUTE}"


def test_no_revisions_outside_a_repository_or_in_a_shallow_clone(history, tmp_path):
    root, _, _ = history
    assert revisions.read(copy_archive(tmp_path / "plain")) is None

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True)
    assert revisions.read(shallow) is None  # too little history to tell when a file last changed


def test_the_cite_boxes_name_the_version_and_link_the_file_as_it_was(history, tmp_path):
    root, first, second = history
    out = tmp_path / "out"

    pipeline.generate(root, out=out, repo_url=REPO_URL)

    box = cite_box(out, "claims/observatory-no-attack.md")  # in the changed claims file
    version = box.select_one(".cite-version")
    assert version.select_one("time")["datetime"] == "2026-02-03"
    assert version.select_one("code").get_text() == second[:7]
    assert version.select_one("a")["href"] == f"{REPO_URL}/blob/{second}/{MONITOR_CLAIMS}"
    text = box.select_one('pre[data-format="text"]').get_text()
    assert f"[Claim record, version of 2026-02-03, revision {second[:7]}]" in text
    assert f"version = {{2026-02-03, revision {second[:7]}}}," in box.select_one('pre[data-format="bibtex"]').get_text()
    csl = box.select_one('pre[data-format="csl"]').get_text()
    assert json.loads(csl)[0]["version"] == f"2026-02-03, revision {second[:7]}"

    dispute = cite_box(out, "disputes/thursday-attack.md").select_one(".cite-version a")
    assert dispute["href"] == f"{REPO_URL}/blob/{first}/{DISPUTE}"
    article = cite_box(out, "articles/ministry-reports-attack.md").select_one(".cite-version a")
    assert article["href"] == f"{REPO_URL}/blob/{first}/{MINISTRY_ARTICLE}"


def test_without_the_repository_address_or_the_history_no_version_is_named(history, tmp_path):
    root, _, _ = history
    pipeline.generate(root, out=tmp_path / "no-address")
    pipeline.generate(copy_archive(tmp_path / "no-history"), out=tmp_path / "plain", repo_url=REPO_URL)

    for out in (tmp_path / "no-address", tmp_path / "plain"):
        box = cite_box(out, "claims/observatory-no-attack.md")
        assert box.select_one(".cite-version") is None
        assert "version" not in box.get_text()


def test_an_edited_file_names_no_version_and_a_commit_updates_the_pages(history, tmp_path):
    root, _, _ = history
    out = tmp_path / "out"
    pipeline.generate(root, out=out, repo_url=REPO_URL)
    replace(root, MINISTRY_CLAIMS, "unit: soldiers", "unit: soldiers  # edited")

    pipeline.generate(root, out=out, repo_url=REPO_URL)

    assert cite_box(out, "claims/ministry-up-to-40-killed.md").select_one(".cite-version") is None

    third = commit_all(root, "third", "2026-03-04T10:00:00+00:00")
    result = pipeline.generate(root, out=out, repo_url=REPO_URL)

    assert result.written.written > 0  # a commit alone changes the version the pages cite
    link = cite_box(out, "claims/ministry-up-to-40-killed.md").select_one(".cite-version a")
    assert link["href"] == f"{REPO_URL}/blob/{third}/{MINISTRY_CLAIMS}"
    assert "4 March 2026" in cite_box(out, "claims/ministry-up-to-40-killed.md").get_text()


def test_the_same_commit_builds_the_same_pages(history, tmp_path):
    root, _, _ = history
    pipeline.generate(root, out=tmp_path / "a", repo_url=REPO_URL)
    pipeline.generate(root, out=tmp_path / "b", repo_url=REPO_URL, force=True)

    pages = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert pages
    for page in pages:
        assert (tmp_path / "a" / page).read_bytes() == (tmp_path / "b" / page).read_bytes(), page


def test_the_deploy_workflow_fetches_the_whole_history():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    checkouts = [step for job in workflow["jobs"].values() for step in job["steps"]
                 if str(step.get("uses", "")).startswith("actions/checkout@")]
    builds = [job for job in workflow["jobs"].values() if any("mkdocs" in str(s.get("run", "")) for s in job["steps"])]
    assert builds, "no job of deploy.yml builds the site"
    for job in builds:
        steps = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
        assert steps and all(s.get("with", {}).get("fetch-depth") == 0 for s in steps)
    assert checkouts
