"""`ruff check` (pinned in requirements-dev.txt, rules in pyproject.toml) finds nothing in the
Python code, and the findings left for later (per-file-ignores) can only go away.

The same check runs before each commit (.pre-commit-config.yaml), with the same ruff."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
import tomllib

import yaml

from archive_support import REPO

PATHS = ["build_scripts", "tests", "scripts", "benchmarks"]


def pinned_ruff() -> str:
    pins = re.findall(r"^ruff==(\S+)$", (REPO / "requirements-dev.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(pins) == 1, "requirements-dev.txt pins ruff once"
    return pins[0]


def ruff(*args: str) -> subprocess.CompletedProcess:
    # --no-cache: the tests leave nothing behind in the repository.
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_the_pinned_ruff_is_installed():
    version = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True)
    assert version.returncode == 0, f"ruff is not installed: run scripts/setup\n{version.stderr}"
    assert version.stdout.split() == ["ruff", pinned_ruff()], "run scripts/setup to install the pinned ruff"


def test_ruff_finds_nothing():
    run = ruff("--output-format", "concise", *PATHS)
    assert run.returncode == 0, (f"ruff check {' '.join(PATHS)}:\n{run.stdout}{run.stderr}\n`.venv/bin/ruff "
                                 "check --fix` fixes what it safely can; the rules are in pyproject.toml [tool.ruff]")


def test_every_finding_left_for_later_is_still_there():
    """A code in [tool.ruff.lint.per-file-ignores] that its files no longer have must go from the
    list, so that it is checked from then on."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    ignores = config["tool"]["ruff"]["lint"].get("per-file-ignores", {})
    run = ruff("--config", "lint.per-file-ignores = {}", "--output-format", "json", *PATHS)
    findings = {(path.relative_to(REPO).as_posix(), f["code"])
                for f in json.loads(run.stdout) for path in [REPO.joinpath(f["filename"])]}
    stale = [f"{pattern}: {code}" for pattern, codes in ignores.items() for code in codes
             if not any(fnmatch.fnmatch(path, pattern) and found == code for path, found in findings)]
    assert not stale, ("no longer found, so remove from [tool.ruff.lint.per-file-ignores] in pyproject.toml:\n"
                       + "\n".join(stale))


def test_pre_commit_runs_the_pinned_ruff_on_the_same_folders():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repos = [r for r in config["repos"] if r["repo"] == "https://github.com/astral-sh/ruff-pre-commit"]
    assert len(repos) == 1
    assert repos[0]["rev"] == f"v{pinned_ruff()}"
    hook, = repos[0]["hooks"]
    assert hook["id"] == "ruff-check"
    files = re.compile(hook["files"])
    for folder in PATHS:
        assert files.search(f"{folder}/some_module.py"), folder
    assert not files.search("docs/hooks.py")
