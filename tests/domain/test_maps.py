import xml.etree.ElementTree as ElementTree

from bot.domain.drawing import as_svg
from bot.domain.maps.europe import HEIGHT, WIDTH, europe_map, outlines, project
from bot.domain.places.countries import GAZETTEER_COUNTRIES

SVG = "{http://www.w3.org/2000/svg}"


def test_the_map_has_the_countries_the_gazetteer_covers():
    drawn = set(outlines())
    # Malta, Luxembourg-sized and smaller states are below Natural Earth's 1:110m detail.
    assert {"PT", "ES", "TR", "MD", "GR", "IE", "FI", "FR", "NO", "PL", "XK", "BE"} <= drawn
    assert len(GAZETTEER_COUNTRIES & drawn) >= 35


def test_the_frame_holds_europe():
    for longitude, latitude in ((-9.1, 38.7), (28.9, 41.0), (25.7, 66.5), (-22, 64.1)):
        x, y = project(longitude, latitude)  # Lisbon, Istanbul, Rovaniemi, Reykjavík
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT


def test_each_country_is_shaded_by_its_count_and_names_itself():
    svg = as_svg(europe_map("Reached <b>", {"TR": 11, "PT": 1},
                            {"TR": "Türkiye", "PT": "Portugal"}))
    root = ElementTree.fromstring(svg)  # well-formed, the title escaped
    shapes = {path.get("data-country"): path for path in root.iter(f"{SVG}path")}
    assert shapes["TR"].find(f"{SVG}title").text == "Türkiye: 11 cities"
    assert shapes["PT"].find(f"{SVG}title").text == "Portugal: 1 city"
    assert shapes["ES"].get("fill") == "#e4e7eb", "no city: grey"
    assert shapes["TR"].get("fill") != shapes["PT"].get("fill")
    assert root.find(f"{SVG}title").text == "Reached <b>"


def test_a_protected_map_does_not_tell_one_or_two_cities_apart():
    counts = {"TR": 11, "PT": 1, "ES": 2}
    root = ElementTree.fromstring(as_svg(europe_map("x", counts, {}, protect=True)))
    shapes = {path.get("data-country"): path for path in root.iter(f"{SVG}path")}
    assert shapes["PT"].find(f"{SVG}title").text == "PT: fewer than 3 cities"
    assert shapes["PT"].get("fill") == shapes["ES"].get("fill")
    assert shapes["TR"].find(f"{SVG}title").text == "TR: 11 cities"
