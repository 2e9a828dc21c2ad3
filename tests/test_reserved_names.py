"""Windows device names are reserved like `index` (issue 17, D6).

On Windows no file can be named CON, PRN, AUX, NUL, COM0-COM9 or LPT0-LPT9, in any case and
whatever follows a first dot (`con.yml`, `Aux.md`, `nul.draft.yml`): a repository holding one
cannot be checked out there. Ids name files (and the generated pages), so such an id is refused
for every kind (ID003, as `index` is); a file or folder with such a name in an archive folder is
refused as such (ID003, not loaded); and `archive new article` never derives one.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from archive_support import (DISPUTE, MINISTRY_CLAIMS, OBSERVATORY_ACTOR, REBEL_ACTOR, check, copy_archive, line_of,
                             replace, write)
from build_scripts import schema

DEVICES = ["con", "prn", "aux", "nul", "com0", "com1", "com9", "lpt0", "lpt1", "lpt9"]


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


def _found(result):
    return [(d.code, d.position.path, d.position.line) for d in result.report.sorted()]


@pytest.mark.parametrize("name", DEVICES)
def test_a_device_name_is_a_reserved_id(name):
    assert name in schema.RESERVED_IDS
    assert schema.reserved_reason(name) is not None and "Windows" in schema.reserved_reason(name)


@pytest.mark.parametrize("name", ["console", "con-1", "com10", "lpt", "auxiliary", "nul-front", "index-1"])
def test_longer_names_are_not_reserved(name):
    assert name not in schema.RESERVED_IDS and schema.reserved_reason(name) is None


def test_an_actor_id_that_is_a_device_name_is_id003_at_its_line(archive):
    write(archive, "annotations/actors/con.yml", "id: con\nname: Con Group\ntype: person\n")
    result = check(archive)
    assert _found(result) == [("ID003", "annotations/actors/con.yml", 1)]
    assert "Windows" in result.report.sorted()[0].format()


def test_a_claim_id_that_is_a_device_name_is_id003(archive):
    replace(archive, MINISTRY_CLAIMS, "id: reader-says-lies", "id: aux")
    assert _found(check(archive)) == [("ID003", MINISTRY_CLAIMS, line_of(archive, MINISTRY_CLAIMS, "id: aux"))]


def test_a_former_id_that_is_a_device_name_is_id003(archive):
    replace(archive, OBSERVATORY_ACTOR, "id: example-observatory\n", "id: example-observatory\nformer_ids: [nul]\n")
    assert _found(check(archive)) == [("ID003", OBSERVATORY_ACTOR, line_of(archive, OBSERVATORY_ACTOR, "former_ids"))]


def test_a_reference_to_a_device_name_is_id003(archive):
    replace(archive, DISPUTE, "[ministry-up-to-40-killed]", "[ministry-up-to-40-killed, com1]")
    assert _found(check(archive)) == [("ID003", DISPUTE, line_of(archive, DISPUTE, "com1"))]


@pytest.mark.parametrize("rel", [
    "annotations/actors/CON.yml",           # any case
    "annotations/disputes/lpt9.yml",
    "articles/Nul.md",
    "articles/aux.draft.md",                 # whatever follows the first dot
    "annotations/claims/prn.yml",
    "articles/com1.txt",                     # the wrong extension too: the name is the worse problem
])
def test_a_file_named_like_a_device_is_one_id003_and_is_not_loaded(archive, rel):
    write(archive, rel, "id: something-else\n")
    result = check(archive)
    assert _found(result) == [("ID003", rel, 1)], result.report.format()
    d = result.report.sorted()[0]
    assert "Windows" in d.message and d.hint


def test_a_folder_named_like_a_device_is_id003(archive):
    write(archive, "articles/con/x.md", "text\n")
    assert _found(check(archive)) == [("ID003", "articles/con", 1)]


def test_a_file_named_like_a_device_breaks_no_reference_to_it(archive):
    """The file is not read; references to its id are refused as ids, not reported as unknown."""
    write(archive, "annotations/actors/aux.yml", "id: aux\nname: Aux\ntype: person\n")
    replace(archive, MINISTRY_CLAIMS, "claimant: sam-reader", "claimant: aux")
    codes = {d.code for d in check(archive).report.items}
    assert "REF001" not in codes and codes == {"ID003"}


def run_cli(root, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), *args], cwd=root,
                          input=stdin, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("first_line", ["CON", "Nul", "com1", "Lpt9"])
def test_new_article_never_derives_a_device_name(archive, first_line):
    run = run_cli(archive, "new", "article", "-", stdin=f"{first_line}\n\nThe text.\n")
    assert run.returncode == 1, run.stderr
    assert "pass one with --id" in run.stderr
    assert sorted(p.name for p in (archive / "articles").iterdir()) == sorted(
        ["ministry-reports-attack.md", "monitor-says-no-attack.md"])


def test_new_article_refuses_a_device_name_given_as_id(archive):
    run = run_cli(archive, "new", "article", "--id", "aux", "-", stdin="Some text.\n")
    assert run.returncode == 2 and "not a valid id" in run.stderr


def test_the_claims_of_a_file_named_like_a_device_are_known_though_not_read(archive):
    """Article `con` and its claims file are refused by their names; the dispute that names a
    claim of that file is not blamed for it (no REF001 'unknown claim')."""
    (archive / "articles" / "monitor-says-no-attack.md").rename(archive / "articles" / "con.md")
    (archive / "annotations" / "claims" / "monitor-says-no-attack.yml").rename(archive / "annotations" / "claims" /
                                                                               "con.yml")
    replace(archive, REBEL_ACTOR, "source: monitor-says-no-attack", "source: con")
    found = _found(check(archive))
    assert found == [("ID003", REBEL_ACTOR, line_of(archive, REBEL_ACTOR, "source: con")),
                     ("ID003", "annotations/claims/con.yml", 1), ("ID003", "articles/con.md", 1)], found
