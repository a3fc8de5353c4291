"""Portfolio roll-up: the total, value by method and by quarter, and the startup KPIs.

No work is counted twice: a PR listed in `related_prs` of an achievement that has its own
price is inside that price, so only achievements and the PRs outside priced achievements are
summed. Every KPI carries its formula and is None ("not enough data") when no item states
what it needs; none is ever filled with a default.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from builder.models.portfolio import Portfolio
from builder.models.value import Kpi, MethodTotal, PeriodTotal, ValueEstimate
from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.methods.base import amount
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


@dataclass(frozen=True)
class KpiInputs:
    """What the KPIs are computed from, gathered once from the counted items."""

    priced: int
    methods: tuple[MethodTotal, ...]
    total: float | None
    hours: float | None
    person_year: float
    team: int
    team_source: str
    releases_per_year: float
    time_to_market: float | None
    infra: float | None
    infra_baseline: float  # stated baseline spend, over the items that state one
    infra_baseline_saving: float  # the savings of those same items
    risk: float | None
    rate: float
    effort_items: int
    effort_cost: float
    effort_value: float
    speedups: tuple[float, ...]
    manual_runs: float | None
    avoided: float | None
    users: tuple[float, ...]
    achievements: int
    quantified_confidences: tuple[float, ...]
    revenue: float | None


def _sum(items: list[ValueEstimate], field: str) -> float | None:
    values = [getattr(e.facts, field) for e in items if getattr(e.facts, field) is not None]
    return round(sum(values), 2) if values else None


def kpi_inputs(
    portfolio: Portfolio,
    estimates: dict[str, ValueEstimate],
    keys: list[str],
    settings: ValueSettings,
) -> KpiInputs:
    items = [estimates[k] for k in keys]
    rate = settings.hourly_rate_by_role["default"]
    with_base = [e for e in items if e.facts.infra_baseline_usd_per_year]
    effort = [e for e in items if e.quantified and e.effort_hours]
    incidents = _sum(items, "incidents_avoided_per_year")
    defects = _sum(items, "defects_avoided_per_year")
    achievements = [estimates[a.id] for a in portfolio.achievements]
    return KpiInputs(
        priced=sum(1 for e in items if e.quantified),
        methods=by_method(items),
        total=total(items),
        hours=_sum(items, "hours_saved_per_year"),
        person_year=settings.working_hours_per_person_year,
        team=portfolio.profile.team_size or settings.team_size,
        team_source="profile team_size" if portfolio.profile.team_size else "settings team_size",
        releases_per_year=settings.releases_per_year,
        time_to_market=_sum(items, "time_to_market_days_per_year"),
        infra=_sum(items, "infra_saving_usd_per_year"),
        infra_baseline=sum(e.facts.infra_baseline_usd_per_year or 0.0 for e in with_base),
        infra_baseline_saving=sum(e.facts.infra_saving_usd_per_year or 0.0 for e in with_base),
        risk=_sum(items, "risk_usd_per_year"),
        rate=rate,
        effort_items=len(effort),
        effort_cost=sum((e.effort_hours or 0.0) * rate for e in effort),
        effort_value=sum(e.value_usd_per_year or 0.0 for e in effort),
        speedups=tuple(s for e in items for s in e.facts.speedups),
        manual_runs=_sum(items, "manual_runs_per_year"),
        avoided=None
        if incidents is None and defects is None
        else (incidents or 0) + (defects or 0),
        users=tuple(e.facts.users_affected for e in items if e.facts.users_affected is not None),
        achievements=len(achievements),
        quantified_confidences=tuple(e.confidence or 0.0 for e in achievements if e.quantified),
        revenue=_sum(items, "revenue_usd_per_year"),
    )


def _ratio(top: float | None, bottom: float, scale: float = 1.0) -> float | None:
    return None if top is None or not bottom else top / bottom * scale


def _payback(i: KpiInputs) -> float | None:
    if not (i.effort_cost and i.effort_value):
        return None
    return i.effort_cost / (i.effort_value / 12)


@dataclass(frozen=True)
class KpiDefinition:
    """One row of the KPI table: how to compute the figure, explain it and show it.

    `shown` formats a value that exists; a figure without inputs is shown as NOT_ENOUGH."""

    key: str
    label: str
    unit: str  # one of Kpi.unit's literals (the Kpi record checks it)
    value: Callable[[KpiInputs], float | None]
    formula: str | Callable[[KpiInputs], str]  # a function when it quotes its inputs
    shown: Callable[[KpiInputs, float], str]


KPIS: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        "total_value",
        "Total value per year",
        "usd_per_year",
        lambda i: i.total,
        lambda i: f"sum of {i.priced} priced items (PRs inside priced achievements left out)",
        lambda i, v: f"{dollars(v)}/year",
    ),
    KpiDefinition(
        "value_by_method",
        "Value by method",
        "count",
        lambda i: float(len(i.methods)) if i.methods else None,
        "sum of item values grouped by the method that priced them",
        lambda i, v: "; ".join(f"{m.label} {dollars(m.usd_per_year)}" for m in i.methods),
    ),
    KpiDefinition(
        "hours_saved",
        "Hours saved per year",
        "hours",
        lambda i: i.hours,
        "sum of hours saved per year stated by time-savings and automation claims",
        lambda i, v: f"{amount(round(v))} h/year",
    ),
    KpiDefinition(
        "fte_equivalent",
        "FTE equivalent",
        "fte",
        lambda i: _ratio(i.hours, i.person_year),
        lambda i: f"hours saved per year / {i.person_year:g} working hours per person-year",
        lambda i, v: f"{v:.2f} FTE",
    ),
    KpiDefinition(
        "velocity_increase",
        "Development velocity increase",
        "percent",
        lambda i: _ratio(i.hours, i.team * i.person_year, 100),
        lambda i: (
            f"hours saved per year / ({i.team} people ({i.team_source}) x {i.person_year:g} h)"
            " x 100"
        ),
        lambda i, v: f"{v:.1f}%",
    ),
    KpiDefinition(
        "time_to_market",
        "Time-to-market days saved per year",
        "days",
        lambda i: i.time_to_market,
        lambda i: f"lead-time days saved per release x {i.releases_per_year} releases/year",
        lambda i, v: f"{amount(v)} days/year",
    ),
    KpiDefinition(
        "infra_cost_reduction",
        "Infrastructure cost reduction",
        "usd_per_year",
        lambda i: i.infra,
        "sum of infrastructure savings per year",
        lambda i, v: f"{dollars(v)}/year",
    ),
    KpiDefinition(
        "infra_cost_reduction_pct",
        "Infrastructure cost reduction, % of stated spend",
        "percent",
        lambda i: _ratio(i.infra_baseline_saving, i.infra_baseline, 100),
        "savings / stated baseline spend x 100, over items that state their baseline",
        lambda i, v: f"{v:.1f}%",
    ),
    KpiDefinition(
        "risk_mitigation",
        "Risk mitigation value",
        "usd_per_year",
        lambda i: i.risk,
        "incidents avoided per year x cost per incident by severity",
        lambda i, v: f"{dollars(v)}/year",
    ),
    KpiDefinition(
        "roi_multiple",
        "ROI multiple",
        "ratio",
        lambda i: _ratio(i.effort_value, i.effort_cost),
        lambda i: (
            f"value per year / (effort hours x ${i.rate:g}/h), over the priced items that "
            f"state their effort ({i.effort_items})"
        ),
        lambda i, v: f"{v:.1f}x",
    ),
    KpiDefinition(
        "payback_months",
        "Payback period",
        "months",
        _payback,
        "effort cost / (value per year / 12)",
        lambda i, v: f"{v:.1f} months",
    ),
    KpiDefinition(
        "median_speedup",
        "Median speed-up",
        "ratio",
        lambda i: statistics.median(i.speedups) if i.speedups else None,
        lambda i: f"median of time before / time after over the speed claims ({len(i.speedups)})",
        lambda i, v: f"{v:.2f}x",
    ),
    KpiDefinition(
        "manual_runs",
        "Manual runs eliminated per year",
        "count",
        lambda i: i.manual_runs,
        "sum of runs per year of automated manual processes",
        lambda i, v: f"{amount(round(v))} runs/year",
    ),
    KpiDefinition(
        "defects_avoided",
        "Defects and incidents avoided per year",
        "count",
        lambda i: i.avoided,
        "incidents avoided per year + defects and flaky failures avoided per year",
        lambda i, v: f"{amount(round(v, 1))}/year",
    ),
    KpiDefinition(
        "users_affected",
        "Users reached",
        "count",
        lambda i: max(i.users) if i.users else None,
        "largest number of users, customers or developers stated by one item",
        lambda i, v: amount(v),
    ),
    KpiDefinition(
        "revenue",
        "Revenue affected",
        "usd_per_year",
        lambda i: i.revenue,
        "sum of revenue per year stated by revenue claims",
        lambda i, v: f"{dollars(v)}/year",
    ),
    KpiDefinition(
        "coverage",
        "Achievements quantified",
        "percent",
        lambda i: _ratio(len(i.quantified_confidences), i.achievements, 100),
        lambda i: (
            f"{len(i.quantified_confidences)} priced achievements / {i.achievements} "
            "achievements x 100"
        ),
        lambda i, v: f"{v:.0f}%",
    ),
    KpiDefinition(
        "mean_confidence",
        "Mean confidence of priced achievements",
        "ratio",
        lambda i: statistics.fmean(i.quantified_confidences) if i.quantified_confidences else None,
        "mean of the confidence of each priced achievement",
        lambda i, v: f"{v:.2f}",
    ),
)


def compute_kpi(definition: KpiDefinition, inputs: KpiInputs) -> Kpi:
    value = definition.value(inputs)
    formula = definition.formula
    if not isinstance(formula, str):
        formula = formula(inputs)
    if value is None:
        return Kpi(
            key=definition.key,
            label=definition.label,
            value=None,
            unit=definition.unit,
            formula=f"{formula} (inputs absent)",
            shown=NOT_ENOUGH,
        )
    return Kpi(
        key=definition.key,
        label=definition.label,
        value=round(value, 4),
        unit=definition.unit,
        formula=formula,
        shown=definition.shown(inputs, value),
    )


def kpis(
    portfolio: Portfolio,
    estimates: dict[str, ValueEstimate],
    keys: list[str],
    settings: ValueSettings,
) -> tuple[Kpi, ...]:
    inputs = kpi_inputs(portfolio, estimates, keys, settings)
    return tuple(compute_kpi(definition, inputs) for definition in KPIS)


__all__ = [
    "KPIS",
    "LABELS",
    "NOT_ENOUGH",
    "by_method",
    "by_quarter",
    "counted_keys",
    "kpis",
    "total",
]
