"""Search quality, payload and latency: full model vs in-browser path vs keyword only.

    .venv/bin/python benchmarks/search_eval.py [--synthetic 2000] [--no-browser]

For the demo portfolio (paraphrase queries written against its achievements, sharing few
words with them) and a generated corpus (the titles of each achievement's PRs as queries,
as in the build's self-check), prints recall@5, MRR and nDCG@10 of:
  (a) full model + FAISS exact search (what `showcase search` does),
  (b) the in-browser search (builder/search/client.py, an exact port of search.js, run on
      the compiled assets), plus its semantic half alone,
  (c) BM25 keyword search alone;
then the payload (keyword layer loaded with the page, semantic layer fetched on focus; raw
and gzip) and the query latency measured in headless Chromium.
"""

import argparse
import functools
import gzip
import http.server
import json
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from builder.cache import Cache
from builder.load.sources import load_portfolio
from builder.models.config import Paths, ShowcaseConfig
from builder.models.portfolio import Portfolio
from builder.models.search import BrowserSearch
from builder.models.search_settings import SearchSettings
from builder.models.value import ValueReport
from builder.render.search_assets import PREFIX, compile_assets
from builder.search import related as related_search
from builder.search.client import BrowserIndex
from builder.search.embed import Embedder
from builder.search.evaluate import evaluate
from builder.search.stage import build_search, self_check_queries
from builder.search.texts import document_text

ROOT = Path(__file__).resolve().parents[1]

# Each query: (text, relevant achievement ids). Paraphrases: they avoid the targets' words.
DEMO_QUERIES: list[tuple[str, tuple[str, ...]]] = [
    ("made model serving faster", ("embedding-request-batching", "vllm-serving-migration")),
    ("cut cloud costs", ("aws-cost-reduction",)),
    (
        "stop attackers hijacking the chatbot with hidden instructions",
        ("prompt-injection-guardrails",),
    ),
    ("answers appear word by word instead of after a long wait", ("streaming-chat-responses",)),
    ("find known security holes in container images", ("base-image-scanning",)),
    (
        "automatic report of what engineers delivered and what it is worth",
        ("llm-value-extraction",),
    ),
    ("keep vectors inside the relational database", ("pgvector-migration",)),
    ("make better use of graphics cards shared by researchers", ("gpu-scheduling",)),
    ("shorter wait for test results on pull requests", ("ci-speedup",)),
    ("check prompt changes before they ship", ("llm-eval-harness",)),
    ("how teams agree on architecture proposals", ("design-review-process",)),
    ("gradual release that undoes itself when errors spike", ("canary-rollouts",)),
    ("question answering over the company wiki", ("rag-search",)),
    ("notice when user questions change over time", ("embedding-drift-monitoring",)),
    ("run the whole system on a laptop", ("k3d-local-cluster",)),
    ("coaching junior colleagues", ("mentoring-engineers",)),
    ("get paged quickly when reliability targets are at risk", ("serving-dashboards",)),
    ("instructions for whoever is woken up at night", ("oncall-runbooks",)),
    ("automated workflow to train and release models", ("mlops-pipeline-github-actions",)),
    ("tests that fail at random", ("flaky-test-quarantine",)),
    ("guide for newcomers to the ml platform", ("platform-handbook",)),
    ("avoid leaking future information into training examples", ("offline-feature-store",)),
    (
        "infrastructure as code to create new environments in minutes",
        ("terraform-ml-environments",),
    ),
    ("block broken records before they reach model training", ("data-quality-checks",)),
    ("more output per gpu for the chat assistant", ("vllm-serving-migration",)),
]

PAGE_LAYER = ("index.json", "search.js", "search.css")
SEMANTIC_LAYER = ("vectors.bin", "tokens.bin", "vocab.txt")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def sizes(assets: dict[str, bytes], names: tuple[str, ...]) -> tuple[int, int]:
    raw = sum(len(assets[PREFIX + n]) for n in names)
    packed = sum(len(gzip.compress(assets[PREFIX + n], 9, mtime=0)) for n in names)
    return raw, packed


def quality(portfolio: Portfolio, shipped: BrowserSearch, queries, embedder: Embedder) -> dict:
    browser = BrowserIndex(shipped)
    ids = list(browser.doc_ids)
    full = embedder.embed([document_text(portfolio.achievement(i)) for i in ids])
    query_vectors = dict(zip(queries, embedder.embed(list(queries)), strict=True))
    return {
        "full model + FAISS": evaluate(
            lambda q: [ids[i] for i, _ in related_search.search(full, query_vectors[q], 10)],
            queries,
        ),
        "in-browser (fused)": evaluate(lambda q: browser.ids(browser.search(q, 10)), queries),
        "  semantic half only": evaluate(lambda q: browser.ids(browser.semantic(q)[:10]), queries),
        "lexical only (BM25)": evaluate(lambda q: browser.ids(browser.lexical(q)[:10]), queries),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def browser_latency(assets: dict[str, bytes], queries: list[str]) -> dict[str, float]:
    """Median and p95 milliseconds per query in headless Chromium once both layers are loaded,
    and how long the semantic layer took to fetch and decode."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for path, data in assets.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        (root / "search").mkdir()
        (root / "search" / "index.html").write_text(
            '<!doctype html><html><head><meta charset="utf-8"></head><body>'
            '<script src="../assets/search/search.js"></script></body></html>'
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = chromium.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
                timings = page.evaluate(
                    """async (queries) => {
                        const start = performance.now();
                        await window.showcaseSearch("warm up", 10);
                        const load = performance.now() - start;
                        const each = [];
                        for (let round = 0; round < 3; round++) {
                          for (const q of queries) {
                            const t = performance.now();
                            await window.showcaseSearch(q, 10);
                            each.push(performance.now() - t);
                          }
                        }
                        return {load, each};
                    }""",
                    queries,
                )
                chromium.close()
        finally:
            server.shutdown()
            server.server_close()
    each = sorted(timings["each"])
    return {
        "load_ms": timings["load"],
        "median_ms": statistics.median(each),
        "p95_ms": each[int(0.95 * (len(each) - 1))],
    }


def report(label: str, portfolio: Portfolio, queries, cache: Cache, with_browser: bool) -> None:
    embedder = Embedder(None, cache)
    start = time.perf_counter()
    index = build_search(portfolio, ValueReport(), SearchSettings(), cache, embedder=embedder)
    built = time.perf_counter() - start
    n = len(portfolio.achievements)
    print(f"\n== {label}: {n} achievements, {len(queries)} queries (build {built:.1f}s) ==")
    assert index.browser is not None
    assets = compile_assets(index, ROOT / "site_templates" / "search")
    scores = quality(portfolio, index.browser, queries, embedder)
    reference = scores["full model + FAISS"]
    print(f"{'path':<24}{'recall@5':>10}{'MRR':>8}{'nDCG@10':>9}{'MRR/full':>10}")
    for name, s in scores.items():
        share = s.mrr / reference.mrr if reference.mrr else 0.0
        print(f"{name:<24}{s.recall_at_5:>10.3f}{s.mrr:>8.3f}{s.ndcg_at_10:>9.3f}{share:>10.1%}")
    page_raw, page_gz = sizes(assets, PAGE_LAYER)
    sem_raw, sem_gz = sizes(assets, SEMANTIC_LAYER)
    manifest = json.loads(assets[PREFIX + "index.json"])
    print(
        f"payload loaded with the page: {page_raw:,} B raw, {page_gz:,} B gzip\n"
        f"semantic layer (on focus):    {sem_raw:,} B raw, {sem_gz:,} B gzip "
        f"({manifest['semantic']['tokens']:,} tokens x {manifest['semantic']['dims']} dims, "
        f"{n:,} document vectors)"
    )
    if index.quality:
        q = index.quality
        print(
            f"build self-check ({q.queries} PR-title queries): MRR browser {q.browser.mrr:.3f}, "
            f"full {q.full_model.mrr:.3f}, lexical {q.lexical.mrr:.3f}"
        )
    if with_browser:
        latency = browser_latency(assets, list(queries))
        print(
            f"headless Chromium: semantic layer fetched and decoded in {latency['load_ms']:.0f} ms;"
            f" query median {latency['median_ms']:.2f} ms, p95 {latency['p95_ms']:.2f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=2000, help="achievements (0: skip)")
    parser.add_argument("--prs", type=int, default=5000, help="PRs of the synthetic corpus")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "showcase")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    cache = Cache(args.cache)

    demo = load_portfolio(Paths.resolve(ShowcaseConfig(), ROOT)).public()
    report("demo", demo, {q: set(r) for q, r in DEMO_QUERIES}, cache, not args.no_browser)

    if args.synthetic:
        sys.path.insert(0, str(ROOT))
        from benchmarks.synthetic_portfolio import synthetic_portfolio

        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "achievements"
            synthetic_portfolio(data, args.synthetic, args.prs, seed=1)
            config = ShowcaseConfig(data_dir=str(data))
            big = load_portfolio(Paths.resolve(config, Path(tmp))).public()
        ids = sorted(a.id for a in big.achievements)
        texts = [document_text(big.achievement(i)) for i in ids]
        queries = self_check_queries(big, ids, texts, seed=7)
        report("synthetic", big, queries, cache, not args.no_browser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
