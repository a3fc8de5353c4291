"""Measured changes in prose: "974.7 ms to 374.9 ms", "50.79x speedup", "26% less memory".

Each sentence's quantities (parse.py) are read in four passes, most specific first, and a
quantity used by one pass is not reused by the next:
  1. table rows  | p95 latency | 974.7 ms | 374.9 ms |   -> before, after by column order
  2. pairs       from 974.7 ms to 374.9 ms, 13m 39s -> 5m 2s, before: X, after: Y
  3. amounts     reduces memory by 1.49 GB (1.60%), saves 8 hours per week
  4. factors and percentages with a word saying which way: 50.79x speedup, 26% less memory
The metric is the nearest keyword that fits the quantity's dimension (a size cannot be a
latency), so "p95 latency from 974.7 ms" is latency and "CI time 13m 39s" is ci_time.
"""

import re
from dataclasses import dataclass

from builder.models.value import Direction, MetricName, Signal
from builder.value.parse import (
    DURATION_SECONDS,
    SIZE_BYTES,
    Quantity,
    convert,
    quantities,
    sentences,
)

# Which metrics each dimension may be, in order of preference when no keyword decides.
_METRICS_BY_DIMENSION: dict[str, tuple[MetricName, ...]] = {
    "duration": (
        "wall_time",
        "ci_time",
        "build_time",
        "test_time",
        "latency",
        "cpu_time",
        "hours",
        "other",
    ),
    "size": ("memory", "binary_size", "other"),
    "rate": ("throughput",),
    "money": ("cost",),
    "count": ("other",),
    "percent": (
        "other",
        "wall_time",
        "ci_time",
        "build_time",
        "test_time",
        "latency",
        "cpu_time",
        "throughput",
        "memory",
        "binary_size",
        "cost",
        "hours",
    ),
}
_METRICS_BY_DIMENSION["factor"] = _METRICS_BY_DIMENSION["percent"]

# Words that name each metric. "time" alone is wall_time: the weakest, so listed last.
_KEYWORDS: dict[MetricName, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "ci_time": r"\bCI\b|pipelines?|workflows?|github actions|continuous integration",
        "build_time": r"\bbuilds?\b|\bbuilding\b|compil(?:e|es|ation|ing)|docker build",
        "test_time": r"\btests?\b|test suite|\bsuite\b|pytest|unit tests|e2e",
        "latency": r"latency|\bp\d{2}\b|response times?|time to first token|\bTTFT\b|round[- ]trip",
        "throughput": r"throughput|\bQPS\b|\bRPS\b|per second|/s\b|tokens/s|bandwidth",
        "memory": r"memory|\bRAM\b|\bRSS\b|\bheap\b|\bVRAM\b|\bmem\b|\bOOM",
        "binary_size": r"binar(?:y|ies)|\bwheels?\b|bundle|image size|docker image|container image"
        r"|artifacts?|package size|install size|download size|\.so\b",
        "cpu_time": r"\bCPU\b|cpu[- ]time|user time"
        r"|(?:core|cpu|gpu|node|instance|compute)[- ]hours",
        "cost": r"\bcosts?\b|\bspend\b|\bbill\b|budget|\bUSD\b|\$|cheaper|pricing",
        "hours": r"\btoil\b|\bmanual(?:ly)?\b|(?:engineer|developer|person|people)[- ]?hours"
        r"|on-?call|per (?:engineer|developer|person)",
        # things measured in time or size that are not a program's speed or footprint
        "other": r"storage|\bdisk\b|\bS3\b|bucket|snapshots?|dataset|lead time|cycle time"
        r"|time[- ]to[- ]market|release cycle|onboarding|conversion|retention|accuracy|coverage"
        r"|flak\w*|incidents?|outages?|\bbugs?\b|defects?|error rate|failure rate|uptime"
        r"|scanned|transferred|egress|downloaded"
        # a process's lead time or a wait is people's time, not a program's run time
        r"|time to (?:a |an |the )?\w+|queue wait|wait(?:ing)? time|\bwaits?\b|onboarding"
        r"|utili[sz]ation",
        "wall_time": r"run ?time|wall[- ]?(?:clock|time)|duration|elapsed|startup|import time"
        r"|load time|inference|training time|\btakes?\b|\btook\b|\bspeed|faster|slower|\btime\b",
    }.items()
}
_HIGHER_IS_BETTER_OTHER = re.compile(
    r"users?|customers?|conversion|retention|revenue|coverage|accuracy|precision|recall"
    r"|uptime|availability|hit rate|adoption|\bF1\b|\bAUC\b|NDCG|satisfaction|\bNPS\b",
    re.IGNORECASE,
)
_LOWER_IS_BETTER_OTHER = re.compile(
    r"incidents?|outages?|bugs?|defects?|errors?|failures?|flak(?:y|iness)|crash(?:es)?"
    r"|alerts?|pages|tickets|toil|regressions?|downtime|instances|nodes|servers|GPUs|VMs"
    r"|storage|disk|churn|complaints|escalations|MTTR|MTTD|time to|onboarding|waits?\b"
    r"|lead time|cycle time",
    re.IGNORECASE,
)

# Joining words between the two figures of a before/after pair.
_PAIR_JOIN = re.compile(
    r"^\s*(?:(?:/|per|an?)\s*(?:day|week|month|sprint|run|build|quarter|year)\s+)?"
    r"(?:to|->|-->|→|⟶|=>|⇒|down to|up to|dropping to|now"
    r"|,?\s*(?:and\s+)?(?:after|now)\s*:?)\s*$",
    re.IGNORECASE,
)
# "7m 18s instead of 14m 5s", "5 min, down from 20 min": the after figure is written first
_REVERSED_JOIN = re.compile(
    r"^\s*(?:\)?\s*,?\s*(?:instead of|down from|up from|compared to|compared with|versus before"
    r"|\(?was|\(?previously|\(?before:?))\s*$",
    re.IGNORECASE,
)
# Words that make "X to Y" a range rather than a change ("buckets (5 ms to 10 s)")
_RANGE_BEFORE = re.compile(
    r"(?:\(\s*|\b(?:between|ranges?|ranging|buckets?|var(?:y|ies)|scales?|anywhere|tuned for"
    r"|window|limits?|bounds?)\b[^.;]{0,40})$",
    re.IGNORECASE,
)
# Verbs that say a figure was taken away ("reduced memory by 1.49 GB", "saves 8 hours").
_DECREASE_BEFORE = re.compile(
    r"\b(?:reduc(?:e|es|ed|ing|tion)|cut(?:s|ting)?|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)"
    r"|drop(?:s|ped|ping)?|shr(?:ink|inks|ank|unk)|trim(?:s|med)?|sav(?:e|es|ed|ing)"
    r"|free[sd]? up|shav(?:e|es|ed|ing)(?: off)?|slash(?:es|ed)?|eliminat(?:e|es|ed|ing)"
    r"|f[ae]ll|falls|went down|came down|halv(?:e|es|ed))\b[^.;:]{0,60}?$",
    re.IGNORECASE,
)
# "improved X by": down for a latency, up for a throughput (the metric decides)
_IMPROVE_BEFORE = re.compile(
    r"\b(?:improv(?:e|es|ed|ing)|speed(?:s|ed)? up|sped up|accelerat(?:e|es|ed|ing)|optimi[sz]ed)"
    r"\b[^.;:]{0,60}?$",
    re.IGNORECASE,
)
_INCREASE_BEFORE = re.compile(
    r"\b(?:increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|rais(?:e|es|ed|ing)|gr(?:ow|ows|ew)"
    r"|doubl(?:e|es|ed)|tripl(?:e|es|ed)|add(?:s|ed)?)\b[^.;:]{0,60}?$",
    re.IGNORECASE,
)
_BASELINE_AFTER = re.compile(r"^[^.;%]{0,40}?\bby\s+(?:about\s+|~|roughly\s+)?\d", re.I)
_BY_BEFORE = re.compile(r"\b(?:by|of)\s*$", re.IGNORECASE)
_DECREASE_AFTER = re.compile(
    r"^\s*(?:less|lower|fewer|smaller|shorter|cheaper|lighter|reduction|decrease|drop"
    r"|saved|savings?|cut|down|off)\b",
    re.IGNORECASE,
)
_INCREASE_AFTER = re.compile(
    r"^\s*(?:more|higher|larger|bigger|greater|longer|slower|heavier|increase|growth|up|gain)\b",
    re.IGNORECASE,
)
# "faster" and "speed-up" shrink a time but grow a throughput.
_SPEED_AFTER = re.compile(
    r"^\s*(?:faster|quicker|speed-?ups?|improvement|better|acceleration)\b"
    r"|^\s*(?:throughput|QPS|RPS)\b",
    re.IGNORECASE,
)
_SPEED_BEFORE = re.compile(r"\b(?:speed-?up|improvement)\s*(?:of|:)?\s*$", re.IGNORECASE)
_PERCENT_IN_BRACKETS = re.compile(r"^\s*\(\s*(?:-|−|–)?\s*$")
_PER_PERIOD = re.compile(
    r"^\s*(?:(?:per|a|an|each|every|/)\s*(?P<period>day|workday|week|month|quarter|year|sprint"
    r"|release|run|build|deploy(?:ment)?)\b|(?P<adverb>daily|weekly|monthly|quarterly|yearly"
    r"|annually))",
    re.IGNORECASE,
)
_ADVERB_PERIOD = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
    "annually": "year",
}
_COUNT_NOUN = re.compile(
    r"^\s*(?P<noun>instances|nodes|servers|machines|VMs|GPUs|pods|replicas|clusters"
    r"|incidents|outages|bugs|defects|alerts|pages|tickets|failures|errors|steps|jobs)\b",
    re.IGNORECASE,
)


# "incidents from 12 to 3": the counted noun before the pair
_COUNT_NOUN_BEFORE = re.compile(
    _COUNT_NOUN.pattern.replace("^\\s*", "") + r"\s+(?:\w+\s+){0,2}?from\s*$", re.IGNORECASE
)


@dataclass
class _Sentence:
    text: str
    quantities: list[Quantity]
    used: set[int]


def extract_signals(text: str) -> list[Signal]:
    """Every measured change in `text`, in reading order."""
    return signals_in(sentences(text))


def signals_in(split: list[str] | tuple[str, ...]) -> list[Signal]:
    """Every measured change in sentences already split by parse.sentences."""
    found: list[Signal] = []
    for sentence in split:
        s = _Sentence(sentence, list(quantities(sentence)), set())
        if not s.quantities:
            continue
        found.extend(_table_row(s))
        found.extend(_pairs(s))
        found.extend(_amounts(s))
        found.extend(_relative(s))
    return found


def _table_row(s: _Sentence) -> list[Signal]:
    if not s.text.startswith("|"):
        return []
    cells = [c.strip() for c in s.text.strip("|").split("|")]
    label = cells[0] if cells else ""
    measured = [i for i, q in enumerate(s.quantities) if q.dimension not in (None, "percent")]
    if len(measured) < 2:
        measured = [i for i, q in enumerate(s.quantities) if q.dimension == "percent"]
    for first, second in zip(measured, measured[1:], strict=False):
        a, b = s.quantities[first], s.quantities[second]
        if a.same_dimension(b):
            s.used.update(range(len(s.quantities)))  # the change column is ours to compute
            metric = _metric_from_label(label, a.dimension or "count")
            return [_pair_signal(a, b, metric, label or s.text)]
    return []


def _pairs(s: _Sentence) -> list[Signal]:
    out: list[Signal] = []
    qs = s.quantities
    joined = [_joined(s.text, qs[i], qs[i + 1]) for i in range(len(qs) - 1)]
    for i in range(len(qs) - 1):
        if i in s.used or i + 1 in s.used or not joined[i]:
            continue
        if (i + 1 < len(joined) and joined[i + 1]) or (i > 0 and joined[i - 1]):
            continue  # "5% -> 25% -> 50%" is a sequence of steps, not a before and after
        a, b = qs[i], qs[i + 1]
        if joined[i] == "reversed":  # "7m 18s instead of 14m 5s": the new figure comes first
            a, b = b, a
        from_before = re.search(r"\bfrom\s*$", s.text[: min(a.start, b.start)], re.IGNORECASE)
        if a.dimension is None and b.dimension is None:
            noun = _COUNT_NOUN.match(s.text[b.end :]) or _COUNT_NOUN_BEFORE.search(
                s.text[: a.start]
            )
            if not (from_before and noun):
                continue
            unit = noun.group("noun").lower()
            a = Quantity(a.value, unit, "count", a.start, a.end, a.approximate, a.value)
            b = Quantity(b.value, unit, "count", b.start, b.end, b.approximate, b.value)
        elif a.dimension is None and from_before:
            # "from 20 to 8 minutes": the first figure takes the second one's unit
            a = Quantity(a.value, b.unit, b.dimension, a.start, a.end, a.approximate, 0.0)
            a = _rebased(a)
        elif not a.same_dimension(b) or a.dimension == "factor":
            continue
        s.used.update((i, i + 1))
        metric = _metric(s.text, a.start, b.end, a.dimension or "count")
        out.append(_pair_signal(a, b, metric, s.text))
    return out


def _joined(text: str, a: Quantity, b: Quantity) -> str | None:
    """'forward' for "X to Y", 'reversed' for "X instead of Y", None when not a pair."""
    between = text[a.end : b.start]
    if _REVERSED_JOIN.match(between):
        return "reversed"
    if not _PAIR_JOIN.match(between):
        return None
    if re.search(r"\bto\b", between, re.IGNORECASE) and _RANGE_BEFORE.search(text[: a.start]):
        return None  # "buckets tuned for our range (5 ms to 10 s)" is a range, not a change
    return "forward"


def _amounts(s: _Sentence) -> list[Signal]:
    """'reduces memory by 1.49 GB (1.60%)', 'saves 8 hours per week', 'cuts $12K/month'."""
    out: list[Signal] = []
    for i, q in enumerate(s.quantities):
        if i in s.used or q.dimension not in ("duration", "size", "money", "rate"):
            continue
        left, right = s.text[: q.start], s.text[q.end :]
        following = s.quantities[i + 1] if i + 1 < len(s.quantities) else None
        bracketed = (
            following is not None
            and following.dimension == "percent"
            and _PERCENT_IN_BRACKETS.match(s.text[q.end : following.start])
        )
        if bracketed and following is not None:
            # "5.92 GB (3.74%) less data": the direction word follows the bracket
            right = re.sub(r"^\s*\)", "", s.text[following.end :])
        if _BASELINE_AFTER.match(right):
            continue  # "cut our $50K/month bill by 30%": the figure is what was cut, not the cut
        metric = _metric(s.text, q.start, q.end, q.dimension or "count")
        if _DECREASE_AFTER.match(right) or _DECREASE_BEFORE.search(left):
            sign = -1.0
        elif _INCREASE_AFTER.match(right) or _INCREASE_BEFORE.search(left):
            sign = 1.0
        elif _IMPROVE_BEFORE.search(left):
            sign = 1.0 if _higher_is_better(metric, s.text) else -1.0
        else:
            continue
        per = _PER_PERIOD.match(right)
        unit = q.unit
        if per:
            period = per.group("period") or _ADVERB_PERIOD[per.group("adverb").lower()]
            unit = f"{q.unit}/{period.lower()}"
        relative = None
        if bracketed and following is not None:
            relative = round(sign * following.value, 2)
            s.used.add(i + 1)
        s.used.add(i)
        if per and metric == "wall_time" and q.dimension == "duration":
            metric = "hours"  # time per week or per sprint is people's time, not a runtime
        out.append(
            Signal(
                metric=metric,
                quantity=round(sign * q.value, 4),
                unit=unit,
                relative_change_pct=relative,
                direction=_direction(metric, sign, s.text),
                phrase=_phrase(s.text),
            )
        )
    return out


def _relative(s: _Sentence) -> list[Signal]:
    """'50.79x speedup', '2x throughput', 'about 26% less memory', 'cut CI time by 40%'."""
    out: list[Signal] = []
    for i, q in enumerate(s.quantities):
        if i in s.used or q.dimension not in ("factor", "percent"):
            continue
        left, right = s.text[: q.start], s.text[q.end :]
        metric = _metric(s.text, q.start, q.end, q.dimension)
        speed = bool(_SPEED_AFTER.match(right) or _SPEED_BEFORE.search(left))
        fast = re.match(r"\s*(?:faster|quicker|speed-?ups?|acceleration)", right, re.I) or (
            re.search(r"speed-?up\s*(?:of|:)?\s*$", left, re.I)
        )
        if fast and metric == "other":  # "50.79x speedup" with no other word: a run time
            rate = re.match(r"\s*(?:throughput|QPS|RPS)", right, re.IGNORECASE)
            metric = "throughput" if rate else "wall_time"
        by = _BY_BEFORE.search(left)
        if _DECREASE_AFTER.match(right) or (by and _DECREASE_BEFORE.search(left)):
            grows = False
        elif _INCREASE_AFTER.match(right) or (by and _INCREASE_BEFORE.search(left)):
            grows = True
        elif speed or (by and _IMPROVE_BEFORE.search(left)):
            # faster, speed-up, improvement: whichever way is better for this metric
            grows = _higher_is_better(metric, s.text)
        else:
            continue
        s.used.add(i)
        if q.dimension == "factor":
            relative = (q.value - 1) * 100 if grows else (1 / q.value - 1) * 100
            quantity = q.value
        else:
            relative = q.value if grows else -q.value
            quantity = relative
        sign = 1.0 if relative > 0 else -1.0
        out.append(
            Signal(
                metric=metric,
                quantity=round(quantity, 4),
                unit=q.unit,
                relative_change_pct=round(relative, 2),
                direction=_direction(metric, sign, s.text),
                phrase=_phrase(s.text),
            )
        )
    return out


def _pair_signal(a: Quantity, b: Quantity, metric: MetricName, context: str) -> Signal:
    unit = a.unit
    before = a.value
    after = convert(b, unit) if a.unit != b.unit else b.value
    relative = None if before == 0 else round((after - before) / before * 100, 2)
    sign = 0.0 if after == before else (1.0 if after > before else -1.0)
    return Signal(
        metric=metric,
        quantity=round(after - before, 4),
        before=round(before, 4),
        after=round(after, 4),
        unit=unit,
        relative_change_pct=relative,
        direction=_direction(metric, sign, context),
        phrase=_phrase(context),
    )


def _rebased(q: Quantity) -> Quantity:
    scale = {"duration": DURATION_SECONDS, "size": SIZE_BYTES}.get(q.dimension or "", {})
    base = q.value * scale.get(q.unit, 1.0)
    return Quantity(q.value, q.unit, q.dimension, q.start, q.end, q.approximate, base)


def _metric(sentence: str, start: int, end: int, dimension: str) -> MetricName:
    """The metric whose keyword sits nearest the figures (left of them preferred)."""
    allowed = _METRICS_BY_DIMENSION.get(dimension, ("other",))
    best: tuple[int, int, MetricName] | None = None
    for rank, metric in enumerate(allowed):
        pattern = _KEYWORDS.get(metric)
        if pattern is None:
            continue
        for m in pattern.finditer(sentence):
            if m.end() <= start:
                distance = start - m.end()
            elif m.start() >= end:
                distance = m.start() - end + 10  # a keyword after the figure is a weaker tie
            else:
                continue
            if metric == "wall_time":
                distance += 25  # "time"/"faster" is vaguer than "latency" or "CI"
            candidate = (distance, rank, metric)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else allowed[0]


def _metric_from_label(label: str, dimension: str) -> MetricName:
    return _metric(f"{label} ", len(label) + 1, len(label) + 1, dimension)


def _higher_is_better(metric: MetricName, context: str) -> bool:
    if metric == "throughput":
        return True
    if metric == "other":
        return bool(_HIGHER_IS_BETTER_OTHER.search(context)) and not _LOWER_IS_BETTER_OTHER.search(
            context
        )
    return False


def _direction(metric: MetricName, sign: float, context: str) -> Direction:
    if sign == 0:
        return "unclear"
    if metric == "other":
        higher = bool(_HIGHER_IS_BETTER_OTHER.search(context))
        lower = bool(_LOWER_IS_BETTER_OTHER.search(context))
        if higher == lower:
            return "unclear"
        return "improvement" if (sign > 0) == higher else "regression"
    better_up = _higher_is_better(metric, context)
    return "improvement" if (sign > 0) == better_up else "regression"


def _phrase(sentence: str) -> str:
    return sentence if len(sentence) <= 200 else sentence[:197] + "..."
