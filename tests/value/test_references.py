"""Reference-file tests: the JSON contract for real PR prose, and the rendered dashboard.

Regenerate after an intended change with `UPDATE_REFERENCES=1 pytest tests/value`, then read
the diff before committing it.
"""

import json
import os
import re
from pathlib import Path

from builder.render.value_pages import pages
from builder.value.stage import estimate_text
from tests.value.value_factories import enriched_for

REFERENCES = Path(__file__).parent / "references"
UPDATE = os.environ.get("UPDATE_REFERENCES") == "1"

# PR prose as people write it: headings, bold, tables, hard wraps, hedges, code fences.
PROSE = {
    "latency-hard-wrapped": "## Summary\n\nThis **reduces** p95 latency from 974.7\nms to "
    "374.9 ms on the embedding endpoint.\n",
    "ci-table": "## Timing (median of 20 runs on `main`)\n\n| job | before | after |\n"
    "|---|---:|---:|\n| install | 3m 12s | 0m 41s |\n| tests | 8m 55s | 6m 48s |\n"
    "| total wall time | 13m 39s | 9m 2s |\n\nWall time per PR pipeline: **13m 39s to 9m 2s**.",
    "backfill-speedup": "Rewrote the backfill as set-based SQL for a **50.79x speedup**.",
    "memory-bracket": "Reduces peak memory by 1.49 GB (1.60%) on the largest replica.",
    "index-memory": "perf(index): IVF-PQ index cuts memory from 304.4 MiB to 38.8 MiB",
    "fp8-approx": "perf(serving): fp8 KV cache, about 26% less memory per replica",
    "suite": "The gateway unit suite went from 22.73 s to 17.27 s.",
    "aws-bill": "| | Nov 2024 | Jan 2025 |\n|---|---:|---:|\n| **total** | **$42,000** | "
    "**$29,500** |\n\nThe monthly AWS bill is down from $42,000 to $29,500, roughly $150k a year.",
    "release-checklist": "Eliminated a manual 45-minute release checklist run 3 times a week "
    "by 2 engineers.",
    "bug-fix": "## Summary\n\nCustomer-facing symptom was an intermittent error on retries.\n\n"
    "## Changes\n\n- keep the old name as a deprecated alias for one release\n\nFixes #95",
    "dependabot": "Bumps [numpy](https://github.com/numpy/numpy) from 1.26.1 to 1.26.2.\n"
    "<details><summary>Commits</summary><ul><li><code>63b3b75</code> Release 1.26.2</li>"
    "</ul></details>",
}


def check(name: str, actual: str) -> None:
    path = REFERENCES / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; see module docstring"


def test_estimates_of_real_prose_match_reference(settings):
    out = {name: estimate_text(text, settings).contract() for name, text in PROSE.items()}
    check("estimates.json", json.dumps(out, indent=2, sort_keys=True) + "\n")


def test_impact_page_matches_reference(small_portfolio, settings):
    enriched = enriched_for(small_portfolio, settings)
    page = pages(enriched, enriched.paths.templates_dir)["impact/index.md"]
    # the SVG depends on fonts installed on the machine; its data table is compared instead
    check("impact_small.md", re.sub(r"<svg.*?</svg>", "<svg/>", page, flags=re.DOTALL))
