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

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from builder.models.value import Direction, MetricName, Signal
from builder.value import tables
from builder.value.parse import (
    DURATION_SECONDS,
    NUMBER,
    SIZE_BYTES,
    Quantity,
    convert,
    quantities,
    sentences,
    to_number,
    with_unit,
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
    r"|uptime|availability|hit rate|adoption|\bF1\b|\bAUC\b|NDCG|satisfaction|\bNPS\b"
    r"|utili[sz]ation|occupancy|throughput|efficiency|pass rate|success rate|cache hits?"
    r"|block(?:s|ed)?\b|block rate|caught|detect(?:s|ed|ion)|accepted|acceptance|\bMRR\b"
    r"|recall@|win rate",
    re.IGNORECASE,
)
_LOWER_IS_BETTER_OTHER = re.compile(
    r"incidents?|outages?|bugs?|defects?|errors?|failures?|flak(?:y|iness)|crash(?:es)?"
    r"|alerts?|pages|tickets|toil|regressions?|downtime|instances|nodes|servers|GPUs|VMs"
    r"|storage|disk|churn|complaints|escalations|MTTR|MTTD|time to|onboarding|waits?\b"
    r"|lead time|cycle time|miss(?:es| rate)?|latency|\bcalls\b|round[- ]trips|retries|scanned",
    re.IGNORECASE,
)
# Look-back rules read at most this many characters before a figure (linear on any input).
_WINDOW = 120
_NEAR = 75  # an amount's verb: "reduces memory by" is short; a "by N%" may reach further
# "a timeout of 60 s", "raise the limit to 30 minutes": configured values, not measurements
# Matched against the lowercased tail, not with re.IGNORECASE: a case-blind alternation is
# tried at every position of the window and ran 3x slower, once per figure of every PR.
_SETTING_BEFORE = re.compile(
    r"\b(?:time-?outs?|delays?|deadlines?|intervals?|\bttl|limits?|max(?:imum)?|minimum"
    r"|backoff|sleep|expir\w*|threshold|cap(?:ped)?|defaults?|budget|jitter|poll\w*)\b"
    r"[^.;:]{0,40}$",
)
_SETTING_AFTER = re.compile(
    r"\s{0,3}(?:[\w-]{1,20}\s{1,3}){0,2}(?:delay|time-?out|limit|interval|TTL|deadline|budget|cap"
    r"|backoff|jitter)\b",
    re.IGNORECASE,
)
# Sentences that show an example or a hypothetical, not a result of this work.
_NOT_A_CLAIM = re.compile(
    r"\be\.g\.|\bi\.e\.,? (?:a|an)\b|\bfor (?:example|instance)\b|\bsuch as\b"
    r"|\b(?:could|would|might|may)\s+(?:\w+\s+)?(?:save|cut|reduce|speed|make|give|free|be)\b"
    # "in one example" reports one measured case; "an example" or "example config" shows one
    r"|\bhypothetical\w*|\bimagine\b|\bsuppose\b|(?<!\bone )\bexample\b|\bif (?:we|you|it)\b"
    r"|\bworked example\b|\bformula\b|\bis computed as\b|\bquotes?\b",
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
    r"^\s*(?:\)?\s*,?\s*(?:instead of|down from|up from|versus before"
    r"|\(?was|\(?previously|\(?before:?))\s*$",
    re.IGNORECASE,
)
# "27 ms compared with 3 µs", "8.6s versus 9.0s": written in the order the text compares
# them (the old way first), unless the second figure is named as the old one ("5 s vs 20 s
# before", "vs 20 s on main") or the first as the new one ("now 5 s, compared with 20 s").
_COMPARED_JOIN = re.compile(
    r"^\s*\)?\s*,?\s*(?:compared (?:to|with)|versus|vs\.?)\s*$", re.IGNORECASE
)
_SECOND_IS_OLD = re.compile(
    r"^\s{0,3}\)?\s{0,3}(?:before|previously|originally|without"
    r"|(?:on|for|with|in|from) (?:the )?`?(?:main|master|baseline|base|old|original|unpatched"
    r"|previous|last release|released|stable)\b)",
    re.IGNORECASE,
)
_FIRST_IS_NEW = re.compile(
    r"\b(?:now|this (?:pr|change|patch|branch)|patched|new (?:build|version|code))\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_FROM_WORDS_TO = re.compile(r"^[^\d.;:]{0,40}\bto\s*$", re.IGNORECASE)
# Words that make "X to Y" a range rather than a change ("buckets (5 ms to 10 s)")
_RANGE_BEFORE = re.compile(
    r"(?:\(\s*|\b(?:between|ranges?|ranging|buckets?|var(?:y|ies)|scales?|anywhere|tuned for"
    r"|window|limits?|bounds?)\b[^.;]{0,40})$",
    re.IGNORECASE,
)
# Verbs that say a figure was taken away ("reduced memory by 1.49 GB", "saves 8 hours").
# A decimal point ("by 4.7% and CPU time by 4.2%") does not end the verb's reach; a full stop
# does. "by N%" may sit up to 100 characters after its verb ("speeds up `uv lock` with ... by
# ~20%"); an amount without "by" must sit within _NEAR characters of it.
_DECREASE_BEFORE = re.compile(
    r"\b(?:reduc(?:e|es|ed|ing|tion)|cut(?:s|ting)?|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)"
    r"|drop(?:s|ped|ping)?|shr(?:ink|inks|ank|unk)|trim(?:s|med)?|sav(?:e|es|ed|ing)"
    r"|free[sd]? up|shav(?:e|es|ed|ing)(?: off)?|slash(?:es|ed)?|eliminat(?:e|es|ed|ing)"
    r"|f[ae]ll|falls|went down|came down|halv(?:e|es|ed))\b(?:[^.;:]|\.(?=\d)){0,100}?$",
    re.IGNORECASE,
)
# "improved X by": down for a latency, up for a throughput (the metric decides)
_IMPROVE_BEFORE = re.compile(
    r"\b(?:improv(?:e|es|ed|ing)|speed(?:s|ed)? up|sped up|accelerat(?:e|es|ed|ing)|optimi[sz]ed)"
    r"\b(?:[^.;:]|\.(?=\d)){0,100}?$",
    re.IGNORECASE,
)
_INCREASE_BEFORE = re.compile(
    r"\b(?:increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|rais(?:e|es|ed|ing)|gr(?:ow|ows|ew)"
    r"|doubl(?:e|es|ed)|tripl(?:e|es|ed)|add(?:s|ed)?)\b(?:[^.;:]|\.(?=\d)){0,100}?$",
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
    r"^\s*(?:more|higher|larger|bigger|greater|longer|slower|heavier|increase|growth|up|gain"
    r"|(?:of\s+)?(?:additional|extra|added))\b",
    re.IGNORECASE,
)
# "a ~10% performance regression": worse, whichever way worse is for the metric
_WORSE_AFTER = re.compile(r"^\s*(?:(?:performance|perf|speed)\s+)?(?:regression|slowdown)\b", re.I)
# "**-3.92% wall** and **+4.97% CPU**": an explicit sign, then the measure it applies to
_SIGNED_MEASURE_AFTER = re.compile(
    r"^\s{0,2}(?:wall(?:[- ]?(?:time|clock))?|CPU(?: time)?|run ?time|time|memory|RSS"
    r"|latency|throughput|size|build time)\b",
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
    """Every measured change in `text`: tables and tool output first, then the prose."""
    return [*table_signals(text), *signals_in(sentences(text))]


def signals_in(split: list[str] | tuple[str, ...]) -> list[Signal]:
    """Every measured change in prose sentences already split by parse.sentences."""
    found: list[Signal] = []
    for sentence in split:
        s = _Sentence(sentence, list(quantities(sentence)), set())
        if not s.quantities or _NOT_A_CLAIM.search(sentence):
            continue
        s.used.update(i for i, q in enumerate(s.quantities) if _is_setting(s.text, q))
        found.extend(_pairs(s))
        found.extend(_far_pairs(s))
        found.extend(_amounts(s))
        found.extend(_count_deltas(s))
        found.extend(_relative(s))
    return found


def _tail(text: str, end: int) -> str:
    """The words just before `end`: every look-back rule is bounded, so this is enough."""
    return text[max(0, end - _WINDOW) : end]


def _is_setting(text: str, q: Quantity) -> bool:
    """'a timeout of 60 s', 'delay of 0-10 seconds': a configured value, not a measurement."""
    return bool(
        _SETTING_BEFORE.search(_tail(text, q.start).lower())
        or _SETTING_AFTER.match(text, q.end, q.end + _WINDOW)
    )


def _pairs(s: _Sentence) -> list[Signal]:
    out: list[Signal] = []
    qs = s.quantities
    joined = [_joined(s.text, qs[i], qs[i + 1]) for i in range(len(qs) - 1)]
    for i in range(len(qs) - 1):
        if i in s.used or i + 1 in s.used or not joined[i]:
            continue
        in_chain = (i + 1 < len(joined) and joined[i + 1]) or (i > 0 and joined[i - 1])
        if in_chain and not _last_of_comparison(s.text, qs, joined, i):
            continue  # "5% -> 25% -> 50%" is a sequence of steps, not a before and after
        a, b = qs[i], qs[i + 1]
        if joined[i] == "reversed":  # "7m 18s instead of 14m 5s": the new figure comes first
            a, b = b, a
        from_before = re.search(r"\bfrom\s*$", _tail(s.text, min(a.start, b.start)), re.I)
        if a.dimension is None and b.dimension is None:
            noun = _COUNT_NOUN.match(s.text[b.end :]) or _COUNT_NOUN_BEFORE.search(
                _tail(s.text, a.start)
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
        out.append(_pair_signal(a, b, metric, s.text, at=min(a.start, b.start)))
    return out


_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[;:]|\.\s")


def _far_pairs(s: _Sentence) -> list[Signal]:
    """'from 23s on main (a ~70-package project) to 950ms with this PR': figures of another
    kind may sit between the two, as long as the second follows a "to"."""
    out: list[Signal] = []
    qs = s.quantities
    for i, a in enumerate(qs):
        if i in s.used or a.dimension not in ("duration", "size", "rate", "money"):
            continue
        if not _FROM.search(_tail(s.text, a.start)):
            continue
        for j in range(i + 1, len(qs)):
            b = qs[j]
            if b.start - a.end > _WINDOW or j in s.used:
                break
            if b.dimension != a.dimension:
                continue
            between = s.text[a.end : b.start]
            if _TO_BEFORE.search(between) and not _SENTENCE_BREAK.search(between):
                s.used.update((i, j))
                metric = _metric(s.text, a.start, b.end, a.dimension)
                out.append(_pair_signal(a, b, metric, s.text, at=a.start))
            break  # the first figure of the same kind decides
    return out


# "saves 15K lines", "a loss of ~200 lines", "removes 660 tests", "616 fewer tests": a count of
# code or work taken away. Only removals count: "adds 3 tests" is routine, not a result.
_COUNTED = (
    r"(?:[a-z]+\s+)?(?P<noun>lines(?: of code)?|LOC|tests|test cases|files|dependencies|deps"
    r"|crates|allocations|syscalls|requests|round[- ]trips|copies|clones|reads|writes|queries)\b"
)
_REMOVED_BEFORE = re.compile(
    r"\b(?:remov(?:e|es|ed|ing)|delet(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|cut(?:s|ting)?"
    r"|drop(?:s|ped|ping)?|eliminat(?:e|es|ed|ing)|loss of|trim(?:s|med)?|shed(?:s|ding)?)\s+$",
    re.IGNORECASE,
)
_COUNTED_AFTER = re.compile(rf"^\s{{1,3}}{_COUNTED}", re.IGNORECASE)
_FEWER_AFTER = re.compile(rf"^\s{{1,3}}fewer\s+{_COUNTED}", re.IGNORECASE)


def _count_deltas(s: _Sentence) -> list[Signal]:
    out: list[Signal] = []
    for i, q in enumerate(s.quantities):
        if i in s.used or q.dimension not in (None, "count") or q.value != int(q.value):
            continue
        right = s.text[q.end : q.end + 60]
        noun = _FEWER_AFTER.match(right)
        if noun is None and _REMOVED_BEFORE.search(s.text[max(0, q.start - 30) : q.start]):
            noun = _COUNTED_AFTER.match(right)
        if noun is None:
            continue
        s.used.add(i)
        out.append(
            Signal(
                metric="other",
                quantity=-q.value,
                unit=noun.group("noun").lower(),
                relative_change_pct=None,
                direction=_direction("other", -1.0, s.text),
                phrase=_phrase(s.text),
            )
        )
    return out


def _last_of_comparison(text: str, qs: list[Quantity], joined: list, i: int) -> bool:
    """'3m6 vs 43s vs 8s': alternatives compared in turn; the last two are the change."""
    if i == 0 or i + 1 < len(joined) and joined[i + 1]:
        return False
    return all(_COMPARED_JOIN.match(text[qs[j].end : qs[j + 1].start]) for j in (i - 1, i)) and qs[
        i - 1
    ].same_dimension(qs[i])


def _joined(text: str, a: Quantity, b: Quantity) -> str | None:
    """'forward' for "X to Y", 'reversed' for "X instead of Y", None when not a pair."""
    between = text[a.end : b.start]
    if _REVERSED_JOIN.match(between):
        return "reversed"
    if _COMPARED_JOIN.match(between):
        old_second = _SECOND_IS_OLD.match(text[b.end : b.end + 40])
        return "reversed" if old_second or _FIRST_IS_NEW.search(_tail(text, a.start)) else "forward"
    if _FROM_WORDS_TO.match(between) and re.search(r"\bfrom\s*$", _tail(text, a.start), re.I):
        return "forward"  # "from 84s for the first run to 64s": a few words between
    if not _PAIR_JOIN.match(between):
        return None
    tail = _tail(text, a.start)
    ranged = re.search(r"\bto\b", between, re.IGNORECASE) and _RANGE_BEFORE.search(tail)
    if ranged and not _SPELLED_OUT.search(tail):
        return None  # "buckets tuned for our range (5 ms to 10 s)" is a range, not a change
    return "forward"


# "13.3% smaller (58.91 MB to 51.05 MB)", "12% smaller after gzip (22.7 MB to 19.9 MB)":
# the bracket spells out the change just stated
_SPELLED_OUT = re.compile(
    r"\b(?:smaller|larger|bigger|faster|slower|quicker|less|more|fewer|lower|higher|reduction"
    r"|improvement|speed-?up|decrease|increase|drop|gain)\b[^.;()\d]{0,40}\(\s*$",
    re.IGNORECASE,
)


def _amounts(s: _Sentence) -> list[Signal]:
    """'reduces memory by 1.49 GB (1.60%)', 'saves 8 hours per week', 'cuts $12K/month'."""
    out: list[Signal] = []
    for i, q in enumerate(s.quantities):
        if i in s.used or q.dimension not in ("duration", "size", "money", "rate"):
            continue
        left, right = _tail(s.text, q.start), s.text[q.end : q.end + _WINDOW]
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
        if _ADJECTIVE.search(s.text, q.start, q.end):
            continue  # "a 52-minute job" names the job; it is not an amount that changed
        metric = _metric(s.text, q.start, q.end, q.dimension or "count")
        near = left[-_NEAR:]
        if _DECREASE_AFTER.match(right) or _DECREASE_BEFORE.search(near):
            sign = -1.0
        elif _INCREASE_AFTER.match(right) or _INCREASE_BEFORE.search(near):
            sign = 1.0
        elif _IMPROVE_BEFORE.search(near):
            sign = 1.0 if _higher_is_better(metric, s.text) else -1.0
        else:
            continue
        base = _baseline(s, i)
        if base is not None:
            # "adds 4 minutes to a 52-minute job": the job went from 52 to 56 minutes
            s.used.update((i, i + 1))
            after = Quantity(
                base.value + sign * convert(q, base.unit),
                base.unit,
                base.dimension,
                base.start,
                base.end,
                q.approximate,
                base.base + sign * q.base,
            )
            pair = _pair_signal(base, after, metric, s.text, q.start)
            if pair.direction == "regression":  # stating an overhead is accepting it
                pair = pair.model_copy(update={"direction": "tradeoff"})
            out.append(pair)
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


# "a 52-minute job", "the 90-second build": a figure used as an adjective
_ADJECTIVE = re.compile(r"\d-[a-zA-Z]")
_ONTO = re.compile(r"\s*(?:to|onto|off|from)\s+(?:a|an|the|our|each|every)\s+", re.IGNORECASE)


def _baseline(s: _Sentence, i: int) -> Quantity | None:
    """The 'N-unit job' an amount is added to or taken off, when the sentence names one."""
    q = s.quantities[i]
    if i + 1 >= len(s.quantities) or i + 1 in s.used:
        return None
    base = s.quantities[i + 1]
    if not base.same_dimension(q) or q.dimension not in ("duration", "size"):
        return None
    if not _ONTO.fullmatch(s.text, q.end, base.start):
        return None
    return base if _ADJECTIVE.search(s.text, base.start, base.end) else None


def _relative(s: _Sentence) -> list[Signal]:
    """'50.79x speedup', '2x throughput', 'about 26% less memory', 'cut CI time by 40%'."""
    out: list[Signal] = []
    for i, q in enumerate(s.quantities):
        if i in s.used or q.dimension not in ("factor", "percent"):
            continue
        left, right = _tail(s.text, q.start), s.text[q.end : q.end + _WINDOW]
        metric = _metric(s.text, q.start, q.end, q.dimension)
        speed = bool(_SPEED_AFTER.match(right) or _SPEED_BEFORE.search(left))
        fast = re.match(r"\s*(?:faster|quicker|speed-?ups?|acceleration)", right, re.I) or (
            re.search(r"speed-?up\s*(?:of|:)?\s*$", left, re.I)
        )
        if fast and metric == "other":  # "50.79x speedup" with no other word: a run time
            rate = re.match(r"\s*(?:throughput|QPS|RPS)", right, re.IGNORECASE)
            metric = "throughput" if rate else "wall_time"
        by = _BY_BEFORE.search(left)
        sign_before = s.text[q.start - 1 : q.start] if q.start else ""
        if q.dimension == "percent" and sign_before in ("+", "-", "−"):
            if not _SIGNED_MEASURE_AFTER.match(right):
                continue
            grows = sign_before == "+"
        elif _DECREASE_AFTER.match(right) or (by and _DECREASE_BEFORE.search(left)):
            grows = False
        elif _INCREASE_AFTER.match(right) or (by and _INCREASE_BEFORE.search(left)):
            grows = True
        elif speed or (by and _IMPROVE_BEFORE.search(left)):
            # faster, speed-up, improvement: whichever way is better for this metric
            grows = _higher_is_better(metric, s.text)
        elif _WORSE_AFTER.match(right):
            if metric == "other":
                metric = "wall_time"  # a performance regression with no other word: run time
            grows = not _higher_is_better(metric, s.text)
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


def _pair_signal(
    a: Quantity, b: Quantity, metric: MetricName, context: str, at: int | None = None
) -> Signal:
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
        direction=_direction(metric, sign, context, at),
        phrase=_phrase(context),
    )


def _rebased(q: Quantity) -> Quantity:
    scale = {"duration": DURATION_SECONDS, "size": SIZE_BYTES}.get(q.dimension or "", {})
    base = q.value * scale.get(q.unit, 1.0)
    return Quantity(q.value, q.unit, q.dimension, q.start, q.end, q.approximate, base)


@lru_cache(maxsize=2048)
def _keyword_spans(sentence: str) -> dict[MetricName, tuple[list[int], list[int]]]:
    """Each metric's keyword (ends, starts), sorted: every keyword pattern runs once."""
    spans: dict[MetricName, tuple[list[int], list[int]]] = {}
    for metric, pattern in _KEYWORDS.items():
        found = [(m.start(), m.end()) for m in pattern.finditer(sentence)]
        spans[metric] = (sorted(e for _, e in found), [st for st, _ in found])
    return spans


def _metric(sentence: str, start: int, end: int, dimension: str) -> MetricName:
    """The metric whose keyword sits nearest the figures (left of them preferred)."""
    allowed = _METRICS_BY_DIMENSION.get(dimension, ("other",))
    spans = _keyword_spans(sentence)
    best: tuple[int, int, MetricName] | None = None
    for rank, metric in enumerate(allowed):
        if metric not in spans:
            continue
        ends, starts = spans[metric]
        distances = []
        left = bisect.bisect_right(ends, start)
        if left:
            distances.append(start - ends[left - 1])
        right = bisect.bisect_left(starts, end)
        if right < len(starts):
            distances.append(starts[right] - end + 10)  # a keyword after is a weaker tie
        if not distances:
            continue
        distance = min(distances) + (25 if metric == "wall_time" else 0)  # "time" is vague
        candidate = (distance, rank, metric)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else allowed[0]


def _metric_from_label(label: str, dimension: str) -> MetricName:
    return _metric(f"{label} ", len(label) + 1, len(label) + 1, dimension)


def _polarity(context: str) -> bool | None:
    """For an 'other' metric: True when higher is better, False when lower is, None unclear.

    The word nearest the end of the context wins ("GPU utilisation": utilisation, not GPUs),
    so a noun that merely names the hardware never flips what the figure measures."""
    last_high = max((m.end() for m in _HIGHER_IS_BETTER_OTHER.finditer(context)), default=-1)
    last_low = max((m.end() for m in _LOWER_IS_BETTER_OTHER.finditer(context)), default=-1)
    if last_high == last_low:
        return None
    return last_high > last_low


def _higher_is_better(metric: MetricName, context: str) -> bool:
    if metric == "throughput":
        return True
    if metric == "other":
        return bool(_polarity(context))
    return False


# "38 ms -> 46 ms, acceptable", "for about 11 ms of added latency": a cost the text accepts
_ACCEPTED = re.compile(
    r"\bacceptabl[ey]\b|\baccepted\b|\btrade-?offs?\b|\bin exchange\b|\bat the (?:cost|price)"
    r" of\b|\bworth it\b|\bof added\b|\badded (?:p\d+ )?(?:latency|overhead)\b"
    r"|\bwithin (?:budget|the budget|our SLO|the SLO)\b|\bcan afford\b|\baffordable\b",
    re.IGNORECASE,
)


def _direction(metric: MetricName, sign: float, context: str, at: int | None = None) -> Direction:
    """`at`: where the figures start; the words before them name what they measure."""
    if sign == 0:
        return "unclear"
    if metric == "other":
        higher = _polarity(_tail(context, at)) if at else None
        higher = _polarity(context) if higher is None else higher
        if higher is None:
            return "unclear"
        return _worse_or_better((sign > 0) == higher, context)
    better_up = _higher_is_better(metric, context)
    return _worse_or_better((sign > 0) == better_up, context)


def accepted_costs(found: list[Signal], split: list[str] | tuple[str, ...]) -> list[Signal]:
    """A regression read from a table or a list is a trade-off when another sentence states
    its size and accepts it ("Reranking costs about 165 ms at p95, which we can afford")."""
    accepting = [t for t in split if _ACCEPTED.search(t)]
    if not accepting:
        return found
    out = []
    for signal in found:
        if signal.direction == "regression" and signal.quantity is not None:
            size = f"{abs(signal.quantity):g}"
            if any(re.search(rf"(?<![\d.]){re.escape(size)}(?![\d])", t) for t in accepting):
                signal = signal.model_copy(update={"direction": "tradeoff"})
        out.append(signal)
    return out


def _worse_or_better(better: bool, context: str) -> Direction:
    if better:
        return "improvement"
    return "tradeoff" if _ACCEPTED.search(context) else "regression"


def _phrase(sentence: str) -> str:
    return sentence if len(sentence) <= 200 else sentence[:197] + "..."


# --- tables and tool output ---------------------------------------------------------------

_BEFORE_COLUMN = re.compile(
    r"\bbefore\b|\bbase(?:line)?\b|\bmain\b|\bmaster\b|\bold\b|\bprevious(?:ly)?\b"
    r"|\boriginal\b|\bwithout\b|\bupstream\b|\bunpatched\b",
    re.IGNORECASE,
)
_AFTER_COLUMN = re.compile(
    r"\bafter\b|\bhead\b|\bbranch\b|\bthis (?:pr|change|branch|patch)\b|\bpr\b|\bnew\b"
    r"|\bpatched\b|\bwith\b|\boptimi[sz]ed\b|\bfixed\b|\bcandidate\b",
    re.IGNORECASE,
)
_CHANGE_COLUMN = re.compile(
    r"chang|\bdiff|delta|Δ|speed-?up|improve|reduction|saved|saving|\bratio\b|\bresults?\b"
    r"|\bvs\.?\b|\bgains?\b|faster|slower|relative",
    re.IGNORECASE,
)
# Among several after columns ("PR attempt 1", "PR attempt 2", "Warm PR median") the summary
# one stands for the change; among several before/after pairs, the one whose after column is
# this PR's own ("main" -> "This change") is the change, an older release pair is context.
_SUMMARY_COLUMN = re.compile(r"\bmedian\b|\bmean\b|\baverage\b|\bavg\b|\bgeo", re.IGNORECASE)
_OWN_COLUMN = re.compile(
    r"\bthis (?:pr|change|branch|patch)\b|\bbranch\b|\bhead\b|\bpatched\b", re.IGNORECASE
)
# Rows that name the variant compared: "This PR" against a "main" or first row.
_AFTER_ROW = re.compile(
    r"^\W{0,3}(?:this (?:pr|change|branch|patch)|after|branch|head|patched|new)\b", re.IGNORECASE
)
_BEFORE_ROW = re.compile(
    r"^\W{0,3}(?:before|base(?:line)?|main|master|old|previous|original|current)\b", re.IGNORECASE
)
# Columns of spreads and intervals: their figures describe the noise, not the change.
_SPREAD_COLUMN = re.compile(r"\bCI\b|confidence|interval|\brange\b|σ|\bstd|p-?value|\bruns\b", re.I)
_HEADER_UNIT = re.compile(
    r"[(\[]\s*(ns|µs|μs|us|ms|s|sec|min|h|B|KB|kB|MB|GB|KiB|MiB|GiB)\s*[)\]]"
    r"|\bin (ns|µs|ms|s|MB|MiB)\b"
)
_SIGNED_PERCENT = re.compile(rf"^\s*([+\-−–])\s*({NUMBER})\s*%")
_SIGNED_RANGE = re.compile(
    rf"^\s*([+\-−–])\s*({NUMBER})\s*%?\s*(?:to|–|—)\s*[+\-−–]?\s*({NUMBER})\s*%"
)
_DIRECTION_WORD = re.compile(
    r"faster|slower|quicker|smaller|larger|bigger|less|more|fewer|reduction|speed-?up", re.I
)


def table_signals(text: str) -> list[Signal]:
    """Measured changes in every table row, hyperfine run and criterion report of `text`."""
    rows, tools = tables.read(text)
    found: list[Signal] = []
    for row in rows:
        found.extend(_row_signals(row))
    for table in _tables(rows):
        found.extend(_variant_signals(table))
    for run in tools.timings:
        found.extend(_hyperfine_signals(run))
    for name, change in tools.changes:
        found.append(_relative_signal("wall_time", change, "%", f"{name} (criterion)"))
    for run in tools.listings:
        found.extend(_listing_signals(run))
    return found


# "- 393 KB wheel: async -7.8%": a listed entry whose value ends in a signed change
_ENDS_SIGNED = re.compile(rf"(?:^|\s)([+\-−])\s?({NUMBER})\s?%$")


def _listing_signals(run: tuple[tuple[str, str], ...]) -> list[Signal]:
    """A listing's signed changes, or its "branch" entries against its "main" entry."""
    out = []
    for label, value in run:
        m = _ENDS_SIGNED.search(value)
        if m:
            change = (1.0 if m.group(1) == "+" else -1.0) * to_number(m.group(2))
            context = f"{label}: {value}"
            metric = _metric_from_label(context, "percent")
            metric = "wall_time" if metric == "other" and not _polarity(context) else metric
            out.append(_relative_signal(metric, change, "%", context))
    base = next((v for label, v in run if _BEFORE_ROW.search(label)), None)
    first = quantities(base) if base else ()
    if len(first) != 1 or first[0].dimension not in ("duration", "size"):
        return out
    for label, value in run:
        qs = quantities(value)
        if _AFTER_ROW.search(label) and len(qs) == 1 and qs[0].same_dimension(first[0]):
            metric = _metric_from_label(label, first[0].dimension or "count")
            out.append(_pair_signal(first[0], qs[0], metric, f"{label} vs {base}"))
    return out


def _row_signals(row: tables.Row) -> list[Signal]:
    label = row.cells[0] if row.cells else ""
    out: list[Signal] = []
    paired: set[int] = set()
    for i, cell in enumerate(row.cells[1:], start=1):
        signal = _cell_pair(cell, f"{row.column(i)} {row.caption}", label)
        if signal is not None:
            out.append(signal)
            paired.add(i)
    cell_paired = set(paired)
    for before, after in _column_pairs(row):
        if before in paired or after in paired:
            continue
        signals = _columns_pair(row, before, after, label)
        if signals:
            out.extend(signals)
            paired.update((before, after))
            paired.update(_change_columns_after(row, after))
    for i, cell in enumerate(row.cells[1:], start=1):
        restates = i - 1 in cell_paired and _CHANGE_COLUMN.search(row.column(i))
        if i in paired or restates or _is_spread(row.column(i)):
            continue  # a change column right after a "A → B" cell restates it
        out.extend(_cell_relative(cell, f"{row.column(i)} {row.caption}", label))
    return out


def _is_spread(header: str) -> bool:
    """'σ', '95% CI', 'range' columns hold noise; 'Wall change (95% CI)' is still a change."""
    return bool(_SPREAD_COLUMN.search(header)) and not _CHANGE_COLUMN.search(header)


def _tables(rows: list[tables.Row]) -> list[list[tables.Row]]:
    """Rows grouped back into their tables (consecutive rows under the same header)."""
    out: list[list[tables.Row]] = []
    for row in rows:
        if out and out[-1][0].header == row.header and out[-1][0].caption == row.caption:
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _variant_signals(table: list[tables.Row]) -> list[Signal]:
    """A table whose rows are the variants ("Single", "This PR", "Per-file") and whose columns
    are the measures: the "This PR" row against the "main" row, else against the first row."""
    if len(table) < 2 or _column_pairs(table[0]):
        return []
    labels = [row.cells[0] if row.cells else "" for row in table]
    after = next((i for i, label in enumerate(labels) if _AFTER_ROW.search(label)), None)
    if after is None:
        return []
    before = next((i for i, label in enumerate(labels) if _BEFORE_ROW.search(label)), 0)
    if before == after:
        return []
    base, new = table[before], table[after]
    out = []
    for i in range(1, min(len(base.cells), len(new.cells))):
        qa, qb = quantities(base.cells[i]), quantities(new.cells[i])
        if len(qa) != 1 or len(qb) != 1 or qa[0].dimension not in ("duration", "size"):
            continue
        if not qa[0].same_dimension(qb[0]):
            continue
        header = f"{base.column(i)} {base.caption}"
        metric = _metric_from_label(header, qa[0].dimension or "count")
        context = f"{labels[after]} vs {labels[before]}: {header}"
        out.append(_pair_signal(qa[0], qb[0], metric, context))
    return out


def _cell_pair(cell: str, header: str, label: str) -> Signal | None:
    """'49.6 → 30.9 ms (−37.6%)' in one cell: a before and an after."""
    qs = quantities(cell)
    if len(qs) < 2 or _joined(cell, qs[0], qs[1]) != "forward":
        return None
    a, b = _unit_filled(qs[0], header, qs[1]), _unit_filled(qs[1], header, qs[0])
    if not a.same_dimension(b) and (a.dimension, b.dimension) != (None, None):
        return None
    if a.dimension == "factor":
        return None
    context = f"{header} {label}"
    metric = _metric_from_label(context, a.dimension or "count")
    return _pair_signal(a, b, metric, context)


def _column_pairs(row: tables.Row) -> list[tuple[int, int]]:
    """(before, after) columns: named by the header, else the two figures left of a change."""
    kinds = []
    for i in range(1, len(row.header)):
        head = row.header[i]
        after = bool(_AFTER_COLUMN.search(head))
        before = bool(_BEFORE_COLUMN.search(head)) and not after
        kinds.append((i, "before" if before else "after" if after else ""))
    pairs = []
    for n, (i, kind) in enumerate(kinds):
        if kind != "before":
            continue
        afters = []
        for j, k in kinds[n + 1 :]:
            if k == "before":
                break
            if k == "after":
                afters.append(j)
        if afters:
            summary = [j for j in afters if _SUMMARY_COLUMN.search(row.header[j])]
            pairs.append((i, (summary or afters)[0]))
    own = [pair for pair in pairs if _OWN_COLUMN.search(row.header[pair[1]])]
    if own:
        return own
    if pairs:
        return pairs
    change = next(
        (i for i in range(2, len(row.header)) if _CHANGE_COLUMN.search(row.header[i])), None
    )
    if change is None and any(_DIRECTION_WORD.search(c) for c in row.cells[1:]):
        change = len(row.cells) - 1
    if change is None or change < 3:
        return []
    return [(change - 2, change - 1)]


def _change_columns_after(row: tables.Row, after: int) -> list[int]:
    """The change columns that follow a before/after pair restate it; they are not read."""
    out = []
    for i in range(after + 1, max(len(row.header), len(row.cells))):
        if _BEFORE_COLUMN.search(row.column(i)) or _AFTER_COLUMN.search(row.column(i)):
            break
        out.append(i)
    return out


def _columns_pair(row: tables.Row, before: int, after: int, label: str) -> list[Signal]:
    """The change between two columns; "601.0 / 232.6 ms" cells give one change per part."""
    if after >= len(row.cells):
        return []
    qa, qb = _cell_parts(row.cells[before]), _cell_parts(row.cells[after])
    if not qa or not qb:
        return []
    header = f"{row.column(before)} {row.column(after)} {row.caption}"
    first = row.header[0] if row.header else ""
    names = _caption_parts(row.caption, len(qa)) if len(qa) == len(qb) > 1 else [row.caption]
    out = []
    for a, b, name in zip(qa, qb, names, strict=False):
        a, b = _unit_filled(a, header, b), _unit_filled(b, header, a)
        if a.dimension in ("percent", "factor") or not (
            a.same_dimension(b) or (a.dimension, b.dimension) == (None, None)
        ):
            continue
        context = f"{first} {label} {header}"
        metric = _metric_from_label(f"{name} {label} {first}", a.dimension or "count")
        out.append(_pair_signal(a, b, metric, context))
    return out


_SLASH = re.compile(r"\s{0,3}/\s{0,3}")


def _cell_parts(cell: str) -> list[Quantity]:
    """A cell's figure, or each figure of a "wall / CPU" double cell ("601.0 / 232.6 ms"),
    the first taking the unit written once after the last."""
    qs = quantities(cell)
    gaps = zip(qs, qs[1:], strict=False)
    if len(qs) < 2 or not all(_SLASH.fullmatch(cell, x.end, y.start) for x, y in gaps):
        return list(qs[:1])
    last = qs[-1]
    if last.dimension not in ("duration", "size"):
        return list(qs[:1])
    return [q if q.dimension is not None else with_unit(q, last.unit) for q in qs]


def _caption_parts(caption: str, n: int) -> list[str]:
    """'median wall time / mean user CPU' names the parts of each double cell in turn."""
    parts = caption.split(" / ")
    return parts if len(parts) == n else [caption] * n


def _unit_filled(q: Quantity, header: str, other: Quantity) -> Quantity:
    """A bare figure takes the header's unit ('Wall (ms)'), else its neighbour's."""
    if q.dimension is not None:
        return q
    m = _HEADER_UNIT.search(header)
    if m:
        return with_unit(q, m.group(1) or m.group(2))
    if other.dimension in ("duration", "size"):
        return with_unit(q, other.unit)
    return q


def _cell_relative(cell: str, header: str, label: str) -> list[Signal]:
    """'11.2% faster', '2.69× faster', or a signed '−5.8%' under a change column."""
    context = f"{header} {label}"
    if _DIRECTION_WORD.search(cell):
        s = _Sentence(f"{header}: {cell}", list(quantities(f"{header}: {cell}")), set())
        found = _relative(s)
        return [f.model_copy(update={"phrase": _phrase(f"{label}: {cell}")}) for f in found[:1]]
    m = _SIGNED_RANGE.match(cell) or _SIGNED_PERCENT.match(cell)
    if m:
        sign = 1.0 if m.group(1) == "+" else -1.0
        ends = [to_number(g) for g in m.groups()[1:] if g]
        value = sign * sum(ends) / len(ends)  # "-3.5 to -3.9%" counts as its midpoint
        metric = _metric_from_label(context, "percent")
        if metric == "other" and not _polarity(context):
            metric = "wall_time"  # a bare change column in a benchmark table is a run time
        return [_relative_signal(metric, value, "%", f"{label}: {cell}")]
    return []


def _relative_signal(metric: MetricName, change_pct: float, unit: str, context: str) -> Signal:
    sign = 0.0 if change_pct == 0 else (1.0 if change_pct > 0 else -1.0)
    return Signal(
        metric=metric,
        quantity=round(change_pct, 4),
        unit=unit,
        relative_change_pct=round(change_pct, 2),
        direction=_direction(metric, sign, context),
        phrase=_phrase(context),
    )


def _hyperfine_signals(run: tuple[tables.Timing, ...]) -> list[Signal]:
    """The first benchmark is the baseline; each later one is compared with it."""
    if len(run) < 2:
        return []
    first = run[0]
    base = quantities(f"{first.value} {first.unit}")
    out = []
    for other in run[1:4]:
        after = quantities(f"{other.value} {other.unit}")
        if base and after:
            context = f"hyperfine: {first.name} vs {other.name}"
            out.append(_pair_signal(base[0], after[0], "wall_time", context))
    return out
