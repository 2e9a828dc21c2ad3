"""A file that cannot be read is reported once, and nothing else is blamed for it (issue 17, D9).

A claims file with a NUL byte, a byte that is not UTF-8, more than the size limit or YAML that
cannot be parsed holds claims the check cannot load. References to them from other files are
not "unknown claims" (REF001): the loader keeps the ids the file's lines give (`- id: …`), known
but not loadable, and only the file's own problem is reported. An id that is in no file at all
is still unknown. Actor, article and dispute files are known by their file names, which are
their ids.
"""

from __future__ import annotations

import pytest

from archive_support import (DISPUTE, MINISTRY_ACTOR, MINISTRY_ARTICLE, MINISTRY_CLAIMS, MONITOR_CLAIMS,
                             OBSERVATORY_ACTOR, REBEL_ACTOR, check, copy_archive, replace)
from build_scripts import kinds


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def _break(root, rel, how):
    path = root / rel
    data = path.read_bytes()
    if how == "nul":
        path.write_bytes(data + b"# a NUL \x00 here\n")
    elif how == "utf8":
        path.write_bytes(data + b"# a byte \xff that is not UTF-8\n")
    elif how == "oversized":
        kind = {"articles": "article", "actors": "actor", "claims": "claims", "disputes": "dispute"}[rel.split("/")[-2]]
        path.write_bytes(data + b"# padding\n" * (kinds.BY_FILE_KIND[kind].max_bytes // 10 + 1))
    elif how == "yaml":
        path.write_bytes(data + b"unclosed: [a\n" if rel.endswith(".yml") else data.replace(b"id:", b"id: [", 1))


OWN = {"nul": "FILE004", "utf8": "FILE003", "oversized": "FILE002", "yaml": None}


@pytest.mark.parametrize("how", ["nul", "utf8", "oversized", "yaml"])
@pytest.mark.parametrize("rel", [MINISTRY_CLAIMS, MONITOR_CLAIMS])
def test_an_unreadable_claims_file_is_the_only_problem_reported(archive, rel, how):
    _break(archive, rel, how)
    result = check(archive)
    paths = {d.position.path for d in result.report.items}
    assert paths == {rel}, result.report.format()
    if OWN[how]:
        assert {d.code for d in result.report.items} == {OWN[how]}


def test_a_relation_into_an_unreadable_claims_file_is_not_unknown(archive):
    replace(archive, MONITOR_CLAIMS, "    status: contested\n",
            "    status: contested\n    relations:\n      - type: contradicts\n        claim: ministry-up-to-40-killed\n")
    _break(archive, MINISTRY_CLAIMS, "nul")
    assert {d.position.path for d in check(archive).report.items} == {MINISTRY_CLAIMS}


def test_a_claim_in_no_file_is_still_unknown_while_a_claims_file_is_unreadable(archive):
    replace(archive, DISPUTE, "[ministry-up-to-40-killed]", "[ministry-up-to-40-killed, no-such-claim]")
    _break(archive, MINISTRY_CLAIMS, "utf8")
    found = [(d.code, d.position.path) for d in check(archive).report.sorted()]
    assert found == [("FILE003", MINISTRY_CLAIMS), ("REF001", DISPUTE)]


@pytest.mark.parametrize("how", ["nul", "utf8", "oversized", "yaml"])
@pytest.mark.parametrize("rel", [MINISTRY_ARTICLE, MINISTRY_ACTOR, OBSERVATORY_ACTOR, REBEL_ACTOR, DISPUTE])
def test_an_unreadable_article_actor_or_dispute_file_is_the_only_problem_reported(archive, rel, how):
    _break(archive, rel, how)
    result = check(archive)
    assert {d.position.path for d in result.report.items} == {rel}, result.report.format()


# Files that are refused as such and never read are not loaded either: a symbolic link (FILE005),
# a wrong extension (FILE006), a name Windows reserves (ID003). The same holds for them.


def _link_outside(root, rel):
    path = root / rel
    outside = root.parent / f"outside-{path.name}"
    path.rename(outside)
    path.symlink_to(outside)


@pytest.mark.parametrize("rel", [MONITOR_CLAIMS, MINISTRY_CLAIMS, REBEL_ACTOR, MINISTRY_ARTICLE, DISPUTE])
def test_a_record_file_that_is_a_symbolic_link_is_the_only_problem_reported(archive, rel):
    _link_outside(archive, rel)
    result = check(archive)
    assert [(d.code, d.position.path) for d in result.report.sorted()] == [("FILE005", rel)], result.report.format()


@pytest.mark.parametrize("rel", [MONITOR_CLAIMS, REBEL_ACTOR, DISPUTE])
def test_a_record_file_with_the_wrong_extension_is_the_only_problem_reported(archive, rel):
    renamed = rel[: -len(".yml")] + ".yaml"
    (archive / rel).rename(archive / renamed)
    result = check(archive)
    assert [(d.code, d.position.path) for d in result.report.sorted()] == [("FILE006", renamed)], \
        result.report.format()


def test_a_dispute_file_named_like_a_device_leaves_its_claims_unjudged(archive):
    """Its claims are 'contested'; with the dispute not read, that is not reported (CONS001)."""
    (archive / DISPUTE).rename(archive / "annotations" / "disputes" / "com1.yml")
    result = check(archive)
    assert [(d.code, d.position.path) for d in result.report.sorted()] == [("ID003", "annotations/disputes/com1.yml")]
