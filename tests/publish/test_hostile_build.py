"""A build over hostile PR exports and achievement text completes, and nothing of it runs."""

import re
from pathlib import Path

import pytest

from tests.publish.publish_browser import new_context, site_pages, visit
from tests.publish.publish_pdf_text import link_targets

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def hostile_pages(site: Path) -> list[str]:
    """Pages that carry some of the hostile text (plus the home page and the search page)."""
    pages = []
    for path in site_pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        if path in ("", "search/") or re.search(r"pwned|alert|hostile", html):
            pages.append(path)
    return pages


def test_nothing_from_the_hostile_data_executes(hostile_site: Path, hostile_url: str, browser):
    pages = hostile_pages(hostile_site)
    assert "achievements/hostile-input/" in pages
    context = new_context(browser)
    try:
        visits = [visit(context, hostile_url, path) for path in pages]
        # Both searches render results from their indexes: query the payloads in each.
        page = context.new_page()
        page.goto(hostile_url + "search/", wait_until="load")
        for query in ("script", "pwned", "javascript alert", "onerror"):
            page.fill("article input[type=search]", query)
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("s")  # Material's shortcut opens its search
        for query in ("script", "pwned", "javascript", "onerror"):
            page.fill("input[data-md-component=search-query]", query)
            page.wait_for_timeout(400)
        ran = page.evaluate("[window.__dialogs, window.__pwned === undefined]")
        page.close()
    finally:
        context.close()
    executed = [e for v in visits for e in v.executed()]
    assert executed == [], "\n".join(executed)
    assert ran == [[], True]
    problems = [p for v in visits for p in v.problems()]
    assert problems == [], "\n".join(problems)


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    html = (hostile_site / "achievements" / "hostile-input" / "index.html").read_text()
    assert "<script>window.__pwned" not in html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert "&lt;script&gt;" in html or "&#60;script&#62;" in html


def test_pdfs_over_hostile_data_hold_no_live_script_link(hostile_site: Path) -> None:
    for name in ("resume.pdf", "pitch.pdf"):
        pdf = (hostile_site / "downloads" / name).read_bytes()
        assert b"/JavaScript" not in pdf and b"/JS " not in pdf
        assert not any(t.lower().startswith("javascript:") for t in link_targets(pdf))
