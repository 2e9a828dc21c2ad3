"""Parallel page building (build_scripts/publish/parallel.py, workers.py).

- Real builds (slow): the real archive and a 200-article synthetic archive, built with
  `mkdocs build --strict` one page at a time (ARCHIVE_BUILD_JOBS=1) and in 2 worker processes,
  give every file byte for byte the same (search/search_index.json included), and the logs say
  which way each was built (a parallel path that silently stopped applying would compare equal
  too). A page that fails in a worker fails the build, naming the page, and leaves the published
  site as it was; a worker's warning fails a strict build; a build with another hook, or a
  --dirty build, builds one page at a time, saying so; a malformed ARCHIVE_BUILD_JOBS stops the
  build; without the setting (CI's builds), a build has one worker per core.
- Without MkDocs: the setting's values, the reasons to build one page at a time, and the worker
  pool itself, with real forked processes (results in any order, log records carried over, a
  worker that raises or dies).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

import sitebuild
from archive_support import REPO, SMALL
from build_scripts.publish import PublishError, parallel, workers
from build_scripts.publish.options import SiteOptions, build_jobs

SYNTHETIC = REPO / "benchmarks" / "synthetic.py"
HOOK = REPO / "build_scripts" / "mkdocs_hook.py"
PARALLEL = re.compile(r"archive: (\d+) pages built in 2 worker processes \(CPU time [\d.]+ s, [\d.]+ s\)")
SERIAL = "archive: pages are built one at a time"


# --- the setting ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "jobs"), [("auto", 3), ("AUTO", 3), (None, 3), ("", 3), (1, 1), (4, 4), ("2", 2),
                                             (" 6 ", 6)])
def test_build_jobs_is_a_number_of_processes_or_auto_for_one_per_core(value, jobs):
    assert build_jobs(value, cores=3) == jobs


@pytest.mark.parametrize("value", [0, -2, "0", "two", True, 1.5, "2.0", [2], "٣"])
def test_a_malformed_build_jobs_setting_stops_the_build_naming_the_setting_and_the_choices(value):
    with pytest.raises(PublishError, match=r"extra\.archive_build_jobs \(ARCHIVE_BUILD_JOBS\) must be auto \(one "
                                           r"process per core\) or a whole number of processes, 1 building one page"):
        build_jobs(value)


def test_the_options_build_with_one_process_per_core_unless_told_otherwise():
    assert SiteOptions.from_extra({}).archive_build_jobs == max(1, os.cpu_count() or 1)
    assert SiteOptions.from_extra({"archive_build_jobs": 1}).archive_build_jobs == 1
    with pytest.raises(PublishError, match="archive_build_jobs"):
        SiteOptions.from_extra({"archive_build_jobs": "many"})


# --- when pages are built one at a time -------------------------------------------------------------------

def _search_plugin():
    from material.plugins.search.plugin import SearchPlugin

    return SearchPlugin()


def _hook_module(path: Path) -> types.ModuleType:
    module = types.ModuleType(str(path))
    module.__file__ = str(path)
    return module


def test_workers_build_pages_with_the_search_plugin_and_the_archives_hook_only():
    known = {"material/search": _search_plugin(), "build_scripts/mkdocs_hook.py": _hook_module(HOOK)}

    assert parallel.serial_reason(2, "build", False, known, HOOK, fork=True) is None
    other = {**known, "other_hook.py": _hook_module(REPO / "other_hook.py")}
    assert "other_hook.py" in parallel.serial_reason(2, "build", False, other, HOOK, fork=True)


@pytest.mark.parametrize(("jobs", "command", "dirty", "fork", "why"), [
    (1, "build", False, True, "ARCHIVE_BUILD_JOBS) is 1"),
    (2, "serve", False, True, "`serve` builds in one process"),
    (2, "gh-deploy", False, True, "`gh-deploy` builds in one process"),
    (2, "build", True, True, "--dirty"),
    (2, "build", False, False, "cannot fork"),
])
def test_pages_are_built_one_at_a_time_in_the_preview_dirty_builds_with_one_job_or_without_fork(
        jobs, command, dirty, fork, why):
    plugins = {"material/search": _search_plugin(), "hook": _hook_module(HOOK)}

    assert why in parallel.serial_reason(jobs, command, dirty, plugins, HOOK, fork=fork)


# --- the worker pool, with real processes ---------------------------------------------------------------------

def test_shards_deal_every_item_once_round_robin_to_at_most_jobs_workers():
    assert workers.shards(7, 3) == [[0, 3, 6], [1, 4], [2, 5]]
    assert workers.shards(2, 4) == [[0], [1]]
    assert workers.shards(0, 2) == []


def test_a_pool_returns_each_items_result_and_log_records_in_whatever_order_they_are_asked_for(caplog):
    squares = {}

    def work(item: int) -> int:
        squares[item] = item * item  # in the worker's copy only
        logging.getLogger("mkdocs.test_parallel").warning(f"item {item} done in process {os.getpid()}")
        return item * item

    pool = workers.Pool(workers.shards(10, 2), work, finish=lambda: len(squares))
    with caplog.at_level(logging.WARNING, logger="mkdocs.test_parallel"):
        results = {}
        for item in [9, 0, 5, 2, 1, 3, 4, 6, 8, 7]:
            value, records = pool.result(item)
            workers.emit(records)
            results[item] = value
    stats = pool.finish()

    assert results == {i: i * i for i in range(10)} and squares == {}
    assert [s.items for s in stats] == [5, 5] and [s.final for s in stats] == [5, 5]
    assert all(s.cpu_s >= 0 for s in stats)
    messages = [r.getMessage() for r in caplog.records]
    assert [m.split(" done")[0] for m in messages] == [f"item {i}" for i in [9, 0, 5, 2, 1, 3, 4, 6, 8, 7]]
    assert {m.rsplit(" ", 1)[1] for m in messages} != {str(os.getpid())}  # logged in the workers


def test_an_item_that_raises_in_a_worker_fails_the_pool_naming_it_and_the_error():
    def work(item: int) -> int:
        if item == 3:
            raise ValueError("no template for this page")
        return item

    pool = workers.Pool(workers.shards(8, 2), work)
    try:
        with pytest.raises(workers.WorkerFailed) as failed:
            for item in range(8):
                pool.result(item)
        assert failed.value.item == 3
        assert failed.value.message == "ValueError: no template for this page"
        assert "raise ValueError" in failed.value.trace
    finally:
        pool.stop()
    assert all(w.exit_status is not None for w in pool.workers)  # every worker reaped


def test_a_worker_that_dies_without_a_word_fails_the_first_item_it_did_not_report():
    def slow(item: int) -> int:
        if item == 4:
            os._exit(9)
        time.sleep(60 if item == 5 else 0)  # the other worker is still at work when the pool fails
        return item

    pool = workers.Pool(workers.shards(6, 2), slow)
    with pytest.raises(workers.WorkerFailed, match="ended without a word") as failed:
        pool.finish()
    assert failed.value.item == 4
    assert all(w.exit_status is not None for w in pool.workers)  # finish ended and reaped the other one too


# --- real builds --------------------------------------------------------------------------------------------------

def _output(run: subprocess.CompletedProcess) -> str:
    return run.stdout + run.stderr


def _build_both_ways(content: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """`content` built with 2 workers and one page at a time: both sites, and how many pages the
    workers built."""
    sites, built = {}, 0
    for jobs in ("2", "1"):
        project, log = sitebuild.built(content, tmp_path / f"jobs-{jobs}", env={"ARCHIVE_BUILD_JOBS": jobs})
        if jobs == "2":
            workers_line = PARALLEL.search(log)
            assert workers_line and SERIAL not in log, log
            built = int(workers_line.group(1))
        else:
            assert f"{SERIAL}: extra.archive_build_jobs (ARCHIVE_BUILD_JOBS) is 1" in log and not PARALLEL.search(log)
        fast = re.search(r"archive: (\d+) of (\d+) generated pages took the fast path", log)
        assert fast and fast.group(1) == fast.group(2), log  # the workers' counts reach the main process
        sites[jobs] = (sitebuild.site_files(project / "site"), fast.group(0))
    (parallel_site, fast_2), (serial_site, fast_1) = sites["2"], sites["1"]
    assert fast_2 == fast_1
    return parallel_site, serial_site, built


def _assert_same(parallel_site: dict[str, bytes], serial_site: dict[str, bytes]) -> None:
    assert sorted(parallel_site) == sorted(serial_site)
    assert [rel for rel in serial_site if parallel_site[rel] != serial_site[rel]] == []
    assert len(parallel_site["search/search_index.json"]) > 10_000


@pytest.mark.slow
def test_the_real_archive_builds_byte_for_byte_the_same_in_two_workers_as_one_page_at_a_time(tmp_path):
    parallel_site, serial_site, built = _build_both_ways(REPO, tmp_path)

    _assert_same(parallel_site, serial_site)
    assert built > 200 and sum(rel.endswith(".html") for rel in parallel_site) > built


@pytest.mark.slow
def test_a_synthetic_archive_builds_byte_for_byte_the_same_in_two_workers_as_one_page_at_a_time(tmp_path):
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, str(SYNTHETIC), "--articles", "200", "--seed", "1", str(archive)],
                   capture_output=True, text=True, timeout=300, check=True)
    parallel_site, serial_site, built = _build_both_ways(archive, tmp_path)

    _assert_same(parallel_site, serial_site)
    assert built > 2000


def _page_outside_the_nav(project: Path, name: str, text: str) -> None:
    """A hand-written page left out of the navigation (so built by a worker)."""
    (project / "docs" / name).write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", f"not_in_nav: |\n  /{name}\n", 1),
                      encoding="utf-8")


def _staging(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


@pytest.mark.slow
def test_a_page_that_fails_in_a_worker_fails_the_build_naming_it_and_leaves_the_published_site(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    first = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": "2"})
    assert first.returncode == 0 and PARALLEL.search(_output(first)), _output(first)
    published = sitebuild.site_files(project / "site")
    _page_outside_the_nav(project, "broken.md", "---\ntemplate: no-such-template.html\n---\n# Broken\n")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": "2"})

    log = _output(run)
    assert run.returncode != 0
    assert re.search(r"ERROR +- +archive: building page 'broken\.md' failed in a build worker: TemplateNotFound: "
                     r"'no-such-template\.html' not found in search paths: .*; the published site was left as it "
                     r"was\n", log), log
    assert "Error building page 'broken.md'" in log  # MkDocs' own report, logged in the worker
    assert "Traceback" not in log, log
    assert sitebuild.site_files(project / "site") == published and _staging(project) == []
    assert _processes_in(project) == []  # the other worker was ended, not left running


def _processes_in(folder: Path) -> list[str]:
    """The processes whose working folder is `folder` (a build's workers have the build's)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder:
                found.append(proc.name)
        except OSError:
            pass
    return found


@pytest.mark.slow
def test_a_warning_logged_in_a_worker_fails_a_strict_build_and_is_printed_once(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    _page_outside_the_nav(project, "stray.md", "# Stray\n\nSee [the missing page](missing.md).\n")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": "2"})

    log = _output(run)
    assert run.returncode != 0
    assert PARALLEL.search(log), log  # the pages were built, by workers, before MkDocs aborted
    warning = "Doc file 'stray.md' contains a link 'missing.md', but the target is not found among documentation files."
    assert log.count(warning) == 1, log
    assert "Aborted with 1 warnings in strict mode!" in log
    assert not (project / "site").exists() and _staging(project) == []


@pytest.mark.slow
def test_a_build_with_another_hook_builds_one_page_at_a_time_saying_why(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    (project / "counting_hook.py").write_text("pages = []\n\n\ndef on_page_markdown(markdown, page, **kwargs):\n"
                                              "    pages.append(page)\n    return markdown\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - counting_hook.py\n", 1),
                      encoding="utf-8")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": "2"})

    log = _output(run)
    assert run.returncode == 0, log
    assert (f"{SERIAL}: plugins or hooks that may keep state across pages: counting_hook.py (workers build pages "
            "only with the search plugin and the archive's hook)") in log, log
    assert not PARALLEL.search(log)


@pytest.mark.slow
def test_a_dirty_build_builds_one_page_at_a_time_saying_why(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "ARCHIVE_BUILD_JOBS": "2"}
    env.pop("ARCHIVE_REPO_URL", None)

    run = subprocess.run([str(sitebuild.MKDOCS), "build", "--dirty"], cwd=project, env=env, capture_output=True,
                         text=True, timeout=600)

    assert run.returncode == 0, _output(run)
    assert f"{SERIAL}: a --dirty build carries the pages' state from one build to the next" in _output(run)
    assert (project / "site" / "index.html").is_file()


@pytest.mark.slow
def test_a_malformed_build_jobs_variable_stops_the_build_saying_what_is_wrong(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": "lots"})

    assert run.returncode != 0
    assert "extra.archive_build_jobs (ARCHIVE_BUILD_JOBS) must be auto (one process per core) or a whole number " \
           "of processes, 1 building one page at a time, not 'lots'" in _output(run)
    assert not (project / "site").exists()


@pytest.mark.slow
def test_a_build_without_the_setting_has_one_worker_per_core(tmp_path):
    """What CI and the deploy workflow get: the parallel path, on any machine with two cores or more."""
    project = sitebuild.make_project(SMALL, tmp_path / "project")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_BUILD_JOBS": ""})  # empty: as if unset, `auto`

    log = _output(run)
    assert run.returncode == 0, log
    cores = os.cpu_count() or 1
    if cores > 1:  # one per core, or per page when there are fewer pages
        found = re.search(r"archive: (\d+) pages built in (\d+) worker processes", log)
        assert found and int(found.group(2)) == min(cores, int(found.group(1))), log
    else:
        assert f"{SERIAL}: extra.archive_build_jobs (ARCHIVE_BUILD_JOBS) is 1" in log
