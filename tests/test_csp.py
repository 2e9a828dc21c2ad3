"""Published pages carry a Content-Security-Policy that the site's own scripts satisfy and that
stops any script the theme did not put there, even if some text ever became markup."""

from __future__ import annotations

import re

import pytest


def test_every_published_page_carries_the_policy_with_no_unsafe_script_source(small_site):
    pages = sorted(small_site.rglob("*.html"))
    assert pages
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert match, path
        policy = dict(part.strip().split(" ", 1) for part in match.group(1).split(";"))
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
        assert head.index("Content-Security-Policy") < head.index("<script"), "the policy must come first"


@pytest.mark.browser
def test_the_policy_blocks_an_inline_script_the_theme_did_not_ship(page, small_site_url):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{small_site_url}/articles/ministry-reports-attack/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__injected = true'; document.head.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__injected === undefined")
    assert any("Content Security Policy" in v for v in violations)


@pytest.mark.browser
def test_the_theme_runs_under_the_policy(page, small_site_url):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{small_site_url}/disputes/thursday-attack/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.__md_get === 'function'")  # the theme's inline script ran
    assert violations == []


def test_the_policy_hashes_the_themes_scripts_at_any_depth_and_no_script_from_the_content():
    import base64
    import hashlib

    from build_scripts.publish import csp

    def digest(body: str) -> str:
        return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"

    theme = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
             '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
             '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')
    escaping = theme.replace('"../.."', '"",alert(1),"')  # a small_site_url path that would leave its string
    foreign = "alert(document.domain)"
    refused: list[str] = []
    policy = csp.content_security_policy(
        f"<head><script>{theme}</script></head><article><script>{foreign}</script>"
        f"<script>{escaping}</script></article>", refused)
    assert digest(theme) in policy
    assert digest(foreign) not in policy and digest(escaping) not in policy
    assert refused == [foreign, escaping]


def test_a_page_with_an_inline_script_of_its_own_fails_a_strict_build_naming_the_page(tmp_path):
    """A hand-written page (raw HTML is allowed there, unlike in contributor data) whose inline
    script the policy refuses: the strict build stops, and the warning says which page."""
    import sitebuild
    from archive_support import copy_archive

    project = sitebuild.make_project(copy_archive(tmp_path / "content"), tmp_path / "project")
    (project / "docs" / "methodology-note.md").write_text("# Note\n\n<script>window.x = 1</script>\n",
                                                           encoding="utf-8")
    run = sitebuild.mkdocs_build(project)

    assert run.returncode != 0
    assert "archive: methodology-note.md: an inline script that is not the theme's is blocked" in run.stderr
    assert "window.x = 1" in run.stderr
