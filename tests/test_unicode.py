"""Hidden characters and look-alike names are reported with their place.

Rules (build_scripts/textcheck.py): bidirectional controls and invisible format characters are
errors in names and aliases and advisory warnings in prose (a build does not fail on them); a
name mixing scripts, or looking like another actor's name once homoglyphs are mapped to Latin,
is an error.
"""

from __future__ import annotations

import pytest

from archive_support import (MINISTRY_ARTICLE, MINISTRY_CLAIMS, OBSERVATORY_ACTOR, REBEL_ACTOR, check,
                             copy_archive, line_of, replace)


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def _codes(result, code):
    return [d for d in result.report.sorted() if d.code == code]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u2060", "\ufeff"])
def test_bidi_control_or_invisible_character_in_an_alias_is_an_error_at_its_line(archive, char):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", f"  - Mar{char}sad\n")
    result = check(archive)
    [found] = _codes(result, "UNI001")
    assert found.severity == "error"
    assert (found.position.path, found.position.line) == (OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "Mar"))
    assert f"U+{ord(char):04X}" in found.message


def test_bidi_control_in_a_note_is_a_warning(archive):
    replace(archive, MINISTRY_CLAIMS, "A reader comment", "A \u202ereader comment")
    result = check(archive)
    [found] = _codes(result, "UNI002")
    assert found.severity == "advisory" and found.position.path == MINISTRY_CLAIMS  # shown as a warning
    assert result.report.ok


def test_invisible_character_in_the_article_text_is_a_warning_at_its_line_and_column(archive):
    replace(archive, MINISTRY_ARTICLE, "The Rebel Front denied", "The Rebel Front\u200b denied")
    [found] = _codes(check(archive), "UNI002")
    line = line_of(archive, MINISTRY_ARTICLE, "The Rebel Front")
    assert (found.position.line, found.position.col) == (line, len("The Rebel Front") + 1)


def test_joiners_that_shape_arabic_names_are_allowed_in_names(archive):
    replace(archive, REBEL_ACTOR, 'name_ar: "الجبهة"', 'name_ar: "الجب\u200cهة"')
    assert not _codes(check(archive), "UNI001")


def test_a_name_mixing_latin_and_cyrillic_is_an_error(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - M\u0430rsad\n")  # Cyrillic a
    [found] = _codes(check(archive), "UNI003")
    assert "CYRILLIC" in found.message and "LATIN" in found.message


def test_an_alias_that_looks_like_another_actors_name_is_an_error_naming_both_files(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - R\u0435bel Fr\u043ent\n")
    found = _codes(check(archive), "UNI004")
    assert found, "look-alike of 'Rebel Front' not reported"
    assert any(REBEL_ACTOR in d.message or OBSERVATORY_ACTOR in d.message for d in found)


def test_a_name_differing_only_in_case_from_another_actors_is_a_warning(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - REBEL FRONT\n")
    [found] = _codes(check(archive), "UNI005")
    assert found.severity == "warning"


def test_the_real_archive_has_no_hidden_characters_or_look_alike_names():
    from archive_support import REPO
    result = check(REPO)
    assert not [d for d in result.report.items if d.code.startswith("UNI")]
