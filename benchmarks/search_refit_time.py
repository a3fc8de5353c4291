"""Wall time of each piece of the search stage after a one-edit change, model time apart.

    .venv/bin/python benchmarks/search_refit_time.py PROJECT [--edit WORDS]

PROJECT is a copy of a project (mkdocs.yml, achievements/, .cache/): the script edits its
first published achievement's summary (as benchmarks/build_time.py does), loads the project,
prices it and runs the search stage once in this fresh process, the way `showcase build` does
after that edit. Each piece is timed by wrapping it; the time spent in the model (loading it,
encoding the edited text's new windows and tokens) is measured apart and subtracted, since
the model's own speed is not the search stage's business.
"""

import argparse
import functools
import logging
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from benchmarks.build_time import edit_one_summary  # noqa: E402
from builder.cli_context import load_project  # noqa: E402
from builder.load.sources import load_sources  # noqa: E402
from builder.models.config import Paths  # noqa: E402
from builder.pipeline import Session  # noqa: E402
from builder.search import embed, stage  # noqa: E402
from builder.value.stage import price_portfolio  # noqa: E402

PIECES = (
    "principal_axes",
    "site_table",
    "fit_table",
    "refit_rows",
    "product_quantize",
    "quantize",
    "build_themes",
    "build_bm25",
    "site_fusion",
    "self_check",
)


def timed(spent: dict[str, float], name: str, function):
    """`function`, adding its wall time to spent[name] and its CPU time to spent[name, "cpu"]
    (on a busy machine the CPU time is closer to what an idle one would take)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            spent[name, "cpu"] += time.process_time() - cpu

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edit", default=None, help="words appended (default: new each run)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    loaded = load_project(args.project / "mkdocs.yml")
    paths = Paths.resolve(loaded.config, loaded.root)
    words = args.edit or f"Checked again with zorbix{time.time_ns() % 10**9} probes."
    edit_one_summary(paths.data_dir, words)

    spent: dict = defaultdict(float)
    for name in PIECES:
        setattr(stage, name, timed(spent, name, getattr(stage, name)))
    model: dict = defaultdict(float)
    for name in ("encode", "encode_tokens"):
        setattr(embed.Embedder, name, timed(model, name, getattr(embed.Embedder, name)))
    embed.Embedder.embed = timed(spent, "embed", embed.Embedder.embed)

    session = Session()
    cache = session.cache(paths.cache_dir)
    sources = load_sources(paths)
    portfolio = sources.portfolio.public()
    values = price_portfolio(portfolio, loaded.config.value, cache)
    embedder = session.embedder(loaded.config.search.model, cache)
    start, cpu = time.perf_counter(), time.process_time()
    stage.build_search(portfolio, values, loaded.config.search, cache, embedder, sources.themes)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    in_model = model["encode"] + model["encode_tokens"]
    print(f"edit: {words!r}; load average {os.getloadavg()[0]:.2f}")
    spent["site_table"] -= model["encode_tokens"]  # the new words' encoding
    spent["site_table", "cpu"] -= model["encode_tokens", "cpu"]
    print(f"  {'model (excluded)':<17} {in_model:7.3f} s  ({embedder.encoded_tokens} tokens)")
    spent["embed (cache)"] = spent["embed"] - model["encode"]
    spent["embed (cache)", "cpu"] = spent["embed", "cpu"] - model["encode", "cpu"]
    for name in (*PIECES, "embed (cache)"):
        print(f"  {name:<17} {spent[name]:7.3f} s wall {spent[name, 'cpu']:7.3f} s CPU")
    print(
        f"search stage {total:.3f} s, {total - in_model:.3f} s without the model "
        f"(CPU {cpu:.3f} s in all)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
