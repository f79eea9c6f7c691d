"""A choropleth map of Europe as SVG, from the country outlines in europe.json (Natural Earth,
public domain; see make_europe.py), drawn without tiles, scripts or a CDN."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from bot.domain.drawing import Drawing, Label, Outline, Shape
from bot.domain.insights import SMALLEST_CELL

WIDTH, HEIGHT = 640, 560
# Longitude and latitude at the map's left and top edges, and its scale: an equirectangular
# projection stretched for 52° N, where the map is centred, so that shapes look right there.
WEST, NORTH, DEGREE = -25.0, 71.5, 14.9  # DEGREE: pixels per degree of latitude
_STRETCH = math.cos(math.radians(52))
DATA = Path(__file__).resolve().parent / "europe.json"


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """A point's place on the map, in pixels from the top left."""
    return (longitude - WEST) * DEGREE * _STRETCH, (NORTH - latitude) * DEGREE


@cache
def outlines() -> dict[str, str]:
    """Each drawn country's SVG path, by ISO 3166 alpha-2 code."""
    return json.loads(DATA.read_text(encoding="utf-8"))["countries"]


def _fill(count: int, most: int) -> str:
    if not count:
        return "#e4e7eb"
    lightness = 80 - round(55 * math.sqrt(count / most))
    return f"hsl(200, 60%, {lightness}%)"


def europe_map(title: str, counts: dict[str, int], names: dict[str, str],
               protect: bool = False) -> Drawing:
    """Each country shaded by its count (square root, so one large country does not wash out
    the rest), with its name and count as the shape's tooltip. Protected (for downloads), a
    country of one or two cities shows "fewer than 3", shaded as the fewest."""
    most = max(counts.values(), default=0) or 1
    shapes: list[Shape] = []
    for code, path in outlines().items():
        count = counts.get(code, 0)
        hidden = protect and 0 < count < SMALLEST_CELL
        shown = "fewer than 3 cities" if hidden else \
            f"{count} {'city' if count == 1 else 'cities'}"
        shapes.append(Outline(path, _fill(1 if hidden else count, most),
                              tooltip=f"{names.get(code, code)}: {shown}", data=f"country={code}"))
    shapes.append(Label(8, 20, title, bold=True))
    return Drawing(title, WIDTH, HEIGHT, tuple(shapes), background="#f4f8fb")
