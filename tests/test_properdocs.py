"""ProperDocs, the maintained continuation of MkDocs 1.x, builds the archive in MkDocs' place
(README, "Building with ProperDocs"). scripts/setup-properdocs makes a virtual environment without
MkDocs; `properdocs build` of the real archive there runs the hook unchanged (ProperDocs answers
its `mkdocs.*` imports) and publishes the same site as `mkdocs build`, byte for byte but the
generator tag, with every kind of page.

The environment is installed from the package index on every run (about 20 seconds with a nearby
index); the test is skipped only when the index cannot be reached, saying so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from archive_support import REPO, SMALL
from build_scripts import kinds

# Installing the environment takes seconds, and every test here runs ProperDocs.
pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _tail(run: subprocess.CompletedProcess, lines: int = 30) -> str:
    return "\n".join((run.stdout + run.stderr).splitlines()[-lines:])


@pytest.fixture(scope="module")
def properdocs_venv(tmp_path_factory) -> Path:
    """A ProperDocs environment made by scripts/setup-properdocs, with this test run's Python."""
    venv = tmp_path_factory.mktemp("properdocs") / "venv"
    setup = subprocess.run([str(REPO / "scripts" / "setup-properdocs"), str(venv)], cwd=REPO, text=True,
                           capture_output=True, timeout=900, env={**os.environ, "PYTHON": sys.executable})
    if setup.returncode != 0:
        probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "-q",
                                "-d", str(venv.parent / "probe"), "properdocs==1.6.7"],
                               capture_output=True, text=True, timeout=300)
        if probe.returncode != 0:
            reason = " / ".join(_tail(probe, 2).splitlines())
            pytest.skip(f"the package index cannot be reached to install ProperDocs (pip download: {reason})")
        pytest.fail(f"scripts/setup-properdocs failed ({setup.returncode}):\n{_tail(setup)}")
    return venv


@pytest.fixture(scope="module")
def properdocs_project(properdocs_venv, tmp_path_factory) -> tuple[Path, str]:
    """The real archive built with `properdocs build --strict`: the project folder and the output."""
    project = sitebuild.make_project(REPO, tmp_path_factory.mktemp("properdocs-site"))
    run = sitebuild.properdocs_build(project, properdocs_venv)
    assert run.returncode == 0, f"properdocs build --strict failed ({run.returncode}):\n{_tail(run)}"
    return project, run.stdout + run.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_mkdocs_is_not_installed_beside_properdocs(properdocs_venv):
    python = str(properdocs_venv / "bin" / "python")
    version = subprocess.run([str(properdocs_venv / "bin" / "properdocs"), "--version"], capture_output=True, text=True)
    mkdocs = subprocess.run([python, "-c", "import mkdocs"], capture_output=True, text=True)

    assert "1.6.7" in version.stdout
    assert "No module named 'mkdocs'" in mkdocs.stderr


def test_properdocs_runs_the_hook_and_builds_quietly(properdocs_project):
    project, output = properdocs_project

    assert re.search(r"INFO\s+-\s+archive: \d+ pages", output), output  # the hook generated the pages
    assert "archive: published the complete build to" in output  # ... and published the staged site
    if (os.cpu_count() or 1) > 1:  # ... with its pages built in worker processes (publish/parallel.py)
        assert re.search(r"INFO\s+-\s+archive: \d+ pages built in \d+ worker processes", output), output
    assert "Traceback" not in output and "WARNING" not in output, output
    assert 'not included in the "nav"' not in output and "end of life" not in output, output
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page  # the hook's on_post_page


def test_properdocs_builds_every_kind_of_page(properdocs_project):
    site = properdocs_project[0] / "site"
    listings = ["", "articles/", "actors/", "claims/", "disputes/", "timeline/", "network/", "methodology/",
                "corrections/", "data/"]

    for listing in listings:
        assert (site / listing / "index.html").is_file(), listing
    for kind in kinds.KINDS:  # at least one record page of each kind
        assert any((site / kind.section).glob("*/index.html")), kind.section
    for download in ["data/archive.json", "data/claims.csv", "data/datapackage.json", "feed.xml",
                     "search/search_index.json", "sitemap.xml"]:
        assert (site / download).is_file(), download


def test_properdocs_publishes_the_same_site_as_mkdocs(properdocs_project, real_project):
    """The same files with the same bytes, but the generator tag that names the engine."""
    with_properdocs, with_mkdocs = _files(properdocs_project[0] / "site"), _files(real_project / "site")

    assert sorted(with_properdocs) == sorted(with_mkdocs)
    assert [rel for rel in with_mkdocs if with_mkdocs[rel] != with_properdocs[rel]] == []


def test_a_warning_of_the_hook_fails_a_strict_properdocs_build_and_publishes_nothing(properdocs_venv, tmp_path):
    """The hook logs through the `mkdocs` logger, which ProperDocs counts as its own."""
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    (project / "annotations" / "clams").mkdir()
    (project / "annotations" / "clams" / "stray.yml").write_text("id: stray\n", encoding="utf-8")

    run = sitebuild.properdocs_build(project, properdocs_venv)

    assert run.returncode != 0
    assert "FILE007 warning: 'clams' is not read" in run.stderr
    assert "Aborted with 1 warnings in strict mode" in run.stdout + run.stderr
    assert not (project / "site").exists()
