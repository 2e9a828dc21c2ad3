"""Writing generated pages: only files whose bytes changed are touched, stale files and empty
folders go, nothing is written outside the output folder, and a broken archive writes nothing."""

from __future__ import annotations

import os
import time

import pytest

from archive_support import MONITOR_CLAIMS, copy_archive, replace
from build_scripts import fingerprint, pipeline
from build_scripts.render import render_site
from build_scripts.write import WriteResult, write_tree

PAGES = {
    "index.md": "# Home\n",
    "articles/a.md": "# A\n",
    "articles/b.md": "# B \u00e9\n",
    "claims/deep/c.md": "# C\n",
}


def snapshot(root) -> dict[str, tuple[bytes, int, int]]:
    """Every file under root with its bytes, inode and modification time in nanoseconds."""
    result = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            result[path.relative_to(root).as_posix()] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return result


def age(root, seconds: int = 1000) -> None:
    """Set every file's modification time into the past, so a rewrite would show."""
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - seconds * 10**9, stat.st_mtime_ns - seconds * 10**9))


def test_first_write_creates_every_file_as_utf8(tmp_path):
    out = tmp_path / "out"

    result = write_tree(out, PAGES)

    assert result == WriteResult(written=4, unchanged=0, removed=0)
    assert {rel: data for rel, (data, _, _) in snapshot(out).items()} == {
        rel: text.encode("utf-8") for rel, text in PAGES.items()}


def test_second_write_of_the_same_pages_writes_nothing_and_keeps_inodes_and_mtimes(tmp_path):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    age(out)
    before = snapshot(out)

    result = write_tree(out, PAGES)

    assert result == WriteResult(written=0, unchanged=4, removed=0)
    assert snapshot(out) == before


def test_only_changed_files_are_rewritten(tmp_path):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    age(out)
    before = snapshot(out)

    result = write_tree(out, {**PAGES, "articles/b.md": "# B changed\n"})

    after = snapshot(out)
    assert result == WriteResult(written=1, unchanged=3, removed=0)
    assert after["articles/b.md"][0] == b"# B changed\n"
    assert after["articles/b.md"][2] != before["articles/b.md"][2]
    for rel in ("index.md", "articles/a.md", "claims/deep/c.md"):
        assert after[rel] == before[rel], rel


def test_stale_files_and_the_folders_they_leave_empty_are_removed(tmp_path):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    (out / "old" / "nested").mkdir(parents=True)
    (out / "old" / "nested" / "gone.md").write_text("stale", encoding="utf-8")

    result = write_tree(out, {"index.md": PAGES["index.md"], "articles/a.md": PAGES["articles/a.md"]})

    assert result == WriteResult(written=0, unchanged=2, removed=3)
    assert sorted(snapshot(out)) == ["articles/a.md", "index.md"]
    assert not (out / "claims").exists()
    assert not (out / "old").exists()
    assert out.is_dir()


def test_no_temporary_files_are_left_behind(tmp_path):
    out = tmp_path / "out"

    write_tree(out, PAGES)
    write_tree(out, {**PAGES, "index.md": "# Changed\n"})

    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("rel", ["../escape.md", "articles/../../escape.md", "/tmp/absolute-escape.md", ".", ""])
def test_paths_outside_the_output_folder_are_refused(tmp_path, rel):
    out = tmp_path / "out"

    with pytest.raises(ValueError):
        write_tree(out, {rel: "# Escaped\n"})

    assert not (tmp_path / "escape.md").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_a_symlinked_folder_cannot_lead_a_write_outside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "articles").symlink_to(outside, target_is_directory=True)

    with pytest.raises(ValueError):
        write_tree(out, {"articles/a.md": "# A\n"})

    assert list(outside.iterdir()) == []


def test_generate_writes_the_pages_of_a_clean_archive(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "generated"

    result = pipeline.generate(root, out)

    assert result.report.ok
    assert result.written == WriteResult(written=result.pages, unchanged=0, removed=0)
    assert (out / "articles" / "ministry-reports-attack.md").is_file()
    assert pipeline.generate(root, out).written == WriteResult(written=0, unchanged=result.pages, removed=0)


def test_generate_defaults_to_generated_under_the_root_outside_docs(tmp_path):
    """Outside docs/, which `mkdocs serve` watches: the generator's writes start no rebuild."""
    root = copy_archive(tmp_path / "archive")

    pipeline.generate(root)

    assert (root / "generated" / "claims" / "rebels-deny-attack.md").is_file()
    assert (root / ".generated.stamp").is_file()
    assert not (root / "docs").exists()


def test_generate_on_a_broken_archive_writes_nothing_and_keeps_the_previous_output(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "generated"
    pipeline.generate(root, out)
    age(out)
    before = snapshot(out)
    replace(root, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: nobody-known")

    result = pipeline.generate(root, out)

    assert not result.report.ok
    assert result.written is None and result.pages == 0
    assert snapshot(out) == before


def test_generate_on_a_broken_archive_does_not_create_the_output_folder(tmp_path):
    root = copy_archive(tmp_path / "archive")
    replace(root, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: nobody-known")

    pipeline.generate(root, tmp_path / "never")

    assert not (tmp_path / "never").exists()


def run_cli(root, *args: str):
    import subprocess
    import sys

    from archive_support import REPO

    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_build_writes_the_pages_and_a_second_build_writes_none(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"

    first = run_cli(root, "build", "--out", str(out))
    second = run_cli(root, "build", "--out", str(out))

    pages = len(render_site(pipeline.check(root).archive))
    assert first.returncode == 0, first.stderr
    assert f"built {pages} pages" in first.stderr and f"{pages} written" in first.stderr
    assert second.returncode == 0
    assert f"0 written, {pages} unchanged, 0 removed" in second.stderr
    assert (out / "disputes" / "thursday-attack.md").is_file()


def test_cli_build_of_a_broken_archive_exits_1_and_writes_nothing(tmp_path):
    root = copy_archive(tmp_path / "archive")
    replace(root, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: nobody-known")

    run = run_cli(root, "build", "--out", str(tmp_path / "out"))

    assert run.returncode == 1
    assert "REF001 unknown actor 'nobody-known'" in run.stdout
    assert "nothing was written" in run.stderr
    assert not (tmp_path / "out").exists()


def test_cli_build_says_when_nothing_changed_and_force_redoes_the_work(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"
    time.sleep(fingerprint.RACY_SECONDS + 0.5)  # files changed within the clock step are never trusted

    first = run_cli(root, "build", "--out", str(out))
    second = run_cli(root, "build", "--out", str(out))
    forced = run_cli(root, "build", "--out", str(out), "--force")

    pages = len(render_site(pipeline.check(root).archive))
    assert first.returncode == second.returncode == forced.returncode == 0, first.stderr + second.stderr
    assert f"unchanged since the last build: {pages} pages, nothing written" in second.stderr
    assert f"built {pages} pages (" in forced.stderr and f"0 written, {pages} unchanged" in forced.stderr
