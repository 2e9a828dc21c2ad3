"""Every kind declared in build_scripts/kinds.py is taken up by every stage: a kind added there
and forgotten somewhere fails here, by name, rather than being silently left out of a page, a
download or the corrections log (ARCHITECTURE.md, "Adding a kind of record")."""

from __future__ import annotations

import dataclasses

import pytest

from archive_support import REPO, SMALL, linked_archive
from build_scripts import export, kinds, model, validate
from build_scripts.render import PagePlan, corrections, titles
from build_scripts.schema_export import SCHEMA_DIR

KINDS = [pytest.param(kind, id=kind.name) for kind in kinds.KINDS]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_tables_in_the_validated_records_and_the_linked_archive(kind):
    assert kind.section in {f.name for f in dataclasses.fields(validate.Validated)}
    assert kind.section in {f.name for f in dataclasses.fields(model.Archive)}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_records_in_the_data_its_title_rule_and_its_place_in_the_corrections_log(kind):
    assert kind.section in export._RECORDS
    assert kind.name in titles._TITLES
    assert kind.name in corrections.KIND_ORDER
    assert kind.name in export.ENTITY_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_editor_schema_committed(kind):
    assert (REPO / SCHEMA_DIR / kind.schema_file).is_file()


def test_the_kinds_are_spelled_once():
    for attribute in ("name", "section", "folder", "file_kind", "schema_file", "title"):
        values = [getattr(kind, attribute) for kind in kinds.KINDS]
        assert len(set(values)) == len(values), attribute
    assert list(export._RECORDS) == [kind.section for kind in kinds.KINDS]


def test_every_page_of_a_record_knows_what_it_reads():
    plan = PagePlan(linked_archive(SMALL))

    assert set(plan.all_inputs()) == plan.record_paths() | plan.summary_paths()  # and the home page's
    for kind in kinds.KINDS:
        assert plan.record_paths() >= {kind.page(ident) for ident in getattr(plan.archive, kind.section)}


def test_a_record_and_the_archive_print_briefly():
    archive = linked_archive(SMALL)
    claim = next(iter(archive.claims.values()))

    assert repr(claim) == f"Claim({claim.id!r})"
    assert repr(archive) == f"Archive({archive.counts()})"
