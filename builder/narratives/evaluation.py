"""Prompt A/B: score each variant's outputs on the same items, pick a winner by a paired test.

The rubric has four parts, each in [0, 1], averaged: grounding (no unsupported number), length
(texts inside the task's word bounds), required sections (every part present, a figure where
the facts have one) and keyword coverage (of the target roles' keywords that occur in the
facts, the share the output uses). A challenger replaces the baseline only when a Wilcoxon
signed-rank test over the paired per-item scores finds it better at p < 0.05; the items are
the same for every variant, so pairing removes the item-to-item spread.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from builder import memo
from builder.models.narratives import TaskEvaluation, VariantScore
from builder.narratives.grounding import Quantity, fact_quantities, ungrounded
from builder.narratives.replies import LENGTHS, words

ALPHA = 0.05
PARTS = ("grounded", "length_ok", "sections", "keyword_coverage")


@dataclass(frozen=True)
class Job:
    """One text to write: a task over one item's facts."""

    task: str
    item: str
    facts: dict[str, Any]
    context: dict[str, Any]  # extra prompt inputs: roles, role, question
    keywords: tuple[str, ...] = ()
    facts_text: str = ""  # lower-cased prose of the facts, for keyword coverage

    @cached_property
    def quantities(self) -> list[Quantity]:
        """The figures the facts support (computed when a text is checked, not before: a
        rebuild that finds its texts in the cache never needs them)."""
        return fact_quantities(self.facts)

    @property
    def payload(self) -> dict[str, Any]:
        """Everything a reply depends on besides model and prompt (the cache key's facts)."""
        return {"facts": self.facts, "context": self.context}


def _texts(reply: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for value in reply.values():
        if isinstance(value, list):
            out.extend(str(v) for v in value)
        elif isinstance(value, str):
            out.append(value)
    return out


def has_figure(facts: Mapping[str, Any]) -> bool:
    if "achievements" in facts and isinstance(facts["achievements"], list):
        return any(has_figure(f) for f in facts["achievements"][:1])
    if "target_roles" in facts:
        return bool(facts.get("achievements"))
    return bool(
        facts.get("metric_sentences") or facts.get("value") or facts.get("hours_saved_text")
    )


def _mentions_figure(texts: Sequence[str]) -> bool:
    return any(any(ch.isdigit() for ch in t) for t in texts)


def sections(task: str, reply: Mapping[str, Any], facts: Mapping[str, Any]) -> float:
    """Share of the task's required parts that the reply has."""
    want_figure = has_figure(facts)
    checks: list[bool]
    if task == "star":
        parts = [str(reply.get(k) or "").strip() for k in ("situation", "task", "action", "result")]
        checks = [bool(p) for p in parts]
        if want_figure:
            checks.append(_mentions_figure([parts[3]]))
    elif task == "bullets":
        bullets = list(reply.get("bullets") or [])
        checks = [
            2 <= len(bullets) <= 3,
            len(reply.get("talking_points") or []) >= 3,
            bool(str(reply.get("pitch") or "").strip()),
        ]
        if want_figure:
            checks.append(_mentions_figure(bullets))
    elif task == "about":
        text = str(reply.get("about") or "").lower()
        checks = [
            any(r.lower() in text for r in facts.get("target_roles") or []),
            str(facts.get("name", "")).lower().split(" ")[0] in text,
        ]
        if want_figure:
            checks.append(_mentions_figure([text]))
    else:
        text = str(reply.get("answer") or "")
        main = (facts.get("achievements") or [{}])[0]
        title_words = [w for w in str(main.get("title", "")).lower().split() if len(w) > 3]
        hits = sum(1 for w in title_words if w in text.lower())
        checks = [
            bool(title_words) and hits >= max(1, len(title_words) // 2),
            text.count(".") >= 3,
        ]
        if want_figure:
            checks.append(_mentions_figure([text]))
    return sum(checks) / len(checks) if checks else 0.0


def missing_fact(task: str, reply: Mapping[str, Any], facts: Mapping[str, Any]) -> str | None:
    """What an About text or an interview answer leaves out that it must say, or None: the
    owner's name and a target role; the achievement the answer is about (half the long words
    of its title). A text without them is about someone or something else."""
    if task == "about":
        text = str(reply.get("about") or "").lower()
        first = str(facts.get("name", "")).lower().split(" ")[0]
        if first and first not in text:
            return "the owner's name"
        if not any(r.lower() in text for r in facts.get("target_roles") or []):
            return "a target role"
    if task == "interview":
        text = str(reply.get("answer") or "").lower()
        main = (facts.get("achievements") or [{}])[0]
        title_words = [w for w in str(main.get("title", "")).lower().split() if len(w) > 3]
        if title_words and sum(w in text for w in title_words) < max(1, len(title_words) // 2):
            return "the achievement's title"
    return None


def length_ok(task: str, reply: Mapping[str, Any]) -> float:
    results: list[bool] = []
    for name, (low, high) in LENGTHS[task].items():
        value = reply.get(name)
        values = value if isinstance(value, list) else [value]
        results.extend(isinstance(v, str) and low <= words(v) <= high for v in values)
    return sum(results) / len(results) if results else 0.0


def keyword_coverage(job: Job, reply: Mapping[str, Any]) -> float:
    relevant = [k for k in job.keywords if k in job.facts_text]
    if not relevant:
        return 1.0
    text = " ".join(_texts(reply)).lower()
    return sum(1 for k in relevant if k in text) / len(relevant)


def score(job: Job, reply: Mapping[str, Any] | None) -> dict[str, float]:
    """Rubric scores of one output; a missing or unusable output scores zero everywhere."""
    if not reply:
        return {**dict.fromkeys(PARTS, 0.0), "total": 0.0}
    parts = {
        "grounded": 0.0 if any(ungrounded(t, job.quantities) for t in _texts(reply)) else 1.0,
        "length_ok": length_ok(job.task, reply),
        "sections": sections(job.task, reply, job.facts),
        "keyword_coverage": keyword_coverage(job, reply),
    }
    parts["total"] = sum(parts[p] for p in PARTS) / len(PARTS)
    return parts


def signed_rank(diffs: Sequence[float]) -> bytes:
    """Wilcoxon's signed-rank test of paired differences: [statistic, p], as JSON."""
    from scipy import stats

    test = stats.wilcoxon(diffs, zero_method="zsplit", alternative="two-sided")
    return json.dumps([float(test.statistic), float(test.pvalue)]).encode()


def compare(
    task: str,
    kind: str,
    scored: str,
    scores: Mapping[str, Mapping[str, Mapping[str, float]]],
    baseline: str,
    pinned: str | None = None,
) -> TaskEvaluation:
    """Per-variant means over the items every variant has, and the paired test of the best
    challenger against the baseline. `scores` is variant -> item -> rubric parts."""
    variant_names = sorted(scores)
    items = sorted(set.intersection(*(set(scores[v]) for v in variant_names))) if scores else []
    summaries = tuple(
        VariantScore(
            variant=v,
            n=len(items),
            mean=_mean([scores[v][i]["total"] for i in items]),
            grounded_rate=_mean([scores[v][i]["grounded"] for i in items]),
            length_ok_rate=_mean([scores[v][i]["length_ok"] for i in items]),
            sections_rate=_mean([scores[v][i]["sections"] for i in items]),
            keyword_coverage=_mean([scores[v][i]["keyword_coverage"] for i in items]),
        )
        for v in variant_names
    )
    base = baseline if baseline in scores else (variant_names[0] if variant_names else baseline)
    others = [s for s in summaries if s.variant != base]
    challenger = max(others, key=lambda s: (s.mean, s.variant), default=None)
    result = {"task": task, "kind": kind, "scored": scored, "variants": summaries}
    if challenger is None or len(items) < 2:
        decision = (
            f"Too few paired items ({len(items)}) for a test; variant {base} stays."
            if challenger is not None
            else f"Only variant {base} exists."
        )
        return TaskEvaluation(
            **result, baseline=base, pairs=len(items), winner=pinned or base, decision=decision
        )
    diffs = [scores[challenger.variant][i]["total"] - scores[base][i]["total"] for i in items]
    statistic: float | None = None
    p_value: float | None = None
    if any(abs(d) > 1e-12 for d in diffs):
        # remembered by the differences: importing scipy.stats costs more than the test
        tested = memo.remember("signed-rank-tests", "scipy", diffs, lambda: signed_rank(diffs))
        statistic, p_value = json.loads(tested)
    better = p_value is not None and p_value < ALPHA and sum(diffs) > 0
    winner = challenger.variant if better else base
    if p_value is None:
        decision = (
            f"Variants {base} and {challenger.variant} score the same on every item; {base} stays."
        )
    elif better:
        decision = (
            f"Variant {challenger.variant} beats {base} (Wilcoxon signed-rank, p = {p_value:.3g} "
            f"over {len(items)} pairs)."
        )
    elif p_value < ALPHA:
        decision = (
            f"Variant {base} beats {challenger.variant} (p = {p_value:.3g} over {len(items)} "
            f"pairs); {base} stays."
        )
    else:
        decision = (
            f"No significant difference between {challenger.variant} and {base} "
            f"(p = {p_value:.3g} over {len(items)} pairs); {base} stays."
        )
    if pinned:
        winner = pinned
        decision += f" Variant {pinned} is pinned in the settings and is used."
    return TaskEvaluation(
        **result,
        baseline=base,
        challenger=challenger.variant,
        pairs=len(items),
        statistic=statistic,
        p_value=p_value,
        winner=winner,
        decision=decision,
    )


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
