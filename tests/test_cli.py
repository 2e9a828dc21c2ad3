"""The `archive` command: checking chosen files, progress, help and exit codes."""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from archive_support import (MONITOR_CLAIMS, OBSERVATORY_ACTOR, REBEL_ACTOR, check, copy_archive, line_of, replace,
                             write)
from build_scripts import cli, pipeline

def run_cli(root, *args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=cwd or root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


@pytest.fixture
def two_mistakes(archive):
    """An unknown actor in the monitor's claims, and an unknown relation in the rebel actor."""
    replace(archive, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: example-observatry")
    replace(archive, REBEL_ACTOR, "relation: associated-with", "relation: friends-with")
    return archive


def test_check_with_files_prints_only_their_problems_and_counts_the_others(two_mistakes):
    run = run_cli(two_mistakes, "check", MONITOR_CLAIMS)

    line = line_of(two_mistakes, MONITOR_CLAIMS, "claimant:")
    assert run.stdout.startswith(f"{MONITOR_CLAIMS}:{line}:")
    assert REBEL_ACTOR not in run.stdout
    assert run.stdout.count("\n    hint: ") == 1
    assert "1 error, 0 warnings in the given files; 1 error, 0 warnings in 1 other file not shown" in run.stderr
    assert run.returncode == 1


def test_check_with_a_clean_file_still_exits_1_when_the_archive_has_errors(two_mistakes):
    run = run_cli(two_mistakes, "check", OBSERVATORY_ACTOR)

    assert run.stdout == ""
    assert "0 errors, 0 warnings in the given files; 2 errors, 0 warnings in 2 other files not shown" in run.stderr
    assert run.returncode == 1


def test_check_with_a_folder_prints_the_problems_of_every_file_in_it(two_mistakes):
    run = run_cli(two_mistakes, "check", "annotations/actors/", "annotations/claims")

    assert MONITOR_CLAIMS in run.stdout and REBEL_ACTOR in run.stdout
    assert "not shown" not in run.stderr


def test_check_with_files_in_github_format_annotates_only_those_files(two_mistakes):
    run = run_cli(two_mistakes, "check", "--format", "github", REBEL_ACTOR)

    assert run.stdout.startswith(f"::error file={REBEL_ACTOR},line=")
    assert run.stdout.count("\n") == 1


def test_files_are_relative_to_the_current_folder(two_mistakes, tmp_path):
    run = run_cli(two_mistakes, "check", str(two_mistakes / MONITOR_CLAIMS), cwd=tmp_path)

    assert run.stdout.startswith(f"{MONITOR_CLAIMS}:")


@pytest.mark.parametrize("name, message", [("annotations/actors/nobody.yml", "no such file or folder"),
                                           ("..", "is outside the archive")])
def test_a_path_that_is_missing_or_outside_the_archive_is_a_usage_error(archive, name, message):
    run = run_cli(archive, "check", name)

    assert run.returncode == 2
    assert message in run.stderr
    assert run.stderr.startswith("usage: archive check")
    assert "Traceback" not in run.stderr


def test_progress_is_printed_per_stage_with_progress(archive):
    run = run_cli(archive, "check", "--progress")

    stages = [line for line in run.stderr.split("\n") if line.startswith("archive: ")]
    assert [s.split()[1] for s in stages] == ["loaded", "validated", "linked"]
    assert stages[0].startswith("archive: loaded 13 files, 0 unreadable (")
    assert stages[2].startswith("archive: linked 2 articles, 5 actors, 4 claims, 1 disputes, 2 places, 1 events (")
    assert run.stdout == ""


def test_no_progress_when_standard_error_is_not_a_terminal(archive):
    assert "archive: " not in run_cli(archive, "check").stderr


def test_progress_when_standard_error_is_a_terminal_unless_no_progress(archive):
    def stderr_on_a_terminal(*args: str) -> str:
        leader, follower = pty.openpty()
        try:
            subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(archive), "check", *args],
                           stdout=subprocess.DEVNULL, stderr=follower, timeout=120, check=False)
            output = b""
            while select.select([leader], [], [], 0.5)[0]:
                output += os.read(leader, 65536)
            return output.decode()
        finally:
            os.close(follower)
            os.close(leader)

    assert "archive: loaded 13 files" in stderr_on_a_terminal()
    assert "archive: loaded" not in stderr_on_a_terminal("--no-progress")


def test_reporting_progress_changes_nothing_in_what_check_finds(two_mistakes):
    write(two_mistakes, "annotations/disputes/broken.yml", "id: broken\nid: again\n")
    write(two_mistakes, "annotations/actors/notes.txt", "not yaml")
    stages: list[str] = []

    staged = pipeline.check(two_mistakes, on_stage=stages.append)
    whole = check(two_mistakes)

    assert staged.report.sorted() == whole.report.sorted()
    assert len(whole.report.errors) >= 4
    assert [s.split()[0] for s in stages] == ["loaded", "validated", "linked"]


def test_unknown_option_is_a_usage_error(archive):
    run = run_cli(archive, "check", "--colour")

    assert run.returncode == 2
    assert "unrecognized arguments: --colour" in run.stderr


@pytest.mark.parametrize("command", [[], ["check"], ["fmt"], ["new"], ["new", "article"], ["new", "place"], ["schema"],
                                     ["build"], ["codes"]])
def test_help_of_every_command_describes_it_and_its_exit_codes(archive, command):
    run = run_cli(archive, *command, "--help")

    assert run.returncode == 0
    assert "Exit codes" in run.stdout and "2  wrong usage" in run.stdout
    if command:
        assert f"archive {' '.join(command[:2])}" in run.stdout


def subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                yield from subparsers(sub)


def test_the_module_docstring_documents_every_command_and_option():
    reference = cli.__doc__
    for name, parser in subparsers(cli.build_parser()):
        assert f"archive {name}" in reference or f" {name} " in reference, name
        for action in parser._actions:
            for option in action.option_strings:
                assert option in reference or option in ("-h", "--help"), f"{name} {option} is not documented"
            if not action.option_strings and action.metavar and not isinstance(action, argparse._SubParsersAction):
                assert action.metavar in reference, f"{name} {action.metavar} is not documented"


def test_a_file_that_cannot_be_read_is_an_error_not_a_traceback(archive, monkeypatch, capsys):
    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)

    code = cli.main(["--root", str(archive), "check"])

    assert code == 1
    assert "Permission denied" in capsys.readouterr().err
