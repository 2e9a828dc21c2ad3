"""`archive new article` and `archive new event`: new files that pass `archive check` as created."""

from __future__ import annotations

import hashlib

import dataclasses
import subprocess
from datetime import date, datetime, timedelta, timezone
import sys

import pytest

from archive_support import copy_archive, read
from build_scripts import kinds, scaffold, schema, yamlstrict

TEXT = ("Rebels say the army shelled Kafr Nabl on Tuesday\r\n\r\n"
        "The Example Observatory said 12 people were killed.\r\n")


def run_cli(root, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=root,
                          input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def front_matter(text: str) -> tuple[list[str], str]:
    front, body = text[4:].split("\n---\n", 1)
    return front.split("\n"), body


def test_new_article_from_a_file_creates_the_pair_and_the_archive_still_checks_clean(archive, text_file):
    run = run_cli(archive, "new", "article", str(text_file))

    ident = "rebels-say-the-army-shelled-kafr-nabl-on-tuesday"
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == f"created articles/{ident}.md\ncreated annotations/claims/{ident}.yml\n"
    check = run_cli(archive, "check")
    # Passes, with the one warning that asks why the original address is unknown.
    assert check.returncode == 0, check.stdout + check.stderr
    assert [line.split(" ")[1] for line in check.stdout.splitlines() if not line.startswith(" ")] == ["TEXT002"]
    assert f"{len(list((archive / 'articles').glob('*.md')))} articles" in check.stderr
    fmt_check = run_cli(archive, "fmt", "--check", f"articles/{ident}.md", f"annotations/claims/{ident}.yml")
    assert fmt_check.returncode == 0, fmt_check.stdout


def test_the_body_is_the_text_verbatim_with_lf_line_endings(archive, text_file):
    run_cli(archive, "new", "article", str(text_file))

    _, body = front_matter(read(archive, "articles/rebels-say-the-army-shelled-kafr-nabl-on-tuesday.md"))
    assert body == TEXT.replace("\r\n", "\n")


def test_every_front_matter_line_is_commented_and_unknowns_are_null(archive, text_file):
    run_cli(archive, "new", "article", str(text_file))

    lines, _ = front_matter(read(archive, "articles/rebels-say-the-army-shelled-kafr-nabl-on-tuesday.md"))
    data, _, problems = yamlstrict.parse("\n".join(lines))
    assert not problems
    today = datetime.now(timezone.utc).date()
    assert date.fromisoformat(data.pop("added")) in (today, today - timedelta(days=1))  # run across midnight
    assert data.pop("sha256") == hashlib.sha256(TEXT.replace("\r\n", "\n").encode("utf-8")).hexdigest()
    assert data == {"id": "rebels-say-the-army-shelled-kafr-nabl-on-tuesday", "title": None,
                    "label": "Rebels say the army shelled Kafr Nabl on Tuesday", "outlet": None,
                    "outlet_basis": None, "url": None, "captured": None, "archived_url": None,
                    "provenance_note": None, "author": None, "published": None, "language": "en",
                    "segments": []}
    assert all(" # " in line for line in lines), lines
    assert all("null" in line.split("#", 1)[1] for line in lines if line.split("#")[0].strip().endswith("null"))


def test_the_claims_file_is_empty_names_its_schema_and_shows_an_example(archive, text_file):
    run_cli(archive, "new", "article", str(text_file))

    claims = read(archive, "annotations/claims/rebels-say-the-army-shelled-kafr-nabl-on-tuesday.yml")
    first, *rest = claims.split("\n")
    assert first == "# yaml-language-server: $schema=../schemas/claims.schema.json"
    schema_path = (archive / "annotations/claims" / first.split("=", 1)[1]).resolve()
    assert schema_path.name == kinds.CLAIM.schema_file
    assert schema_path.parent.name == "schemas" and schema_path.parent.parent.name == "annotations"
    data, _, _ = yamlstrict.parse(claims)
    assert data == {"article": "rebels-say-the-army-shelled-kafr-nabl-on-tuesday", "claims": []}
    assert "#   - id: " in claims and "#     quote: " in claims


def test_from_standard_input_with_a_title_the_id_and_label_come_from_the_title(archive):
    run = run_cli(archive, "new", "article", "--title", "Army shells Kafr Nabl, rebels say", "-", stdin=TEXT)

    assert run.returncode == 0, run.stderr
    text = read(archive, "articles/army-shells-kafr-nabl-rebels-say.md")
    assert 'title: "Army shells Kafr Nabl, rebels say"' in text
    assert 'label: "Army shells Kafr Nabl, rebels say"' in text
    assert run_cli(archive, "check").returncode == 0


def test_an_existing_id_is_refused_and_nothing_is_overwritten(archive, text_file):
    existing = read(archive, "articles/ministry-reports-attack.md")

    run = run_cli(archive, "new", "article", "--id", "ministry-reports-attack", str(text_file))

    assert run.returncode == 1
    assert "articles/ministry-reports-attack.md already exists; nothing was written" in run.stderr
    assert "--id" in run.stderr and "Traceback" not in run.stderr
    assert read(archive, "articles/ministry-reports-attack.md") == existing


def test_a_second_run_on_the_same_text_is_refused(archive, text_file):
    assert run_cli(archive, "new", "article", str(text_file)).returncode == 0

    run = run_cli(archive, "new", "article", str(text_file))

    assert run.returncode == 1 and "already exists" in run.stderr


def test_an_invalid_id_is_a_usage_error(archive, text_file):
    run = run_cli(archive, "new", "article", "--id", "Not An Id", str(text_file))

    assert run.returncode == 2
    assert "is not a valid id" in run.stderr


def test_empty_text_and_a_missing_file_are_refused_without_a_traceback(archive, tmp_path):
    empty = run_cli(archive, "new", "article", "-", stdin=" \n\n")
    missing = run_cli(archive, "new", "article", str(tmp_path / "nope.txt"))

    assert empty.returncode == 1 and "the text is empty" in empty.stderr
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "Traceback" not in empty.stderr + missing.stderr
    assert not list((archive / "articles").glob("*.md"))[2:]


def test_text_with_a_control_character_is_refused_with_its_line_in_the_input(archive, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"A headline\n\nA line with a bell \x07 in it.\n")

    run = run_cli(archive, "new", "article", str(page))

    assert run.returncode == 1
    assert f"{page}:3:20: FILE004 control character U+0007" in run.stderr
    assert not (archive / "articles/a-headline.md").exists()
    assert not (archive / "annotations/claims/a-headline.yml").exists()


def test_invalid_utf8_is_refused_with_its_position(archive, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"A headline\nbad \xff byte\n")

    run = run_cli(archive, "new", "article", str(page))

    assert run.returncode == 1
    assert f"{page}:2:5: invalid UTF-8 (byte 0xff)" in run.stderr


@pytest.mark.parametrize("text, slug", [
    ("Idlib: Russia’s strikes resume", "idlib-russias-strikes-resume"),
    ("  Çatışma in Şam — 2020  ", "catisma-in-sam-2020"),
    ("هيئة تحرير الشام", ""),
    ("word " * 40, ("word-" * 16).rstrip("-")),
])
def test_slugs_are_lowercase_ascii_hyphenated_and_at_most_80_characters(text, slug):
    result = scaffold.slugify(text)

    assert result == slug
    assert len(result) <= scaffold.MAX_ID


def test_an_id_that_cannot_be_made_from_the_text_asks_for_id(archive):
    arabic = "هيئة تحرير الشام\n\nنص\n"
    run = run_cli(archive, "new", "article", "-", stdin=arabic)

    assert run.returncode == 1
    assert "pass one with --id" in run.stderr
    with_id = run_cli(archive, "new", "article", "--id", "hts-statement", "-", stdin=arabic)
    assert with_id.returncode == 0, with_id.stderr
    assert 'label: "هيئة تحرير الشام"' in read(archive, "articles/hts-statement.md")
    assert run_cli(archive, "check").returncode == 0


def test_a_long_first_line_gives_a_shortened_label():
    label = scaffold.shorten("The " + "very " * 30 + "long headline")

    assert len(label) <= scaffold.LABEL_LENGTH and label.endswith("…")


def test_a_title_that_slugs_to_a_reserved_id_asks_for_id(archive):
    run = run_cli(archive, "new", "article", "--title", "Index", "-", stdin="Index\n\nThe text.\n")

    assert run.returncode == 1
    assert "pass one with --id" in run.stderr
    assert not (archive / "articles" / "index.md").exists()


def test_a_key_added_to_the_article_model_is_in_the_front_matter_with_its_description(monkeypatch):
    """The front matter's keys come from the model: a new one needs no change to scaffold.py."""
    from pydantic import Field

    class WithPlace(schema.ArticleMeta):
        place: str | None = Field(default=None, description="Where the article was filed.")

    monkeypatch.setattr(kinds, "ARTICLE", dataclasses.replace(kinds.ARTICLE, model=WithPlace))
    text = scaffold.article_text("x", "Body.\n", "Label", None, "2024-01-02")
    assert "\nplace: null" in text and text.split("\nplace: null", 1)[1].split("\n")[0].strip() == \
        "# Where the article was filed"
    assert "former_ids" not in text and "corrections" not in text


# --- archive new event ------------------------------------------------------------------------


def test_new_event_creates_a_record_that_checks_with_only_the_no_claim_warning(archive):
    run = run_cli(archive, "new", "event", "shelling-of-kafr-nabl", "--title", "Shelling of Kafr Nabl",
                  "--type", "shelling")

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "created annotations/events/shelling-of-kafr-nabl.yml\n"
    assert "event: shelling-of-kafr-nabl" in run.stderr
    text = read(archive, "annotations/events/shelling-of-kafr-nabl.yml")
    data, _, problems = yamlstrict.parse(text)
    assert not problems
    event = schema.Event.model_validate(data)
    assert (event.title, event.type, event.when.start, event.when.basis) == \
        ("Shelling of Kafr Nabl", "shelling", None, scaffold.EVENT_BASIS)
    assert event.places == event.parties == event.equipment == [] and event.description is None
    assert text.startswith("# yaml-language-server: $schema=../schemas/event.schema.json\n")
    check = run_cli(archive, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert [line.split(" ")[1] for line in check.stdout.splitlines() if not line.startswith(" ")] == ["CONS009"]
    fmt_check = run_cli(archive, "fmt", "--check", "annotations/events/shelling-of-kafr-nabl.yml")
    assert fmt_check.returncode == 0, fmt_check.stdout


def test_new_event_never_overwrites_and_refuses_an_unknown_type_or_a_bad_id(archive):
    existing = archive / "annotations/events/thursday-attack-on-government-forces.yml"
    before = existing.read_bytes()
    taken = run_cli(archive, "new", "event", "thursday-attack-on-government-forces", "--title", "X",
                    "--type", "agreement")
    assert taken.returncode == 1 and "already exists; nothing was written" in taken.stderr
    assert existing.read_bytes() == before

    unknown = run_cli(archive, "new", "event", "x-event", "--title", "X", "--type", "bombing")
    assert unknown.returncode == 2 and "invalid choice: 'bombing'" in unknown.stderr
    bad_id = run_cli(archive, "new", "event", "Bad_Id", "--title", "X", "--type", "attack")
    assert bad_id.returncode == 2 and "is not a valid id" in bad_id.stderr
    assert not (archive / "annotations/events/x-event.yml").exists()


def test_new_event_keeps_a_hostile_title_as_text():
    title = '<script>alert(1)</script> "quoted" \\ back # not a comment'
    text = scaffold.event_text("x", title, "attack")
    data, _, problems = yamlstrict.parse(text)
    assert not problems and data["title"] == title


def test_each_new_command_has_its_own_help(archive):
    article = run_cli(archive, "new", "article", "--help").stdout
    event = run_cli(archive, "new", "event", "--help").stdout
    assert "Create articles/<id>.md" in article and "annotations/events" not in article
    assert "Create annotations/events/<ID>.yml" in event and "articles/<id>.md" not in event


# --- archive new place ------------------------------------------------------------------------------


def test_new_place_creates_a_commented_file_that_checks_clean_and_is_canonical(archive):
    run = run_cli(archive, "new", "place", "saraqib", "--name", "Saraqib", "--kind", "town",
                  "--parent", "example-province")

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "created annotations/places/saraqib.yml\n"
    text = read(archive, "annotations/places/saraqib.yml")
    data, _, problems = yamlstrict.parse(text)
    assert not problems
    assert data == {"id": "saraqib", "former_ids": [], "name": "Saraqib", "kind": "town", "aliases": [],
                    "parent": "example-province", "location": None,
                    "location_unknown": scaffold.PLACE_NOT_LOOKED_UP, "description": None, "corrections": []}
    keys = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(keys) == len(kinds.PLACE.model.model_fields) and all(" # " in line for line in keys)
    check = run_cli(archive, "check")
    assert check.returncode == 0 and check.stdout == "", check.stdout + check.stderr
    assert run_cli(archive, "fmt", "--check", "annotations/places/saraqib.yml").returncode == 0


def test_new_place_refuses_an_unknown_parent_and_a_name_another_place_has_with_their_positions(archive):
    run = run_cli(archive, "new", "place", "town-b", "--name", "Town A", "--kind", "town", "--parent", "nowhere")

    assert run.returncode == 1
    assert "annotations/places/town-b.yml:3:7: GEO003 name 'Town A' is also a name of place 'town-a'" in run.stderr
    assert "annotations/places/town-b.yml:6:9: REF001 unknown place 'nowhere'" in run.stderr
    assert run.stderr.index("GEO003") < run.stderr.index("REF001")  # in the file's order
    assert not (archive / "annotations" / "places" / "town-b.yml").exists()


def test_new_place_never_overwrites_and_takes_only_a_place_kind(archive):
    before = read(archive, "annotations/places/town-a.yml")

    taken = run_cli(archive, "new", "place", "town-a", "--name", "Town", "--kind", "town")
    wrong_kind = run_cli(archive, "new", "place", "town-c", "--name", "Town C", "--kind", "hamlet")

    assert taken.returncode == 1 and "annotations/places/town-a.yml already exists" in taken.stderr
    assert read(archive, "annotations/places/town-a.yml") == before
    assert wrong_kind.returncode == 2 and "invalid choice: 'hamlet'" in wrong_kind.stderr
