"""The JSON Schema files for editors: committed up to date, and true to the files the build accepts.

Each real file is validated twice, because the build and an editor read YAML differently:

- as the build reads it: `yamlstrict.parse` keeps every scalar a string (`max: 40` is "40"),
  which no JSON Schema for numbers can accept as is; so the strict data goes through the
  pydantic model, as in `archive check`, and its JSON dump (`model_dump(mode="json")`) must
  validate. This shows the schemas accept every record the build accepts.
- as an editor's YAML language server reads it: YAML 1.2, where `40` is a number, `false` a
  boolean and `null` null, with no model in between. This shows an editor opening a file that
  `archive check` passes flags nothing in it: keys, vocabulary terms, id patterns and types.

Both would pass vacuously with an empty schema, so the schemas must also reject a wrong key and
a term outside the vocabulary.
"""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
from ruamel.yaml import YAML

from archive_support import REPO
from build_scripts import kinds, schema_export, yamlstrict
from build_scripts.diagnostics import Report
from build_scripts.load import discover

SCHEMA_DIR = REPO / schema_export.SCHEMA_DIR
KINDS = [kind.file_kind for kind in kinds.KINDS]


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / kinds.BY_FILE_KIND[kind].schema_file).read_text()))


def real_files() -> list[tuple[str, str, str]]:
    """(kind, path, YAML text) of every contributor file of the real archive; front matter only for articles."""
    found = []
    for kind, path in discover(REPO, Report()):
        text = path.read_text(encoding="utf-8")
        if kind == "article":
            text = text[4: 4 + re.search(r"^---[ \t]*$", text[4:], re.MULTILINE).start()]
        found.append((kind, path.relative_to(REPO).as_posix(), text))
    return found


def messages(errors) -> str:
    return "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_equals_the_generated_one(kind):
    path = SCHEMA_DIR / kinds.BY_FILE_KIND[kind].schema_file

    assert path.is_file(), f"{path} is missing: run `archive schema`"
    assert path.read_text(encoding="utf-8") == schema_export.render(kind), (
        f"{path.relative_to(REPO)} is out of date with build_scripts/schema.py: run `archive schema` and commit it")


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_json_schema_with_id_title_and_description(kind):
    generated = schema_export.generate(kind)

    jsonschema.Draft202012Validator.check_schema(generated)
    assert generated["$id"] == kinds.BY_FILE_KIND[kind].schema_file
    assert generated["title"] and generated["description"]
    assert generated["additionalProperties"] is False


def test_rendering_is_deterministic_sorted_and_ends_with_one_newline():
    for kind in KINDS:
        text = schema_export.render(kind)
        assert text == schema_export.render(kind)
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_loader_ignores_the_schema_folder():
    assert SCHEMA_DIR.parent.as_posix().endswith("annotations")
    assert "annotations/schemas" not in {kind.folder for kind in kinds.KINDS}
    assert not [p for _, p in discover(REPO, Report()) if SCHEMA_DIR in p.parents]


def test_every_real_file_validates_as_the_build_reads_it():
    files = real_files()
    assert len({kind for kind, _, _ in files}) == len(kinds.KINDS)
    for kind, rel, text in files:
        data, _, problems = yamlstrict.parse(text)
        assert not problems, rel
        record = kinds.BY_FILE_KIND[kind].model.model_validate(data)

        errors = list(validator(kind).iter_errors(record.model_dump(mode="json")))

        assert not errors, f"{rel}:\n{messages(errors)}"


def test_every_real_file_validates_as_an_editor_reads_it():
    yaml12 = YAML(typ="safe", pure=True)
    for kind, rel, text in real_files():
        errors = list(validator(kind).iter_errors(yaml12.load(text)))

        assert not errors, f"{rel}:\n{messages(errors)}"


def test_the_schemas_reject_an_unknown_key_and_a_term_outside_the_vocabulary():
    claims = YAML(typ="safe", pure=True).load(sorted((REPO / "annotations/claims").glob("*.yml"))[0].read_text())
    claims["claims"][0]["status"] = "probably-true"
    claims["claims"][0]["quotation"] = "a misspelt key"
    actor = {"id": "x", "name": "X", "type": "militia"}

    claim_errors = messages(validator("claims").iter_errors(claims))
    actor_errors = messages(validator("actor").iter_errors(actor))

    assert "'probably-true' is not one of" in claim_errors
    assert "'quotation' was unexpected" in claim_errors
    assert "'militia' is not one of" in actor_errors


def test_a_schema_rejects_a_number_written_as_text_in_an_editor():
    figure_claims = {"article": "a", "claims": [{"id": "c", "quote": "q", "claimant": None, "role": "asserts",
                                                  "status": "unverified", "figures": [
                                                      {"measure": "killed", "unit": "soldiers", "min": 1, "max": 2}]}]}
    assert not list(validator("claims").iter_errors(figure_claims))
    wrong = copy.deepcopy(figure_claims)
    wrong["claims"][0]["figures"][0]["max"] = "two"

    assert list(validator("claims").iter_errors(wrong))


def test_vscode_settings_map_each_annotation_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())["yaml.schemas"]

    expected = {f"./annotations/schemas/{kind.schema_file}": [f"{kind.folder}/*.yml"]
                for kind in kinds.KINDS if not kind.front_matter}
    assert settings == expected
    for schema_path in settings:
        assert (REPO / schema_path).is_file()
