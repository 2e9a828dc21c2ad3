"""Fast preview (build_scripts/preview.py): after each kind of edit, the pages a refresh
re-renders are byte for byte what a whole generate makes, and no entity page it leaves alone
differs from the whole generate's either.

The edits are made one after another on a copy of the real archive, as a contributor would in a
preview session: a claim's note and role, a new claim and its removal, a renamed claim (with a
redirect), a relation, a dispute's question and side, an actor's description, name and an
alias that takes the place of another actor's name in a text, an article's label, and a
paragraph added to a text (with the text's new checksum); a place's coordinates, name, parent and
alias, an event's title, and a claim pointed at another event.
"""

from __future__ import annotations

import filecmp
import hashlib
import re
from pathlib import Path

import pytest

from archive_support import REPO, copy_archive
from build_scripts import fingerprint, load, pipeline
from build_scripts.diagnostics import Report
from build_scripts.preview import Preview
from build_scripts.render import actor as actor_page, home, mapsvg, network, paging

CLAIMS = "annotations/claims/2020-01-idlib-attack-disputed.yml"
ARTICLE = "articles/2020-01-idlib-attack-disputed.md"
DISPUTE = "annotations/disputes/fa-ithbatu-stance-on-idlib-ceasefire-and-m4.yml"
ACTOR = "annotations/actors/reuters.yml"
EVENT = "annotations/events/reported-attack-on-government-forces-idlib-2020-01-22-23.yml"
PLACE = "annotations/places/idlib-governorate.yml"
ENTITY_FOLDERS = ("articles", "actors", "claims", "disputes", "places", "events")
ARIHA = "annotations/places/ariha.yml"
KUWEIRES_EVENT = "annotations/events/kuweires-airfield-attack-2024-07.yml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _append_text(root: Path, rel: str, text: str) -> None:
    """Add to an article's text and record the text's new checksum, as a contributor who corrects
    a text does (TEXT001 stops a text that no longer matches its recorded checksum)."""
    _append(root, rel, text)
    path = root / rel
    source = load.load_article(path.read_text(encoding="utf-8"), rel, Report())
    assert source is not None and source.body is not None
    digest = hashlib.sha256(source.body.encode("utf-8")).hexdigest()
    content = path.read_text(encoding="utf-8")
    old = re.search(r'^sha256: "[0-9a-f]{64}"$', content, re.MULTILINE)
    assert old is not None, f"no recorded checksum in {rel}"
    path.write_text(content.replace(old.group(0), f'sha256: "{digest}"', 1), encoding="utf-8")


NEW_CLAIM = """  - id: preview-test-added-claim
    quote: "up to 40 Syrian soldiers were killed"
    prefix: null
    suffix: null
    claimant: null
    role: reports
    reported_by: []
    subjects: []
    event_date: null
    figures: []
    status: unverified
    note: null
    relations: []
"""


def _first_unreferenced_claim(root: Path) -> str:
    """A claim id of CLAIMS that no dispute and no relation names (safe to rename)."""
    text = (root / CLAIMS).read_text(encoding="utf-8")
    others = "".join(p.read_text(encoding="utf-8") for p in (root / "annotations").rglob("*.yml"))
    for ident in re.findall(r"^  - id: (\S+)$", text, re.MULTILINE):
        if others.count(ident) == 1:
            return ident
    raise AssertionError("every claim is referenced")


EDITS = [
    ("claim note", lambda r: _edit(r, CLAIMS, "    note: null", '    note: "Checked against the broadcast."')),
    ("claim role", lambda r: _edit(r, CLAIMS, "    role: reports", "    role: asserts")),
    ("claim added", lambda r: _append(r, CLAIMS, NEW_CLAIM)),
    ("claim relation added", lambda r: _edit(
        r, CLAIMS, "    relations: []\n",
        "    relations:\n      - type: same-as\n        claim: ru-mod-up-to-40-soldiers-killed\n")),
    ("claim removed", lambda r: _edit(r, CLAIMS, NEW_CLAIM, "")),
    ("dispute question", lambda r: _edit(r, DISPUTE, "Does Fa Ithbatu regard", "Does Fa Ithbatu see")),
    ("dispute side", lambda r: _edit(r, DISPUTE, "renewed clashes would help", "renewed fighting would help")),
    ("actor description", lambda r: _edit(r, ACTOR, "cited in one text", "quoted in one text")),
    # An alias that contains another actor's name takes those places from it (longest match
    # first): Newsweek's page loses mentions though neither its file nor the text changed.
    ("actor alias over another name", lambda r: _edit(r, ACTOR, "aliases: []", 'aliases: ["Newsweek contacted"]')),
    ("actor name", lambda r: _edit(r, ACTOR, 'name: "Reuters"', 'name: "Reuters news agency"')),
    ("article label", lambda r: _edit(r, ARTICLE, 'label: "Idlib attack', 'label: "The Idlib attack')),
    ("article text", lambda r: _append_text(r, ARTICLE, "\nA paragraph added in the preview, naming Newsweek.\n")),
    # The home page lists the latest additions by this date.
    ("article added", lambda r: _edit(r, ARTICLE, 'added: "2026-11-23"', 'added: "2026-11-30"')),
    # An event's title shows on its claims', its articles' and its dispute's pages.
    ("event title", lambda r: _edit(r, EVENT, "Reported militant attack", "Reported attack")),
    # A claim pointed at another event leaves one event page for the other.
    ("claim event", lambda r: _edit(r, CLAIMS, "    event: reported-attack-on-government-forces-idlib-2020-01-22-23\n",
                                    "    event: russian-syrian-air-strikes-idlib-2019-12-2020-01\n")),
    # A place's name shows on the pages of the events there, and (as the larger place where an
    # unlocated village lies) on the maps of events in its villages.
    ("place name", lambda r: _edit(r, PLACE, 'name: "Idlib Governorate"', 'name: "Governorate of Idlib"')),
    # Every place page's map draws every located place; the articles naming Ariha list it.
    ("place coordinates", lambda r: _edit(r, ARIHA, "lat: 35.81374", "lat: 35.8")),
    ("place name (a located place)", lambda r: _edit(r, ARIHA, 'name: "Ariha"', 'name: "Ariha town"')),
    ("place parent", lambda r: _edit(r, ARIHA, "parent: idlib-governorate", "parent: syria")),
    # A longer alias takes the mention from the place's name: "Trumba settlement" is printed.
    ("place alias", lambda r: _edit(r, "annotations/places/trumba.yml", "aliases: []",
                                    'aliases: ["Trumba settlement"]')),
    ("event title (a located event)",
     lambda r: _edit(r, KUWEIRES_EVENT, "attributed to Ukrainian", "ascribed to Ukrainian")),
]


def _entity_files(out: Path) -> set[str]:
    """The entity pages, the pages of an actor's long lists and the redirect pages under a
    generated folder (not the listing pages: the indexes and their pages)."""
    found = set()
    for folder in ENTITY_FOLDERS:
        for path in (out / folder).rglob("*"):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and rel != f"{folder}/index.md" and not rel.startswith(f"{folder}/page/"):
                found.add(rel)
    return found


def _assert_same_entity_pages(preview_out: Path, full_out: Path) -> None:
    ours, theirs = _entity_files(preview_out), _entity_files(full_out)
    assert ours == theirs, f"only in preview: {sorted(ours - theirs)}; only in full: {sorted(theirs - ours)}"
    _, mismatch, errors = filecmp.cmpfiles(preview_out, full_out, sorted(ours | {home.PATH}), shallow=False)
    assert not mismatch and not errors, f"stale or wrong after the edit: {mismatch + errors}"


@pytest.fixture
def session(tmp_path, request, monkeypatch):
    if getattr(request, "param", "") == "short lists":
        # An actor's lists cut after 2 entries, on pages of 3, and its picture after 3 rows, so
        # that the real archive's actors have list pages (render/actor.py) to keep up to date.
        monkeypatch.setattr(actor_page, "SHOWN", 2)
        monkeypatch.setattr(paging, "PAGE_SIZE", 3)
        monkeypatch.setattr(network, "EGO_SIDES", 3)
    root = copy_archive(tmp_path / "archive", REPO)
    preview = Preview(root, tmp_path / "preview")
    first = preview.refresh()
    assert first.report.ok and first.written.written > 0
    return root, preview, tmp_path / "full"


@pytest.mark.slow  # twelve edits of the real archive, each followed by a whole generate: several seconds
@pytest.mark.parametrize("session", ["as is", "short lists"], indirect=True)
def test_each_edit_refreshes_exactly_the_pages_a_whole_generate_changes(session):
    root, preview, full_out = session
    lists = {rel for rel in _entity_files(preview.out) if rel.startswith("actors/") and rel.count("/") > 1}
    assert bool(lists) == (paging.PAGE_SIZE == 3), sorted(lists)[:3]
    rename = _first_unreferenced_claim(root)
    edits = EDITS + [("claim renamed", lambda r: _edit(
        r, CLAIMS, f"  - id: {rename}\n", f"  - id: {rename}-renamed\n    former_ids: [{rename}]\n"))]
    for name, edit in edits:
        before = pipeline.generate(root, full_out, force=True)
        assert before.report.ok
        edit(root)
        result = preview.refresh()
        assert result.report.ok, f"{name}: {result.report.format()}"
        assert preview.refreshed, f"{name}: the edit refreshed no page"
        after = pipeline.generate(root, full_out, force=True)
        assert after.report.ok
        _assert_same_entity_pages(preview.out, full_out)


def test_refresh_names_only_pages_that_show_the_edit(session):
    root, preview, _ = session
    _edit(root, DISPUTE, "Does Fa Ithbatu regard", "Does Fa Ithbatu see")
    preview.refresh()
    # The dispute page, the claim, article and actor pages that name the dispute's question, and
    # the home page, which lists the open disputes.
    assert "disputes/fa-ithbatu-stance-on-idlib-ceasefire-and-m4.md" in preview.refreshed
    assert home.PATH in preview.refreshed
    assert all(rel.split("/")[0] in ENTITY_FOLDERS or rel == home.PATH for rel in preview.refreshed)
    assert len(preview.refreshed) < 30, preview.refreshed


def test_the_first_build_keeps_every_map_it_drew_for_the_edits_that_follow(session, monkeypatch):
    root, preview, _ = session
    assert len(preview.maps) > 10  # drawn in this process (no worker processes), so kept
    drawn = []
    real = mapsvg._figure
    monkeypatch.setattr(mapsvg, "_figure", lambda *a, **k: drawn.append(a[1]) or real(*a, **k))
    _edit(root, DISPUTE, "Does Fa Ithbatu regard", "Does Fa Ithbatu see")
    preview.refresh()
    assert any(rel.startswith(("places/", "events/")) for rel in preview.refreshed), preview.refreshed
    assert drawn == []  # the maps of the pages refreshed were the first build's, not laid out again


def test_nothing_changed_writes_nothing(session):
    _, preview, _ = session
    result = preview.refresh()
    assert result.report.ok and result.written.written == 0 and preview.refreshed == []


def test_an_edit_with_an_error_writes_nothing_and_the_next_good_one_catches_up(session):
    root, preview, full_out = session
    before = {p: p.read_bytes() for p in preview.out.rglob("*") if p.is_file()}
    _edit(root, CLAIMS, "    role: reports", "    role: repots")
    _edit(root, DISPUTE, "Does Fa Ithbatu regard", "Does Fa Ithbatu see")
    failed = preview.refresh()
    assert not failed.report.ok and failed.written is None
    assert {p: p.read_bytes() for p in preview.out.rglob("*") if p.is_file()} == before
    _edit(root, CLAIMS, "    role: repots", "    role: reports")
    assert preview.refresh().report.ok
    assert "disputes/fa-ithbatu-stance-on-idlib-ceasefire-and-m4.md" in preview.refreshed
    pipeline.generate(root, full_out, force=True)
    _assert_same_entity_pages(preview.out, full_out)


def test_a_refresh_drops_the_no_op_stamp_so_the_next_whole_generate_redoes_everything(session):
    root, preview, _ = session
    assert fingerprint.stamp_path(preview.out).exists()
    _edit(root, CLAIMS, "    note: null", '    note: "Checked."')
    preview.refresh()
    assert not fingerprint.stamp_path(preview.out).exists()
    whole = pipeline.generate(root, preview.out)
    assert whole.archive is not None  # not skipped as unchanged
    assert whole.written.written > 0  # the listing pages the preview left behind


def test_the_memo_gives_the_same_diagnostics_as_a_fresh_check(session):
    root, preview, _ = session
    _edit(root, CLAIMS, "    role: reports", "    role: repots")
    _append(root, ARTICLE, "\nA stray\u200b joiner.\n")
    warm = preview.refresh().report.format()
    cold = pipeline.check(root).report.format()
    assert warm == cold and "SCHEMA003" in warm and "UNI002" in warm
