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
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def _svg_open(width: int, height: int, title: str, description: str) -> tuple[str, str]:
    chart_id = f"chart-{next(_ids)}"
    opening = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
    )
    return chart_id, opening


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
    _chart_id, parts = _svg_open(width, height, title, description)
    pieces = [parts]
    for index, (label, value) in enumerate(bars):
        y = gap + index * (bar_height + gap)
        length = max(0.0, value * scale)
        pieces.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}">{}{}</text>',
                label_width - 8,
                y + bar_height * 0.72,
                label if len(label) <= 28 else label[:27] + "…",
                label_width,
                y,
                f"{length:.1f}",
                bar_height,
                f"{label_width + length + 6:.1f}",
                y + bar_height * 0.72,
                _number(value),
                suffix,
            )
        )
    pieces.append(mark_safe("</svg>"))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - parts escaped above


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css_class: str


def line_chart(
    *, title: str, description: str, x_labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Lines over days; the first and last day and the peak are labelled on the axes."""
    width, height, left, bottom, top, right = 640, 260, 48, 36, 28, 16
    plot_width, plot_height = width - left - right, height - top - bottom
    peak = max((max(s.values, default=0) for s in series), default=0) or 1
    step = plot_width / max(1, len(x_labels) - 1)
    _chart_id, opening = _svg_open(width, height, title, description)
    pieces = [
        opening,
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
            '<text class="chart-label" x="{}" y="{}" text-anchor="end">0</text>',
            left,
            top,
            left,
            top + plot_height,
            left,
            top + plot_height,
            left + plot_width,
            top + plot_height,
            left - 6,
            top + 4,
            _number(peak),
            left - 6,
            top + plot_height,
        ),
    ]
    if x_labels:
        pieces.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}">{}</text>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                height - 12,
                x_labels[0],
                left + plot_width,
                height - 12,
                x_labels[-1],
            )
        )
    for position, one in enumerate(series):
        points = " ".join(
            f"{left + index * step:.1f},{top + plot_height - value / peak * plot_height:.1f}"
            for index, value in enumerate(one.values)
        )
        pieces.append(
            format_html(
                '<polyline class="chart-line {}" points="{}" fill="none"></polyline>'
                '<text class="chart-legend {}" x="{}" y="{}">{}</text>',
                one.css_class,
                points,
                one.css_class,
                left + 8 + position * 160,
                16,
                f"{'—' if position == 0 else '- - '} {one.name}",
            )
        )
    pieces.append(mark_safe("</svg>"))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - parts escaped above


def hex_map(
    *,
    title: str,
    description: str,
    cells: Sequence[tuple[Sequence[tuple[float, float]], int, str]],
) -> SafeString:
    """H3 cells (outline as longitude/latitude pairs, count, label) shaded by count."""
    width, height, margin = 640, 480, 10
    _chart_id, opening = _svg_open(width, height, title, description)
    pieces = [opening]
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
        peak = max(count for _outline, count, _label in cells) or 1
        for outline, number, label in cells:
            shade = min(5, 1 + int(4 * number / peak))
            polygon = " ".join(
                f"{margin + (lon - min_lon) * math.cos(middle) * scale:.1f},"
                f"{margin + (max_lat - lat) * scale:.1f}"
                for lon, lat in outline
            )
            pieces.append(
                format_html(
                    '<polygon class="chart-cell chart-cell-{}" points="{}">'
                    "<title>{}: {}</title></polygon>",
                    shade,
                    polygon,
                    label,
                    number,
                )
            )
    pieces.append(mark_safe("</svg>"))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - parts escaped above
