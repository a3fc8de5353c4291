"""The impact model on a large export: 20,000 merged PRs, 13,400 of them with a weak label.

Prints the rows trained on, the stage's wall time and the process's peak memory. The text
feature gets fixed pseudo-random 384-dimension vectors (the encoder's own cost belongs to
the search stage, which shares its cache), so this measures the lifecycle alone.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/mlops_large_export.py [--prs 20000]
"""

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from builder.mlops.lifecycle import run_lifecycle
from builder.models.mlops_settings import MlopsSettings
from builder.models.value import ValueEstimate, ValueReport
from tests.mlops.mlops_factories import make_portfolio, make_pr


def embed(texts: list[str]) -> np.ndarray:
    rng = np.random.default_rng(len(texts))
    vectors = rng.normal(size=(len(texts), 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prs", type=int, default=20_000)
    args = parser.parse_args()
    base = make_portfolio(n_achievements=25, prs_each=4)
    rng = random.Random(3)
    extra = tuple(make_pr(rng, 10_000 + i) for i in range(args.prs - len(base.pull_requests)))
    portfolio = base.model_copy(update={"pull_requests": base.pull_requests + extra})
    priced = {
        pr.url: ValueEstimate(
            item_id=pr.url, kind="pull_request", value_usd_per_year=rng.lognormvariate(8, 2)
        )
        for pr in portfolio.pull_requests
        if rng.random() < 0.67
    }
    values = ValueReport(estimates=priced)
    settings = MlopsSettings(execute_notebooks=False)
    with tempfile.TemporaryDirectory() as root:
        start = time.perf_counter()
        report = run_lifecycle(portfolio, values, settings, Path(root), embed)
        wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    champion = report.champion
    print(f"PRs: {len(portfolio.pull_requests)}, weak labels: {len(priced)}")
    print(f"rows trained on: {champion.n_rows} (cap {settings.max_training_rows})")
    print(f"mlops lifecycle: {wall:.1f} s wall, peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
