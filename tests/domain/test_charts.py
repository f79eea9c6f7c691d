import xml.etree.ElementTree as ElementTree

from bot.domain.charts import bar_chart, heat_fill, heat_table
from bot.domain.drawing import as_png, as_svg
from bot.domain.insights import Share

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_is_well_formed_escaped_and_as_long_as_its_shares():
    svg = as_svg(bar_chart("Support <script>", [("Access to funding & more", Share(3, 4)),
                                                ("Networking", Share(1, 4))]))
    root = ElementTree.fromstring(svg)
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "#0b4f6c"]
    assert [int(rect.get("width")) for rect in bars] == [270, 90]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Support <script>" in texts and "Access to funding & more" in texts
    assert "3 of 4 (75%)" in texts


def test_a_protected_chart_draws_no_bar_for_a_hidden_cell():
    svg = as_svg(bar_chart("x", [("Networking", Share(1, 4))], protect=True))
    assert 'fill="#0b4f6c"' not in svg and "&lt; 3 of 4" in svg


def test_heat_cells_keep_text_legible_and_hide_small_cells_when_protected():
    assert heat_fill(Share(0, 4))[1] == "#1b1f24"
    assert heat_fill(Share(4, 4))[1] == "#ffffff"
    assert heat_fill(Share(1, 4), protect=True) == heat_fill(Share(0, 4))


def test_a_heat_table_shades_each_cell_by_its_share_of_the_row():
    header = ("readiness", "Finance & business", "Policy")
    rows = (("Exploring", Share(3, 4), Share(1, 4)), ("Target set", Share(0, 2), Share(2, 2)))
    root = ElementTree.fromstring(as_svg(heat_table("Stage × pathway", header, rows)))
    cells = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert len(cells) == 4 and cells[0] != cells[1] and cells[2] != cells[3]
    assert cells[3] == heat_fill(Share(2, 2))[0]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"3 (75%)", "1 (25%)", "0 (0%)", "2 (100%)", "Finance &", "business"} <= set(texts)
    hidden = as_svg(heat_table("x", header, rows, protect=True))
    assert "&lt; 3 (&lt; 75%)" in hidden and "1 (25%)" not in hidden


def test_the_png_is_an_image_whose_hidden_cells_draw_nothing():
    shown = as_png(bar_chart("Support", [("Networking", Share(3, 4))], protect=True))
    hidden = as_png(bar_chart("Support", [("Networking", Share(1, 4))], protect=True))
    assert shown.startswith(b"\x89PNG\r\n\x1a\n") and hidden.startswith(b"\x89PNG")
    assert shown != hidden
