"""The header's search box on the built demo site, in Debian's Chromium: it runs our search
(not Material's lunr), every page stays light, and Material's search index is never fetched."""

import gzip

import pytest

from builder.search.client import BrowserIndex

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_BUDGET = 150 * 1024  # gzip bytes a page may transfer on load


def wait_until(page, condition: str, timeout: float = 20.0) -> None:
    deadline = page.evaluate("() => performance.now()") + timeout * 1000
    while not page.evaluate(condition):
        assert page.evaluate("() => performance.now()") < deadline, f"timed out: {condition}"
        page.wait_for_timeout(50)


def options(page) -> list[str]:
    return page.locator("#showcase-header-results [role=option] a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def settled(page) -> None:
    wait_until(
        page,
        "() => { const s = document.getElementById('showcase-header-status').textContent;"
        " return s && !s.includes('loading'); }",
    )


@pytest.fixture
def home(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(site_url)
    yield page
    context.close()


def test_every_page_loads_light_and_never_fetches_materials_index(browser, site_url, demo_site):
    pages = sorted(p.relative_to(demo_site) for p in demo_site.rglob("index.html"))
    assert len(pages) > 10
    context = browser.new_context()
    heaviest = (0, "")
    for path in pages:
        page = context.new_page()
        responses: list = []
        page.on("response", lambda r, seen=responses: seen.append(r))
        page.goto(site_url + path.parent.as_posix() + "/", wait_until="load")
        page.wait_for_load_state("networkidle")
        # each response's size as a gzip-serving host would send it
        bodies = [(r.url, r.body()) for r in responses if r.status == 200]
        urls = [r.url for r in responses]
        assert not any("search_index" in url or "/workers/search" in url for url in urls), path
        assert not any(url.endswith((".bin", "vocab.txt")) for url in urls), path
        size = sum(len(gzip.compress(body, 6, mtime=0)) for _, body in bodies)
        heaviest = max(heaviest, (size, str(path)))
        page.close()
    context.close()
    assert heaviest[0] <= PAGE_BUDGET, f"{heaviest[1]} transfers {heaviest[0]:,} B gzip"


def test_header_box_answers_with_our_ranking(home, demo_site):
    box = home.locator("#showcase-header-input")
    assert box.get_attribute("role") == "combobox"
    assert home.locator("#showcase-header-status[aria-live=polite]").count() == 1
    assert home.locator("form[name=search], [data-md-component=search]").count() == 0
    box.focus()
    box.type("cut cloud costs")
    settled(home)
    ours = home.evaluate("() => window.showcaseSearch('cut cloud costs', 6)")
    shown = options(home)
    assert [home.evaluate("(h) => new URL(h, location.href).href", h) for h in shown] == [
        r["url"] for r in ours
    ]
    assert ours[0]["id"] == "aws-cost-reduction"
    assert home.locator("#showcase-header-results mark").count() > 0
    assert home.problems == []


def test_enter_opens_the_first_result(home):
    box = home.locator("#showcase-header-input")
    box.focus()
    box.type("coaching junior colleagues")
    settled(home)
    box.press("Enter")
    home.wait_for_url("**/achievements/mentoring-engineers/")


def test_exact_title_comes_first_and_nonsense_finds_nothing(home, demo_index):
    port = BrowserIndex(demo_index.browser)
    title = demo_index.browser.docs[3].title
    found = home.evaluate("(q) => window.showcaseSearch(q, 5)", title)
    assert found[0]["id"] == demo_index.browser.docs[3].id == port.ids(port.search(title))[0]
    box = home.locator("#showcase-header-input")
    box.focus()
    box.type("asdkjh qwzx")
    settled(home)
    assert options(home) == []
    assert "No results" in home.locator("#showcase-header-status").inner_text()
    assert home.locator("#showcase-header-extra a").count() > 0
