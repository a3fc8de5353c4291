"""builder/render/search_pages.py and the related-achievements partial (no model needed)."""

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

from builder.models.achievement import Achievement
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.search import (
    Bm25Index,
    BrowserSearch,
    ProductCodes,
    QuantizedRows,
    Scores,
    SearchIndex,
    SearchQuality,
    Theme,
)
from builder.models.value import ValueEstimate, ValueReport
from builder.render import search_pages
from builder.render.templates import render
from builder.search.client import DEFAULT_RULE

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


def achievement(id_: str, title: str) -> Achievement:
    return Achievement(id=id_, title=title, date=dt.date(2025, 3, 1), summary=f"About {title}.")


PORTFOLIO = Portfolio(
    profile=Profile(name="Sam", headline="MLOps", target_roles=["MLOps engineer"]),
    achievements=(
        achievement("batching", "Request batching"),
        achievement("aws", "AWS bill [x](javascript:alert(1))"),
        achievement("runbooks", "Runbooks"),
    ),
    pull_requests=(),
)
INDEX = SearchIndex(
    related={"batching": ("aws", "runbooks"), "aws": ("batching",), "runbooks": ()},
    themes=(
        Theme(
            id="serving-latency",
            label="Serving, latency <b>",
            terms=("serving", "latency"),
            members=("batching", "runbooks"),
        ),
        Theme(id="cost", label="Cost", terms=("cost",), members=("aws",)),
    ),
    browser=BrowserSearch(
        docs=(),
        lexical=Bm25Index(k1=1.2, b=0.75, stopwords=(), lengths=(), postings={}),
        fusion=DEFAULT_RULE.applied(semantic_floor=0.3),
        vectors=QuantizedRows(dims=0, scales=(), codes=()),
        tokens=(),
        table=ProductCodes(dims=0, subspaces=0, scales=(), centroids=(), codes=()),
    ),
    quality=SearchQuality(
        queries=12,
        full_model=Scores(recall_at_5=0.9, mrr=0.8123, ndcg_at_10=0.85),
        browser=Scores(recall_at_5=0.85, mrr=0.7777, ndcg_at_10=0.8),
        lexical=Scores(recall_at_5=0.7, mrr=0.6543, ndcg_at_10=0.7),
    ),
)
VALUES = ValueReport(
    estimates={"aws": ValueEstimate(item_id="aws", kind="achievement", value_usd_per_year=150000)}
)


def enriched(index: SearchIndex = INDEX) -> SimpleNamespace:
    return SimpleNamespace(search=index, portfolio=PORTFOLIO, values=VALUES)


def test_pages_are_the_search_page_the_themes_index_and_one_per_theme():
    pages = search_pages.pages(enriched(), TEMPLATES)
    assert sorted(pages) == [
        "match.md",
        "search.md",
        "themes/cost.md",
        "themes/index.md",
        "themes/serving-latency.md",
    ]


def test_no_pages_when_search_is_off():
    assert search_pages.pages(enriched(SearchIndex()), TEMPLATES) == {}


def test_search_page_is_accessible_and_loads_its_script_from_a_file():
    page = search_pages.pages(enriched(), TEMPLATES)["search.md"]
    assert '<label for="showcase-search-input">Search 3 achievements</label>' in page
    assert 'role="combobox"' in page and 'role="listbox"' in page
    assert 'role="status" aria-live="polite"' in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="../assets/search/search.js" defer>']
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert "| 0.778 | 85% |" in page and "| 0.812 | 90% |" in page and "| 0.654 | 70% |" in page
    assert "12 queries" in page


def test_match_page_is_a_labelled_form_with_a_live_region_and_its_script_from_a_file():
    page = search_pages.pages(enriched(), TEMPLATES)["match.md"]
    assert '<label for="showcase-match-input">Job posting</label>' in page
    assert '<textarea id="showcase-match-input"' in page and '<button type="submit"' in page
    assert 'id="showcase-match-status" class="showcase-match-status" role="status"' in page
    assert "over this site's\n3 achievements: the posting is never sent anywhere" in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="../assets/search/match.js" defer>']
    assert not re.search(r"\son[a-z]+=", page)
    search = search_pages.pages(enriched(), TEMPLATES)["search.md"]
    assert "[Match a job posting](match.md)" in search


def test_theme_pages_link_members_and_escape_labels():
    pages = search_pages.pages(enriched(), TEMPLATES)
    index = pages["themes/index.md"]
    assert "[Serving, latency &#60;b&#62;](serving-latency.md)" in index
    assert "[Request batching](../achievements/batching.md)" in index
    theme = pages["themes/cost.md"]
    assert "](javascript" not in theme and "&#91;x&#93;&#40;javascript&#58;alert" in theme
    assert "$150K a year" in theme


def test_related_partial_links_sibling_pages_and_the_theme():
    out = render(
        TEMPLATES,
        "partials/achievement_related.md.j2",
        e=enriched(),
        a=PORTFOLIO.achievement("batching"),
        p=PORTFOLIO,
        profile=PORTFOLIO.profile,
    )
    assert "## Related achievements" in out
    assert "- [AWS bill &#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;](aws.md)" in out
    assert "- [Runbooks](runbooks.md)" in out
    assert "Part of the theme [Serving, latency &#60;b&#62;](../themes/serving-latency.md)." in out
    none = render(
        TEMPLATES,
        "partials/achievement_related.md.j2",
        e=enriched(SearchIndex()),
        a=PORTFOLIO.achievement("runbooks"),
        p=PORTFOLIO,
        profile=PORTFOLIO.profile,
    )
    assert none.strip() == ""
