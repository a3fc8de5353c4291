"""The value engine on real PR prose: recall, false claims and speed on the labelled dev set.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/value_devset.py [--misses] [corpus.json]

The labels (benchmarks/devsets/value_claims.json) hold numbers and PR numbers only; the PR
text is read from the shared corpus (../shared/corpora/uv_prs_gh.json by default).

Matching rule (one extracted change matches at most one labelled claim; the pairing is a
maximum matching, so the count does not depend on the order changes are extracted in, and a
relative-only claim cannot take the one change a before/after claim fits):
- a claim with a before and an after matches a change whose before and after, converted to
  the claim's unit (durations and sizes in any unit; counts, % and x as they are), are both
  within 1% of the claim's;
- a claim with only a relative change matches a change whose relative change is within 2
  percentage points of it (the sign counts: 11% faster is -11%, never +11%);
- a claim with neither (a delta such as "grows by 92,704 bytes", nothing to compare it with)
  matches a change of the same dimension (duration, size, count, percent) that states no
  before and no after either.
The metric is not part of the rule; metric agreement is printed beside recall so a wrong
label ("memory" for a wall time) shows without hiding a correct number.

A false claim is any change extracted from a PR labelled claim-free.
Speed: estimate_text on title + body, each PR timed on its own with the parse caches
(parse.clean, parse.quantities) cleared, since a build sees each text once; best of three
runs per PR; median and p95 over all PRs.
"""

import argparse
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from builder.models.value import Signal
from builder.models.value_settings import ValueSettings
from builder.value.parse import DURATION_SECONDS, SIZE_BYTES, clean, quantities
from builder.value.stage import estimate_text

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks/devsets/value_claims.json"
CORPUS = ROOT.parent / "shared/corpora/uv_prs_gh.json"
REL_POINTS = 2.0
VALUE_TOLERANCE = 0.01
# Label metrics the engine names differently ("disk_size" is memory-like storage, "count" is
# whatever was counted); used for the metric-agreement figure only.
METRIC_ALIASES = {"disk_size": {"other", "memory", "binary_size"}, "count": {"other"}}


@dataclass(frozen=True)
class Score:
    claims: int
    matched: int
    metric_agrees: int
    prs: int
    prs_matched: int
    free_prs: int
    false_claims: int
    free_prs_clean: int


def dimension(unit: str) -> str:
    base = unit.split("/", 1)[0]
    if base in DURATION_SECONDS:
        return "duration"
    if base in SIZE_BYTES:
        return "size"
    if base in ("%", "x"):
        return {"%": "percent", "x": "factor"}[base]
    return "count"


def in_unit(value: float, unit: str, target: str) -> float | None:
    """`value` in `unit` expressed in `target`; None when the two are not the same kind."""
    if unit == target:
        return value
    for table in (DURATION_SECONDS, SIZE_BYTES):
        if unit in table and target in table:
            return value * table[unit] / table[target]
    if dimension(unit) == dimension(target) == "count":
        return value
    return None


def close(found: float | None, wanted: float) -> bool:
    if found is None:
        return False
    if wanted == 0:
        return abs(found) < 1e-9
    return abs(found - wanted) <= VALUE_TOLERANCE * abs(wanted)


def matches(claim: dict, signal: Signal) -> bool:
    before, after, rel = claim["before"], claim["after"], claim["relative_change"]
    if before is not None and after is not None:
        if signal.before is None or signal.after is None:
            return False
        b = in_unit(signal.before, signal.unit, claim["unit"])
        a = in_unit(signal.after, signal.unit, claim["unit"])
        return close(b, before) and close(a, after)
    if rel is not None:
        found = signal.relative_change_pct
        return found is not None and abs(found - rel * 100) <= REL_POINTS
    return (
        signal.before is None
        and signal.after is None
        and dimension(signal.unit) == dimension(claim["unit"])
    )


def metric_agrees(claim: dict, signal: Signal) -> bool:
    return signal.metric == claim["metric"] or signal.metric in METRIC_ALIASES.get(
        claim["metric"], set()
    )


def assign(claims: list[dict], signals: tuple[Signal, ...]) -> list[Signal | None]:
    """Each claim's matched change (or None) under a maximum one-to-one matching."""
    out: list[Signal | None] = [None] * len(claims)
    if not claims or not signals:
        return out
    fits = np.array([[matches(c, s) for s in signals] for c in claims], dtype=float)
    rows, cols = linear_sum_assignment(fits, maximize=True)
    for r, c in zip(rows, cols, strict=True):
        if fits[r, c]:
            out[r] = signals[c]
    return out


def text_of(pr: dict) -> str:
    return f"{pr['title']}\n\n{pr['body']}" if pr.get("body") else pr["title"]


def timed(text: str, settings: ValueSettings, repeats: int = 3) -> tuple[float, tuple]:
    best = float("inf")
    signals: tuple = ()
    for _ in range(repeats):
        clean.cache_clear()
        quantities.cache_clear()
        start = time.perf_counter()
        signals = estimate_text(text, settings).signals
        best = min(best, time.perf_counter() - start)
    return best * 1000, signals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list unmatched claims")
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    prs = {p["number"]: p for p in json.loads(args.corpus.read_text(encoding="utf-8"))}
    settings = ValueSettings()
    estimate_text("warm up: 1 s to 2 s", settings)
    times: list[float] = []
    claims = matched = agrees = prs_matched = 0
    misses: list[str] = []
    for item in labels["claims"]:
        ms, signals = timed(text_of(prs[item["pr"]]), settings)
        times.append(ms)
        hits = assign(item["claims"], signals)
        claims += len(hits)
        matched += sum(h is not None for h in hits)
        agrees += sum(
            h is not None and metric_agrees(c, h) for c, h in zip(item["claims"], hits, strict=True)
        )
        prs_matched += any(h is not None for h in hits)
        misses += [
            f"  #{item['pr']}: {c}" for c, h in zip(item["claims"], hits, strict=True) if h is None
        ]
    false_claims = clean = 0
    false_lines: list[str] = []
    for item in labels["claim_free"]:
        ms, signals = timed(text_of(prs[item["pr"]]), settings)
        times.append(ms)
        false_claims += len(signals)
        clean += not signals
        false_lines += [f"  #{item['pr']}: {s.contract()} <- {s.phrase[:90]!r}" for s in signals]
    score = Score(
        claims,
        matched,
        agrees,
        len(labels["claims"]),
        prs_matched,
        len(labels["claim_free"]),
        false_claims,
        clean,
    )
    report(score, times)
    if args.misses:
        print("\nUnmatched claims:", *misses, sep="\n")
        print("\nFalse claims:", *false_lines, sep="\n")


def report(s: Score, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    agree = s.metric_agrees / max(1, s.matched)
    print(f"claim recall:            {s.matched}/{s.claims} = {s.matched / s.claims:.1%}")
    print(f"metric agrees (matched): {s.metric_agrees}/{s.matched} = {agree:.1%}")
    print(f"PR recall:               {s.prs_matched}/{s.prs} = {s.prs_matched / s.prs:.1%}")
    per_pr = s.false_claims / s.free_prs
    print(f"false claims per claim-free PR: {per_pr:.3f} ({s.false_claims} in {s.free_prs})")
    clean = s.free_prs_clean / s.free_prs
    print(f"claim-free PRs with zero false claims: {s.free_prs_clean}/{s.free_prs} = {clean:.1%}")
    median = statistics.median(times)
    print(f"ms per PR: median {median:.3f}, p95 {p95:.3f}, max {ordered[-1]:.3f}")


if __name__ == "__main__":
    main()
