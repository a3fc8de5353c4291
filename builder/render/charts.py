"""Altair charts rendered at build time to static SVG, each with alt text and its data table.

Charts are inline SVG inside the Markdown page, so they need no JavaScript and no request
to another origin; the data table beside each (in a collapsed block) serves screen readers
and anyone who wants the numbers.
"""

import html
import re
from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def to_svg(chart: alt.TopLevelMixin) -> str:
    """Deterministic SVG for a chart (no timestamps, no random ids)."""
    spec = chart.configure(font=_FONT).to_dict()
    svg = vlc.vegalite_to_svg(spec)
    return re.sub(r"<\?xml[^>]*>\s*", "", svg).strip()


def to_pdf(chart: alt.TopLevelMixin) -> bytes:
    """Vector PDF of a chart, for the pitch deck."""
    return vlc.vegalite_to_pdf(chart.configure(font=_FONT).to_dict())


def figure(
    chart: alt.TopLevelMixin,
    alt_text: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    caption: str | None = None,
) -> str:
    """Markdown/HTML block: the SVG labelled by `alt_text`, then its data as a table."""
    svg = to_svg(chart)
    label = html.escape(alt_text, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="showcase-chart">{svg}{cap}</figure>\n\n'
        f'<details class="showcase-chart-data"><summary>Data behind the chart</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>\n"
    )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
