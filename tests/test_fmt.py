"""`archive fmt`: canonical form for annotation YAML and front matter, comments kept, values never changed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from archive_support import (MINISTRY_ARTICLE, MONITOR_CLAIMS, REBEL_ACTOR, REPO, check, copy_archive, errors,
                             line_of, read, write)
from build_scripts import fmt, pipeline

MESSY_ACTOR = """\
# An actor, written by hand.
name: 'Rebel Front'   # as printed
type: "armed-group"
id: "rebel-front"
aliases:
- Rebel Front
- 'The Front'  # misspelt in one article
affiliations:
-   target: example-observatory
    relation: "associated-with"
    source: monitor-says-no-attack
    evidence: >-
      The Example
      Observatory said
"""


def run_cli(root, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def records(result: pipeline.Result) -> dict:
    """Every typed record of a checked archive, and every article body: all the build reads."""
    a = result.archive
    assert a is not None, result.report.format()
    return {
        "articles": {key: (item.meta.model_dump(mode="json"), item.body) for key, item in a.articles.items()},
        "actors": {key: item.data.model_dump(mode="json") for key, item in a.actors.items()},
        "claims": {key: item.data.model_dump(mode="json") for key, item in a.claims.items()},
        "disputes": {key: item.data.model_dump(mode="json") for key, item in a.disputes.items()},
    }


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def test_fmt_orders_keys_as_the_model_and_quotes_by_one_rule():
    result = fmt.canonical_text(MESSY_ACTOR, "actor")

    assert result == """\
# An actor, written by hand.
id: rebel-front
name: "Rebel Front"   # as printed
type: armed-group
aliases:
  - "Rebel Front"
  - "The Front" # misspelt in one article
affiliations:
  - relation: associated-with
    target: example-observatory
    source: monitor-says-no-attack
    evidence: "The Example Observatory said"
"""


def test_fmt_keeps_every_comment():
    result = fmt.canonical_text(MESSY_ACTOR, "actor")

    comments = [line[line.index("#"):] for line in MESSY_ACTOR.split("\n") if "#" in line]
    assert comments and all(comment in result for comment in comments)


def test_fmt_is_idempotent_on_a_messy_file_and_on_every_real_file():
    once = fmt.canonical_text(MESSY_ACTOR, "actor")
    assert fmt.canonical_text(once, "actor") == once
    for kind, folder, suffix in [("actor", "annotations/actors", ".yml"), ("claims", "annotations/claims", ".yml"),
                                 ("dispute", "annotations/disputes", ".yml"), ("article", "articles", ".md")]:
        for path in sorted((REPO / folder).glob(f"*{suffix}")):
            once = fmt.canonical_text(path.read_text(encoding="utf-8"), kind)
            assert fmt.canonical_text(once, kind) == once, path


def test_values_that_could_read_as_something_else_are_double_quoted_even_where_plain_is_the_rule():
    text = 'article: x\nclaims:\n  - id: "2020"\n    quote: q\n    claimant: "null"\n    role: asserts\n' \
           '    subjects: ["1e5", a-b]\n    status: unverified\n'

    result = fmt.canonical_text(text, "claims")

    assert '- id: "2020"' in result and 'claimant: "null"' in result and 'subjects: ["1e5", a-b]' in result


def test_an_id_list_with_a_comment_on_an_item_stays_one_item_per_line():
    text = "article: x\nclaims:\n  - id: a\n    quote: q\n    claimant: null\n    role: asserts\n" \
           "    subjects:\n      - b  # the ministry\n      - c\n    status: unverified\n"

    result = fmt.canonical_text(text, "claims")

    assert "      - b  # the ministry\n      - c\n" in result


def test_fmt_check_flags_a_reordered_file_with_its_path_and_exits_1_without_changing_it(archive):
    run_cli(archive, "fmt")
    text = read(archive, REBEL_ACTOR)
    lines = text.split("\n")
    reordered = "\n".join([lines[1], lines[0]] + lines[2:])
    write(archive, REBEL_ACTOR, reordered)

    run = run_cli(archive, "fmt", "--check")

    assert run.returncode == 1
    assert run.stdout.startswith(f"{REBEL_ACTOR}:1:1: FMT001 ")
    assert f"    hint: Run `archive fmt {REBEL_ACTOR}`" in run.stdout
    assert run.stdout.count("FMT001") == 1, run.stdout
    assert "1 of 13 files not in canonical form" in run.stderr
    assert read(archive, REBEL_ACTOR) == reordered


def test_fmt_check_on_canonical_files_exits_0_and_prints_nothing(archive):
    run_cli(archive, "fmt")

    run = run_cli(archive, "fmt", "--check")

    assert (run.returncode, run.stdout) == (0, ""), run.stdout + run.stderr


def test_after_fmt_the_archive_checks_clean_with_the_same_values(archive):
    before = check(archive)
    assert not errors(before)

    run = run_cli(archive, "fmt")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "formatted annotations/actors/rebel-front.yml" in run.stderr
    after = check(archive)
    assert not errors(after), after.report.format()
    assert records(after) == records(before)


def test_fmt_changes_front_matter_only_never_the_article_body(archive):
    original = read(archive, MINISTRY_ARTICLE)
    front, body = original[4:].split("\n---\n", 1)
    crlf_body = body.replace("\n", "\r\n") + "  trailing spaces and no final newline"
    messy_front = front.replace("language: en", "language: 'en'").replace("label:", "label:  ")
    write(archive, MINISTRY_ARTICLE, "---\n" + messy_front + "\n---\n" + crlf_body)

    run_cli(archive, "fmt", MINISTRY_ARTICLE)

    result = (archive / MINISTRY_ARTICLE).read_bytes().decode("utf-8")
    assert result.endswith("\n---\n" + crlf_body)
    assert "\nlanguage: en\n" in result


def test_fmt_with_files_touches_only_those_files(archive):
    run = run_cli(archive, "fmt", REBEL_ACTOR, "annotations/claims")

    assert run.returncode == 0
    changed = {line.removeprefix("formatted ") for line in run.stderr.split("\n") if line.startswith("formatted ")}
    assert changed == {REBEL_ACTOR, MONITOR_CLAIMS, "annotations/claims/ministry-reports-attack.yml"}


def test_a_file_with_broken_yaml_is_reported_and_left_alone(archive):
    write(archive, REBEL_ACTOR, read(archive, REBEL_ACTOR).replace("type: armed-group", "type: armed-group\ntype: x"))
    broken = read(archive, REBEL_ACTOR)

    run = run_cli(archive, "fmt")

    line = line_of(archive, REBEL_ACTOR, "type: x")
    assert f"{REBEL_ACTOR}:{line}:1: FMT002 YAML002 duplicate key 'type'" in run.stdout
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert read(archive, REBEL_ACTOR) == broken


def test_crlf_line_endings_are_named_as_such(archive):
    run_cli(archive, "fmt")
    write(archive, REBEL_ACTOR, read(archive, REBEL_ACTOR).replace("\n", "\r\n"))

    run = run_cli(archive, "fmt", "--check", REBEL_ACTOR)

    assert "FMT001 Windows line ending (CRLF)" in run.stdout
    assert run.returncode == 1


def test_the_real_archive_is_in_canonical_form():
    run = run_cli(REPO, "fmt", "--check")

    assert run.returncode == 0, f"run `archive fmt` to put these files in canonical form:\n{run.stdout}"
