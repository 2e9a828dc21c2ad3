"""Writing a site streamed one page at a time (`write_tree` given (path, text) pairs, as
`pipeline.generate` gives it `render.iter_site`): the same result as from a mapping, nothing made
when nothing changed, and the same refusals."""

from __future__ import annotations

import os

import pytest

from archive_support import copy_archive
from build_scripts import pipeline, write
from build_scripts.render import iter_site, render_site
from build_scripts.swap import staging_folders
from build_scripts.write import WriteResult, write_tree

PAGES = {"index.md": "# Home\n", "articles/a.md": "# A\n", "data/x.json": b"{}\n", "data/y.csv": bytearray(b"a\n")}


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_pairs_one_at_a_time_give_the_same_folder_as_a_mapping(tmp_path):
    write_tree(tmp_path / "one", PAGES)
    result = write_tree(tmp_path / "two", ((rel, text) for rel, text in PAGES.items()))

    assert result == WriteResult(4, 0, 0)
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert _tree(tmp_path / "two")["data/y.csv"] == b"a\n"


def test_nothing_changed_makes_no_staging_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    made = []
    real = write.Staging
    monkeypatch.setattr(write, "Staging", lambda folder: made.append(folder) or real(folder))

    assert write_tree(out, iter(PAGES.items())) == WriteResult(0, 4, 0)
    assert made == []


def test_a_change_late_in_the_stream_keeps_the_unchanged_files_before_it(tmp_path):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    inode = (out / "articles" / "a.md").stat().st_ino

    result = write_tree(out, iter({**PAGES, "data/y.csv": "b\n"}.items()))

    assert result == WriteResult(1, 3, 0)
    assert (out / "articles" / "a.md").stat().st_ino == inode  # linked, not rewritten
    assert _tree(out) == {**{k: v.encode() if isinstance(v, str) else bytes(v) for k, v in PAGES.items()},
                          "data/y.csv": b"b\n"}


def test_a_page_given_twice_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "out"
    write_tree(out, PAGES)
    before = _tree(out)

    with pytest.raises(ValueError):
        write_tree(out, iter([("index.md", "# One\n"), ("index.md", "# Two\n")]))

    assert _tree(out) == before
    assert not staging_folders(out)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_a_symlinked_file_cannot_lead_a_write_outside(tmp_path):
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    outside = tmp_path / "outside.md"
    outside.write_text("mine\n", encoding="utf-8")
    (out / "articles" / "a.md").symlink_to(outside)

    with pytest.raises(ValueError):
        write_tree(out, {"articles/a.md": "# A\n"})

    assert outside.read_text(encoding="utf-8") == "mine\n"


def test_the_streamed_site_is_the_rendered_site(tmp_path):
    root = copy_archive(tmp_path / "archive")
    archive = pipeline.check(root).archive
    streamed = {rel: text if isinstance(text, str) else bytes(text).decode("utf-8") for rel, text in iter_site(archive)}

    assert streamed == render_site(archive)
    result = pipeline.generate(root, tmp_path / "out")
    assert result.pages == len(streamed)
    assert _tree(tmp_path / "out") == {rel: text.encode("utf-8") for rel, text in streamed.items()}
