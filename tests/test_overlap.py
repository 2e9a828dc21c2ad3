"""Builds that overlap: two `mkdocs build --strict -d site` of one project at the same time both
succeed, and `site/` is then one complete site (the last to finish), never a mix or a part.

Each build assembles its site, and the generator its pages, in a staging folder of its own
(build_scripts/swap.py `Staging`) and swaps it in whole. A build that was killed leaves its
staging folder behind; the next build deletes it, but never one a running build holds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from build_scripts import fingerprint, pipeline, swap

SMALL = Path(__file__).parent / "fixtures" / "small"
TRIALS = 4



def _differences(got: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """Each file missing, added or different, with the first line that differs."""
    found = []
    for rel in sorted(got.keys() | expected.keys()):
        if rel not in got or rel not in expected:
            found.append(f"{rel}: {'missing' if rel not in got else 'not in a single build'}")
        elif got[rel] != expected[rel]:
            lines = zip(got[rel].decode("utf-8", "replace").splitlines(),
                        expected[rel].decode("utf-8", "replace").splitlines())
            first = next(((a, b) for a, b in lines if a != b), ("", ""))
            found.append(f"{rel}: {first[0]!r} instead of {first[1]!r}")
    return found


def _start_build(project: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("ARCHIVE_REPO_URL", None)
    return subprocess.Popen([str(sitebuild.MKDOCS), "build", "--strict", "-d", "site"], cwd=project, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The small fixture's project, and the site one build alone makes of it."""
    project = sitebuild.make_project(SMALL, tmp_path_factory.mktemp("overlap") / "project")
    single = sitebuild.mkdocs_build(project, "-d", "site")
    assert single.returncode == 0, single.stdout + single.stderr
    return project, sitebuild.site_files(project / "site")


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_overlapping_builds_both_succeed_and_leave_one_complete_site(project, trial, tmp_path):
    project, expected = project
    # Every other trial starts with no site and no generated pages: both builds then generate the
    # pages and publish a first site at the same time; the others replace an existing site.
    if trial % 2 == 0:
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / pipeline.GENERATED, ignore_errors=True)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    builds = [_start_build(project, log) for log in logs]
    for build in builds:
        build.wait(timeout=300)
    outputs = [log.read_text(encoding="utf-8") for log in logs]

    for build, output in zip(builds, outputs):
        assert build.returncode == 0, output
        assert "Traceback" not in output and "Error" not in output, output
    assert _differences(sitebuild.site_files(project / "site"), expected) == []
    assert swap.staging_folders(project / "site") == []
    assert swap.staging_folders(project / pipeline.GENERATED) == []
    stamps = fingerprint.stamp_path(project / pipeline.GENERATED).parent  # no temporary stamp left behind
    assert not [p.name for p in stamps.iterdir() if p.name.endswith(".tmp")]


# --- staging folders ----------------------------------------------------------------------------

def test_each_staging_folder_is_a_new_hidden_sibling(tmp_path):
    target = tmp_path / "site"
    first, second = swap.Staging(target), swap.Staging(target)
    try:
        assert first.path != second.path
        for staging in (first, second):
            assert staging.path.parent == tmp_path and staging.path.name.startswith(".site.new-")
            assert staging.path.is_dir()
        assert swap.staging_folders(target) == sorted([first.path, second.path])
    finally:
        first.discard()
        second.discard()
    assert swap.staging_folders(target) == []


@pytest.fixture(params=["exchange", "two-renames"])
def swap_kind(request, monkeypatch) -> str:
    """Each swap test runs with renameat2's exchange (Linux) and with the two renames used elsewhere."""
    if request.param == "exchange" and swap._EXCHANGE is None:
        pytest.skip("no renameat2 here")
    if request.param == "two-renames":
        monkeypatch.setattr(swap, "_EXCHANGE", None)
    return request.param


def test_the_last_build_to_publish_wins_and_the_other_site_is_deleted(tmp_path, swap_kind):
    target = tmp_path / "site"
    first, second = swap.Staging(target), swap.Staging(target)
    (first.path / "first.html").write_text("1")
    (second.path / "second.html").write_text("2")
    first.publish()
    second.publish()
    assert sorted(p.name for p in target.iterdir()) == ["second.html"]
    assert swap.staging_folders(target) == []


def test_publishing_where_another_build_has_just_published_first_swaps_instead_of_failing(tmp_path, monkeypatch,
                                                                                         swap_kind):
    """Both builds saw no site yet; the other one's rename comes first (earlier versions failed
    here with `OSError: Directory not empty`)."""
    target = tmp_path / "site"
    ours, theirs = swap.Staging(target), swap.Staging(target)
    (ours.path / "ours.html").write_text("ours")
    (theirs.path / "theirs.html").write_text("theirs")
    real_rename = os.rename

    def rename(source, destination):
        if Path(source) == ours.path and not target.exists() and theirs.path.exists():
            theirs.publish()
        return real_rename(source, destination)

    monkeypatch.setattr(os, "rename", rename)
    ours.publish()
    assert sorted(p.name for p in target.iterdir()) == ["ours.html"]
    assert swap.staging_folders(target) == []


STALE_MAKER = """
import os, sys
from pathlib import Path
from build_scripts import swap
staging = swap.Staging(Path(sys.argv[1]))
(staging.path / "half.html").write_text("half")
print(staging.path, flush=True)
if sys.argv[2] == "die":
    os._exit(9)  # killed: no clean-up
sys.stdin.read()  # a build still running, until the test closes standard input
"""


def _other_build(target: Path, how: str) -> tuple[subprocess.Popen, Path]:
    process = subprocess.Popen([sys.executable, "-c", STALE_MAKER, str(target), how], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, cwd=sitebuild.REPO)
    return process, Path(process.stdout.readline().strip())


@pytest.mark.skipif(swap.fcntl is None, reason="no file locks on this platform: leftovers are only ignored")
def test_a_killed_builds_staging_folder_is_deleted_by_the_next_build_a_running_ones_is_not(tmp_path):
    target = tmp_path / "site"
    running, running_folder = _other_build(target, "run")
    try:
        killed, killed_folder = _other_build(target, "die")
        assert killed.wait(timeout=60) == 9
        assert swap.staging_folders(target) == sorted([killed_folder, running_folder])
        legacy = tmp_path / ".site.new"  # the one shared staging folder of earlier versions
        legacy.mkdir()
        mine = swap.Staging(target)
        assert not killed_folder.exists() and not legacy.exists()
        assert (running_folder / "half.html").read_text() == "half"
        mine.discard()
    finally:
        running.stdin.close()
        running.wait(timeout=60)
    assert swap.staging_folders(target) == [running_folder]  # its process ended: the next build deletes it
    swap.remove_stale(target)
    assert swap.staging_folders(target) == []
