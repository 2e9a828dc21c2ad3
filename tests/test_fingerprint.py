"""The no-op regenerate: when neither the archive, the generator nor the output changed since
the last successful run, `pipeline.generate` does nothing at all (build_scripts/fingerprint.py);
anything else (an edit, an added or removed file, a change of the generator's code, a damaged or
missing output) runs the whole pipeline again."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from archive_support import MONITOR_CLAIMS, OBSERVATORY_ACTOR, copy_archive, read, replace, write
from build_scripts import fingerprint, pipeline
from build_scripts.diagnostics import Position, Report
from build_scripts.write import WriteResult


SETTLE = 0.05  # seconds: how recent a change must be not to be trusted, in these tests


@pytest.fixture(autouse=True)
def quick_settling(monkeypatch):
    """A file changed in the last RACY_SECONDS is never trusted (file systems keep times in
    coarse steps); the tests shorten that wait, except where it is the point."""
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", SETTLE)


def settle() -> None:
    time.sleep(SETTLE * 2)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    replace(root, rel, old, new)
    settle()


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, pipeline.Result]:
    root = copy_archive(tmp_path / "archive")
    settle()
    out = tmp_path / "generated"
    first = pipeline.generate(root, out)
    assert first.report.ok and first.archive is not None and first.written.written == first.pages > 0
    return root, out, first


def skipped(result: pipeline.Result) -> bool:
    """The run did nothing: it neither loaded the archive nor rendered a page."""
    return result.archive is None and result.written is not None and result.written.written == 0


def files(out: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_nothing_changed_skips_everything_and_touches_nothing(built):
    root, out, first = built
    before = files(out)

    again = pipeline.generate(root, out)

    assert skipped(again)
    assert again.written == WriteResult(0, first.pages, 0) and again.pages == first.pages
    assert again.report.ok
    assert files(out) == before


def test_the_stamp_is_beside_the_output_folder_not_in_it(built):
    _, out, _ = built

    assert fingerprint.stamp_path(out) == out.parent / ".generated.stamp"
    assert fingerprint.stamp_path(out).is_file()
    assert not any(p.name.endswith(".stamp") for p in out.rglob("*"))


def test_an_edit_rebuilds_and_writes_the_changed_pages(built):
    root, out, _ = built
    edit(root, MONITOR_CLAIMS, "status: contested", "status: contested\n    note: A note added later.")

    result = pipeline.generate(root, out)

    assert result.archive is not None and result.written.written > 0
    assert pipeline.generate(root, out).archive is None  # and then it is quiet again


def test_an_edit_that_keeps_the_size_and_time_of_the_file_is_still_seen(built):
    """The change time (and inode) are in the fingerprint too; tools that put back the
    modification time cannot hide an edit."""
    root, out, _ = built
    path = root / MONITOR_CLAIMS
    stat = path.stat()
    text = read(root, MONITOR_CLAIMS)
    changed = text.replace("min: 400", "min: 399", 1) if "min: 400" in text else None
    assert changed is not None and len(changed) == len(text)
    write(root, MONITOR_CLAIMS, changed)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    settle()

    assert not skipped(pipeline.generate(root, out))


def test_added_and_removed_files_rebuild(built):
    root, out, _ = built
    extra = root / "annotations" / "actors" / "README.md"  # a file the loader passes over: still a rebuild
    extra.write_text("Notes on the actors.\n", encoding="utf-8")
    settle()

    added = pipeline.generate(root, out)

    assert not skipped(added) and added.report.ok
    assert skipped(pipeline.generate(root, out))
    extra.unlink()
    settle()
    assert not skipped(pipeline.generate(root, out))
    (root / "annotations" / "actors" / OBSERVATORY_ACTOR.rsplit("/", 1)[1]).unlink()
    settle()
    removed = pipeline.generate(root, out)
    assert not skipped(removed) and not removed.report.ok  # its claims name it: the archive is broken


def test_a_change_of_the_generator_rebuilds(built, monkeypatch):
    root, out, _ = built
    monkeypatch.setattr(fingerprint, "generator", lambda: "another version of the code")

    assert not skipped(pipeline.generate(root, out))


def test_the_generator_fingerprint_covers_its_own_source_files():
    assert Path(pipeline.__file__).resolve().parent == fingerprint.PACKAGE
    assert len(fingerprint.generator()) == 40


@pytest.mark.parametrize("rel", ["render/common.py", "templates/dispute.html", "templates/methodology.md"])
def test_an_edit_of_the_generator_code_or_a_template_changes_its_fingerprint(tmp_path, monkeypatch, rel):
    package = tmp_path / "build_scripts"
    shutil.copytree(fingerprint.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    before = fingerprint.generator()
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"bytecode")
    assert fingerprint.generator() == before, "compiled bytecode is not part of the generator"

    with (package / rel).open("a", encoding="utf-8") as f:
        f.write("\n")

    assert fingerprint.generator() != before


@pytest.mark.parametrize("damage", ["remove a page", "edit a page", "add a file", "remove the folder"])
def test_a_damaged_output_is_rebuilt(built, damage):
    root, out, _ = built
    page = out / "claims" / "rebels-deny-attack.md"
    good = page.read_bytes()
    if damage == "remove a page":
        page.unlink()
    elif damage == "edit a page":
        page.write_bytes(good.replace(b"Claim", b"Clam", 1))
    elif damage == "add a file":
        (out / "stray.md").write_text("# Stray\n", encoding="utf-8")
    else:
        import shutil
        shutil.rmtree(out)

    result = pipeline.generate(root, out)

    assert not skipped(result) and result.written.written + result.written.removed >= 1
    assert page.read_bytes() == good and not (out / "stray.md").exists()
    assert skipped(pipeline.generate(root, out))


def test_a_missing_or_unreadable_stamp_rebuilds(built):
    root, out, _ = built
    fingerprint.stamp_path(out).write_text("{not json", encoding="utf-8")

    assert not skipped(pipeline.generate(root, out))
    fingerprint.stamp_path(out).unlink()
    assert not skipped(pipeline.generate(root, out))


def test_a_file_changed_in_the_last_seconds_is_not_trusted(built, monkeypatch):
    """File systems keep times in coarse steps: a second edit right after the first could leave
    the same size and times behind, so a fingerprint with a fresh file is never relied on."""
    root, out, _ = built
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 2)  # as built
    replace(root, MONITOR_CLAIMS, "status: contested", "status: contested\n    note: Fresh.")

    assert not skipped(pipeline.generate(root, out))
    assert not skipped(pipeline.generate(root, out))  # still fresh: still the whole work
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", SETTLE)
    settle()
    assert not skipped(pipeline.generate(root, out))  # settled: trusted from now on
    assert skipped(pipeline.generate(root, out))


def test_a_broken_archive_is_reported_even_though_the_output_is_intact(built):
    root, out, _ = built
    edit(root, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: nobody-known")

    result = pipeline.generate(root, out)

    assert not result.report.ok and result.written is None
    assert not pipeline.generate(root, out).report.ok  # every time, never skipped
    edit(root, MONITOR_CLAIMS, "claimant: nobody-known", "claimant: example-observatory")
    fixed = pipeline.generate(root, out)
    assert fixed.report.ok and fixed.written is not None


def test_warnings_are_said_again_when_the_work_is_skipped(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "page.md").write_text("# Page\n", encoding="utf-8")
    report = Report()
    report.add(Position("articles/x.md", 3, 5), "UNI005", "a warning", "a hint", "warning")

    fingerprint.save(out, "digest", 7, report)
    stamp = fingerprint.load(out)

    assert stamp is not None and stamp.pages == 7 and stamp.output == fingerprint.output(out)
    assert stamp.report().format() == report.format() and stamp.report().ok


def test_the_stamp_is_not_rewritten_when_it_says_nothing_new(tmp_path):
    """`mkdocs serve` watches docs/, where the stamp lives: an unchanged stamp must stay untouched."""
    out = tmp_path / "generated"
    out.mkdir()
    (out / "page.md").write_text("# Page\n", encoding="utf-8")
    fingerprint.save(out, "digest", 1, Report())
    stat = fingerprint.stamp_path(out).stat()

    fingerprint.save(out, "digest", 1, Report())

    again = fingerprint.stamp_path(out).stat()
    assert (again.st_ino, again.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_force_does_the_whole_work(built):
    root, out, _ = built

    result = pipeline.generate(root, out, force=True)

    assert result.archive is not None and result.written.written == 0


def test_another_archive_with_the_same_output_folder_rebuilds(built, tmp_path):
    _, out, _ = built
    other = copy_archive(tmp_path / "other")
    settle()

    assert not skipped(pipeline.generate(other, out))
