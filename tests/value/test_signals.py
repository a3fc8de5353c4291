"""Measured changes read from real PR prose (issue point 4 and 6)."""

import pytest

from builder.value.signals import extract_signals

CASES = [
    ("improved throughput by 30%", "throughput", None, None, "%", 30.0, "improvement"),
    ("improves p95 latency by 20%", "latency", None, None, "%", -20.0, "improvement"),
    ("a 15% improvement in accuracy", "other", None, None, "%", 15.0, "improvement"),
    ("speedup of 3x on the nightly job", "wall_time", None, None, "x", -66.67, "improvement"),
    (
        "GPU node-hours fell by about 38% while more jobs ran",
        "cpu_time",
        None,
        None,
        "%",
        -38.0,
        "improvement",
    ),
    (
        "Time to detect went from about 40 minutes to under 5 minutes",
        "other",
        40.0,
        5.0,
        "min",
        -87.5,
        "improvement",
    ),
    # (text, metric, before, after, unit, relative_change_pct, direction)
    (
        "Cuts p95 latency from 974.7 ms to 374.9 ms.",
        "latency",
        974.7,
        374.9,
        "ms",
        -61.54,
        "improvement",
    ),
    (
        "This **reduces** p95 latency from 974.7\nms to 374.9 ms.",
        "latency",
        974.7,
        374.9,
        "ms",
        -61.54,
        "improvement",
    ),
    (
        "The gateway unit suite went from 22.73 s to 17.27 s",
        "test_time",
        22.73,
        17.27,
        "s",
        -24.02,
        "improvement",
    ),
    (
        "Wall time per PR pipeline: **13m 39s to 9m 2s**.",
        "ci_time",
        819.0,
        542.0,
        "s",
        -33.82,
        "improvement",
    ),
    ("Gives a 50.79x speedup on import.", "wall_time", None, None, "x", -98.03, "improvement"),
    (
        "2x throughput on the embedding endpoint",
        "throughput",
        None,
        None,
        "x",
        100.0,
        "improvement",
    ),
    ("Uses about 26% less memory per replica", "memory", None, None, "%", -26.0, "improvement"),
    ("Reduces peak memory by 1.49 GB (1.60%).", "memory", None, None, "GB", -1.6, "improvement"),
    (
        "IVF-PQ index cuts memory from 304.4 MiB to 38.8 MiB",
        "memory",
        304.4,
        38.8,
        "MiB",
        -87.25,
        "improvement",
    ),
    (
        "the job takes 7m 18s instead of 14m 5s.",
        "wall_time",
        845.0,
        438.0,
        "s",
        -48.17,
        "improvement",
    ),
    (
        "throughput from 120 req/s to 300 req/s",
        "throughput",
        120.0,
        300.0,
        "req/s",
        150.0,
        "improvement",
    ),
    (
        "Wheel size drops from 304.4 MiB to 38.8 MiB",
        "binary_size",
        304.4,
        38.8,
        "MiB",
        -87.25,
        "improvement",
    ),
    ("Startup got slower: 1.2 s to 1.8 s", "wall_time", 1.2, 1.8, "s", 50.0, "regression"),
    ("Build time cut by 20-30%", "build_time", None, None, "%", -25.0, "improvement"),
    (
        "Cut cloud spend from $40K/month to $28K/month",
        "cost",
        40000.0,
        28000.0,
        "USD/month",
        -30.0,
        "improvement",
    ),
]


@pytest.mark.parametrize(("text", "metric", "before", "after", "unit", "pct", "direction"), CASES)
def test_first_signal(text, metric, before, after, unit, pct, direction):
    signal = extract_signals(text)[0]
    assert signal.metric == metric
    assert signal.before == before
    assert signal.after == after
    assert signal.unit == unit
    assert signal.relative_change_pct == pytest.approx(pct)
    assert signal.direction == direction


def test_markdown_table_rows_are_before_after_pairs():
    text = (
        "## Timing (median of 20 runs)\n\n| job | before | after |\n|---|---:|---:|\n"
        "| install | 3m 12s | 0m 41s |\n| p50 latency | 974.7 ms | 374.9 ms | -61.5% |\n"
    )
    signals = extract_signals(text)
    assert [(s.before, s.after) for s in signals] == [(192.0, 41.0), (974.7, 374.9)]
    assert signals[1].metric == "latency"
    assert signals[1].relative_change_pct == -61.54


@pytest.mark.parametrize(
    "text",
    [
        "buckets tuned for our range (5 ms to 10 s)",
        "canary: 5% -> 25% -> 50% -> 100%, 10 minutes per step",
        "chore(deps): bump numpy from 1.26.1 to 1.26.2",
        "```\nreal 0m5.2s\nfrom 10 ms to 2 ms\n```",
        "Fixes #94, see https://example.com/a/12/to/4",
    ],
)
def test_ranges_sequences_versions_and_code_are_not_changes(text):
    assert extract_signals(text) == []
