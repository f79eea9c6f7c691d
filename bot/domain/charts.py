"""Charts as SVG text: drawn by the product itself, so the console needs no script and no CDN.

Every label is escaped here, so a chart can be put into a page as it is.
"""

from __future__ import annotations

import io
from html import escape

from bot.domain.insights import Share

BAR_HEIGHT = 22
LABEL_WIDTH = 330
BAR_WIDTH = 360
COLOUR = "#0b4f6c"


def bar_chart(title: str, bars: list[tuple[str, Share]], protect: bool = False) -> str:
    """Horizontal bars, one per label, each as long as its share, with "count of n (p%)"."""
    height = 34 + BAR_HEIGHT * len(bars)
    width = LABEL_WIDTH + BAR_WIDTH + 130
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             'font-family="system-ui, sans-serif" font-size="13">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>']
    for row, (label, share) in enumerate(bars):
        y = 28 + row * BAR_HEIGHT
        shown = share.fraction if not (protect and share.suppressed) else 0.0
        length = round(BAR_WIDTH * shown)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
                     f"{escape(_short(label))}</text>")
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="16" '
                     'fill="#eef1f4"/>')
        if length:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="16" '
                         f'fill="{COLOUR}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 15}">'
                     f"{escape(share.count_text(protect))} of {share.n} "
                     f"({escape(share.percent_text(protect))})</text>")
    parts.append("</svg>")
    return "".join(parts)


def heat_style(share: Share) -> str:
    """A heat-table cell's colours: darker for a larger share of its row, text kept legible."""
    lightness = 97 - round(62 * share.fraction)
    text = "#ffffff" if lightness < 60 else "#1b1f24"
    return f"background: hsl(200, 60%, {lightness}%); color: {text}"


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart_png(title: str, bars: list[tuple[str, Share]], protect: bool = True) -> bytes:
    """The same bars as a PNG image, for slides and documents that take no SVG (drawn by
    matplotlib without a display)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 0.9 + 0.42 * len(bars)), dpi=110)
    axes = figure.add_subplot()
    labels = [_short(label) for label, _ in bars][::-1]
    values = [0.0 if protect and share.suppressed else 100 * share.fraction
              for _, share in bars][::-1]
    axes.barh(labels, values, color=COLOUR)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of cities")
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    for row, (_, share) in enumerate(bars[::-1]):
        axes.text(101, row, f"{share.count_text(protect)} of {share.n}", va="center",
                  fontsize=9)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
