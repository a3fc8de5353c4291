"""Extractor speed on the demo export's PR bodies: texts per second and ms per text.

Run: .venv/bin/python benchmarks/value_extractor.py [path/to/gh-pr-list.json]
"""

import json
import statistics
import sys
import time
from pathlib import Path

from builder.models.value_settings import ValueSettings
from builder.value.parse import quantities
from builder.value.stage import estimate_text

DEFAULT_EXPORT = Path(__file__).resolve().parents[1] / "achievements/exports/gh-pr-list.json"


def main(export: Path = DEFAULT_EXPORT, repeats: int = 5) -> None:
    rows = json.loads(export.read_text(encoding="utf-8"))
    texts = [f"{r.get('title', '')}\n\n{r.get('body') or ''}" for r in rows]
    settings = ValueSettings()
    for text in texts:  # warm up: compile regexes, import numpy paths
        estimate_text(text, settings)
    runs = []
    for _ in range(repeats):
        quantities.cache_clear()  # time a cold run: each build sees its texts once
        start = time.perf_counter()
        priced = sum(estimate_text(text, settings).quantified for text in texts)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    chars = statistics.mean(len(t) for t in texts)
    print(f"export:        {export}")
    print(f"texts:         {len(texts)} (mean {chars:.0f} characters), {priced} priced")
    print(f"best of {repeats}:     {best * 1000:.1f} ms for all texts")
    print(f"texts/second:  {len(texts) / best:,.0f}")
    print(f"ms per text:   {best / len(texts) * 1000:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EXPORT)
