"""`mkdocs serve` shows an edit to an annotation file, and keeps the last good page on an error.

The test starts a real server on 127.0.0.1, edits a dispute file, and polls the page until it
changes; every wait is bounded, and the server it started is always stopped. It runs twice: as
`mkdocs serve` (every page rebuilt) and as `mkdocs serve --dirty`, the fast preview
(build_scripts/preview.py: only the pages an edit changes are regenerated and rebuilt).

Each save makes exactly one build: the generator writes outside the folders the server watches
(generated/, not docs/), so its own writes never start another build, which would reload the
reader's browser again and, with `mkdocs serve`, rebuild every page again.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import sitebuild

FIXTURE = Path(__file__).parent / "fixtures" / "small"
DISPUTE = "annotations/disputes/thursday-attack.yml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture(params=[[], ["--dirty"]], ids=["whole", "dirty"])
def server(tmp_path, request):
    project = sitebuild.make_project(FIXTURE, tmp_path / "project")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 - open while the server runs; closed below
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(sitebuild.MKDOCS), "serve", "-a", f"127.0.0.1:{port}", *request.param],
                               cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield project, f"http://127.0.0.1:{port}", log, bool(request.param)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        log.close()


def _settles(log, quiet: float, limit: float) -> bool:
    """True once no build starts for `quiet` seconds; False if builds go on for `limit` seconds."""
    deadline = time.monotonic() + limit
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = _log(log).count("Building documentation")
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
        time.sleep(0.2)
    return False


def _builds(log) -> int:
    return _log(log).count("Building documentation")


def _save(path: Path, text: str, scratch: Path) -> None:
    """Save as many editors do, in one step (written in `scratch`, a folder on the same file
    system that the server does not watch, then moved into place): a file written in two
    (emptied, then filled) may be seen by the server's watcher, which polls, between the two."""
    temporary = scratch / (path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _search_entries(base: str) -> list[tuple[str, str]]:
    index = json.loads(_get(f"{base}/search/search_index.json") or "{}")
    return [(entry["location"], entry["title"] + " " + entry["text"]) for entry in index.get("docs", [])]


def _log(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_preview_shows_an_edited_annotation_and_keeps_the_last_good_page_on_error(server):
    project, base, log, dirty = server
    url = f"{base}/disputes/thursday-attack/"
    assert _wait_for(lambda: "take place on Thursday" in (_get(url) or ""), 90), _log(log)

    assert _settles(log, quiet=3.0, limit=30), "the preview keeps rebuilding on its own:\n" + _log(log)
    assert _builds(log) == 1, _log(log)
    before = _search_entries(base)

    path = project / DISPUTE
    text = path.read_text(encoding="utf-8")
    _save(path, text.replace("take place on Thursday?", "happen on the Thursday in question?"), project)
    assert _wait_for(lambda: "happen on the Thursday in question" in (_get(url) or ""), 60), _log(log)
    assert ("archive: fast preview:" in _log(log)) == dirty, _log(log)
    assert _settles(log, quiet=3.0, limit=30), "the preview keeps rebuilding on its own:\n" + _log(log)
    assert _builds(log) == 2, "one save, more than one build:\n" + _log(log)
    # The search index has every page once, and finds the old text only where the pages served
    # still show it: the listing pages, in the fast preview (a dirty rebuild merges the pages
    # rebuilt into the last index: build_scripts/publish/searchindex.py).
    after = _search_entries(base)
    assert sorted(location for location, _ in after) == sorted(location for location, _ in before)
    stale = {location.split("#")[0] for location, text in after if "take place on Thursday?" in text}
    assert all("take place on Thursday?" in (_get(f"{base}/{page}") or "") for page in stale), sorted(stale)
    assert "disputes/thursday-attack/" not in stale and bool(stale) == dirty, sorted(stale)
    assert any("happen on the Thursday in question?" in text for _, text in after)

    _save(path, path.read_text(encoding="utf-8") + "bogus: true\n", project)
    assert _wait_for(lambda: "SCHEMA001" in _log(log), 60), _log(log)
    assert f"{DISPUTE}:" in _log(log)
    assert "happen on the Thursday in question" in (_get(url) or "")
    assert _settles(log, quiet=3.0, limit=30), "the preview keeps rebuilding on its own:\n" + _log(log)
    assert _builds(log) == 3, "one save, more than one build:\n" + _log(log)
