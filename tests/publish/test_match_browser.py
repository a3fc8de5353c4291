"""The /match/ page of the built demo in Debian's Chromium: a pasted posting read exactly as
`showcase tailor` reads it, answered with named evidence and an honest coverage line, with
no request leaving the site and nothing of the posting ever becoming markup."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from builder.load.skills import load_vocabulary
from builder.tailor.extract import read_posting
from builder.tailor.skills import SkillMatcher
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

POSTINGS = ROOT / "benchmarks" / "devsets" / "postings"
INFERENCE = POSTINGS / "07-llm-engineer-inference.md"
HOSTILE = (
    "# Platform engineer\n\n## Requirements\n\n"
    '- Kubernetes in production <img src=x onerror="window.__pwned=1">\n'
    "- Terraform for AWS <script>window.__pwned=2</script>\n"
    '- Python <a href="javascript:window.__pwned=3">services</a>\n'
)


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return SkillMatcher.from_vocabulary(load_vocabulary(ROOT / "achievements", ROOT))


@pytest.fixture
def page(browser, site_url: str):
    """/match/ in a fresh tab, every request and script error recorded."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.requests, page.problems = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.goto(site_url + "match/", wait_until="load")
    yield page
    context.close()


def submit(page, text: str) -> None:
    page.fill("#showcase-match-input", text)
    page.click("#showcase-match-form button[type=submit]")
    page.wait_for_selector("#showcase-match-results h2#showcase-match-coverage")


def test_a_dev_posting_gets_named_evidence_and_its_coverage(page, site_url, matcher) -> None:
    text = INFERENCE.read_text("utf-8")
    page.wait_for_load_state("networkidle")
    assert not any(u.endswith(("match.json", "vectors.bin")) for u in page.requests)
    page.focus("#showcase-match-input")  # the match data and vectors load on first use
    submit(page, text)
    requirements = page.locator(".showcase-match-requirements > li")
    texts = requirements.locator(".showcase-match-requirement").all_inner_texts()
    batching = next(i for i, t in enumerate(texts) if t.startswith("Improve throughput"))
    titles = requirements.nth(batching).locator(".showcase-match-evidence a").all_inner_texts()
    assert "Migrated chat model serving to vLLM" in titles
    first = requirements.nth(batching).locator(".showcase-match-evidence").first
    assert (
        first.locator("a").get_attribute("href").endswith("/achievements/vllm-serving-migration/")
    )
    assert first.locator(".showcase-match-strength").inner_text().lower() in ("strong", "moderate")
    assert first.locator(".showcase-match-support").inner_text().strip()

    # the coverage line counts what the page lists, over the requirements the CLI reads
    posting = read_posting(text, matcher)
    summary = page.locator(".showcase-match-summary").inner_text()
    found = re.match(
        r"(\d+) of (\d+) requirements have evidence \((\d+) strong\); (\d+) gaps?\.", summary
    )
    assert found, summary
    covered, total, strong, gaps = map(int, found.groups())
    assert total == len(posting.requirements)
    assert covered == requirements.count() and covered + gaps == total
    gap_items = page.locator(".showcase-match-gaps > li").all_inner_texts()
    assert sum("never mentioned" not in g for g in gap_items) == gaps
    badges = page.locator(".showcase-match-requirements > li").evaluate_all(
        "items => items.map(li => li.querySelector('.showcase-match-strength').textContent)"
    )
    assert badges.count("strong") == strong
    must = sum(r.must_have for r in posting.requirements)
    assert f"of {must} covered" in summary
    assert (
        page.locator("#showcase-match-status[role=status][aria-live=polite]").text_content()
        == summary
    )

    origin = site_url.rstrip("/")
    assert any(u.endswith("assets/search/match.json") for u in page.requests)
    assert any(u.endswith("assets/search/vectors.bin") for u in page.requests)
    foreign = [
        u for u in page.requests if urlparse(u).scheme != "data" and not u.startswith(origin)
    ]
    assert foreign == [] and page.problems == []


def test_keyboard_and_screen_reader_use(page) -> None:
    assert page.locator("label[for=showcase-match-input]").count() == 1
    box = page.locator("#showcase-match-input")
    box.focus()
    box.fill("## Requirements\n\n- Kubernetes and Terraform in production\n- Python")
    box.press("Control+Enter")
    page.wait_for_selector("#showcase-match-coverage")
    assert page.evaluate("() => document.activeElement.id") == "showcase-match-coverage"
    headings = page.locator("#showcase-match-results h2").all_inner_texts()
    assert headings[0] == "Coverage" and "Must-have requirements" in headings
    assert "2 requirements" in page.locator("#showcase-match-status").text_content()


def test_a_hostile_posting_creates_no_element(page) -> None:
    before = page.evaluate("() => document.querySelectorAll('img, script, iframe').length")
    submit(page, HOSTILE)
    results = page.locator("#showcase-match-results")
    assert results.locator("img, script, iframe").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img, script, iframe').length") == before
    assert page.evaluate("() => window.__pwned === undefined")
    assert "<img src=x onerror=" in results.inner_text()  # shown as text, never parsed
    hrefs = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith("http://127.0.0.1") for h in hrefs)


def test_the_page_reads_postings_exactly_as_the_cli(page, matcher) -> None:
    """Every dev posting, an HTML one, a long line of '#' and another language: the
    requirements and their must-have flags are the reader's own (builder/tailor/extract.py)."""
    texts = [p.read_text("utf-8") for p in sorted(POSTINGS.glob("*.md"))]
    texts += [
        "<html><body><h2>Requirements</h2><ul><li>Kubernetes &amp; Helm</li>"
        "<li>Python, ideally FastAPI</li></ul><script>x()</script></body></html>",
        "# Role\n\n## Must have\n\n# a" + "#" * 50_000 + "x\n- Terraform",
        "# Ingeniera de datos\n\n## Requisitos\n\n- Experiencia con Kubernetes y Python en "
        "producción durante varios años con los equipos de la empresa\n" * 3,
    ]
    for text in texts:
        got = page.evaluate("(t) => window.showcaseMatch.readPosting(t)", text)
        want = read_posting(text, matcher)
        assert [(r["text"], r["must"]) for r in got["requirements"]] == [
            (r.text, r.must_have) for r in want.requirements
        ], text[:60]
        assert [r["skills"] for r in got["requirements"]] == [
            list(r.skills) for r in want.requirements
        ]


def test_a_megabyte_posting_is_cut_with_a_note(page, matcher) -> None:
    line = "- Kubernetes and Python in production\n"
    head = "# Role\n\n## Requirements\n"
    report = page.evaluate(
        "([head, line]) => window.showcaseMatch.matchPosting(head + line.repeat(27000))",
        [head, line],
    )
    assert len(head + line * 27000) > 1_000_000
    assert any("only the first 100,000 were read" in n for n in report["notes"])
    # each text once, the line cut at the limit included, exactly as the CLI reads it
    want = read_posting(head + line * 27000, matcher).requirements
    assert [m["requirement"]["text"] for m in report["matches"]] == [r.text for r in want]
    assert report["matches"][0]["requirement"]["text"] == "Kubernetes and Python in production"
    empty = page.evaluate("() => window.showcaseMatch.matchPosting('   ')")
    assert empty["empty"] and empty["matches"] == []


def test_match_data_carries_only_public_achievements(demo_site: Path) -> None:
    import yaml

    raw = (demo_site / "assets/search/match.json").read_text("utf-8")
    data = json.loads(raw)
    index = json.loads((demo_site / "assets/search/index.json").read_text("utf-8"))
    assert len(data["docs"]) == len(index["docs"])  # aligned with the search's documents
    hidden = [yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / "achievements").glob("*.yml")]
    hidden = [a for a in hidden if isinstance(a, dict) and (a.get("private") or a.get("draft"))]
    assert hidden, "the demo should keep a private achievement"
    for achievement in hidden:
        assert achievement["id"] not in {d["id"] for d in index["docs"]}
        assert achievement["title"] not in raw
        assert " ".join(achievement["summary"].split())[:60] not in raw
