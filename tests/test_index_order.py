"""The order of the index pages (issue 15): actors by the name the index shows, not by id, the
same on every build whatever the script of the name; and a date's sort key, which orders a table
by the interval a date denotes (a year with its first day, after the day and the month that
begin on it) and leaves an unknown date with the empty key, which the table script keeps last."""

from __future__ import annotations

import re

import pytest

from archive_support import copy_archive, linked_archive, write
from build_scripts.render import indexes, paging
from build_scripts.render.common import date_sort_key, name_order

# (id, name): ids in an order that is not the names' order, names in two cases and two scripts.
ACTORS = [
    ("aaa-last-by-name", "Zulu Brigade"),
    ("zzz-first-by-name", "al-Amal Committee"),
    ("mmm-capital", "Amal Council"),
    ("accented", "Émile Bureau"),
    ("plain", "Emile Agency"),
    ("arabic-hamza", "أحمد"),
    ("arabic-plain", "احمد"),
    ("arabic-other", "بيان"),
    ("twin-a", "Samé Name"),
    ("twin-b", "same name"),
]


def _actor_file(ident: str, name: str) -> str:
    return f'id: {ident}\nname: "{name}"\ntype: political-body\n'


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = copy_archive(tmp_path_factory.mktemp("order"))
    for ident, name in ACTORS:
        write(root, f"annotations/actors/{ident}.yml", _actor_file(ident, name))
    return linked_archive(root)


def _names_in_order(page: str) -> list[str]:
    """The first cell of each row of an index page, as text."""
    cells = re.findall(r"<tr><td>(.*?)</td>", page)
    return [re.sub(r"<[^>]+>", "", cell) for cell in cells]


def test_the_actors_index_lists_actors_by_their_shown_name_not_by_id(archive):
    names = _names_in_order(indexes.actors(archive))

    assert len(names) == len(archive.actors)
    latin = [n for n in names if n.isascii() or n.startswith("É")]
    assert latin == sorted(latin, key=lambda n: name_order(n))
    # Case does not count: "al-Amal" before "Amal", both before "Daily Example" and "Zulu".
    assert names.index("al-Amal Committee") < names.index("Amal Council") < names.index("Daily Example")
    assert names.index("Zulu Brigade") == max(names.index(n) for n in latin)
    # An accent does not count: "Émile Bureau" sorts with the E's, after "Emile Agency".
    assert names.index("Emile Agency") + 1 == names.index("Émile Bureau")
    assert names.index("Émile Bureau") < names.index("Example Ministry of Defense")


def test_names_equal_but_for_case_and_accents_keep_one_order_whatever_their_ids(archive):
    # Two actors cannot share a name (ALIAS001); these differ only in what the order sets aside,
    # so the name itself decides, code point by code point, then the id.
    twins = [actor.name for actor in indexes._sorted_actors(archive) if actor.id.startswith("twin-")]
    assert twins == ["Samé Name", "same name"]
    assert name_order("Same Name", "b") < name_order("Same Name", "c")


def test_names_in_arabic_script_sort_after_latin_by_letter_with_hamza_seats_set_aside(archive):
    names = _names_in_order(indexes.actors(archive))
    arabic = names[-3:]
    # Code point order, not the machine's locale: every Arabic name after every Latin one, the
    # alef with hamza (أ) with the bare alef (ا), the name itself breaking the tie (U+0623 before
    # U+0627).
    assert arabic == ["أحمد", "احمد", "بيان"]
    assert name_order("أحمد")[0] == name_order("احمد")[0] < name_order("بيان")[0]
    # Tatweel and vowel marks are not spelling.
    assert name_order("احـمد")[0] == name_order("احمد")[0] == name_order("أَحْمَد")[0]


def test_the_actor_order_is_the_same_on_every_page_of_a_paged_index(archive):
    one_page = _names_in_order(indexes.actors(archive))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", 4)
        pages = [render() for rel, render in indexes.planned(archive) if rel.startswith("actors/")]
    assert len(pages) > 1
    assert [name for page in pages for name in _names_in_order(page)] == one_page


@pytest.mark.parametrize("earlier, later", [
    ("2019-12-31", "2020"),        # a year after every day of the year before
    ("2020-01-01", "2020-01"),     # at the same first day: the day, then the month,
    ("2020-01", "2020"),           # then the year
    ("2020", "2020-01-02"),        # a year with its first day, before the days that follow
    ("2020", "2020-02"),
    ("2020-12-31", "2021"),
    ("2020-03", "2020-03-02"),
])
def test_a_date_sorts_by_the_first_day_of_the_interval_it_denotes_then_by_precision(earlier, later):
    assert date_sort_key(earlier) < date_sort_key(later)


@pytest.mark.parametrize("value", ["2020", "2020-03", "2020-03-04"])
def test_no_date_key_reads_as_a_number_for_the_table_script(value):
    key = date_sort_key(value)
    with pytest.raises(ValueError):
        float(key.replace(",", ""))
    assert key.startswith(value)


def test_an_unknown_date_has_the_empty_key_the_table_script_keeps_last():
    assert date_sort_key(None) == "" and date_sort_key("") == ""
