"""builder/render/charts.py: drawings sized for a laptop and a phone, themable, with human bins."""

import re

import altair as alt
import pytest

from builder.render.charts import PHONE_PX, TEXT_PX, WIDE_PX, figure, range_labels, svg_width


def bars(n: int, width: int) -> alt.Chart:
    rows = [{"name": f"feature_name_{i}", "value": i * 1000.5} for i in range(n)]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(y=alt.Y("name:N", title=None), x=alt.X("value:Q", title="Value"))
        .properties(width=width, height=20 * n)
    )


def drawings(block: str) -> dict[str, str]:
    return dict(re.findall(r'<svg class="showcase-chart__(\w+)"(.*?)</svg>', block, re.DOTALL))


def test_a_wide_chart_comes_as_a_laptop_and_a_phone_drawing_that_fit():
    block = figure(bars(6, 900), "Six bars", ["Name", "Value"], [["a", 1.0]])
    found = drawings(block)
    assert set(found) == {"wide", "phone"}
    assert svg_width("<svg " + found["wide"]) <= WIDE_PX
    assert svg_width("<svg " + found["phone"]) <= PHONE_PX
    assert block.count('aria-label="Six bars"') == 2 and block.count('class="marks"') == 0


def test_a_narrow_chart_is_drawn_once():
    block = figure(bars(2, 150), "Two bars", ["Name", "Value"], [["a", 1.0]])
    assert set(drawings(block)) == {"any"}


def test_drawings_are_transparent_with_readable_text_and_whole_names():
    block = figure(bars(6, 500), "Six bars", ["Name", "Value"], [["a", 1.0]])
    assert 'fill="white"' not in block and "<rect" not in block.split("<g", 1)[0]
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)px"', block)}
    assert sizes and min(sizes) >= TEXT_PX
    assert "feature_name_5</text>" in block  # never cut to "feature_na…"


def test_data_table_escapes_text_and_rounds_floats():
    block = figure(bars(2, 150), "<b>x</b>", ["<i>"], [["<script>", 1234.5678]])
    assert "<script>" not in block and "&lt;script&gt;" in block
    assert 'aria-label="&lt;b&gt;x&lt;/b&gt;"' in block and "<td>1,234.57</td>" in block


@pytest.mark.parametrize(
    "bins, labels",
    [
        ([(0, 0.071429), (0.071429, 0.25), (0.25, 1)], ["0–0.071", "0.071–0.25", "0.25–1"]),
        ([(0.4, 2), (2, 5), (75, 140)], ["0.4–2", "2–5", "75–140"]),
        ([(1234.5, 20000), (20000, 20010)], ["1,234–20,000", "20,000–20,010"]),
        ([(0.1, 0.1001), (0.1001, 0.2)], ["0.1–0.1001", "0.1001–0.2"]),
        ([(-3.14159, 0), (0, 3.14159)], ["-3.1–0", "0–3.1"]),
    ],
)
def test_bins_read_as_rounded_ranges_that_stay_distinct(bins, labels):
    assert range_labels(bins) == labels
