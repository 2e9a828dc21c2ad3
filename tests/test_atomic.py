"""A failing or killed build leaves the last good output in place.

Generated pages are assembled in a hidden sibling folder and swapped in whole; `mkdocs build`
builds next to `site/` and swaps only when the build (strict warnings included) succeeded.
Faults are injected at every write of a generation, and a generator process is killed mid-write.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from build_scripts import pipeline, write
from build_scripts.swap import staging_folders

SMALL = Path(__file__).parent / "fixtures" / "small"
DISPUTE = "annotations/disputes/thursday-attack.yml"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(SMALL, root)
    return root


def _edit(root: Path) -> None:
    path = root / DISPUTE
    path.write_text(path.read_text(encoding="utf-8").replace("take place", "happen"), encoding="utf-8")


def test_a_fault_at_any_write_leaves_the_previous_pages_and_no_staging_folder(tmp_path, monkeypatch):
    root = _archive(tmp_path)
    out = root / pipeline.GENERATED
    assert pipeline.generate(root).written is not None
    before = _snapshot(out)
    _edit(root)
    real_write = write._create  # every new file of the output goes through it
    faults = 0
    for fail_at in range(1, 40):
        calls = {"n": 0}

        def failing_write(path, data, _fail_at=fail_at, _calls=calls):
            _calls["n"] += 1
            if _calls["n"] == _fail_at:
                raise OSError(28, "No space left on device (injected)")
            return real_write(path, data)

        monkeypatch.setattr(write, "_create", failing_write)
        try:
            pipeline.generate(root)
        except OSError:
            faults += 1
        else:
            break  # fewer writes than fail_at: this run completed
        finally:
            monkeypatch.setattr(write, "_create", real_write)
        assert _snapshot(out) == before, f"output changed after a fault at write {fail_at}"
        assert not staging_folders(out)
    assert faults >= 1
    assert pipeline.generate(root).written is not None
    assert _snapshot(out) != before


KILLER = """
import os, signal, sys
from pathlib import Path
from build_scripts import pipeline, write
real = write._create
count = {"n": 0}
generator = os.getpid()
def create(path, data):
    count["n"] += 1
    if count["n"] == int(sys.argv[2]):
        os.kill(generator, signal.SIGKILL)  # with workers, the generator whose workers write
    return real(path, data)
write._create = create
pipeline.generate(Path(sys.argv[1]), jobs=int(sys.argv[3]))
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_generator_killed_mid_write_leaves_the_previous_pages_and_the_next_run_cleans_up(tmp_path, jobs):
    root = _archive(tmp_path)
    out = root / pipeline.GENERATED
    pipeline.generate(root)
    before = _snapshot(out)
    _edit(root)
    killed = subprocess.run([sys.executable, "-c", KILLER, str(root), "1", str(jobs)], capture_output=True,
                            text=True, timeout=120, cwd=sitebuild.REPO)
    assert killed.returncode == -9, killed.stderr
    assert _snapshot(out) == before
    assert staging_folders(out)  # a hard kill cannot clean up; the folder is hidden from MkDocs
    assert pipeline.generate(root).written is not None
    assert not staging_folders(out)
    assert "happen" in (out / "disputes" / "thursday-attack.md").read_text(encoding="utf-8")


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict]:
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    result = sitebuild.mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project, _snapshot(project / "site")


def test_a_build_that_fails_on_the_archive_keeps_the_published_site(built):
    project, before = built
    (project / DISPUTE).write_text("id: thursday-attack\nbogus: true\n", encoding="utf-8")
    result = sitebuild.mkdocs_build(project)
    assert result.returncode != 0
    assert _snapshot(project / "site") == before
    assert not staging_folders(project / "site")


def test_a_build_aborted_by_a_strict_warning_at_the_end_keeps_the_published_site(built):
    project, before = built
    (project / "docs" / "broken.md").write_text("# Broken\n\n[missing](missing.md)\n", encoding="utf-8")
    result = sitebuild.mkdocs_build(project)
    assert result.returncode != 0 and "strict mode" in result.stdout + result.stderr
    assert _snapshot(project / "site") == before
    assert not staging_folders(project / "site")


def test_a_successful_build_replaces_the_site_whole(built):
    project, before = built
    _edit(project)
    result = sitebuild.mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    after = _snapshot(project / "site")
    assert after != before
    assert "happen" in after["disputes/thursday-attack/index.html"][0].decode("utf-8")
    assert not staging_folders(project / "site")
