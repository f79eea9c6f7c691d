"""A figure as a list of shapes, laid out once and drawn as SVG (for the page) or PNG (for slides
and documents that take no SVG): the two images of a figure cannot disagree.

Every text is escaped when drawn as SVG, so a drawing can be put into a page as it is.
"""

from __future__ import annotations

import colorsys
import io
import re
from dataclasses import dataclass
from html import escape

FONT = "system-ui, sans-serif"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str  # "#rrggbb" or "hsl(h, s%, l%)"
    tooltip: str = ""


@dataclass(frozen=True)
class Outline:
    """A filled SVG path of straight lines only (M, L and Z commands, absolute)."""

    d: str
    fill: str
    stroke: str = "#ffffff"
    tooltip: str = ""
    data: str = ""  # a data-country or similar attribute, "name=value"


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's baseline
    text: str
    anchor: str = "start"  # start, middle or end
    bold: bool = False
    colour: str = "#1b1f24"
    size: float = 13
    tooltip: str = ""


Shape = Rect | Outline | Label


@dataclass(frozen=True)
class Drawing:
    title: str
    width: int
    height: int
    shapes: tuple[Shape, ...]
    background: str = ""


def as_svg(drawing: Drawing) -> str:
    """The drawing as a standalone SVG element with its title for screen readers."""
    title = escape(drawing.title)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" '
             f'height="{drawing.height}" viewBox="0 0 {drawing.width} {drawing.height}" '
             f'role="img" aria-label="{title}" font-family="{FONT}" font-size="13">',
             f"<title>{title}</title>"]
    if drawing.background:
        parts.append(f'<rect width="{drawing.width}" height="{drawing.height}" '
                     f'fill="{drawing.background}"/>')
    parts.extend(_svg_shape(shape) for shape in drawing.shapes)
    parts.append("</svg>")
    return "".join(parts)


def _tooltip(text: str) -> str:
    return f"<title>{escape(text)}</title>" if text else ""


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        return (f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.width:g}" '
                f'height="{shape.height:g}" fill="{shape.fill}">{_tooltip(shape.tooltip)}</rect>')
    if isinstance(shape, Outline):
        data = ""
        if shape.data:
            name, value = shape.data.split("=", 1)
            data = f' data-{escape(name)}="{escape(value)}"'
        return (f'<path d="{shape.d}" fill="{shape.fill}" stroke="{shape.stroke}" '
                f'stroke-width="0.6"{data}>{_tooltip(shape.tooltip)}</path>')
    weight = ' font-weight="bold"' if shape.bold else ""
    return (f'<text x="{shape.x:g}" y="{shape.y:g}" text-anchor="{shape.anchor}" '
            f'fill="{shape.colour}" font-size="{shape.size:g}"{weight}>'
            f"{escape(shape.text)}{_tooltip(shape.tooltip)}</text>")


def as_png(drawing: Drawing, scale: float = 1.5) -> bytes:
    """The same drawing as a PNG image (matplotlib without a display), `scale` pixels per unit."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    dpi = 100
    figure = Figure(figsize=(drawing.width * scale / dpi, drawing.height * scale / dpi), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, drawing.width)
    axes.set_ylim(drawing.height, 0)
    axes.axis("off")
    if drawing.background:
        figure.patch.set_facecolor(rgb(drawing.background))
    points = scale * 72 / dpi  # font sizes are in points, the drawing's units in pixels
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            axes.add_patch(Rectangle((shape.x, shape.y), shape.width, shape.height,
                                     facecolor=rgb(shape.fill), edgecolor="none"))
        elif isinstance(shape, Outline):
            vertices, codes = path_of(shape.d)
            if vertices:
                axes.add_patch(PathPatch(Path(vertices, codes), facecolor=rgb(shape.fill),
                                         edgecolor=rgb(shape.stroke), linewidth=0.4))
        else:
            axes.text(shape.x, shape.y, shape.text, ha={"start": "left", "end": "right"}.get(
                shape.anchor, "center"), va="baseline", color=rgb(shape.colour),
                fontsize=shape.size * points, fontweight="bold" if shape.bold else "normal")
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


_COMMAND = re.compile(r"([MLZ])([^MLZ]*)", re.IGNORECASE)


def path_of(d: str) -> tuple[list[tuple[float, float]], list[int]]:
    """An SVG path of M, L and Z commands as matplotlib vertices and codes."""
    from matplotlib.path import Path

    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    start = (0.0, 0.0)
    for command, arguments in _COMMAND.findall(d):
        if command.upper() == "Z":
            vertices.append(start)
            codes.append(Path.CLOSEPOLY)
            continue
        numbers = [float(value) for value in re.split(r"[\s,]+", arguments.strip()) if value]
        for index in range(0, len(numbers) - 1, 2):
            point = (numbers[index], numbers[index + 1])
            first = command.upper() == "M" and index == 0
            if first:
                start = point
            vertices.append(point)
            codes.append(Path.MOVETO if first else Path.LINETO)
    return vertices, codes


def rgb(colour: str) -> tuple[float, float, float]:
    """"#rrggbb" or "hsl(h, s%, l%)" as matplotlib's (r, g, b) in 0–1."""
    hsl = re.fullmatch(r"hsl\(\s*([\d.]+)\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*\)", colour)
    if hsl:
        hue, saturation, lightness = (float(value) for value in hsl.groups())
        return colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    value = colour.lstrip("#")
    return tuple(int(value[index:index + 2], 16) / 255 for index in (0, 2, 4))  # type: ignore[return-value]


def wrapped(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, the last cut with "…"."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out
