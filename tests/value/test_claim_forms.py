"""Each form engineers write a measured change in, and each number that is not one (#13).

Fixtures are written in our own words; the figures are invented."""

import pytest

from builder.value.signals import extract_signals

CLAIMS = [
    # (form, text, (before, after) or relative %)
    (
        "md table before/after",
        "| step | before | after |\n|---|--:|--:|\n| lint | 40 s | 25 s |",
        (40, 25),
    ),
    (
        "md table base/head",
        "| case | base | head |\n|---|---|---|\n| cold | 90 ms | 60 ms |",
        (90, 60),
    ),
    (
        "md table main/this PR",
        "| run | `main` | This PR |\n|--|--|--|\n| warm | 12.5 ms | 10.0 ms |",
        (12.5, 10.0),
    ),
    (
        "change column",
        "| job | A | B | change |\n|--|--|--|--|\n| unit | 8:20 | 6:40 | -20% |",
        (500, 400),
    ),
    ("cell arrow", "| suite | wall |\n|--|--|\n| api | 3.2 → 2.4 s (-25%) |", (3.2, 2.4)),
    (
        "caption unit",
        "Wall time (ms):\n\n| case | main | branch |\n|--|--|--|\n| big | 300 | 240 |",
        (300, 240),
    ),
    (
        "wrapped row",
        "| case | before | after |\n|--|--|--|\n| a very long name | 80 ms\n| 60 ms |",
        (80, 60),
    ),
    (
        "pipe-less table",
        "case | old | new | result\n-- | -- | -- | --\nparse | 2.0 ms | 1.0 ms | 2x faster",
        (2.0, 1.0),
    ),
    ("box table", "```\n│ N │ Before │ After │\n├───┼───┼───┤\n│ 5 │ 70ms │ 35ms │\n```", (70, 35)),
    ("per-row percent", "| project | change |\n|--|--|\n| alpha | 9.5% faster |", -9.5),
    (
        "hyperfine",
        "```\nBenchmark 1: old\n  Time (mean ± σ):     2.000 s ±  0.010 s\n"
        "Benchmark 2: new\n  Time (mean ± σ):     500.0 ms ±   5.0 ms\n```",
        (2.0, 0.5),
    ),
    (
        "criterion",
        "```\nparse/big  time:   [1.0 ms 1.1 ms 1.2 ms]\n"
        "           change: [-12.0% -10.0% -8.0%] (p = 0.00 < 0.05)\n```",
        -10.0,
    ),
    ("mean ± spread", "The import went from 1.50 ± 0.02 s to 0.75 ± 0.01 s.", (1.5, 0.75)),
    ("times faster", "Resolution is now 4x faster.", -75.0),
    ("from A to B", "Docker image size fell from 1.2 GB to 800 MB.", (1.2, 0.8)),
    ("arrow", "Cold start: 900 ms -> 300 ms.", (900, 300)),
    ("code span", "Lookup went `47.0 ns` -> `8.5 ns` per call.", (47.0, 8.5)),
    ("binary unit", "Peak RSS from 512 MiB to 384 MiB.", (512, 384)),
    ("decimal unit", "The wheel went from 25 MB to 20 MB.", (25, 20)),
    (
        "bytes",
        "| binary | main | branch |\n|--|--|--|\n| cli | 16,000,000 B | 15,000,000 B |",
        (16e6, 15e6),
    ),
    ("compound duration", "CI went from 13m 39s to 9m 2s.", (819, 542)),
    (
        "scaled count",
        "| case | before | after |\n|--|--|--|\n| instr | 400.0M | 300.0M |",
        (4e8, 3e8),
    ),
    # forms added for the dev-set misses (#13); figures invented
    (
        "piped row wrapped inside its last cell",
        "| job | build | total |\n|--|--|--|\n| lint | 10 → 8 s (-20%) | 120.0 → 90\ns (-25%) |",
        (120.0, 90.0),
    ),
    (
        "rows are the variants",
        "| layout | cold | warm |\n|--|--|--|\n| One crate | 4.00s | 1.20s |\n"
        "| This PR | 3.00s | 0.90s |\n| Many crates | 5.00s | 0.80s |",
        (4.0, 3.0),
    ),
    (
        "summary column among several after columns",
        "| job | `main` median | try 1 | try 2 | PR median |\n|--|--|--|--|--|\n"
        "| docs | 5:00 | 4:50 | 3:10 | 4:00 |",
        (300, 240),
    ),
    (
        "double cell takes the unit written once",
        "Median wall / mean CPU:\n\n| case | main | This PR |\n|--|--|--|\n"
        "| cold | 500.0 / 200.0 ms | 400.0 / 190.0 ms |",
        (500.0, 400.0),
    ),
    (
        "own pair preferred over an older release pair",
        "| case | `1.0` (before) | `1.1` (after) | `main` | This change |\n|--|--|--|--|--|\n"
        "| cold | 100 ms | 130 ms | 120 ms | 90 ms |",
        (120, 90),
    ),
    (
        "change column with its interval",
        "| run | wall | wall change (95% CI) |\n|--|--|--|\n| overall | | -7.5% [-9.0, -6.0] |",
        -7.5,
    ),
    ("signed range in a cell", "| case | wall |\n|--|--|\n| resolve big | -2.0 to -4.0% |", -3.0),
    (
        "listing of signed changes",
        "```\n- tiny archive: new path -2.0%\n- huge archive: new path -9.5%\n```",
        -9.5,
    ),
    (
        "baseline named once, then branch timings",
        "```\nmain   (one job):   12m 0s\nbranch (two jobs):   8m 0s\n"
        "branch (four jobs):  6m 0s\n```",
        (720, 360),
    ),
    (
        "compared with, old way first",
        "Each lookup costs 40 ms, compared with 2 µs for the cache.",
        (40000, 2),
    ),
    ("versus, old way first", "Warm restores took 20.0s versus 15.0s.", (20.0, 15.0)),
    (
        "versus, second named as the old one",
        "The patched binary averaged 90 ms versus 100 ms for the unpatched one.",
        (100, 90),
    ),
    ("alternatives compared in turn", "Three setups gave 4m5 vs 50s vs 10s overall.", (50, 10)),
    (
        "by N% far from its verb",
        "This speeds up `tool sync` on a project with 3.10 and 2.5k deps by ~15% overall.",
        -15.0,
    ),
    ("verb shared across a list", "The run improved wall time by 4.5% and CPU time by 3.5%.", -3.5),
    (
        "bracket spelling out the change",
        "The wheel is 10.0% smaller after stripping (50.0 MB to 45.0 MB).",
        (50.0, 45.0),
    ),
    (
        "signed percent naming its measure",
        "Overall the change lands at **-2.5% wall** and **+1.5% CPU**.",
        1.5,
    ),
    ("percent regression", "It shows a ~12% performance regression on the synthetic set.", 12.0),
    (
        "from A, figures of another kind, to B",
        "Runs dropped from 30s on main (a project of ~80 deps) to 900ms here.",
        (30000, 900),
    ),
]

NON_CLAIMS = [
    ("quoted example", 'The docs show "saves 8 hours per week for 4 people" as an example.'),
    ("formula docs", "The formula is hours per week x 52 weeks x rate."),
    ("config block", "```toml\ntimeout = 30\nretries = 5\n```"),
    ("version numbers", "Bump the resolver from 0.4.1 to 0.5.0."),
    ("issue numbers", "Fixes #1234 and follows up on #1200."),
    ("dates", "Released on 2025-03-14, after the 2025-02-01 freeze."),
    ("e.g.", "Large projects (e.g. 500 packages from 3 s to 2 s) benefit."),
    ("hypothetical", "Caching could save 10 minutes per build."),
    (
        "other project's changelog",
        "Update lib\n\n### Release Notes\n\n- Rendering is 100 times faster",
    ),
    ("number in link", "See [the run](https://example.com/runs/123456/jobs/42) for logs."),
    ("timeout setting", "Add a 5 min default timeout for stuck jobs."),
    ("two benchmarks, no comparison", "| run | a | b |\n|--|--|--|\n| 1 | 70 ms | 40 ms |"),
    ("added tests are routine", "This adds 12 tests for the new flag."),
    ("version floor is not a hedge", "Projects with requires-python >= 3.8 and 2 extras now lock."),
    ("a range in brackets", "Latency buckets are tuned for our range (5 ms to 10 s)."),
    ("an example figure", "For one example config, set the cache to 2 GB."),
    ("listing with no baseline", "```\nfast: 3 s\nslow: 9 s\n```"),
]

COUNT_DELTAS = [
    ("Removing the old shim saves 12K lines.", 12000, "lines"),
    ("This leads to a loss of ~150 lines in the fixtures.", 150, "lines"),
    ("As a result we can remove >2,000 unused LOC.", 2000, "loc"),
    ("Linux ran 420 fewer tests in CI.", 420, "tests"),
]


@pytest.mark.parametrize(("text", "count", "unit"), COUNT_DELTAS)
def test_removed_counts_are_read(text: str, count: int, unit: str) -> None:
    (signal,) = extract_signals(text)
    assert (signal.quantity, signal.unit, signal.before, signal.after) == (-count, unit, None, None)


def _matches(signal, want) -> bool:
    if isinstance(want, tuple):
        if signal.before is None or signal.after is None:
            return False
        ratio = signal.after / signal.before if signal.before else None
        return ratio is not None and abs(ratio - want[1] / want[0]) < 0.01
    return signal.relative_change_pct is not None and abs(signal.relative_change_pct - want) < 0.5


@pytest.mark.parametrize(("form", "text", "want"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claim_form_is_read(form: str, text: str, want: object) -> None:
    signals = extract_signals(text)
    assert any(_matches(s, want) for s in signals), [s.contract() for s in signals]


@pytest.mark.parametrize(("form", "text"), NON_CLAIMS, ids=[c[0] for c in NON_CLAIMS])
def test_non_claim_gives_nothing(form: str, text: str) -> None:
    assert extract_signals(text) == []


def test_utilisation_rising_is_an_improvement() -> None:
    (signal,) = extract_signals("GPU utilisation went from 31% to 68%.")
    assert signal.direction == "improvement"


# Costs the text states and accepts are trade-offs, not regressions; names are not figures.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The checks add between 3 and 4 minutes to a 52-minute job.",
            [("wall_time", 52, 55.5, "tradeoff")],
        ),
        (
            "p95 latency went from 20 ms to 31 ms, acceptable for now.",
            [("latency", 20, 31, "tradeoff")],
        ),
        ("p95 latency went from 20 ms to 31 ms.", [("latency", 20, 31, "regression")]),
        ("The e2e suite runs on a k3d cluster with k8s manifests.", []),
        ("Hit rate on the red-team set went from 40% to 90%.", [("other", 40, 90, "improvement")]),
    ],
)
def test_accepted_costs_and_names(text, expected):
    from builder.models.value_settings import ValueSettings
    from builder.value.estimate import estimate_text

    found = estimate_text(text, ValueSettings()).signals
    assert [(s.metric, s.before, s.after, s.direction) for s in found] == expected
