"""Infrastructure cost: cloud spend, instance counts and storage taken away.

"cloud spend from $40K/month to $28K/month" -> $12,000/month x 12 months;
"from 12 to 4 nodes" -> 8 machines x 8,760 h x cost per compute-hour;
"storage from 10 TB to 4 TB" -> 6,000 GB x $/GB-month x 12 months.
"""

import re

from builder.models.value import Facts, Signal
from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.methods.base import (
    Evidence,
    Priced,
    amount,
    assumed,
    periods_per_year,
    sentence_of,
    stated,
)
from builder.value.parse import SIZE_BYTES

_INFRA = re.compile(
    r"cloud|\bAWS\b|\bGCP\b|azure|infra\w*|compute|instances?|clusters?|hosting|storage"
    r"|\bGPUs?\b|\bspend\b|\bbill\b|kubernetes|\bk8s\b|\bEC2\b|\bS3\b|servers?|nodes?"
    r"|warehouse|snowflake|bigquery|egress|license|licence|SaaS|vendor",
    re.IGNORECASE,
)
_MACHINES = {"instances", "nodes", "servers", "machines", "vms", "gpus", "pods", "replicas"}
_STORAGE = re.compile(r"storage|disk|\bS3\b|bucket|warehouse|retention|snapshots?", re.I)


_PERIOD_WORD = re.compile(
    r"\b(?P<month>monthly|per month|a month|/mo)\b"
    r"|\b(?P<year>yearly|annual(?:ly)?|per year|a year)\b",
    re.IGNORECASE,
)


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    spends: list[Priced] = []
    for signal in evidence.signals:
        if signal.direction != "improvement":
            continue
        sentence = sentence_of(evidence, signal.phrase)
        if signal.metric == "cost" and signal.unit.startswith("USD"):
            # a bill's table row names no cloud; the prose around it does
            if not (_INFRA.search(sentence) or _INFRA.search(evidence.text)):
                continue
            priced = _spend(_with_period(signal, sentence, evidence.text), settings)
            if priced is not None:
                spends.append(priced)
            continue
        if not _INFRA.search(sentence):
            continue
        if signal.unit in _MACHINES and signal.before is not None:
            return _machines(signal, settings)
        if signal.unit in SIZE_BYTES and signal.before is not None and _STORAGE.search(sentence):
            return _storage(signal, settings)
    if spends:
        # several spend figures (a bill's table rows): the best-stated, then the largest
        return max(spends, key=lambda p: (p.confidence, p.value))
    return _percent_of_spend(evidence, settings)


def _with_period(signal: Signal, sentence: str, text: str) -> Signal:
    """'The monthly AWS bill went from $42,000 to $29,500': the period is in the words."""
    if "/" in signal.unit:
        return signal
    m = _PERIOD_WORD.search(sentence) or _PERIOD_WORD.search(text)
    if not m:
        return signal
    return signal.model_copy(update={"unit": f"USD/{'month' if m.group('month') else 'year'}"})


def _per_year(unit: str, settings: ValueSettings) -> tuple[float, str, bool]:
    period = unit.split("/", 1)[1] if "/" in unit else ""
    found = periods_per_year(period, settings) if period else None
    if found is None:
        return 1.0, "year", False
    return float(found[0]), period, True


def _spend(signal: Signal, settings: ValueSettings) -> Priced | None:
    saving = abs(signal.quantity or 0.0)
    if saving <= 0:
        return None
    per_year, period, clear = _per_year(signal.unit, settings)
    both = signal.before is not None and signal.after is not None
    if both:
        shown = f"({dollars(signal.before)} - {dollars(signal.after)})/{period}"
    else:
        shown = f"{dollars(saving)}/{period}"
    inputs = [stated("saving per period", saving, shown)]
    if per_year != 1:
        inputs.append(stated("periods per year", per_year, f"{per_year:g} {period}s"))
    elif not clear:
        inputs[0] = inputs[0].model_copy(
            update={"source": "stated in the text; no period given, read as per year"}
        )
    baseline = signal.before * per_year if both else None
    return Priced(
        method="infrastructure",
        inputs=inputs,
        checks={"units": clear, "before and after": both, "what was cut": True},
        facts=Facts(
            infra_saving_usd_per_year=saving * per_year, infra_baseline_usd_per_year=baseline
        ),
    )


def _machines(signal: Signal, settings: ValueSettings) -> Priced | None:
    removed = (signal.before or 0.0) - (signal.after or 0.0)
    if removed <= 0:
        return None
    cost = settings.cost_per_compute_hour
    priced = Priced(
        method="infrastructure",
        inputs=[
            stated(
                f"{signal.unit} removed",
                removed,
                f"({amount(signal.before)} - {amount(signal.after)}) {signal.unit}",
            ),
            stated("hours per year", 8760.0, "8,760 h/year"),
            assumed("cost per compute-hour", cost, f"${cost:,.2f}/h", "cost_per_compute_hour"),
        ],
        checks={"units": True, "before and after": True, "what was cut": True},
    )
    facts = Facts(
        infra_saving_usd_per_year=priced.value,
        infra_baseline_usd_per_year=signal.before * 8760 * cost,
    )
    priced.facts = facts
    return priced


def _storage(signal: Signal, settings: ValueSettings) -> Priced | None:
    gb = ((signal.before or 0.0) - (signal.after or 0.0)) * SIZE_BYTES[signal.unit] / 1e9
    if gb <= 0:
        return None
    price_gb = settings.storage_usd_per_gb_month
    priced = Priced(
        method="infrastructure",
        inputs=[
            stated("storage removed", gb, f"{amount(round(gb, 2))} GB"),
            assumed(
                "storage price",
                price_gb,
                f"${price_gb:g}/GB-month",
                "storage_usd_per_gb_month",
            ),
            stated("months per year", 12.0, "12 months"),
        ],
        checks={"units": True, "before and after": True, "what was cut": True},
    )
    baseline = (signal.before or 0.0) * SIZE_BYTES[signal.unit] / 1e9 * price_gb * 12
    priced.facts = Facts(
        infra_saving_usd_per_year=priced.value, infra_baseline_usd_per_year=baseline
    )
    return priced


def _percent_of_spend(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    """'cut our $50K/month AWS bill by 30%': a stated share of a stated spend."""
    for signal in evidence.signals:
        if signal.metric != "cost" or signal.unit != "%" or signal.direction != "improvement":
            continue
        sentence = sentence_of(evidence, signal.phrase)
        spend = re.search(r"\$\s?(\d[\d,.]*)\s*([kKmM])?\s*(?:/|per|a)\s*(month|year)", sentence)
        if not spend or not _INFRA.search(sentence):
            continue
        scale = {"k": 1e3, "m": 1e6}.get((spend.group(2) or "").lower(), 1.0)
        base = float(spend.group(1).replace(",", "")) * scale
        per_year = 12.0 if spend.group(3) == "month" else 1.0
        share = abs(signal.relative_change_pct or 0.0) / 100
        priced = Priced(
            method="infrastructure",
            inputs=[
                stated("share of spend cut", share, f"{share:.0%}"),
                stated("spend", base, f"{dollars(base)}/{spend.group(3)}"),
                stated("periods per year", per_year, f"{per_year:g} {spend.group(3)}s"),
            ],
            checks={
                "units": True,
                "before and after": True,
                "what was cut": True,
            },
        )
        priced.facts = Facts(
            infra_saving_usd_per_year=priced.value, infra_baseline_usd_per_year=base * per_year
        )
        return priced
    return None
