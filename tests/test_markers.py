"""The `slow` marker is given by tests/conftest.py from what a test runs, and a test that starts
MkDocs without it fails: `scripts/test --quick` (-m "not slow") cannot silently grow slow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import conftest
import sitebuild


def _publish(project: Path):
    return sitebuild.mkdocs_build(project)


def _helper_of_a_helper(project: Path):
    return _publish(project)


def _serve(project: Path):
    return subprocess.Popen([str(sitebuild.MKDOCS), "serve"], cwd=project)


def _publish_with_properdocs(project: Path):
    return sitebuild.properdocs_build(project, project / "venv")


def _site_by_name(request):
    return request.getfixturevalue("real_project")


def _generate_only(root: Path):
    from build_scripts import pipeline

    return pipeline.generate(root)


@pytest.mark.parametrize("func", [_publish, _helper_of_a_helper, _serve, _publish_with_properdocs, _site_by_name])
def test_code_that_reaches_mkdocs_or_a_site_fixture_is_slow(func):
    assert conftest._slow_use(func, set())


def test_code_that_only_generates_pages_is_not_slow():
    assert conftest._slow_use(_generate_only, set()) is None


def test_starting_mkdocs_in_a_test_not_marked_slow_fails_naming_the_fix():
    mkdocs = Path(sys.executable).parent / "mkdocs"  # spelled out, so the static rule does not see it
    with pytest.raises(RuntimeError, match=r"runs MkDocs but is not marked slow: mark it @pytest.mark.slow"):
        subprocess.run([str(mkdocs), "--version"], capture_output=True, check=False)


@pytest.mark.parametrize("argv", [["/venv/bin/mkdocs", "build"], ["python", "-m", "mkdocs", "serve"],
                                  ["/venv/bin/properdocs", "build"], ["python", "-m", "properdocs", "build"]])
def test_mkdocs_and_properdocs_count_as_running_mkdocs(argv):
    assert conftest._starts_mkdocs_or_chromium(argv) == "runs MkDocs"
