"""Diagnostics end to end: a copy of the small fixture with one planted mistake is checked by
`pipeline.check`, and the mistake comes back with its code, its file and its line. The CLI prints
every problem of a run as `path:line:col: CODE message` plus a hint, and exits 1."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from archive_support import (DISPUTE, MINISTRY_ACTOR, MINISTRY_ARTICLE, MINISTRY_CLAIMS, MONITOR_ARTICLE,
                             MONITOR_CLAIMS, OBSERVATORY_ACTOR, REPO, append, check, copy_archive, errors,
                             line_of, only, read, replace, where, write)

DIAGNOSTIC_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) (?P<message>\S.*)$")

EXTRA_CLAIM = """\
  - id: on-thursday
    quote: "on Thursday"
{context}    claimant: null
    role: asserts
    status: unverified
"""


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def run_cli(root, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def lines_containing(root, rel: str, needle: str) -> list[int]:
    return [i for i, line in enumerate(read(root, rel).split("\n"), 1) if needle in line]


# --- the fixture itself ---------------------------------------------------------------------


def test_small_fixture_has_no_diagnostics(archive):
    result = check(archive)

    assert result.report.items == [], result.report.format()
    assert result.archive is not None
    assert sorted(result.archive.claims) == ["ministry-up-to-40-killed", "observatory-no-attack",
                                             "reader-says-lies", "rebels-deny-attack"]


# --- schema -----------------------------------------------------------------------------------


def test_unknown_key_is_schema001_with_did_you_mean(archive):
    append(archive, OBSERVATORY_ACTOR, "descripton: A monitor.\n")

    d = only(check(archive), "SCHEMA001")

    assert where(d) == (OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "descripton:"))
    assert "'descripton'" in d.message
    assert "Did you mean 'description'?" in d.hint


def test_unknown_key_in_a_nested_mapping_lists_the_keys_allowed_there(archive):
    replace(archive, MINISTRY_CLAIMS, "    reported_by: []\n", "    reportd_by: []\n")

    d = only(check(archive), "SCHEMA001")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, "reportd_by"))
    assert "claims[0]" in d.message
    assert "Did you mean 'reported_by'?" in d.hint
    assert "quote" in d.hint and "claimant" in d.hint


def test_missing_required_key_is_schema002_at_the_mapping_that_lacks_it(archive):
    replace(archive, MINISTRY_CLAIMS, "    role: denies\n", "")

    d = only(check(archive), "SCHEMA002")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, "id: rebels-deny-attack"))
    assert "'role'" in d.message and "claims[1]" in d.message


def test_missing_nullable_key_hints_at_writing_null(archive):
    replace(archive, MONITOR_ARTICLE, "author: null\n", "")

    d = only(check(archive), "SCHEMA002")

    assert where(d) == (MONITOR_ARTICLE, 2)
    assert "'author: null'" in d.hint


def test_value_outside_a_vocabulary_is_schema003_listing_the_allowed_values(archive):
    replace(archive, OBSERVATORY_ACTOR, "type: monitor", "type: monitr")

    d = only(check(archive), "SCHEMA003")

    assert where(d) == (OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "type: monitr"))
    assert "'monitr'" in d.message
    for allowed in ("'monitor'", "'armed-group'", "'outlet'", "'commenter'"):
        assert allowed in d.hint


def test_invalid_role_is_schema003_at_its_line(archive):
    replace(archive, MINISTRY_CLAIMS, "role: denies", "role: deny")

    d = only(check(archive), "SCHEMA003")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, "role: deny"))
    assert "'denies'" in d.hint


# --- ids ------------------------------------------------------------------------------------


def test_id_not_a_lowercase_slug_is_id003(archive):
    replace(archive, MINISTRY_CLAIMS, "id: rebels-deny-attack", "id: Rebels_Deny")

    d = only(check(archive), "ID003")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, "Rebels_Deny"))
    assert "'Rebels_Deny'" in d.message


def test_id_different_from_the_file_name_is_id002(archive):
    replace(archive, OBSERVATORY_ACTOR, "id: example-observatory", "id: example-observatory-x")

    d = only(check(archive), "ID002")

    assert where(d) == (OBSERVATORY_ACTOR, 1)
    assert "'example-observatory-x'" in d.message and "'example-observatory'" in d.message


def test_claims_file_for_another_article_is_id002(archive):
    replace(archive, MONITOR_CLAIMS, "article: monitor-says-no-attack", "article: ministry-reports-attack")

    d = only(check(archive), "ID002")

    assert where(d) == (MONITOR_CLAIMS, 1)


def test_claim_id_used_in_two_files_is_id001_naming_the_first_file_and_line(archive):
    replace(archive, MONITOR_CLAIMS, "id: observatory-no-attack", "id: rebels-deny-attack")

    d = only(check(archive), "ID001")

    assert where(d) == (MONITOR_CLAIMS, line_of(archive, MONITOR_CLAIMS, "id: rebels-deny-attack"))
    first_line = line_of(archive, MINISTRY_CLAIMS, "id: rebels-deny-attack")
    assert f"{MINISTRY_CLAIMS}:{first_line}" in d.message


# --- references -----------------------------------------------------------------------------


def test_dangling_actor_reference_is_ref001_with_did_you_mean(archive):
    replace(archive, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: example-observatry")

    d = only(check(archive), "REF001")

    assert where(d) == (MONITOR_CLAIMS, line_of(archive, MONITOR_CLAIMS, "claimant:"))
    assert "'example-observatry'" in d.message
    assert "Did you mean 'example-observatory'?" in d.hint


def test_dangling_reference_in_a_list_is_reported_at_its_item(archive):
    replace(archive, MONITOR_CLAIMS, "subjects: [example-ministry-of-defense]",
            "subjects:\n      - example-ministry-of-defense\n      - example-ministry")

    d = only(check(archive), "REF001")

    assert where(d) == (MONITOR_CLAIMS, lines_containing(archive, MONITOR_CLAIMS, "- example-ministry")[-1])
    assert "Did you mean 'example-ministry-of-defense'?" in d.hint


@pytest.mark.parametrize("rel, old, new", [
    (MONITOR_CLAIMS, "subjects: [example-ministry-of-defense]", "subjects: [Example_Ministry]"),
    (MINISTRY_CLAIMS, "    reported_by: []\n", "    reported_by: [Daily Example]\n"),
    (DISPUTE, "claims: [ministry-up-to-40-killed]", "claims: [Ministry-Up-To-40]"),
])
def test_invalid_id_in_a_list_of_ids_is_id003(archive, rel, old, new):
    replace(archive, rel, old, new)

    d = only(check(archive), "ID003")

    assert where(d) == (rel, line_of(archive, rel, new.strip()))


# --- quotes ---------------------------------------------------------------------------------


def test_quote_not_in_article_is_quote001_with_the_closest_passage_and_its_line(archive):
    replace(archive, MONITOR_CLAIMS, "no attack on government forces", "no attack on goverment forces")

    d = only(check(archive), "QUOTE001")

    assert where(d) == (MONITOR_CLAIMS, line_of(archive, MONITOR_CLAIMS, "quote:"))
    assert "'monitor-says-no-attack'" in d.message
    article_line = line_of(archive, MONITOR_ARTICLE, "there was no attack")
    column = read(archive, MONITOR_ARTICLE).split("\n")[article_line - 1].index("there was") + 1
    assert f"Closest passage, at {MONITOR_ARTICLE}:{article_line}:{column}:" in d.hint
    assert "there was no attack on government forces" in d.hint


def test_quote_with_nothing_close_in_its_article_says_so(archive):
    replace(archive, MONITOR_CLAIMS, "there was no attack on government forces on Thursday",
            "zebras quietly juggled porcelain")

    d = only(check(archive), "QUOTE001")

    assert "Nothing close was found" in d.hint


def test_quote_found_twice_is_quote002_listing_both_article_lines(archive):
    append(archive, MINISTRY_CLAIMS, EXTRA_CLAIM.format(context=""))

    d = only(check(archive), "QUOTE002")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, 'quote: "on Thursday"'))
    first, second = lines_containing(archive, MINISTRY_ARTICLE, "on Thursday")
    assert f"(lines {first}, {second})" in d.message
    assert "prefix" in d.hint and "suffix" in d.hint


def test_prefix_resolves_an_ambiguous_quote_to_the_occurrence_it_follows(archive):
    append(archive, MINISTRY_CLAIMS, EXTRA_CLAIM.format(context='    prefix: "in an attack"\n'))

    result = check(archive)

    assert result.report.items == [], result.report.format()
    claim = result.archive.claims["on-thursday"]
    assert claim.article.body[:claim.start].endswith("in an attack ")


def test_suffix_resolves_an_ambiguous_quote_to_the_occurrence_it_precedes(archive):
    append(archive, MINISTRY_CLAIMS, EXTRA_CLAIM.format(context="    suffix: '.\"'\n"))

    result = check(archive)

    assert result.report.items == [], result.report.format()
    claim = result.archive.claims["on-thursday"]
    assert claim.article.body[claim.end:].startswith(".\u201d")


def test_prefix_that_matches_no_occurrence_is_quote003(archive):
    append(archive, MINISTRY_CLAIMS, EXTRA_CLAIM.format(context='    prefix: "nowhere in the text"\n'))

    d = only(check(archive), "QUOTE003")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, 'quote: "on Thursday"'))


def test_straight_quotes_in_a_claim_match_curly_quotes_in_the_article(archive):
    # The fixture's claim is typed with straight quotes; the article prints curly ones.
    assert "'\"no such attack took place on Thursday.\"'" in read(archive, MINISTRY_CLAIMS)
    assert "\u201cno such attack took place on Thursday.\u201d" in read(archive, MINISTRY_ARTICLE)

    result = check(archive)

    assert result.report.items == []
    assert result.archive.claims["rebels-deny-attack"].quote == "\u201cno such attack took place on Thursday.\u201d"


def test_curly_quotes_in_a_claim_match_straight_quotes_in_the_article(archive):
    replace(archive, MINISTRY_ARTICLE, "\u201cno such attack took place on Thursday.\u201d",
            '"no such attack took place on Thursday."')
    replace(archive, MINISTRY_CLAIMS, "'\"no such attack took place on Thursday.\"'",
            '"\u201cno such attack took place on Thursday.\u201d"')

    result = check(archive)

    assert result.report.items == [], result.report.format()
    assert result.archive.claims["rebels-deny-attack"].quote == '"no such attack took place on Thursday."'


def test_affiliation_evidence_not_in_its_article_is_quote001(archive):
    replace(archive, "annotations/actors/rebel-front.yml", 'evidence: "The Example Observatory said"',
            'evidence: "The Example Observatory claimed"')

    d = only(check(archive), "QUOTE001")

    assert where(d) == ("annotations/actors/rebel-front.yml",
                        line_of(archive, "annotations/actors/rebel-front.yml", "evidence:"))
    assert d.message.startswith("evidence ")


@pytest.mark.parametrize("context, code", [("", "QUOTE002"), ("    suffix: '.\"'\n", None)])
def test_ambiguous_affiliation_evidence_needs_and_accepts_a_prefix_or_suffix(archive, context, code):
    replace(archive, "annotations/actors/rebel-front.yml", "    source: monitor-says-no-attack\n"
            '    evidence: "The Example Observatory said"\n',
            f"    source: ministry-reports-attack\n    evidence: \"on Thursday\"\n{context}")

    result = check(archive)

    if code is None:
        assert result.report.items == [], result.report.format()
        link = result.archive.actors["rebel-front"].affiliations[0]
        assert link.article.body[link.evidence_start:].startswith("on Thursday.\u201d")
    else:
        d = only(result, code)
        assert where(d) == ("annotations/actors/rebel-front.yml",
                            line_of(archive, "annotations/actors/rebel-front.yml", "evidence:"))


# --- segments, aliases, consistency, dates ----------------------------------------------------


def test_segment_start_not_in_the_text_is_seg001(archive):
    replace(archive, MINISTRY_ARTICLE, 'start: "Sam Reader"', 'start: "Sam Reeder"')

    d = only(check(archive), "SEG001")

    assert where(d) == (MINISTRY_ARTICLE, line_of(archive, MINISTRY_ARTICLE, 'start: "Sam Reeder"'))
    assert "'Sam Reeder'" in d.message


def test_segment_end_not_after_its_start_is_seg001(archive):
    replace(archive, MINISTRY_ARTICLE, 'end: "This is all lies."', 'end: "This is all truth."')

    d = only(check(archive), "SEG001")

    assert where(d) == (MINISTRY_ARTICLE, line_of(archive, MINISTRY_ARTICLE, 'end: "This is all truth."'))


def test_segment_start_in_the_middle_of_a_line_is_seg003(archive):
    replace(archive, MINISTRY_ARTICLE, 'start: "Sam Reader"', 'start: "Reader"')

    d = only(check(archive), "SEG003")

    assert where(d) == (MINISTRY_ARTICLE, line_of(archive, MINISTRY_ARTICLE, 'start: "Reader"'))


def test_alias_owned_by_two_actors_is_alias001_naming_the_other_actor(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - ministry\n")

    d = only(check(archive), "ALIAS001")

    assert where(d) == (OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "- ministry"))
    assert "'example-ministry-of-defense'" in d.message
    assert f"{MINISTRY_ACTOR}:{line_of(archive, MINISTRY_ACTOR, '- ministry')}" in d.message


def test_alias_equal_to_another_actors_name_after_normalising_is_alias001(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - \"Example   Ministry of\\nDefense\"\n")

    d = only(check(archive), "ALIAS001")

    assert where(d) == (OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "Example   Ministry"))
    assert "'example-ministry-of-defense'" in d.message


def test_contested_claim_in_no_dispute_is_cons001(archive):
    replace(archive, DISPUTE, "claims: [rebels-deny-attack, observatory-no-attack]", "claims: [rebels-deny-attack]")

    d = only(check(archive), "CONS001")

    assert where(d) == (MONITOR_CLAIMS, line_of(archive, MONITOR_CLAIMS, "status: contested"))
    assert "'observatory-no-attack'" in d.message


def test_contested_claim_in_no_dispute_is_reported_alongside_an_unrelated_error(archive):
    # A problem elsewhere in the annotations must not hide this one until the next run.
    replace(archive, DISPUTE, "claims: [rebels-deny-attack, observatory-no-attack]", "claims: [rebels-deny-attack]")
    replace(archive, MINISTRY_CLAIMS, "claimant: sam-reader", "claimant: sam-reeder")

    result = check(archive)

    assert sorted(d.code for d in errors(result)) == ["CONS001", "REF001"], result.report.format()
    assert where(only(result, "CONS001")) == (MONITOR_CLAIMS, line_of(archive, MONITOR_CLAIMS, "status: contested"))


def test_history_ending_in_another_status_is_cons002(archive):
    replace(archive, DISPUTE, "status: open\nsides:", "status: resolved\nsides:")

    d = only(check(archive), "CONS002")

    last_status = lines_containing(archive, DISPUTE, "status: open")[-1]
    assert where(d) == (DISPUTE, last_status)
    assert "'open'" in d.message and "'resolved'" in d.message


def test_impossible_calendar_date_is_date001(archive):
    replace(archive, MINISTRY_CLAIMS, 'date: "2020-01-23"', 'date: "2023-02-30"')

    d = only(check(archive), "DATE001")

    assert where(d) == (MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, '"2023-02-30"'))


@pytest.mark.parametrize("rel, old, new", [
    (MINISTRY_ARTICLE, 'date: "2020-01-23"', 'date: "2020-13"'),
    (MINISTRY_ARTICLE, 'date: "2020-01-23"', 'date: "23.01.2020"'),
    (DISPUTE, 'date: "2026-11-23"', 'date: "2026-02-30"'),
    (DISPUTE, 'date: "2026-11-23"', 'date: "2026-11"'),
])
def test_malformed_or_impossible_dates_are_date001_at_their_line(archive, rel, old, new):
    replace(archive, rel, old, new)

    d = only(check(archive), "DATE001")

    assert where(d) == (rel, line_of(archive, rel, new.split(": ")[1]))


def test_unquoted_date_stays_text_and_is_accepted(archive):
    replace(archive, MINISTRY_CLAIMS, 'date: "2020-01-23"', "date: 2020-01-23")

    result = check(archive)

    assert result.report.items == [], result.report.format()
    assert result.archive.claims["ministry-up-to-40-killed"].data.event_date.date == "2020-01-23"


# --- a problem is reported once, where it is -------------------------------------------------


@pytest.mark.parametrize("rel, old, new, code", [
    (OBSERVATORY_ACTOR, "type: monitor", "type: monitr", "SCHEMA003"),
    (OBSERVATORY_ACTOR, "name: Example Observatory\n", "name: Example Observatory\nname: Again\n", "YAML002"),
    (MINISTRY_ARTICLE, "language: en\n", "language: english\n", "SCHEMA003"),
    (MINISTRY_CLAIMS, "role: denies", "role: deny", "SCHEMA003"),
    (MONITOR_CLAIMS, "no attack on government forces", "no attack on goverment forces", "QUOTE001"),
])
def test_a_broken_file_is_not_reported_again_as_unknown_wherever_it_is_referenced(archive, rel, old, new, code):
    # Other files name the actor, article or claim of the broken file; they are not wrong,
    # and "unknown actor 'example-observatory' ... Did you mean ..." would send the contributor
    # looking for a mistake that is not there.
    replace(archive, rel, old, new)

    result = check(archive)

    assert [d.code for d in errors(result)] == [code], result.report.format()


# --- every problem of a run, through the command line ---------------------------------------

PLANTED = 7


def plant_independent_mistakes(root) -> None:
    replace(root, DISPUTE, "status: open\nsides:", "status: resolved\nsides:")            # CONS002
    replace(root, MONITOR_CLAIMS, "subjects: [example-ministry-of-defense]",
            "subjects: [example-ministry-of-defence]")                                    # REF001
    replace(root, MINISTRY_ARTICLE, 'start: "Sam Reader"', 'start: "Sam Reeder"')         # SEG001
    replace(root, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - ministry\n")        # ALIAS001
    write(root, "annotations/actors/extra-actor.yml",
          "id: extra-actor\nname: Extra Actor\ntype: person\nalias: [Extra]\n")        # SCHEMA001
    write(root, "articles/notes.txt", "reminder\n")                                       # FILE006
    write(root, "annotations/disputes/second-question.yml",
          "id: second-question\nquestion: Q?\nquestion: Again?\n")                        # YAML002


def test_every_planted_mistake_is_reported_in_one_run(archive):
    plant_independent_mistakes(archive)

    result = check(archive)

    assert sorted(d.code for d in errors(result)) == sorted(
        ["CONS002", "REF001", "SEG001", "ALIAS001", "SCHEMA001", "FILE006", "YAML002"]), result.report.format()


def test_cli_check_prints_every_diagnostic_with_a_hint_and_exits_1(archive):
    plant_independent_mistakes(archive)

    run = run_cli(archive, "check")

    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.rstrip("\n").split("\n")
    assert len(lines) == 2 * PLANTED, run.stdout
    for headline, hint in zip(lines[::2], lines[1::2]):
        match = DIAGNOSTIC_LINE.match(headline)
        assert match, headline
        assert (archive / match["path"]).is_file()
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        assert hint.startswith("    hint: ") and len(hint) > len("    hint: "), hint
    assert "7 errors" in run.stderr


def test_cli_reports_an_exact_position_for_a_planted_mistake(archive):
    replace(archive, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: example-observatry")

    run = run_cli(archive, "check")

    line = line_of(archive, MONITOR_CLAIMS, "claimant:")
    col = read(archive, MONITOR_CLAIMS).split("\n")[line - 1].index("example-observatry") + 1
    assert run.stdout.startswith(f"{MONITOR_CLAIMS}:{line}:{col}: REF001 unknown actor 'example-observatry'\n"
                                 f"    hint: Did you mean 'example-observatory'?")
    assert run.returncode == 1


def test_cli_check_on_a_clean_archive_exits_0_and_prints_no_diagnostic(archive):
    run = run_cli(archive, "check")

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""
    assert "0 errors" in run.stderr


def test_cli_without_an_articles_folder_is_a_usage_error(tmp_path):
    run = run_cli(tmp_path, "check")

    assert run.returncode == 2
    assert "no articles/ folder" in run.stderr


def test_cli_github_format_prints_one_annotation_per_problem(archive):
    replace(archive, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: example-observatry")

    run = run_cli(archive, "check", "--format", "github")

    line = line_of(archive, MONITOR_CLAIMS, "claimant:")
    assert run.stdout.startswith(f"::error file={MONITOR_CLAIMS},line={line},")
    assert run.stdout.count("\n") == 1
    assert run.returncode == 1


@pytest.mark.parametrize("rel, old, new", [
    (OBSERVATORY_ACTOR, "  - Marsad\n", "  - Mar\u0081sad\n"),
    (MINISTRY_ARTICLE, 'label: "Ministry', 'label: "\u0086Ministry'),
    (DISPUTE, 'question: "Did', 'question: "\ufffeDid'),
])
def test_character_yaml_cannot_read_is_a_diagnostic_not_a_crash(archive, rel, old, new):
    replace(archive, rel, old, new)

    run = run_cli(archive, "check")

    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert run.returncode == 1
    line = line_of(archive, rel, new.strip()[:12])
    assert re.search(rf"^{re.escape(rel)}:{line}:\d+: (FILE004|YAML008) ", run.stdout, re.MULTILINE), run.stdout


def test_pattern_in_a_schema_message_is_shown_as_defined(archive):
    replace(archive, MINISTRY_ARTICLE, "language: en\n", "language: english\n")

    d = only(check(archive), "SCHEMA003")

    assert where(d) == (MINISTRY_ARTICLE, line_of(archive, MINISTRY_ARTICLE, "language: english"))
    assert "'english'" in d.message
    # The message must not mangle the pattern it quotes (e.g. by lower-casing 'A-Z').
    assert "a-za-z" not in d.message, d.message


# --- output that a contributor's text cannot forge ----------------------------------------------


def test_a_diagnostic_is_one_line_whatever_its_path_and_message_hold():
    from build_scripts.diagnostics import Diagnostic, Position

    forged = Diagnostic(Position("annotations/actors/evil\nx.yml:1:1: OK000 f\u2028.yml", 3, 5), "ID002",
                        "id 'evil' does not match the file name 'evil\nx:1:1: OK000 \u202ef'", "Rename\rit.")

    head, hint = forged.format().split("\n")

    assert head == ("annotations/actors/evil\\nx.yml\\x3a1\\x3a1\\x3a OK000 f\\u2028.yml:3:5: ID002 id 'evil' does "
                    "not match the file name 'evil\\nx:1:1: OK000 \\u202ef'")
    assert hint == "    hint: Rename\\rit."
    assert DIAGNOSTIC_LINE.match(head)["code"] == "ID002"
