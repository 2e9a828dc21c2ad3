"""Pages rendered and written by forked worker processes (build_scripts/fork.py,
write.write_parallel) make the same output as one process, byte for byte, and keep the write
stage's promises: only changed files written, unchanged ones kept (same inode), nothing changed
after a failure, a killed worker or a page given twice, and no staging folder left behind.

The real archive and a 200-article synthetic one are generated with 1, 2 and 3 processes.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive_support import DISPUTE, REPO, copy_archive
from build_scripts import cli, collector, fork, pipeline, write
from build_scripts.swap import staging_folders

SYNTHETIC = REPO / "benchmarks" / "synthetic.py"


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and its inode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _bytes(folder: Path) -> dict[str, bytes]:
    return {rel: content for rel, (content, _) in _tree(folder).items()}


def _generate(root: Path, out: Path, jobs: int) -> pipeline.Result:
    result = pipeline.generate(root, out, force=True, jobs=jobs)
    assert result.written is not None, result.report.errors
    return result


def _same_output_with_any_number_of_processes(root: Path, tmp_path: Path) -> None:
    serial = _generate(root, tmp_path / "serial", 1)
    assert serial.written.workers == ()
    expected = _bytes(tmp_path / "serial")
    assert len(expected) == serial.pages == serial.written.written
    for jobs in (2, 3):
        out = tmp_path / f"jobs-{jobs}"
        result = _generate(root, out, jobs)
        assert len(result.written.workers) == jobs
        assert all(w.cpu_s > 0 and w.peak_rss_bytes > 0 for w in result.written.workers)
        assert (result.pages, result.written) == (serial.pages, serial.written)
        got = _bytes(out)
        assert got.keys() == expected.keys()
        assert [rel for rel in expected if got[rel] != expected[rel]] == []
        assert not staging_folders(out)


def test_the_real_archive_gives_the_same_files_with_one_two_or_three_processes(tmp_path):
    _same_output_with_any_number_of_processes(REPO, tmp_path)


@pytest.mark.slow
def test_a_synthetic_archive_gives_the_same_files_with_one_two_or_three_processes(tmp_path):
    root = tmp_path / "archive"
    subprocess.run([sys.executable, str(SYNTHETIC), "--articles", "200", "--seed", "1", str(root)],
                   check=True, cwd=REPO, timeout=600)
    _same_output_with_any_number_of_processes(root, tmp_path)


def test_an_edit_rewrites_only_the_changed_files_and_keeps_the_others(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"
    first = _generate(root, out, 2)
    before = _tree(out)
    again = _generate(root, out, 2)  # nothing changed: every file kept, no staging folder left
    assert (again.written.written, again.written.unchanged, again.written.removed) == (0, first.pages, 0)
    assert _tree(out) == before and not staging_folders(out)
    path = root / DISPUTE
    path.write_text(path.read_text(encoding="utf-8").replace("take place", "happen"), encoding="utf-8")
    edited = _generate(root, out, 2)
    after = _tree(out)
    changed = {rel for rel in after if after[rel][0] != before[rel][0]}
    assert "disputes/thursday-attack.md" in changed
    assert edited.written.written == len(changed) and edited.written.unchanged == first.pages - len(changed)
    assert all(after[rel][1] == before[rel][1] for rel in after if rel not in changed)  # linked, not rewritten
    _generate(root, tmp_path / "serial", 1)
    assert _bytes(tmp_path / "serial") == {rel: content for rel, (content, _) in after.items()}


def test_a_fault_in_a_worker_is_raised_and_leaves_the_previous_output(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"
    _generate(root, out, 2)
    before = _tree(out)
    path = root / DISPUTE
    path.write_text(path.read_text(encoding="utf-8").replace("take place", "happen"), encoding="utf-8")
    parent = os.getpid()
    real = write._create

    def failing(path, data):  # in the workers only: the parent writes the data downloads meanwhile
        if os.getpid() == parent:
            return real(path, data)
        raise OSError(28, f"No space left on device (injected in process {os.getpid()})")

    monkeypatch.setattr(write, "_create", failing)
    with pytest.raises(OSError, match="injected in process") as raised:
        pipeline.generate(root, out, jobs=2)
    assert str(parent) not in str(raised.value)  # raised in a worker, raised again here
    assert _tree(out) == before and not staging_folders(out)


def test_a_worker_that_dies_fails_the_generate_and_leaves_the_previous_output(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"
    _generate(root, out, 2)
    before = _tree(out)
    path = root / DISPUTE
    path.write_text(path.read_text(encoding="utf-8").replace("take place", "happen"), encoding="utf-8")
    parent, real = os.getpid(), write._create
    monkeypatch.setattr(write, "_create", lambda path, data: real(path, data) if os.getpid() == parent else os._exit(9))
    with pytest.raises(fork.WorkerDied, match="exit code 9"):
        pipeline.generate(root, out, jobs=2)
    assert _tree(out) == before and not staging_folders(out)


def test_a_file_given_by_two_workers_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "out"
    write.write_tree(out, {"a.md": "a", "b.md": "b"})
    before = _tree(out)
    with pytest.raises(ValueError, match=r"generated twice: twice\.md"):
        write.write_parallel(out, lambda k, n: [(f"{k}.md", "new"), ("twice.md", "same")], 2)
    assert _tree(out) == before and not staging_folders(out)


def test_a_file_given_by_a_worker_and_by_the_parent_is_refused(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match=r"generated twice: data\.csv"):
        write.write_parallel(out, lambda k, n: [(f"{k}.md", "page"), ("data.csv", "x")] if k == 1 else [], 2,
                             own=[("data.csv", b"x")])
    assert not out.exists() and not staging_folders(out)


def test_write_parallel_removes_the_files_no_worker_gives(tmp_path):
    out = tmp_path / "out"
    write.write_tree(out, {"a.md": "a", "old/b.md": "b"})
    result = write.write_parallel(out, lambda k, n: [("a.md", "a")] if k == 0 else [("c/d.md", "d")], 2)
    assert (result.written, result.unchanged, result.removed) == (1, 1, 1)
    assert _bytes(out) == {"a.md": b"a", "c/d.md": b"d"}


def test_the_number_of_processes_comes_from_the_argument_then_the_environment_then_the_cores(monkeypatch):
    monkeypatch.setenv(fork.ENV, "3")
    assert fork.jobs() == 3
    assert fork.jobs(1) == 1
    for cores in ("auto", " AUTO ", ""):  # as mkdocs.yml and the README give it: the same setting
        monkeypatch.setenv(fork.ENV, cores)
        assert fork.jobs() == (os.cpu_count() or 1)
    for wrong in ("0", "-2", "many", "1.5"):
        monkeypatch.setenv(fork.ENV, wrong)
        with pytest.raises(ValueError, match=rf"ARCHIVE_BUILD_JOBS must be auto \(one process per core\) or a "
                                             rf"whole number of processes, 1 building one page at a time, not "
                                             rf"'{re.escape(wrong)}'"):
            fork.jobs()
    monkeypatch.delenv(fork.ENV)
    assert fork.jobs() == (os.cpu_count() or 1)


def test_archive_build_with_a_malformed_number_of_processes_says_so_without_a_traceback(tmp_path, monkeypatch,
                                                                                       capsys):
    monkeypatch.setenv(fork.ENV, "lots")
    assert cli.main(["--root", str(REPO), "build", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "archive: error: ARCHIVE_BUILD_JOBS must be auto (one process per core) or a whole number" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_the_collector_stays_off_until_the_outermost_freeze_ends():
    assert gc.get_freeze_count() == 0
    with collector.frozen():
        outer = gc.get_freeze_count()
        inner_objects = [[] for _ in range(1000)]
        with collector.frozen():
            assert gc.get_freeze_count() >= outer + 1000  # what the inner one found alive is frozen too
        assert gc.get_freeze_count() >= outer + 1000  # the inner end hands nothing back: the outer holds
        del inner_objects
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError, match="unfreeze without freeze"):
        collector.unfreeze()


def test_fork_gives_the_results_in_order_and_raises_a_workers_exception():
    results, workers = fork.run(lambda k, n: (k, n, os.getpid()), 3)
    assert [(k, n) for k, n, _ in results] == [(0, 3), (1, 3), (2, 3)]
    assert len({pid for _, _, pid in results} | {os.getpid()}) == 4
    assert [w.pid for w in workers] == [pid for _, _, pid in results]

    def work(k, n):
        if k == 1:
            raise KeyError("worker one")
        return k

    with pytest.raises(KeyError, match="worker one"):
        fork.run(work, 3)
    done = []
    assert fork.run(lambda k, n: k, 2, meanwhile=lambda: done.append(os.getpid()))[0] == [0, 1]
    assert done == [os.getpid()]
