"""Portfolio roll-up: the total, value by method and by quarter, and the startup KPIs.

No work is counted twice: a PR listed in `related_prs` of an achievement that has its own
price is inside that price, so only achievements and the PRs outside priced achievements are
summed. Every KPI carries its formula and is None ("not enough data") when no item states
what it needs; none is ever filled with a default.
"""

import statistics
from collections import defaultdict

from builder.models.portfolio import Portfolio
from builder.models.value import Kpi, MethodTotal, PeriodTotal, ValueEstimate
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import amount, dollars
from builder.value.methods.priority import LABELS, METHODS

NOT_ENOUGH = "not enough data"


def counted_keys(portfolio: Portfolio, estimates: dict[str, ValueEstimate]) -> list[str]:
    """Keys summed into the total: every achievement, and PRs outside priced achievements."""
    inside = {
        url for a in portfolio.achievements if estimates[a.id].quantified for url in a.related_prs
    }
    keys = [a.id for a in portfolio.achievements]
    keys += [pr.url for pr in portfolio.pull_requests if pr.merged and pr.url not in inside]
    return keys


def total(items: list[ValueEstimate]) -> float | None:
    values = [e.value_usd_per_year for e in items if e.value_usd_per_year is not None]
    return round(sum(values), 2) if values else None


def by_method(items: list[ValueEstimate]) -> tuple[MethodTotal, ...]:
    out = []
    for name, label, _ in METHODS:
        chosen = [e for e in items if e.method == name and e.quantified]
        if chosen:
            value = round(sum(e.value_usd_per_year or 0.0 for e in chosen), 2)
            out.append(MethodTotal(method=name, label=label, items=len(chosen), usd_per_year=value))
    return tuple(out)


def by_quarter(items: list[ValueEstimate]) -> tuple[PeriodTotal, ...]:
    groups: dict[tuple[int, int], list[ValueEstimate]] = defaultdict(list)
    for e in items:
        if e.quantified and e.date is not None:
            groups[(e.date.year, (e.date.month - 1) // 3 + 1)].append(e)
    return tuple(
        PeriodTotal(
            period=f"{year}-Q{quarter}",
            year=year,
            quarter=quarter,
            items=len(group),
            usd_per_year=round(sum(e.value_usd_per_year or 0.0 for e in group), 2),
        )
        for (year, quarter), group in sorted(groups.items())
    )


def _sum(items: list[ValueEstimate], field: str) -> float | None:
    values = [getattr(e.facts, field) for e in items if getattr(e.facts, field) is not None]
    return round(sum(values), 2) if values else None


def _kpi(key: str, label: str, value: float | None, unit: str, formula: str, shown: str) -> Kpi:
    return Kpi(
        key=key,
        label=label,
        value=None if value is None else round(value, 4),
        unit=unit,
        formula=formula if value is not None else f"{formula} (inputs absent)",
        shown=shown if value is not None else NOT_ENOUGH,
    )


def kpis(
    portfolio: Portfolio,
    estimates: dict[str, ValueEstimate],
    keys: list[str],
    settings: ValueSettings,
) -> tuple[Kpi, ...]:
    items = [estimates[k] for k in keys]
    priced = [e for e in items if e.quantified]
    rate = settings.hourly_rate_by_role["default"]
    grand = total(items)
    methods = by_method(items)
    hours = _sum(items, "hours_saved_per_year")
    person_year = settings.working_hours_per_person_year
    team = portfolio.profile.team_size or settings.team_size
    team_source = "profile team_size" if portfolio.profile.team_size else "settings team_size"
    infra = _sum(items, "infra_saving_usd_per_year")
    with_base = [e for e in items if e.facts.infra_baseline_usd_per_year]
    base = sum(e.facts.infra_baseline_usd_per_year or 0.0 for e in with_base)
    base_saving = sum(e.facts.infra_saving_usd_per_year or 0.0 for e in with_base)
    effort = [e for e in priced if e.effort_hours]
    effort_cost = sum((e.effort_hours or 0.0) * rate for e in effort)
    effort_value = sum(e.value_usd_per_year or 0.0 for e in effort)
    payback = effort_cost / (effort_value / 12) if effort_cost and effort_value else None
    speedups = [s for e in items for s in e.facts.speedups]
    incidents = _sum(items, "incidents_avoided_per_year")
    defects = _sum(items, "defects_avoided_per_year")
    avoided = None if incidents is None and defects is None else (incidents or 0) + (defects or 0)
    users = [e.facts.users_affected for e in items if e.facts.users_affected is not None]
    achievements = [estimates[a.id] for a in portfolio.achievements]
    quantified = [e for e in achievements if e.quantified]
    ttm = _sum(items, "time_to_market_days_per_year")
    manual = _sum(items, "manual_runs_per_year")
    risk = _sum(items, "risk_usd_per_year")
    revenue = _sum(items, "revenue_usd_per_year")
    return (
        _kpi(
            "total_value",
            "Total value per year",
            grand,
            "usd_per_year",
            f"sum of {len(priced)} priced items (PRs inside priced achievements left out)",
            f"{dollars(grand or 0)}/year",
        ),
        _kpi(
            "value_by_method",
            "Value by method",
            float(len(methods)) if methods else None,
            "count",
            "sum of item values grouped by the method that priced them",
            "; ".join(f"{m.label} {dollars(m.usd_per_year)}" for m in methods),
        ),
        _kpi(
            "hours_saved",
            "Hours saved per year",
            hours,
            "hours",
            "sum of hours saved per year stated by time-savings and automation claims",
            f"{amount(round(hours or 0))} h/year",
        ),
        _kpi(
            "fte_equivalent",
            "FTE equivalent",
            None if hours is None else hours / person_year,
            "fte",
            f"hours saved per year / {person_year:g} working hours per person-year",
            f"{(hours or 0) / person_year:.2f} FTE",
        ),
        _kpi(
            "velocity_increase",
            "Development velocity increase",
            None if hours is None else hours / (team * person_year) * 100,
            "percent",
            f"hours saved per year / ({team} people ({team_source}) x {person_year:g} h) x 100",
            f"{(hours or 0) / (team * person_year) * 100:.1f}%",
        ),
        _kpi(
            "time_to_market",
            "Time-to-market days saved per year",
            ttm,
            "days",
            f"lead-time days saved per release x {settings.releases_per_year} releases/year",
            f"{amount(ttm or 0)} days/year",
        ),
        _kpi(
            "infra_cost_reduction",
            "Infrastructure cost reduction",
            infra,
            "usd_per_year",
            "sum of infrastructure savings per year",
            f"{dollars(infra or 0)}/year",
        ),
        _kpi(
            "infra_cost_reduction_pct",
            "Infrastructure cost reduction, % of stated spend",
            base_saving / base * 100 if base else None,
            "percent",
            "savings / stated baseline spend x 100, over items that state their baseline",
            f"{(base_saving / base * 100) if base else 0:.1f}%",
        ),
        _kpi(
            "risk_mitigation",
            "Risk mitigation value",
            risk,
            "usd_per_year",
            "incidents avoided per year x cost per incident by severity",
            f"{dollars(risk or 0)}/year",
        ),
        _kpi(
            "roi_multiple",
            "ROI multiple",
            effort_value / effort_cost if effort_cost else None,
            "ratio",
            f"value per year / (effort hours x ${rate:g}/h), over the priced items that state "
            f"their effort ({len(effort)})",
            f"{effort_value / effort_cost if effort_cost else 0:.1f}x",
        ),
        _kpi(
            "payback_months",
            "Payback period",
            payback,
            "months",
            "effort cost / (value per year / 12)",
            f"{payback or 0:.1f} months",
        ),
        _kpi(
            "median_speedup",
            "Median speed-up",
            statistics.median(speedups) if speedups else None,
            "ratio",
            f"median of time before / time after over the speed claims ({len(speedups)})",
            f"{statistics.median(speedups) if speedups else 0:.2f}x",
        ),
        _kpi(
            "manual_runs",
            "Manual runs eliminated per year",
            manual,
            "count",
            "sum of runs per year of automated manual processes",
            f"{amount(round(manual or 0))} runs/year",
        ),
        _kpi(
            "defects_avoided",
            "Defects and incidents avoided per year",
            avoided,
            "count",
            "incidents avoided per year + defects and flaky failures avoided per year",
            f"{amount(round(avoided or 0, 1))}/year",
        ),
        _kpi(
            "users_affected",
            "Users reached",
            max(users) if users else None,
            "count",
            "largest number of users, customers or developers stated by one item",
            f"{amount(max(users) if users else 0)}",
        ),
        _kpi(
            "revenue",
            "Revenue affected",
            revenue,
            "usd_per_year",
            "sum of revenue per year stated by revenue claims",
            f"{dollars(revenue or 0)}/year",
        ),
        _kpi(
            "coverage",
            "Achievements quantified",
            len(quantified) / len(achievements) * 100 if achievements else None,
            "percent",
            f"{len(quantified)} priced achievements / {len(achievements)} achievements x 100",
            f"{len(quantified) / len(achievements) * 100 if achievements else 0:.0f}%",
        ),
        _kpi(
            "mean_confidence",
            "Mean confidence of priced achievements",
            statistics.fmean(e.confidence or 0.0 for e in quantified) if quantified else None,
            "ratio",
            "mean of the confidence of each priced achievement",
            f"{statistics.fmean(e.confidence or 0.0 for e in quantified) if quantified else 0:.2f}",
        ),
    )


__all__ = ["LABELS", "NOT_ENOUGH", "by_method", "by_quarter", "counted_keys", "kpis", "total"]
