"""Performance: a faster or leaner program priced as compute freed, or as developers' waiting.

Build, CI and test time is people waiting: hours saved per run x runs per year x hourly rate
x the share of pipeline time someone actually waits. Runtime, latency, CPU, throughput and
memory free machines: share of compute saved x compute-hours per year x cost per compute-hour.
"""

import re

from builder.models.value import Input, Signal
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import (
    Evidence,
    Priced,
    amount,
    assumed,
    hourly_rate,
    runs_per_year,
    sentence_of,
    stated,
)
from builder.value.parse import DURATION_SECONDS

PIPELINE = {"build_time", "ci_time", "test_time"}
COMPUTE = {"cpu_time", "wall_time", "latency", "throughput", "memory"}
# A manual process made quicker is automation's to price, not a program's speed-up.
_MANUAL = re.compile(r"\bmanual(?:ly)?\b|\bby hand\b|\bautomat\w*|\btoil\b", re.IGNORECASE)
# "on 8 nodes", "across 40 GPUs": the fleet a speed-up applies to
_FLEET = re.compile(
    r"\b(?P<n>\d+)\s+(?:\w+\s+)?(?:instances|nodes|servers|machines|VMs|GPUs|pods|replicas|workers)\b",
    re.IGNORECASE,
)


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    # h/week is people's time; a pair of percentages is a rate, not a duration
    usable = [
        s
        for s in evidence.signals
        if s.direction == "improvement"
        and ("/" not in s.unit or s.metric == "throughput")
        and not (s.unit == "%" and s.before is not None)
    ]
    # Pipeline time is people waiting, the better-grounded price; of several figures (a
    # table's rows) the largest before is the whole pipeline rather than one step.
    pipeline = [s for s in usable if s.metric in PIPELINE]
    if pipeline:
        signal = max(pipeline, key=_seconds_before)
        return _pipeline(signal, sentence_of(evidence, signal.phrase), evidence, settings)
    # every stated change is priced and the best-supported wins (confidence, then value):
    # a throughput gain on a stated fleet outweighs a memory figure priced at a share of cost
    candidates = []
    for signal in usable:
        sentence = sentence_of(evidence, signal.phrase)
        if signal.metric in COMPUTE and not _MANUAL.search(sentence):
            priced = _compute(signal, sentence, settings, evidence.text)
            if priced is not None:
                candidates.append(priced)
    return max(candidates, key=lambda p: (p.confidence, p.value), default=None)


def _seconds_before(signal: Signal) -> float:
    if signal.before is None or signal.unit not in DURATION_SECONDS:
        return 0.0
    return signal.before * DURATION_SECONDS[signal.unit]


def _pipeline(
    signal: Signal, sentence: str, evidence: Evidence, settings: ValueSettings
) -> Priced | None:
    both = signal.before is not None and signal.after is not None
    if both and signal.unit in DURATION_SECONDS:
        hours = (signal.before - signal.after) * DURATION_SECONDS[signal.unit] / 3600
        saved = stated(
            "hours saved per run",
            hours,
            f"({amount(signal.before)} {signal.unit} - {amount(signal.after)} {signal.unit}) "
            f"= {hours:.3f} h/run",
        )
    elif signal.relative_change_pct is not None:
        share = -signal.relative_change_pct / 100
        hours = share * settings.pipeline_minutes_baseline / 60
        saved = Input(
            label="hours saved per run",
            value=hours,
            shown=f"{abs(signal.relative_change_pct):g}% of {settings.pipeline_minutes_baseline:g}"
            f" min = {hours:.3f} h/run",
            stated=False,
            source="stated % of settings: pipeline_minutes_baseline",
        )
    else:
        return None
    if hours <= 0:
        return None
    volume = runs_per_year(evidence, settings, sentence, "ci_runs_per_year")
    rate = hourly_rate(evidence, settings, sentence)
    wait = assumed(
        "share of run time waited",
        settings.ci_wait_share,
        f"{settings.ci_wait_share:.0%} waited",
        "ci_wait_share",
    )
    return Priced(
        method="performance",
        basis=f"the shorter {signal.label} it states, priced as the time people wait for it",
        inputs=[saved, volume, rate, wait],
        checks={
            "units": True,
            "before and after": both,
            "volume": volume.stated,
        },
    )


def _compute(signal: Signal, sentence: str, settings: ValueSettings, text: str) -> Priced | None:
    relative = signal.relative_change_pct
    if relative is None:
        return None
    # a higher throughput does the same work on fewer machines
    share = 1 - 1 / (1 + relative / 100) if signal.metric == "throughput" else -relative / 100
    if share <= 0:
        return None
    inputs = [
        stated(
            "share of compute saved",
            share,
            f"{share:.1%} less compute ({signal.metric.replace('_', ' ')} {relative:+.2f}%)",
        )
    ]
    if signal.metric == "memory":
        inputs.append(
            assumed(
                "memory share of instance cost",
                settings.memory_share_of_compute_cost,
                f"{settings.memory_share_of_compute_cost:.0%} of instance cost is memory",
                "memory_share_of_compute_cost",
            )
        )
    fleet = _FLEET.search(sentence) or _FLEET.search(text)
    if fleet:
        n = float(fleet.group("n"))
        hours = n * 8760
        inputs.append(stated("compute-hours per year", hours, f"{amount(n)} machines x 8,760 h"))
    else:
        hours = settings.compute_hours_per_year
        inputs.append(
            assumed(
                "compute-hours per year",
                hours,
                f"{amount(hours)} compute-h/year",
                "compute_hours_per_year",
            )
        )
    cost = settings.cost_per_compute_hour
    inputs.append(
        assumed("cost per compute-hour", cost, f"${cost:,.2f}/h", "cost_per_compute_hour")
    )
    change = "gain" if signal.metric == "throughput" else "cut"
    return Priced(
        method="performance",
        basis=f"the {signal.label} {change} it states, priced as compute freed",
        inputs=inputs,
        checks={
            "units": True,
            "before and after": signal.before is not None,
            "volume": fleet is not None,
        },
    )
