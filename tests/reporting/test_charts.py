"""The server-drawn SVG charts and the tables' numbers: accessible names, escaped texts,
geometry from the numbers, counts written in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import number_format

from civicdesk.reporting import charts
from civicdesk.reporting.tables import grouped


def test_bar_chart__names_itself_escapes_labels_and_scales_bars() -> None:
    svg = str(
        charts.bar_chart(
            title='Share "within" <target>',
            description="By department & service.",
            bars=[("Streets <b>", 50), ("A department with a rather long name indeed", 100)],
            maximum=100,
            suffix="%",
        )
    )
    chart_id = re.search(r'aria-labelledby="(chart-\d+)-title \1-desc"', svg)
    assert chart_id is not None
    assert f'<title id="{chart_id[1]}-title">Share &quot;within&quot; &lt;target&gt;</title>' in svg
    assert "By department &amp; service." in svg
    assert "Streets &lt;b&gt;" in svg
    assert "<b>" not in svg
    assert ">A department with a rather …<" in svg  # shortened to 28 characters
    widths = [float(width) for width in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [185.0, 370.0]  # 370 px for 100 of 100
    assert ">50%</text>" in svg
    assert ">100%</text>" in svg


def test_line_chart__labels_the_first_and_last_day_and_the_peak() -> None:
    svg = str(
        charts.line_chart(
            title="Requests",
            description="Daily counts.",
            x_range=("5/1/26", "5/3/26"),
            series=[
                charts.Series("Received", [0, 10, 5], "series-a"),
                charts.Series("Resolved <all>", [2, 2, 2], "series-b"),
            ],
        )
    )
    assert ">5/1/26</text>" in svg
    assert ">5/3/26</text>" in svg
    assert 'text-anchor="end">10</text>' in svg  # the peak on the axis
    assert 'points="48.0,224.0 336.0,28.0 624.0,126.0"' in svg
    assert "- -  Resolved &lt;all&gt;" in svg
    assert "x_range" not in svg
    empty = str(charts.line_chart(title="T", description="D", x_range=None, series=[]))
    assert empty.startswith("<svg")
    assert empty.endswith("</svg>")


def test_hex_map__shades_cells_by_count_and_titles_each() -> None:
    square = [(-87.6, 41.8), (-87.5, 41.8), (-87.5, 41.9), (-87.6, 41.9)]
    shifted = [(lon + 0.1, lat) for lon, lat in square]
    svg = str(
        charts.hex_map(
            title="Hotspots",
            description="Cells.",
            cells=[(square, 8, "cell <a>"), (shifted, 1, "cell b")],
        )
    )
    assert 'class="chart-cell chart-cell-5"' in svg  # the busiest
    assert 'class="chart-cell chart-cell-1"' in svg
    assert "<title>cell &lt;a&gt;: 8</title>" in svg
    assert svg.count("<polygon") == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_grouped__writes_counts_as_number_format_does(language: str) -> None:
    with translation.override(language):
        for value in (0, 7, 999, 1000, 12345, 1234567, -1234, 10**12):
            assert grouped(value) == number_format(value, force_grouping=True)
    with translation.override(None), override_settings(NUMBER_GROUPING=3):
        with override_settings(THOUSAND_SEPARATOR="."):
            assert grouped(1234567) == "1.234.567"
        with override_settings(THOUSAND_SEPARATOR="'"):  # not the separator seen before
            assert grouped(1234567) == "1'234'567"
