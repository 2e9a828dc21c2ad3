"""Text exactly as published can be published (issue 17, D4).

Real Arabic and Persian texts carry right-to-left marks and zero-width non-joiners inside words,
and pages copied from the web carry soft hyphens. In prose these are advisory diagnostics
(build_scripts/diagnostics.py): `archive check` shows them as warnings, the MkDocs build logs
them at info level, so `mkdocs build --strict` publishes the text. A joiner inside a word of a
script it shapes is part of the spelling and is not reported at all, in prose as in names; a
joiner between Latin letters is still reported. Names keep their errors (UNI001).
"""

from __future__ import annotations

import logging

import pytest

import sitebuild
from archive_support import (MONITOR_ARTICLE, OBSERVATORY_ACTOR, SMALL, append, check, copy_archive, line_of,
                             replace)
from build_scripts.diagnostics import Diagnostic, Position
from build_scripts.textcheck import hidden_characters

RLM, ZWNJ, ZWJ, SHY = "\u200f", "\u200c", "\u200d", "\u00ad"
PERSIAN = f"می{ZWNJ}خواهم"  # "I want": the non-joiner keeps می apart from خواهم inside one word
LINE = f"The monitor{RLM} said: {PERSIAN} (Persian). A soft hy{SHY}phen."


@pytest.fixture
def archive(tmp_path):
    root = copy_archive(tmp_path / "archive")
    append(root, MONITOR_ARTICLE, f"\n{LINE}\n")
    return root


def _codes(result, code):
    return [d for d in result.report.sorted() if d.code == code]


def test_a_joiner_inside_a_word_of_a_joining_script_is_not_hidden_in_prose_or_names():
    assert hidden_characters(PERSIAN) == []
    assert hidden_characters(f"The word {PERSIAN} in a sentence.") == []


def test_a_joiner_between_latin_letters_is_still_hidden():
    [(offset, what)] = hidden_characters(f"Reb{ZWJ}el Front")
    assert offset == 3 and "U+200D" in what


def test_check_shows_the_marks_and_the_soft_hyphen_as_advisory_warnings_but_not_the_persian_joiner(archive):
    result = check(archive)
    found = _codes(result, "UNI002")
    line = line_of(archive, MONITOR_ARTICLE, "The monitor")
    assert [(d.position.path, d.position.line, d.position.col) for d in found] == [
        (MONITOR_ARTICLE, line, LINE.index(RLM) + 1), (MONITOR_ARTICLE, line, LINE.index(SHY) + 1)]
    assert all(d.severity == "advisory" for d in found)
    assert all(" UNI002 warning: " in d.format() for d in found)  # archive check calls them warnings
    assert result.report.ok and result.report.summary() == "0 errors, 2 warnings"


def test_a_zero_width_joiner_between_latin_letters_in_prose_still_warns(tmp_path):
    root = copy_archive(tmp_path / "archive")
    append(root, MONITOR_ARTICLE, f"\nThe Reb{ZWJ}el Front said nothing.\n")
    [found] = _codes(check(root), "UNI002")
    assert found.position.line == line_of(root, MONITOR_ARTICLE, "said nothing")
    assert "U+200D" in found.message and " warning: " in found.format()


def test_a_mark_in_a_name_is_still_an_error(tmp_path):
    root = copy_archive(tmp_path / "archive")
    replace(root, OBSERVATORY_ACTOR, "  - Marsad\n", f"  - Marsad{RLM}\n")
    [found] = _codes(check(root), "UNI001")
    assert found.severity == "error"


def test_each_severity_has_the_log_level_a_build_uses():
    def level(severity):
        return Diagnostic(Position("x"), "UNI002", "m", severity=severity).log_level

    assert (level("error"), level("warning"), level("advisory")) == (logging.ERROR, logging.WARNING, logging.INFO)


def test_mkdocs_build_strict_publishes_the_text_byte_for_byte(archive, tmp_path):
    project = sitebuild.make_project(archive, tmp_path / "project")
    out = sitebuild.mkdocs_build(project)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "strict mode" not in out.stdout + out.stderr
    logged = [line for line in out.stderr.splitlines() if "UNI002" in line]
    assert len(logged) == 2 and all(line.startswith("INFO") for line in logged), logged
    html = (project / "site" / "articles" / "monitor-says-no-attack" / "index.html").read_text(encoding="utf-8")
    assert LINE in html  # every mark, joiner and soft hyphen kept, none escaped or dropped


def test_the_unedited_fixture_has_no_advisory():
    assert not [d for d in check(SMALL).report.items if d.severity == "advisory"]


def test_a_strict_build_still_fails_on_a_warning_that_is_not_advisory(tmp_path):
    """The hook's change is only for advisories: a case-only look-alike name (UNI005) fails."""
    root = copy_archive(tmp_path / "archive")
    replace(root, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - REBEL FRONT\n")
    project = sitebuild.make_project(root, tmp_path / "project")
    out = sitebuild.mkdocs_build(project)
    assert out.returncode != 0 and "strict mode" in out.stdout + out.stderr, out.stderr[-2000:]
