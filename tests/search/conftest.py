"""Search fixtures: the demo portfolio indexed once per session, and a bare page serving the
compiled assets (with a strict Content-Security-Policy) for the browser tests."""

import functools
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from builder.cache import Cache
from builder.load.sources import load_portfolio
from builder.models.config import Paths, ShowcaseConfig
from builder.models.portfolio import Portfolio
from builder.models.search_settings import SearchSettings
from builder.models.value import ValueEstimate, ValueReport
from builder.render.search_assets import compile_assets
from builder.render.templates import render
from builder.search.embed import Embedder
from builder.search.stage import SearchIndex, build_search

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "site_templates"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"


@pytest.fixture(scope="session")
def portfolio() -> Portfolio:
    return load_portfolio(Paths.resolve(ShowcaseConfig(), ROOT)).public()


@pytest.fixture(scope="session")
def values(portfolio: Portfolio) -> ValueReport:
    """Values for a few achievements, so the manifest carries numbers and gaps."""
    estimates = {
        a.id: ValueEstimate(
            item_id=a.id, kind="achievement", value_usd_per_year=150_000.0 if i % 3 == 0 else None
        )
        for i, a in enumerate(sorted(portfolio.achievements, key=lambda a: a.id))
    }
    return ValueReport(estimates=estimates)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("search-cache")


@pytest.fixture(scope="session")
def cold(portfolio: Portfolio, values: ValueReport, cache_dir: Path):
    """The first build, on an empty cache: (index, embedder, cache)."""
    cache = Cache(cache_dir)
    embedder = Embedder(None, cache)
    index = build_search(portfolio, values, SearchSettings(), cache, embedder=embedder)
    return SimpleNamespace(index=index, embedder=embedder, cache=cache)


@pytest.fixture(scope="session")
def demo_index(cold) -> SearchIndex:
    return cold.index


@pytest.fixture(scope="session")
def demo_assets(demo_index: SearchIndex) -> dict[str, bytes]:
    """The browser's files compiled from the demo index (as render ships them)."""
    return compile_assets(demo_index, TEMPLATES / "search")


def search_page(portfolio: Portfolio, index: SearchIndex) -> str:
    """The HTML of search.md (its raw-HTML lines) in a bare document."""
    markdown = render(
        TEMPLATES,
        "pages/search.md.j2",
        e=SimpleNamespace(search=index),
        p=portfolio,
        profile=portfolio.profile,
        by_id={},
    )
    body = "\n".join(line for line in markdown.splitlines() if line.startswith("<"))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>'
        f"</head><body>{body}</body></html>"
    )


class _CspHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def search_site(
    tmp_path_factory: pytest.TempPathFactory,
    portfolio: Portfolio,
    demo_index: SearchIndex,
    demo_assets: dict[str, bytes],
) -> Iterator[str]:
    """URL of /search/ on a local server holding the compiled assets and the search page."""
    root = tmp_path_factory.mktemp("search-site")
    for path, data in demo_assets.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    (root / "search").mkdir()
    (root / "search" / "index.html").write_text(search_page(portfolio, demo_index))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_CspHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/search/"
    server.shutdown()
    server.server_close()


HEAVY = ("torch", "transformers", "sentence_transformers", "model2vec", "onnx")
_CHILD = """
import json, sys
from pathlib import Path
from builder.cache import Cache
from builder.models.portfolio import Portfolio
from builder.models.search_settings import SearchSettings
from builder.models.value import ValueReport
from builder.search.embed import Embedder
from builder.search.stage import build_search
p = Portfolio.model_validate_json(Path(sys.argv[1]).read_text())
c = Cache(Path(sys.argv[2])); e = Embedder(None, c)
build_search(p, ValueReport(), SearchSettings(), c, embedder=e)
heavy = sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)
print(json.dumps({"misses": c.misses, "texts": e.encoded_texts, "tokens": e.encoded_tokens,
                  "heavy": heavy}))
"""


def search_in_child(portfolio: Portfolio, cache_root: Path, scratch: Path) -> dict:
    """The search stage over `portfolio` in a fresh interpreter on the cache at `cache_root`:
    its cache misses, the texts and tokens it encoded, and which heavy libraries it imported."""
    saved = scratch / "portfolio.json"
    saved.write_text(portfolio.model_dump_json())
    root = Path(__file__).resolve().parents[2]
    args = [sys.executable, "-c", _CHILD, str(saved), str(cache_root), json.dumps(HEAVY)]
    out = subprocess.run(args, cwd=root, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
