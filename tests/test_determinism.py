"""The same input builds byte-identical output, whatever the environment of the build.

Two real `mkdocs build --strict` runs of the real archive differ in hash seed, time zone,
locale and the order in which the files were created on disk; every output byte must agree.
Without SOURCE_DATE_EPOCH, the hook dates the build by the last commit, never by the clock.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import sitebuild
from archive_support import copy_in_order

REPO = sitebuild.REPO


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(tmp: Path, name: str, reverse: bool, env: dict[str, str]) -> dict[str, bytes]:
    content = tmp / f"{name}-content"
    copy_in_order(content, REPO, reverse)
    project = sitebuild.make_project(content, tmp / name)
    result = sitebuild.mkdocs_build(project, env=env)
    assert result.returncode == 0, result.stderr
    return _tree(project / "site")


def test_builds_are_byte_identical_across_hash_seed_time_zone_locale_and_file_order(tmp_path):
    first = _build(tmp_path, "one", False, {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8",
                                            "LANG": "C.UTF-8"})
    second = _build(tmp_path, "two", True, {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati",
                                            "LC_ALL": "C", "LANG": "C"})
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert len(first) > 100  # the real archive: every page kind was built


def _git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_without_source_date_epoch_the_build_is_dated_by_the_last_commit(tmp_path):
    project = sitebuild.make_project(Path(__file__).parent / "fixtures" / "small", tmp_path / "p")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "fixture", date="2021-03-04T05:06:07+00:00")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([str(sitebuild.MKDOCS), "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # The gzip header's MTIME (bytes 4-8) is MkDocs' build date, taken from SOURCE_DATE_EPOCH.
    header = (project / "site" / "sitemap.xml.gz").read_bytes()[:8]
    commit_time = 1614834367  # 2021-03-04T05:06:07Z
    assert commit_time - commit_time % 86400 <= int.from_bytes(header[4:8], "little") <= commit_time
