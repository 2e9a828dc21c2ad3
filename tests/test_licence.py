"""The archive's licence and contact (issue 15): `extra: archive_licence:` and
`extra: archive_contact:` in mkdocs.yml, checked by build_scripts/publish/options.py; the licence
in datapackage.json (with the package's version, creation day, sources and, with the site's
address, its homepage), validated by the real `frictionless`. The article texts are never
licensed: every place that states the licence says they remain their publishers'.

Real builds (the footer of every page, the About page, a malformed setting failing the build)
are in test_site_info.py."""

from __future__ import annotations

import json
import time

import pytest

from archive_support import DISPUTE, SMALL, append, copy_archive, linked_archive, replace
from build_scripts import export
from build_scripts.publish import PublishError
from build_scripts.publish.options import Contact, SiteOptions
from build_scripts.render import indexes
from test_export import validate, write

SITE_URL = "https://archive.example.org/idlib/"
CC0 = {"name": "CC0-1.0", "title": "CC0 1.0 Universal"}


def package(archive, **kwargs) -> dict:
    return json.loads(export.export_files(archive, **kwargs)["data/datapackage.json"])


# --- the options -----------------------------------------------------------------------------------


def test_without_a_setting_the_annotations_are_cc_by_4_and_no_contact_is_named():
    options = SiteOptions.from_extra({})
    assert options.archive_licence == export.DEFAULT_LICENCE
    assert options.archive_licence.name == "CC-BY-4.0"
    assert options.archive_licence.path == "https://creativecommons.org/licenses/by/4.0/"
    assert options.archive_contact is None
    assert options.resolved()["contact"] is None
    assert options.resolved()["licence"]["name"] == "CC-BY-4.0"


def test_the_repositorys_own_mkdocs_yml_states_the_default_licence():
    from test_nav import _config

    extra = _config()["extra"]
    assert SiteOptions.from_extra(extra).archive_licence == export.DEFAULT_LICENCE


def test_a_licence_and_a_contact_are_read_from_extra():
    options = SiteOptions.from_extra({"archive_licence": {**CC0, "path": "https://example.org/cc0"},
                                      "archive_contact": " errors@example.org "})
    assert options.archive_licence == export.Licence("CC0-1.0", "CC0 1.0 Universal", "https://example.org/cc0")
    assert options.archive_contact == Contact("mailto:errors@example.org", "errors@example.org")
    mailto = SiteOptions.from_extra({"archive_contact": "mailto:a.b@example.org"}).archive_contact
    assert mailto == Contact("mailto:a.b@example.org", "a.b@example.org")
    form = SiteOptions.from_extra({"archive_contact": "https://example.org/report?page=1"}).archive_contact
    assert form == Contact("https://example.org/report?page=1", "https://example.org/report?page=1")
    assert SiteOptions.from_extra({"archive_licence": CC0}).archive_licence.path is None


@pytest.mark.parametrize(("extra", "message"), [
    ({"archive_licence": "CC-BY-4.0"},
     "extra.archive_licence must be a mapping with name, title and path (the licence of the annotations, "
     "e.g. name: CC-BY-4.0), not 'CC-BY-4.0'"),
    ({"archive_licence": {"name": "CC BY 4.0", "title": "x"}},
     "extra.archive_licence.name must be an SPDX licence identifier such as CC-BY-4.0, not 'CC BY 4.0'"),
    ({"archive_licence": {"name": "CC-BY-4.0"}}, "extra.archive_licence.title must be the licence's name on one line"),
    ({"archive_licence": {**CC0, "url": "https://example.org/"}},
     "extra.archive_licence has unknown keys url: only name, title, path are read"),
    ({"archive_licence": {**CC0, "path": "javascript:alert(1)"}},
     "extra.archive_licence.path 'javascript:alert(1)' is not a web address: it must start with https://"),
    ({"archive_licence": {**CC0, "path": 'https://example.org/"><script>'}},
     "extra.archive_licence.path 'https://example.org/\"><script>' is not a web address"),
    ({"archive_contact": ["errors@example.org"]},
     "extra.archive_contact must be a web address or an e-mail address for error reports, not ['errors@example.org']"),
    ({"archive_contact": "errors@@example.org"},
     "extra.archive_contact 'errors@@example.org' is not an e-mail address: give it as errors@example.org"),
    ({"archive_contact": "mailto:<errors@example.org>"}, "extra.archive_contact 'mailto:<errors@example.org>' is not"),
    ({"archive_contact": "example.org/report"}, "extra.archive_contact 'example.org/report' is not a web address"),
])
def test_a_malformed_licence_or_contact_is_refused_saying_which_setting_and_why(extra, message):
    with pytest.raises(PublishError) as refused:
        SiteOptions.from_extra(extra)
    assert str(refused.value).startswith(message)


def test_an_empty_contact_is_no_contact():
    assert SiteOptions.from_extra({"archive_contact": ""}).archive_contact is None


# --- the data package ------------------------------------------------------------------------------


def test_the_package_states_the_licence_of_the_annotations_only_and_dates_itself_by_the_data():
    descriptor = package(linked_archive(SMALL))

    [licence] = descriptor["licenses"]
    assert licence["name"] == "CC-BY-4.0" and licence["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "the annotations only" in licence["title"]
    assert "article texts remain © their publishers and are not licensed" in licence["title"]
    assert "article texts remain © their publishers" in descriptor["description"]
    # The small fixture's latest date is its dispute's history entry; its articles give no `added`.
    assert descriptor["created"] == "2026-11-23T00:00:00Z" and descriptor["version"] == "2026.11.23"
    assert "homepage" not in descriptor


def test_the_sources_are_the_outlets_the_texts_identify_with_no_address_made_up():
    archive = linked_archive(SMALL)
    # One article names its outlet (Daily Example); the other's outlet is not identified and adds none.
    assert [a.meta.outlet for a in sorted(archive.articles.values(), key=lambda a: a.id)] == ["daily-example", None]
    assert package(archive)["sources"] == [{"title": "Daily Example"}]


def test_the_homepage_is_given_only_with_the_sites_address():
    archive = linked_archive(SMALL)
    assert package(archive, site_url=SITE_URL)["homepage"] == SITE_URL
    assert "homepage" not in package(archive, site_url=None)


def test_a_package_with_a_homepage_and_another_licence_validates_with_frictionless(tmp_path):
    licence = export.Licence("CC0-1.0", "CC0 1.0 Universal")
    files = export.export_files(linked_archive(SMALL), licence, SITE_URL)
    report = validate(write(files, tmp_path))

    assert report.valid, [e.message for e in report.errors] + [e.message for t in report.tasks for e in t.errors]
    descriptor = json.loads(files["data/datapackage.json"])
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "title": "CC0 1.0 Universal: the annotations only. "
                                       + export.ARTICLE_RIGHTS}]


def test_a_later_correction_moves_the_creation_day_and_nothing_reads_the_clock(tmp_path):
    root = copy_archive(tmp_path / "archive")
    before = package(linked_archive(root))
    assert package(linked_archive(root)) == before  # the same archive, the same package
    append(root, DISPUTE, '\ncorrections:\n  - date: "2027-02-03"\n    change: "The question is worded more '
                          'plainly."\n    reason: "The first wording took a side."\n')
    after = package(linked_archive(root))

    assert after["created"] == "2027-02-03T00:00:00Z" and after["version"] == "2027.02.03"


def test_an_article_added_later_moves_the_creation_day(tmp_path):
    root = copy_archive(tmp_path / "archive")
    replace(root, "articles/ministry-reports-attack.md", "language: en\n", 'added: "2028-01-05"\nlanguage: en\n')
    assert package(linked_archive(root))["created"] == "2028-01-05T00:00:00Z"


def test_the_data_page_states_the_licence_and_that_the_article_texts_are_not_covered():
    page = indexes.data(linked_archive(SMALL), export.Licence("CC0-1.0", "CC0 1.0 <Universal>"))

    assert "published under CC0 1.0 &lt;Universal&gt; (CC0-1.0)" in page
    assert "remain © their publishers: the archive's licence does not cover them" in page
    default = indexes.data(linked_archive(SMALL))
    assert ('<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener">Creative Commons '
            'Attribution 4.0 International</a> (CC-BY-4.0)') in default


def test_another_licence_is_not_taken_for_an_unchanged_archive(tmp_path, monkeypatch):
    """The generator's no-op stamp (build_scripts/fingerprint.py) counts the licence among its inputs."""
    from build_scripts import fingerprint, pipeline

    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 0.05)  # as in test_fingerprint.py
    root = copy_archive(tmp_path / "archive")
    time.sleep(0.1)
    out = tmp_path / "generated"
    pipeline.generate(root, out)
    again = pipeline.generate(root, out)
    assert again.archive is None  # nothing changed: nothing redone

    cc0 = export.Licence("CC0-1.0", "CC0 1.0 Universal")
    changed = pipeline.generate(root, out, licence=cc0)

    assert changed.archive is not None
    assert json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["name"] == \
        "CC0-1.0"
    assert "published under CC0 1.0 Universal (CC0-1.0)" in (out / "data" / "index.md").read_text(encoding="utf-8")


def test_the_fast_preview_states_the_licence_it_is_given(tmp_path):
    from build_scripts import preview

    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "generated"
    cc0 = export.Licence("CC0-1.0", "CC0 1.0 Universal")
    result = preview.Preview(root, out, licence=cc0).refresh()

    assert result.archive is not None
    assert json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["name"] == \
        "CC0-1.0"
    assert "published under CC0 1.0 Universal (CC0-1.0)" in (out / "data" / "index.md").read_text(encoding="utf-8")
