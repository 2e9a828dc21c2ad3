"""Accessibility of every kind of page of the real archive, checked by axe-core in Chromium.

axe-core comes from npm, pinned in tests/axe/package-lock.json and installed by
scripts/setup-axe (`npm ci`); it is injected into each built page, in the light and the dark
colour scheme, and no violation of impact "serious" or "critical" may remain; the pages whose
claims tables become cards on a phone are checked at a phone's width too. Without
tests/axe/node_modules the test skips, unless ARCHIVE_REQUIRE_BROWSER=1 (set by .ci/run),
in which case it fails, as the browser tests do without Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import browser_support
from archive_support import REPO

AXE_DIR = REPO / "tests" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
MISSING_AXE = (f"axe-core not installed at {AXE_JS.relative_to(REPO)}; run scripts/setup-axe "
               "(needs npm: Debian's nodejs and npm packages)")
BLOCKING = {"serious", "critical"}
TIMEOUT_MS = 30_000


def _first(site: Path, folder: str, prefer: str | None = None) -> str:
    """The address of one generated page in `folder`: `prefer` if it was built, else the first."""
    ids = sorted(p.name for p in (site / folder).iterdir() if (p / "index.html").is_file())
    assert ids, f"no pages under {folder}/"
    return f"/{folder}/{prefer if prefer in ids else ids[0]}/"


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind, and every index: the pages a reader meets."""
    kinds = {
        "home": "/",
        "article": _first(site, "articles", "m4-joint-patrol-attack-and-idlib-strikes"),  # has a reader comment
        "actor": _first(site, "actors", "hayat-tahrir-al-sham"),
        "claim": _first(site, "claims"),
        "articles index": "/articles/",
        "actors index": "/actors/",
        "claims index": "/claims/",
        "disputes index": "/disputes/",
        "events index": "/events/",
        # Events: three articles side by side; headline and reader-comment badges and a map; figures.
        "event across articles": _first(site, "events", "russia-turkey-ceasefire-2020-03"),
        "event with comments": _first(site, "events", "m4-joint-patrol-svbied-attack-near-ariha-07-14"),
        "event with figures": _first(site, "events", "reported-attack-on-government-forces-idlib-2020-01-22-23"),
        "places index": "/places/",
        "place": _first(site, "places", "idlib-governorate"),  # a map with places within and elsewhere
        "place without coordinates": _first(site, "places", "trumba"),
        "map": "/map/",
        "data index": "/data/",
        "timeline": "/timeline/",
        "network": "/network/",
        "methodology": "/methodology/",
        "corrections": "/corrections/",
        "about": "/about/",
    }
    # The article text's highlights tinted by role and not at all, as a reader may choose (issue
    # 15), in an article with overlapping claims; by status (the default) is the article above.
    tinted = _first(site, "articles", "2020-01-idlib-attack-disputed")
    kinds.update({"article, tinted by status": tinted, "article, tinted by role": f"{tinted}?highlight=role",
                  "article, not tinted": f"{tinted}?highlight=none"})
    # Every dispute: the archive's centrepiece, laid out differently with every number of sides.
    for dispute in sorted(p.name for p in (site / "disputes").iterdir() if (p / "index.html").is_file()):
        kinds[f"dispute {dispute}"] = f"/disputes/{dispute}/"
    return kinds


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.is_file():
        if browser_support.browser_required():
            pytest.fail(f"{MISSING_AXE} ({browser_support.REQUIRE_BROWSER_ENV}=1)")
        pytest.skip(MISSING_AXE)
    return AXE_JS


@pytest.fixture(scope="module")
def real_site(real_project: Path) -> Path:
    return real_project / "site"


@pytest.fixture(scope="module")
def base(real_site):
    with browser_support.serve_directory(real_site) as url:
        yield url


def _summary(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) on {len(v['nodes'])} element(s)")
        for node in v["nodes"][:3]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", " ")[:240])
    return "\n".join(lines)


def run_axe(browser, axe_script: Path, url: str, scheme: str, external: list[str],
            viewport: dict = browser_support.DESKTOP) -> list[dict]:
    # bypass_csp=True for this test only: the published pages allow scripts from the site itself
    # and hashed inline scripts alone (see build_scripts/publish/csp.py), so the policy
    # would rightly refuse the injected axe-core. Every other browser test keeps the policy on.
    context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    browser_support.block_external_requests(context, external)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.add_script_tag(path=str(axe_script))
        return page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary}))}));
        }""")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violation_on_any_kind_of_page(browser, axe_script, real_site, base, scheme):
    external: list[str] = []
    failures = {}
    for kind, path in page_kinds(real_site).items():
        violations = run_axe(browser, axe_script, f"{base}{path}", scheme, external)
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            failures[f"{kind} ({path})"] = _summary(blocking)

    assert not failures, "\n\n".join(f"{where}:\n{text}" for where, text in failures.items())
    assert external == []


# The pages laid out differently on a phone: their claims tables become cards (issue 15); an
# event's articles stack, and its tables of figures become cards; maps' labels are set larger.
PHONE_KINDS = ("claims index", "article", "actor", "article, tinted by role", "events index", "event with figures",
               "place", "map")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violation_on_a_phone(browser, axe_script, real_site, base, scheme):
    external: list[str] = []
    failures = {}
    for kind, path in page_kinds(real_site).items():
        if kind not in PHONE_KINDS:
            continue
        violations = run_axe(browser, axe_script, f"{base}{path}", scheme, external, browser_support.PHONE)
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            failures[f"{kind} ({path})"] = _summary(blocking)

    assert not failures, "\n\n".join(f"{where}:\n{text}" for where, text in failures.items())
    assert external == []


# --- how axe-core gets onto a CI machine ------------------------------------------------------


def test_axe_core_is_pinned_to_one_version_with_its_integrity():
    package = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((AXE_DIR / "package-lock.json").read_text(encoding="utf-8"))

    version = package["devDependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"axe-core must be pinned exactly, not {version!r}"
    locked = lock["packages"]["node_modules/axe-core"]
    assert locked["version"] == version
    assert locked["integrity"].startswith("sha512-")
    assert set(lock["packages"]) == {"", "node_modules/axe-core"}, "axe-core has no dependencies to install"


def test_ci_and_the_pull_request_workflow_install_axe_core_before_the_tests():
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert ci.index("scripts/system-packages") < ci.index("scripts/setup-axe") < ci.index('exec scripts/test "$@"')

    workflow = (REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    runs = re.findall(r"^\s+run: (.+)$", workflow, re.MULTILINE)
    assert runs.index("scripts/system-packages") < runs.index("scripts/setup-axe") \
        < runs.index("ARCHIVE_REQUIRE_BROWSER=1 scripts/test")

    packages = (REPO / "scripts" / "system-packages").read_text(encoding="utf-8")
    for package in ("nodejs", "npm"):
        assert re.search(rf"(?<![\w-]){package}(?![\w-])", packages), package
    setup = (REPO / "scripts" / "setup-axe").read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts" in setup
