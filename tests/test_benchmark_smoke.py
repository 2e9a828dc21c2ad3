"""The scale benchmark's parts at a tiny size: the synthetic archive is valid, canonical and
deterministic, and benchmarks/run.py completes in its quick mode. The benchmark itself is not a
test (see benchmarks/run.py); this only keeps it from rotting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from build_scripts import pipeline

REPO = Path(__file__).resolve().parent.parent
SYNTHETIC = REPO / "benchmarks" / "synthetic.py"
RUN = REPO / "benchmarks" / "run.py"


def _synthetic(out: Path, n: int = 20, seed: int = 7) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SYNTHETIC), "--articles", str(n), "--seed", str(seed), str(out)],
                          capture_output=True, text=True, timeout=60, check=True)



@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "archive"
    _synthetic(out)
    return out


@pytest.fixture(scope="module")
def checked(archive: Path) -> pipeline.Result:
    return pipeline.check(archive)


def test_synthetic_archive_passes_the_check_with_no_errors_or_warnings(checked: pipeline.Result):
    result = checked

    assert result.report.ok, result.report.format()
    assert not result.report.items, result.report.format()
    a = result.archive
    assert len(a.articles) == 20
    assert len(a.actors) >= 16 and len(a.disputes) >= 1
    assert len(a.claims) >= 4 * len(a.articles)


def test_every_actor_name_and_alias_occurs_in_the_texts(checked: pipeline.Result):
    a = checked.archive
    written = {m.actor.id: set() for article in a.articles.values() for m in article.mentions}
    for article in a.articles.values():
        for m in article.mentions:
            written[m.actor.id].add(article.body[m.start:m.end])
    for actor in a.actors.values():
        assert {actor.name, *actor.data.aliases} <= written.get(actor.id, set()), actor.id


def test_synthetic_archive_is_in_canonical_form(archive: Path):
    run = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(archive), "fmt", "--check"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)

    assert run.returncode == 0, run.stdout + run.stderr


def test_same_seed_and_size_give_byte_identical_files(archive: Path, tmp_path: Path):
    _synthetic(tmp_path / "again")

    assert sitebuild.site_files(tmp_path / "again") == sitebuild.site_files(archive)


def test_another_seed_gives_another_archive(archive: Path, tmp_path: Path):
    _synthetic(tmp_path / "other", seed=8)

    assert sitebuild.site_files(tmp_path / "other") != sitebuild.site_files(archive)


@pytest.mark.slow  # benchmarks/run.py in a process of its own: several seconds, and about the benchmark
def test_benchmark_quick_mode_completes_and_reports(tmp_path: Path):
    results = tmp_path / "results"
    run = subprocess.run([sys.executable, str(RUN), "--sizes", "20", "--skip-mkdocs", "--work", str(tmp_path / "work"),
                          "--results", str(results)], cwd=REPO, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    (row,) = data["rows"]
    assert row["articles"] == 20
    assert row["generate_cold"]["exit_code"] == 0 and row["generate_cold"]["written"] == row["pages"] > 0
    assert row["generate_noop"]["written"] == 0 and row["generate_noop"]["unchanged"] == row["pages"]
    assert row["generate_cold"]["peak_rss_bytes"] > 0
    assert data["machine"]["python"] and data["command"].startswith("python benchmarks/run.py --sizes 20")
    report = (results / "results.md").read_text(encoding="utf-8")
    assert "| target |" in report and "NOT RUN" in report
