"""Charts drawn on the server as SVG: no JavaScript, no build step, nothing to download.

Each chart is an `<svg role="img">` with a title and a one-sentence description; the page shows
the same numbers in a table beside it, which is the text alternative. Colours come from
`reporting/static/reporting/reporting.css` classes, and every series also differs in shape
(solid or dashed line, labelled bars), so colour is never the only cue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

from django.utils.safestring import SafeString, mark_safe

# Every chart is built as plain strings, each text escaped where it is written: `format_html`
# per bar, point and cell spent milliseconds of every dashboard.

_ids = count(1)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def _svg_open(width: int, height: int, title: str, description: str) -> str:
    chart_id = f"chart-{next(_ids)}"
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _svg(pieces: list[str]) -> SafeString:
    pieces.append("</svg>")
    return mark_safe("".join(pieces))  # noqa: S308 - every text escaped where it was written


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float]],
    maximum: float | None = None,
    suffix: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value), with the value written at the end of each."""
    width, label_width, bar_height, gap = 640, 200, 22, 8
    height = max(1, len(bars)) * (bar_height + gap) + gap
    top = maximum if maximum is not None else max((value for _label, value in bars), default=0)
    scale = (width - label_width - 70) / top if top else 0
    pieces = [_svg_open(width, height, title, description)]
    for index, (label, value) in enumerate(bars):
        y = gap + index * (bar_height + gap)
        length = max(0.0, value * scale)
        shown = label if len(label) <= 28 else label[:27] + "…"
        pieces.append(
            f'<text class="chart-label" x="{label_width - 8}" y="{y + bar_height * 0.72}" '
            f'text-anchor="end">{escape(shown)}</text>'
            f'<rect class="chart-bar" x="{label_width}" y="{y}" width="{length:.1f}" '
            f'height="{bar_height}"></rect>'
            f'<text class="chart-value" x="{label_width + length + 6:.1f}" '
            f'y="{y + bar_height * 0.72}">{escape(_number(value))}{escape(suffix)}</text>'
        )
    return _svg(pieces)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css_class: str


def line_chart(
    *, title: str, description: str, x_range: tuple[str, str] | None, series: Sequence[Series]
) -> SafeString:
    """Lines over days; the first and last day (`x_range`) and the peak are labelled."""
    width, height, left, bottom, top, right = 640, 260, 48, 36, 28, 16
    plot_width, plot_height = width - left - right, height - top - bottom
    peak = max((max(s.values, default=0) for s in series), default=0) or 1
    points_count = max((len(s.values) for s in series), default=0)
    step = plot_width / max(1, points_count - 1)
    base = top + plot_height
    pieces = [
        _svg_open(width, height, title, description),
        (
            f'<line class="chart-axis" x1="{left}" y1="{top}" x2="{left}" y2="{base}"></line>'
            f'<line class="chart-axis" x1="{left}" y1="{base}" x2="{left + plot_width}" '
            f'y2="{base}"></line>'
            f'<text class="chart-label" x="{left - 6}" y="{top + 4}" text-anchor="end">'
            f"{escape(_number(peak))}</text>"
            f'<text class="chart-label" x="{left - 6}" y="{base}" text-anchor="end">0</text>'
        ),
    ]
    if x_range is not None:
        first, last = x_range
        pieces.append(
            f'<text class="chart-label" x="{left}" y="{height - 12}">{escape(first)}</text>'
            f'<text class="chart-label" x="{left + plot_width}" y="{height - 12}" '
            f'text-anchor="end">{escape(last)}</text>'
        )
    for position, one in enumerate(series):
        points = " ".join(
            f"{left + index * step:.1f},{base - value / peak * plot_height:.1f}"
            for index, value in enumerate(one.values)
        )
        css = escape(one.css_class)
        legend = f"{'—' if position == 0 else '- - '} {one.name}"
        pieces.append(
            f'<polyline class="chart-line {css}" points="{points}" fill="none"></polyline>'
            f'<text class="chart-legend {css}" x="{left + 8 + position * 160}" y="16">'
            f"{escape(legend)}</text>"
        )
    return _svg(pieces)


def hex_map(
    *,
    title: str,
    description: str,
    cells: Sequence[tuple[Sequence[tuple[float, float]], int, str]],
) -> SafeString:
    """H3 cells (outline as longitude/latitude pairs, count, label) shaded by count."""
    width, height, margin = 640, 480, 10
    pieces = [_svg_open(width, height, title, description)]
    points = [point for outline, _count, _label in cells for point in outline]
    if points:
        min_lon = min(lon for lon, _lat in points)
        max_lon = max(lon for lon, _lat in points)
        min_lat = min(lat for _lon, lat in points)
        max_lat = max(lat for _lon, lat in points)
        middle = math.radians((min_lat + max_lat) / 2)
        span_x = max((max_lon - min_lon) * math.cos(middle), 1e-9)
        span_y = max(max_lat - min_lat, 1e-9)
        scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        x_scale = math.cos(middle) * scale
        peak = max(count for _outline, count, _label in cells) or 1
        for outline, number, label in cells:
            shade = min(5, 1 + int(4 * number / peak))
            polygon = " ".join(
                f"{margin + (lon - min_lon) * x_scale:.1f},{margin + (max_lat - lat) * scale:.1f}"
                for lon, lat in outline
            )
            pieces.append(
                f'<polygon class="chart-cell chart-cell-{shade}" points="{polygon}">'
                f"<title>{escape(label)}: {number}</title></polygon>"
            )
    return _svg(pieces)
