"""Business-impact pages: the dashboard at impact/index.md (totals, KPIs, charts, top items).

Every figure comes from the ValueReport; charts are altair rendered to inline SVG at build
time with their data table beside them (render/charts.py).
"""

import re
from pathlib import Path

import altair as alt

from builder.models.enriched import Enriched
from builder.models.value import PeriodTotal, ValueEstimate, ValueReport
from builder.render.charts import figure
from builder.render.templates import render

TOP = 10
# Only plain https links to a PR are linked; anything else is shown as text.
_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.-]+/[A-Za-z0-9._~/%-]+\Z")  # \Z: no newline


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    report = enriched.values
    portfolio = enriched.portfolio
    achievements = [
        report.estimates[a.id] for a in portfolio.achievements if a.id in report.estimates
    ]
    prs = [e for e in report.estimates.values() if e.kind == "pull_request"]
    context = {
        "e": enriched,
        "p": portfolio,
        "profile": portfolio.profile,
        "report": report,
        "settings": enriched.config.value,
        "top_achievements": _top(achievements),
        "top_prs": [(e, e.item_id if _SAFE_URL.match(e.item_id) else None) for e in _top(prs)],
        "unquantified_achievements": [e for e in achievements if not e.quantified],
        "quarter_chart": quarter_chart(report),
        "method_chart": method_chart(report),
    }
    return {"impact/index.md": render(templates, "pages/impact.md.j2", **context)}


def _top(items: list[ValueEstimate]) -> list[ValueEstimate]:
    priced = [e for e in items if e.quantified]
    return sorted(priced, key=lambda e: (-(e.value_usd_per_year or 0.0), e.item_id))[:TOP]


def quarter_chart(report: ValueReport) -> str | None:
    """Yearly value of the work shipped each quarter, as bars."""
    if not report.by_quarter:
        return None
    # every quarter between the first and the last, so a quiet quarter shows as a gap
    known = {(q.year, q.quarter): q for q in report.by_quarter}
    first, last = report.by_quarter[0], report.by_quarter[-1]
    quarters = [
        known.get((y, q))
        or PeriodTotal(period=f"{y}-Q{q}", year=y, quarter=q, items=0, usd_per_year=0.0)
        for y in range(first.year, last.year + 1)
        for q in range(1, 5)
        if (first.year, first.quarter) <= (y, q) <= (last.year, last.quarter)
    ]
    rows = [{"quarter": q.period, "usd": q.usd_per_year, "items": q.items} for q in quarters]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("quarter:O", title="Quarter shipped", sort=None),
            y=alt.Y("usd:Q", title="Value per year (USD)", axis=alt.Axis(format="$,.0f")),
            tooltip=["quarter:O", alt.Tooltip("usd:Q", format="$,.0f"), "items:Q"],
        )
        .properties(width=560, height=240)
    )
    return figure(
        chart,
        "Bar chart of yearly dollar value by the quarter the work shipped",
        ["Quarter", "Value per year (USD)", "Priced items"],
        [(q.period, q.usd_per_year, q.items) for q in quarters],
    )


def method_chart(report: ValueReport) -> str | None:
    """Yearly value by the method that priced it, as horizontal bars."""
    if not report.by_method:
        return None
    rows = [{"method": m.label, "usd": m.usd_per_year} for m in report.by_method]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("method:N", title=None, sort="-x"),
            x=alt.X("usd:Q", title="Value per year (USD)", axis=alt.Axis(format="$,.0f")),
            tooltip=["method:N", alt.Tooltip("usd:Q", format="$,.0f")],
        )
        .properties(width=560, height=max(60, 32 * len(rows)))
    )
    return figure(
        chart,
        "Bar chart of yearly dollar value by pricing method",
        ["Method", "Value per year (USD)", "Priced items"],
        [(m.label, m.usd_per_year, m.items) for m in report.by_method],
    )
