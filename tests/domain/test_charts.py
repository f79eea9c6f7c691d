import xml.etree.ElementTree as ElementTree

from bot.domain.charts import bar_chart, bar_chart_png, heat_style
from bot.domain.insights import Share


def test_a_bar_chart_is_well_formed_escaped_and_as_long_as_its_shares():
    svg = bar_chart("Support <script>", [("Access to funding & more", Share(3, 4)),
                                         ("Networking", Share(1, 4))])
    root = ElementTree.fromstring(svg)
    bars = [rect for rect in root.iter("{http://www.w3.org/2000/svg}rect")
            if rect.get("fill") == "#0b4f6c"]
    assert [int(rect.get("width")) for rect in bars] == [270, 90]
    texts = [text.text for text in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Support <script>" in texts and "Access to funding & more" in texts
    assert "3 of 4 (75%)" in texts


def test_a_protected_chart_draws_no_bar_for_a_hidden_cell():
    svg = bar_chart("x", [("Networking", Share(1, 4))], protect=True)
    assert 'fill="#0b4f6c"' not in svg and "&lt; 3 of 4" in svg


def test_heat_cells_keep_text_legible():
    assert heat_style(Share(0, 4)).endswith("color: #1b1f24")
    assert heat_style(Share(4, 4)).endswith("color: #ffffff")


def test_the_png_is_an_image_whose_hidden_cells_draw_nothing():
    shown = bar_chart_png("Support", [("Networking", Share(3, 4))])
    hidden = bar_chart_png("Support", [("Networking", Share(1, 4))])
    assert shown.startswith(b"\x89PNG\r\n\x1a\n") and hidden.startswith(b"\x89PNG")
    assert shown != hidden
