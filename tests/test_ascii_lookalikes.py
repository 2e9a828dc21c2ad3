"""Names that look alike in plain ASCII are warned about (issue 17, D8).

The confusables check (UNI004) maps letters of other scripts to Latin; `lran` beside `Iran`,
`Rebel Fr0nt` beside `Rebel Front` or `Exarnple` beside `Example` are all ASCII and passed it.
Two different actors' names or aliases that are equal once I, l and 1, O and 0, rn and m (and
vv and w, cl and d) are taken as one are a warning (UNI006) at each of the two names, naming the
other's file, line and column. Names of one actor, case-only differences (UNI005) and names
of fewer than three characters are left alone.
"""

from __future__ import annotations

import pytest

from archive_support import OBSERVATORY_ACTOR, REBEL_ACTOR, check, copy_archive, line_of, replace, write
from build_scripts.textcheck import ascii_skeleton

SPOOF = "annotations/actors/spoof.yml"


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def _codes(result, code):
    return [d for d in result.report.sorted() if d.code == code]


@pytest.mark.parametrize("one, other", [
    ("lran", "Iran"), ("1ran", "Iran"), ("IRAN", "lRAN"), ("Rebel Fr0nt", "Rebel Front"),
    ("Exarnple", "Example"), ("Tahrir al-Sharn", "Tahrir al-Sham"), ("Hezbo11ah", "Hezbollah"),
    ("Ievvis", "lewis"), ("Abclullah", "Abdullah"),
])
def test_ascii_look_alikes_share_a_skeleton(one, other):
    assert ascii_skeleton(one) == ascii_skeleton(other)


@pytest.mark.parametrize("one, other", [("Iran", "iran"), ("Iran", "Oman"), ("RN", "M"), ("Cl", "d")])
def test_other_names_do_not(one, other):
    """A lowercase i has a dot; 'RN' does not look like 'M', nor 'Cl' like 'd'."""
    assert ascii_skeleton(one) != ascii_skeleton(other)


def test_an_actor_named_like_another_in_ascii_look_alikes_is_a_warning_at_both_names(archive):
    write(archive, SPOOF, "id: spoof\nname: Rebel Fr0nt\ntype: armed-group\n")
    found = _codes(check(archive), "UNI006")
    assert [(d.position.path, d.position.line, d.position.col, d.severity) for d in found] == [
        (REBEL_ACTOR, 2, 7, "warning"), (SPOOF, 2, 7, "warning")]
    assert f"'Rebel Front' of actor 'rebel-front' ({REBEL_ACTOR}:2:7)" in found[1].message
    assert f"'Rebel Fr0nt' of actor 'spoof' ({SPOOF}:2:7)" in found[0].message
    assert all(d.hint for d in found)


def test_an_alias_is_compared_too_and_the_check_still_passes(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - \"Rebe1 Front\"\n")
    result = check(archive)
    found = _codes(result, "UNI006")
    line = line_of(archive, OBSERVATORY_ACTOR, "Rebe1")
    assert {(d.position.path, d.position.line) for d in found} == {(OBSERVATORY_ACTOR, line), (REBEL_ACTOR, 2)}
    assert result.report.ok and not _codes(result, "UNI004")


def test_names_of_one_actor_are_not_compared(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - Exarnple Observatory\n")
    assert check(archive).report.items == []


def test_a_case_only_difference_stays_uni005_alone(archive):
    replace(archive, OBSERVATORY_ACTOR, "  - Marsad\n", "  - Marsad\n  - REBEL FRONT\n")
    result = check(archive)
    assert [d.code for d in result.report.items] == ["UNI005"]


def test_names_shorter_than_three_characters_are_not_compared(archive):
    write(archive, "annotations/actors/unit-10.yml", "id: unit-10\nname: Unit Ten\ntype: armed-group\naliases:\n"
          "  - \"10\"\n")
    write(archive, "annotations/actors/io-group.yml", "id: io-group\nname: IO Group\ntype: armed-group\naliases:\n"
          "  - IO\n")
    assert check(archive).report.items == []
