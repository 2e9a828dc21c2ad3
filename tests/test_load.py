"""Loading: discovering contributor files, reading them as UTF-8 text, splitting an article's
front matter from its body, which is kept exactly as written."""

from __future__ import annotations

import os

import pytest

from archive_support import MINISTRY_ARTICLE, copy_archive
from build_scripts.diagnostics import Position, Report
from build_scripts.load import discover, load, load_article, read_text

FRONT = "---\nid: sample\nlabel: Sample\n---\n"


def article(body: str, front: str = FRONT):
    report = Report()
    source = load_article(front + body, "articles/sample.md", report)
    return source, report


def codes(report: Report) -> list[tuple[str, str, int, int]]:
    return [(d.code, d.position.path, d.position.line, d.position.col) for d in report.sorted()]


# --- front matter and body ------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "  Leading spaces stay.\n",
    "Text with trailing blank lines.\n\n\n",
    "Asterisks *stay* and **bold** is not parsed.\n",
    "Brackets [A] and [link](http://x) stay.\n",
    "Dollars $5 and $$x$$ stay, as do <b>tags</b> & entities &amp;.\n",
    "No final newline",
    "\tTabbed\tline\n",
    "A line with --- inside --- stays.\n---\nand a rule line after the front matter stays too.\n",
    "",
])
def test_article_body_is_kept_byte_exact(body):
    source, report = article(body)

    assert report.items == []
    assert source.body == body
    assert source.data == {"id": "sample", "label": "Sample"}


def test_front_matter_may_close_with_trailing_spaces_after_the_dashes():
    source, report = article("Body.\n", front="---\nid: sample\n---  \t\n")

    assert report.items == []
    assert source.body == "Body.\n"


def test_body_line_is_the_file_line_after_the_closing_dashes():
    source, _ = article("First line of the text.\n")

    assert source.body_line == 5


def test_body_pos_maps_body_offsets_to_file_line_and_column():
    body = "  lead *b* [c]\n\nsecond paragraph\nthird line"
    source, _ = article(body)

    assert source.body_pos(0) == Position("articles/sample.md", 5, 1)
    assert source.body_pos(body.index("lead")) == Position("articles/sample.md", 5, 3)
    assert source.body_pos(body.index("second")) == Position("articles/sample.md", 7, 1)
    assert source.body_pos(body.index("line")) == Position("articles/sample.md", 8, 7)


def test_front_matter_positions_are_file_lines():
    source, _ = article("Body.\n")

    assert source.pos(("label",)) == Position("articles/sample.md", 3, 8)
    assert source.key_pos(("label",)) == Position("articles/sample.md", 3, 1)


def test_crlf_and_lone_cr_line_endings_are_normalised_and_a_bom_removed(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nid: sample\r\nlabel: Sample\r\n---\r\nOne\r\n\r\nTwo\rThree\r\n")
    report = Report()

    text = read_text(path, "articles/a.md", 10_000, report)
    source = load_article(text, "articles/a.md", report)

    assert report.items == []
    assert source.body == "One\n\nTwo\nThree\n"
    assert source.body_line == 5
    assert source.body_pos(source.body.index("Three")) == Position("articles/a.md", 8, 1)


def test_article_without_front_matter_is_file001():
    report = Report()

    assert load_article("Just text.\n", "articles/plain.md", report) is None
    assert codes(report) == [("FILE001", "articles/plain.md", 1, 1)]


def test_article_with_unclosed_front_matter_is_file001():
    report = Report()

    assert load_article("---\nid: plain\nlabel: x\nText.\n", "articles/plain.md", report) is None
    assert [d.code for d in report.items] == ["FILE001"]
    assert "not closed" in report.items[0].message


def test_yaml_problem_in_front_matter_is_reported_at_its_file_line():
    source, report = article("Body.\n", front="---\nid: sample\nlabel: [unclosed\nlanguage: en\n---\n")

    assert source is None
    assert [(d.code, d.position.line) for d in report.items] == [("YAML001", 4)]


# --- reading files --------------------------------------------------------------------------


def test_invalid_utf8_is_file003_at_its_line_and_column(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_bytes("id: x\nname: Caf\u00e9 ".encode() + b"\xff\xfe rest\n")
    report = Report()

    assert read_text(path, "annotations/actors/bad.yml", 10_000, report) is None
    assert codes(report) == [("FILE003", "annotations/actors/bad.yml", 2, 12)]
    assert "0xff" in report.items[0].message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f"])
def test_control_character_is_file004_at_its_line_and_column(tmp_path, char):
    path = tmp_path / "bad.md"
    path.write_text(f"---\nid: x\n---\nfine\nbad{char}here\n", encoding="utf-8")
    report = Report()

    assert read_text(path, "articles/bad.md", 10_000, report) is None
    assert codes(report) == [("FILE004", "articles/bad.md", 5, 4)]
    assert f"U+{ord(char):04X}" in report.items[0].message


def test_tabs_and_line_breaks_are_not_control_characters(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text("a\tb\nc\r\nd", encoding="utf-8", newline="")
    report = Report()

    assert read_text(path, "articles/ok.md", 10_000, report) == "a\tb\nc\nd"
    assert report.items == []


def test_file_over_the_size_limit_is_file002(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text("x" * 101, encoding="utf-8")
    report = Report()

    assert read_text(path, "annotations/actors/big.yml", 100, report) is None
    assert [d.code for d in report.items] == ["FILE002"]


# --- discovering files ----------------------------------------------------------------------


@pytest.mark.parametrize("rel", [
    "articles/notes.txt",
    "articles/draft.markdown",
    "annotations/actors/new-actor.yaml",
    "annotations/claims/ministry-reports-attack.json",
    "annotations/disputes/thursday-attack.yml.bak",
])
def test_file_with_the_wrong_extension_in_a_kind_folder_is_file006(tmp_path, rel):
    root = copy_archive(tmp_path)
    (root / rel).write_text("id: x\n", encoding="utf-8")
    report = Report()

    discover(root, report)

    assert codes(report) == [("FILE006", rel, 1, 1)]


def test_readme_and_hidden_files_are_not_sources(tmp_path):
    """Skipped silently: they are no records (a hidden file named like one is a warning, see
    test_skipped_files.py)."""
    root = copy_archive(tmp_path)
    (root / "articles" / "README.md").write_text("# About these files\n", encoding="utf-8")
    (root / "annotations" / "actors" / ".rebel-front.yml.swp").write_text("junk", encoding="utf-8")
    report = Report()

    found = discover(root, report)

    assert report.items == []
    assert all(p.name not in {"README.md", ".rebel-front.yml.swp"} for _, p in found)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symbolic_link_is_file005_and_not_loaded(tmp_path):
    root = copy_archive(tmp_path / "archive")
    outside = tmp_path / "outside.md"
    outside.write_text("---\nid: linked\nlabel: x\n---\nsecret\n", encoding="utf-8")
    (root / "articles" / "linked.md").symlink_to(outside)
    report = Report()

    sources = load(root, report)

    assert codes(report) == [("FILE005", "articles/linked.md", 1, 1)]
    assert "articles/linked.md" not in {s.path for s in sources}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
@pytest.mark.parametrize("linked", ["annotations/disputes", "annotations"])
def test_a_linked_folder_is_one_file005_and_nothing_in_it_is_read(tmp_path, linked):
    root = copy_archive(tmp_path / "archive")
    outside = tmp_path / "outside"
    (root / linked).rename(outside)
    (root / linked).symlink_to(outside, target_is_directory=True)
    report = Report()

    found = discover(root, report)

    assert codes(report) == [("FILE005", linked, 1, 1)]
    assert not [p for _, p in found if p.relative_to(root).as_posix().startswith(linked + "/")]


def test_discover_lists_every_kind_in_a_stable_sorted_order(tmp_path):
    root = copy_archive(tmp_path)
    report = Report()

    found = [(kind, p.relative_to(root).as_posix()) for kind, p in discover(root, report)]

    assert report.items == []
    assert found == [
        ("article", "articles/ministry-reports-attack.md"),
        ("article", "articles/monitor-says-no-attack.md"),
        ("actor", "annotations/actors/daily-example.yml"),
        ("actor", "annotations/actors/example-ministry-of-defense.yml"),
        ("actor", "annotations/actors/example-observatory.yml"),
        ("actor", "annotations/actors/rebel-front.yml"),
        ("actor", "annotations/actors/sam-reader.yml"),
        ("claims", "annotations/claims/ministry-reports-attack.yml"),
        ("claims", "annotations/claims/monitor-says-no-attack.yml"),
        ("dispute", "annotations/disputes/thursday-attack.yml"),
        ("place", "annotations/places/example-province.yml"),
        ("place", "annotations/places/town-a.yml"),
        ("event", "annotations/events/thursday-attack-on-government-forces.yml"),
    ]


def test_loaded_fixture_article_body_starts_after_its_front_matter(tmp_path):
    root = copy_archive(tmp_path)
    report = Report()

    sources = {s.path: s for s in load(root, report)}

    source = sources[MINISTRY_ARTICLE]
    lines = (root / MINISTRY_ARTICLE).read_text(encoding="utf-8").split("\n")
    assert report.items == []
    assert lines[source.body_line - 2] == "---"
    assert lines[source.body_line - 1] == source.body.split("\n")[0] == "date 2020-01-23 advertisement"


def test_duplicate_key_in_front_matter_names_the_first_key_by_its_file_line():
    source, report = article("Body.\n", front="---\nid: sample\nlabel: One\nlabel: Two\n---\n")

    assert source is None
    assert [(d.code, d.position.line) for d in report.items] == [("YAML002", 4)]
    # The first 'label' is on line 3 of the file (line 2 of the YAML between the dashes).
    assert "line 3" in report.items[0].message, report.items[0].message
