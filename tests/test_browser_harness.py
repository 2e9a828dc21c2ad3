"""The test harness itself: the local server serves a directory, Chromium loads from it,
and requests to any other host are blocked and reported."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

import browser_support

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harness</title></head>
<body><p id="static">served</p><p id="scripted"></p>
<script>document.getElementById("scripted").textContent = "script ran";</script>
{extra}
</body></html>
"""


def test_served_directory_answers_on_localhost_and_stops_after(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>nested</p>", encoding="utf-8")

    with browser_support.serve_directory(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:") and not base.endswith("/")
        with urllib.request.urlopen(f"{base}/sub/", timeout=5) as response:
            assert response.status == 200
            assert b"nested" in response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/absent/", timeout=5)
        assert missing.value.code == 404

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{base}/sub/", timeout=2)


@pytest.mark.browser
def test_chromium_loads_a_served_page_and_runs_its_script(tmp_path, page, serve_directory, external_requests):
    (tmp_path / "index.html").write_text(PAGE.format(extra=""), encoding="utf-8")
    base = serve_directory(tmp_path)

    response = page.goto(f"{base}/")

    assert response is not None and response.status == 200
    assert page.title() == "Harness"
    assert page.locator("#static").inner_text() == "served"
    assert page.locator("#scripted").inner_text() == "script ran"
    assert external_requests == []


@pytest.mark.browser
def test_requests_to_other_hosts_are_blocked_and_recorded(tmp_path, page, serve_directory, external_requests):
    extra = '<img src="https://tracker.invalid/pixel.gif" alt="">'
    (tmp_path / "index.html").write_text(PAGE.format(extra=extra), encoding="utf-8")
    base = serve_directory(tmp_path)

    page.goto(f"{base}/")
    page.wait_for_load_state("load")

    assert external_requests == ["https://tracker.invalid/pixel.gif"]
