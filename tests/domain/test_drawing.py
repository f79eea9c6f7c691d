import struct
import xml.etree.ElementTree as ElementTree

from bot.domain.drawing import Drawing, Label, Outline, Rect, as_png, as_svg, path_of, rgb, wrapped

SVG = "{http://www.w3.org/2000/svg}"


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_the_svg_escapes_every_text_and_keeps_tooltips():
    drawing = Drawing("A <title>", 200, 100, (
        Label(10, 20, "<script>alert(1)</script>", tooltip="say \"hi\" & go"),
        Rect(0, 30, 50, 10, "#112233", tooltip="<b>"),
        Outline("M0,0L10,0L10,10Z", "hsl(200, 60%, 50%)", data="country=P\"T")))
    svg = as_svg(drawing)
    assert "<script>" not in svg
    root = ElementTree.fromstring(svg)
    text = next(root.iter(f"{SVG}text"))
    assert text.text == "<script>alert(1)</script>"
    assert text.find(f"{SVG}title").text == 'say "hi" & go'
    assert next(root.iter(f"{SVG}path")).get("data-country") == 'P"T'


def test_the_png_has_the_drawing_s_proportions_at_its_scale():
    png = as_png(Drawing("x", 200, 100, (Rect(0, 0, 100, 50, "#0b4f6c"),)), scale=2)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _png_size(png) == (400, 200)


def test_paths_and_colours_convert_for_matplotlib():
    vertices, codes = path_of("M1,2L3,4 5,6ZM7,8L9,10Z")
    assert vertices == [(1, 2), (3, 4), (5, 6), (1, 2), (7, 8), (9, 10), (7, 8)]
    assert codes == [1, 2, 2, 79, 1, 2, 79]  # MOVETO, LINETO, CLOSEPOLY
    assert rgb("#ff0000") == (1.0, 0.0, 0.0)
    assert rgb("hsl(0, 100%, 50%)") == (1.0, 0.0, 0.0)


def test_long_headers_wrap_into_few_lines():
    assert wrapped("Climate neutrality foundations and Mission approach", 16, 3) == [
        "Climate", "neutrality", "foundations and…"]
    assert wrapped("Policy and governance", 16, 3) == ["Policy and", "governance"]
