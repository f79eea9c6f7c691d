"""The insights' charts, laid out as drawings (bot.domain.drawing) that the console shows as SVG
and offers as SVG and PNG: drawn by the product itself, with no script and no CDN."""

from __future__ import annotations

from bot.domain.drawing import Drawing, Label, Rect, Shape, wrapped
from bot.domain.insights import Share

BAR_HEIGHT = 22
LABEL_WIDTH = 330
BAR_WIDTH = 360
COLOUR = "#0b4f6c"


def bar_chart(title: str, bars: list[tuple[str, Share]], protect: bool = False) -> Drawing:
    """Horizontal bars, one per label, each as long as its share, with "count of n (p%)"."""
    shapes: list[Shape] = [Label(0, 16, title, bold=True)]
    for row, (label, share) in enumerate(bars):
        y = 28 + row * BAR_HEIGHT
        shown = share.fraction if not (protect and share.suppressed) else 0.0
        length = round(BAR_WIDTH * shown)
        shapes.append(Label(LABEL_WIDTH - 8, y + 15, _short(label), anchor="end",
                            tooltip=label if _short(label) != label else ""))
        shapes.append(Rect(LABEL_WIDTH, y + 3, BAR_WIDTH, 16, "#eef1f4"))
        if length:
            shapes.append(Rect(LABEL_WIDTH, y + 3, length, 16, COLOUR))
        shapes.append(Label(LABEL_WIDTH + BAR_WIDTH + 8, y + 15,
                            f"{share.count_text(protect)} of {share.n} "
                            f"({share.percent_text(protect)})"))
    return Drawing(title, LABEL_WIDTH + BAR_WIDTH + 130, 34 + BAR_HEIGHT * len(bars),
                   tuple(shapes))


def heat_fill(share: Share, protect: bool = False) -> tuple[str, str]:
    """A heat-table cell's (fill, text colour): darker for a larger share of its row, text kept
    legible; a hidden small cell is drawn as an empty one."""
    fraction = 0.0 if protect and share.suppressed else share.fraction
    lightness = 97 - round(62 * fraction)
    return f"hsl(200, 60%, {lightness}%)", "#ffffff" if lightness < 60 else "#1b1f24"


HEAT_LABEL_WIDTH = 270
HEAT_CELL_WIDTH = 112
HEAT_ROW_HEIGHT = 30
HEAT_HEADER_LINES = 3


def heat_table(title: str, header: tuple[str, ...], rows: tuple[tuple, ...],
               protect: bool = False) -> Drawing:
    """Rows × columns of shares, each cell shaded by its share and printed "count (p%)"."""
    columns = header[1:]
    top = 30 + 15 * HEAT_HEADER_LINES
    shapes: list[Shape] = [Label(0, 16, title, bold=True)]
    for column, name in enumerate(columns):
        centre = HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * column + HEAT_CELL_WIDTH / 2
        for line, text in enumerate(wrapped(name, 16, HEAT_HEADER_LINES)):
            shapes.append(Label(centre, 38 + 15 * line, text, anchor="middle", size=11,
                                tooltip=name))
    for number, (label, *cells) in enumerate(rows):
        y = top + HEAT_ROW_HEIGHT * number
        shapes.append(Label(HEAT_LABEL_WIDTH - 8, y + 19, _short(str(label), 32), anchor="end",
                            tooltip=str(label)))
        for column, share in enumerate(cells):
            x = HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * column
            fill, colour = heat_fill(share, protect)
            text = f"{share.count_text(protect)} ({share.percent_text(protect)})"
            shapes.append(Rect(x + 1, y + 1, HEAT_CELL_WIDTH - 2, HEAT_ROW_HEIGHT - 2, fill))
            shapes.append(Label(x + HEAT_CELL_WIDTH / 2, y + 19, text, anchor="middle",
                                colour=colour, size=12,
                                tooltip=f"{label} × {columns[column]}: "
                                        f"{share.count_text(protect)} of {share.n}"))
    width = HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * len(columns) + 4
    return Drawing(title, width, top + HEAT_ROW_HEIGHT * len(rows) + 6, tuple(shapes))


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
