"""Altair charts rendered at build time to static SVG, each with alt text and its data table.

Charts are inline SVG inside the Markdown page, so they need no JavaScript and no request
to another origin; the data table beside each (in a collapsed block) serves screen readers
and anyone who wants the numbers.

On the site each chart is drawn twice, at its own width and at a phone's, and
content/assets/css/charts.css shows the one that fits: an SVG scaled down to a 390 px screen
shrinks its 12 px labels to 5 px, while one drawn at that width keeps them. Both have a
transparent background and neutral text, so the stylesheet can give them the page's own colours
in light and dark mode.
"""

import html
import math
import re
from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

from builder import memo

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Mid-luminance colours: at least 3:1 against both Material's white and its slate background.
PALETTE = ("#4c78a8", "#e07b39", "#54a24b", "#b279a2", "#9d755d", "#4aa3a8")
NEUTRAL = "#8c8c8c"  # rules, reference lines and axis text before the stylesheet restyles them
TEXT_PX = 12  # chart text on the page; charts.css never scales the SVG below its drawn size
PHONE_PX = 350  # widest SVG a 390 px screen shows whole (Material's content padding aside)
WIDE_PX = 660  # widest SVG Material's content column holds whole from 720 px up (688 px)
PHONE_PLOT = 270  # first guess at a phone chart's plot width; axes and legend take the rest
MIN_PLOT = 120  # narrower than this a plot says nothing: the figure scrolls instead

WEB_CONFIG: dict[str, Any] = {
    "font": _FONT,
    "background": "transparent",
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": TEXT_PX,
        "titleFontSize": TEXT_PX,
        "labelColor": NEUTRAL,
        "titleColor": NEUTRAL,
        "domainColor": NEUTRAL,
        "tickColor": NEUTRAL,
        "gridColor": NEUTRAL,
        "gridOpacity": 0.3,
        "labelLimit": 0,  # 0: no limit, so a feature name is never cut to "share_te…"
        "titlePadding": 8,
    },
    "legend": {
        "labelFontSize": TEXT_PX,
        "titleFontSize": TEXT_PX,
        "labelColor": NEUTRAL,
        "titleColor": NEUTRAL,
        "labelLimit": 0,
    },
    "range": {"category": list(PALETTE)},
    "mark": {"color": PALETTE[0]},
    "bar": {"color": PALETTE[0]},
    "rule": {"color": NEUTRAL},
    "line": {"color": PALETTE[0]},
}
# On a phone the legend goes under the plot: beside it, it would take a third of the width.
PHONE_CONFIG: dict[str, Any] = {
    **WEB_CONFIG,
    "legend": {**WEB_CONFIG["legend"], "orient": "bottom"},
}


def to_svg(chart: alt.TopLevelMixin, config: dict[str, Any] | None = None) -> str:
    """Deterministic SVG for a chart (no timestamps, no random ids). Without `config`, the
    plain print look (the pitch deck's)."""
    # Altair checks a spec against the Vega-Lite schema, a second per build on the demo: a
    # spec drawn before passed it then, so only a new one is checked (in draw).
    spec = chart.to_dict(validate=False)
    spec["config"] = {**spec.get("config", {}), **(config or {"font": _FONT})}

    def draw() -> bytes:
        chart.to_dict()  # raises on a spec Vega-Lite would not accept
        return vlc.vegalite_to_svg(spec).encode()

    drawn = memo.remember("chart-svg", "vl-convert-python", spec, draw)
    return re.sub(r"<\?xml[^>]*>\s*", "", drawn.decode()).strip()


def to_pdf(chart: alt.TopLevelMixin) -> bytes:
    """Vector PDF of a chart, for the pitch deck."""
    return vlc.vegalite_to_pdf(chart.configure(font=_FONT).to_dict())


def svg_width(svg: str) -> float:
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg)
    return float(found.group(1)) if found else 0.0


def fitted_svg(chart: alt.TopLevelMixin, limit: float, config: dict[str, Any]) -> str:
    """The chart drawn no wider than `limit` px, by narrowing its plot: a few corrections by
    what the axes and legend really took (labels are measured only when drawn, and a
    narrower scale can pick longer tick labels)."""
    svg = to_svg(chart, config)
    plot = chart.to_dict(validate=False).get("width")
    for _ in range(3):
        over = svg_width(svg) - limit
        if over <= 0 or not isinstance(plot, int | float) or plot <= MIN_PLOT:
            break
        plot = max(MIN_PLOT, plot - math.ceil(over))
        svg = to_svg(chart.properties(width=plot), config)
    return svg


def _labelled(svg: str, label: str, variant: str) -> str:
    return svg.replace(
        "<svg ", f'<svg class="showcase-chart__{variant}" role="img" aria-label="{label}" ', 1
    ).replace(' class="marks"', "", 1)


def figure(
    chart: alt.TopLevelMixin,
    alt_text: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    caption: str | None = None,
) -> str:
    """Markdown/HTML block: the SVG (wide and phone drawings) labelled by `alt_text`, then its
    data as a table."""
    label = html.escape(alt_text, quote=True)
    wide = fitted_svg(chart, WIDE_PX, WEB_CONFIG)
    if svg_width(wide) <= PHONE_PX:
        drawings = _labelled(wide, label, "any")
    else:
        phone = fitted_svg(chart.properties(width=PHONE_PLOT), PHONE_PX, PHONE_CONFIG)
        drawings = _labelled(wide, label, "wide") + _labelled(phone, label, "phone")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="showcase-chart">{drawings}{cap}</figure>\n\n'
        f'<details class="showcase-chart-data"><summary>Data behind the chart</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>\n"
    )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _rounded(value: float, digits: int) -> str:
    """`value` to `digits` significant digits, with thousands separators and no trailing zeros
    ("0.071429" -> "0.071" at 2, "12345.6" -> "12,000")."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    places = digits - 1 - math.floor(math.log10(abs(value)))
    number = round(value, places)
    text = f"{number:,.{max(0, places)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def range_labels(bins: Sequence[tuple[float, float]]) -> list[str]:
    """Readable labels for histogram bins ("0–0.071", "0.071–0.25"): the fewest significant
    digits (two at least) that keep every bin's label distinct and its two ends apart."""
    for digits in range(2, 8):
        labels = [f"{_rounded(low, digits)}–{_rounded(high, digits)}" for low, high in bins]
        ends_apart = all(_rounded(lo, digits) != _rounded(hi, digits) for lo, hi in bins)
        if ends_apart and len(set(labels)) == len(set(bins)):
            return labels
    return [f"{low:g}–{high:g}" for low, high in bins]
