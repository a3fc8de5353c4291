"""One item's text (and structured fields) in, one priced ValueEstimate out."""

import datetime as dt
import re
from typing import Literal

from builder.models.achievement import Achievement, Metric
from builder.models.pull_request import PullRequest
from builder.models.value import Facts, Signal, ValueEstimate
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import periods_per_year
from builder.value.methods.priority import Evidence, first_price
from builder.value.methods.revenue import users_affected
from builder.value.parse import DURATION_SECONDS, sentences
from builder.value.scope import unpriced_reason
from builder.value.signals import accepted_costs, signals_in, table_signals

# What each method prices from, as the achievement page says it ("about $150K/year, from ...")
_BASIS = {
    "time_savings": "the hours saved it states",
    "performance": "the speed-up it states",
    "infrastructure": "the cost figures it states",
    "automation": "the manual runs it automates",
    "risk_mitigation": "the incidents it avoids",
    "quality": "the failure rate it cuts",
    "revenue": "the revenue and users it states",
    "explicit_dollars": "the dollar amount it states",
}
_SPEED_METRICS = {"cpu_time", "wall_time", "latency", "build_time", "ci_time", "test_time"}
_TIME_TO_MARKET = re.compile(
    r"time[- ]to[- ]market|lead time|release cycle|cycle time|time to production"
    r"|time[- ]to[- ]deploy|idea to production",
    re.IGNORECASE,
)


def estimate_text(
    text: str,
    settings: ValueSettings,
    *,
    item_id: str = "text",
    kind: Literal["achievement", "pull_request"] = "pull_request",
    team_size: int | None = None,
    role: str | None = None,
    hours_saved_per_week: float | None = None,
    title: str = "",
    date: dt.date | None = None,
    effort_hours: float | None = None,
) -> ValueEstimate:
    """Price free text: the first method that fires wins; no claim, no number."""
    # the same change told twice (summary and metrics) is one signal
    split = tuple(sentences(text))
    unique: dict[tuple, Signal] = {}
    for s in [*table_signals(text), *signals_in(split)]:
        unique.setdefault((s.metric, s.before, s.after, s.unit, s.quantity), s)
    found = tuple(accepted_costs(list(unique.values()), split))
    evidence = Evidence(
        sentences=split,
        signals=found,
        team_size=team_size,
        role=role,
        hours_saved_per_week=hours_saved_per_week,
    )
    priced = first_price(evidence, settings)
    common = {
        "item_id": item_id,
        "kind": kind,
        "signals": found,
        "title": title,
        "date": date,
        "effort_hours": effort_hours,
    }
    extra = _facts(found, evidence.text, settings)
    if priced is None:
        return ValueEstimate(
            **common,
            formula="No quantitative claim found: no dollar value is given.",
            facts=extra,
        )
    value = round(priced.value, 2)
    facts = priced.facts.model_copy(
        update={k: v for k, v in extra.model_dump().items() if v not in (None, ())}
    )
    return ValueEstimate(
        **common,
        value_usd_per_year=value,
        method=priced.method,
        confidence=priced.confidence,
        formula=priced.formula,
        basis=priced.basis or _BASIS.get(priced.method, ""),
        assumptions={i.label: f"{i.shown} ({i.source})" for i in priced.inputs},
        inputs=tuple(priced.inputs),
        stated=tuple(k for k, v in priced.checks.items() if v),
        missing=tuple(k for k, v in priced.checks.items() if not v),
        facts=facts,
    )


def estimate_achievement(achievement: Achievement, settings: ValueSettings) -> ValueEstimate:
    """Prose plus the structured fields: metrics read as 'name from X unit to Y unit'."""
    text = "\n\n".join([achievement.text, *(_metric_sentence(m) for m in achievement.metrics)])
    return estimate_text(
        text,
        settings,
        item_id=achievement.id,
        kind="achievement",
        team_size=achievement.team_size,
        role=achievement.beneficiary_role,
        hours_saved_per_week=achievement.hours_saved_per_week,
        title=achievement.title,
        date=achievement.end_date or achievement.date,
        effort_hours=achievement.effort_hours,
    )


def estimate_pull_request(pr: PullRequest, settings: ValueSettings) -> ValueEstimate:
    when = pr.merged_at or pr.created_at
    found = estimate_text(
        pr.text, settings, item_id=pr.url, kind="pull_request", title=pr.title, date=when.date()
    )
    reason = unpriced_reason(pr, {s.metric for s in found.signals})
    if reason is None:
        return found
    # the figures read stay listed; the price, its inputs and its facts do not count
    return ValueEstimate(
        item_id=found.item_id,
        kind=found.kind,
        signals=found.signals,
        formula=reason,
        title=found.title,
        date=found.date,
    )


def _metric_sentence(metric: Metric) -> str:
    """A structured metric as the sentence the extractor already reads, so both agree."""
    if metric.before is None or metric.after is None:
        return ""
    unit = metric.unit.strip()
    if unit.upper().startswith(("USD", "$")):
        per = unit.split("/", 1)[1] if "/" in unit else ""
        suffix = f"/{per}" if per else ""
        return f"{metric.name} from ${metric.before:g}{suffix} to ${metric.after:g}{suffix}."
    return f"{metric.name} from {metric.before:g} {unit} to {metric.after:g} {unit}.".replace(
        "  ", " "
    )


def _facts(found: tuple[Signal, ...], text: str, settings: ValueSettings) -> Facts:
    """Facts any item may state whatever method priced it: speed-ups, reach, lead time."""
    speedups: list[float] = []
    for s in found:
        if s.direction != "improvement" or s.relative_change_pct is None or "/" in s.unit:
            continue
        if s.unit == "%" and s.before is not None:
            continue
        ratio = 1 + s.relative_change_pct / 100
        if s.metric in _SPEED_METRICS and ratio > 0:
            speedups.append(round(1 / ratio, 4))
        elif s.metric == "throughput":
            speedups.append(round(ratio, 4))
    days = None
    for s in found:
        if (
            s.before is not None
            and s.after is not None
            and s.unit in DURATION_SECONDS
            and s.before > s.after
            and _TIME_TO_MARKET.search(s.phrase)
        ):
            saved_days = (s.before - s.after) * DURATION_SECONDS[s.unit] / 86400
            releases = float((periods_per_year("release", settings) or (1,))[0])
            days = round(saved_days * releases, 2)
            break
    return Facts(
        speedups=tuple(speedups),
        users_affected=users_affected(text),
        time_to_market_days_per_year=days,
    )
