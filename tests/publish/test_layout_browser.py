"""The built demo's layout in Chromium, at a laptop and a phone size, light and dark: no page
scrolls sideways, no table cell is squeezed, the desktop shows its navigation.

`open_page` and `LAYOUT_PAGES` are shared: checks of another kind (the charts' colours and
text sizes) loop over the same pages and viewports by calling them.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

pytestmark = pytest.mark.browser

LAYOUT_PAGES = (
    "",
    "achievements/",
    "achievements/vllm-serving-migration/",
    "achievements/aws-cost-reduction/",
    "impact/",
    "mlops/",
)
VIEWPORTS = {"laptop": (1366, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")
MIN_CELL_PX = 60

# Every rendered table cell narrower than the minimum, and cells whose content overflows them
# (a word too long for its cell would otherwise be broken letter by letter or spill out).
CELL_PROBE = """
(min) => [...document.querySelectorAll(".md-content table th, .md-content table td")]
  .filter(c => c.getClientRects().length > 0)
  .map(c => ({text: c.innerText.trim().slice(0, 40), width: c.getBoundingClientRect().width,
              overflow: c.scrollWidth - c.clientWidth}))
  .filter(c => c.width < min || c.overflow > 1)
"""


@contextmanager
def open_page(browser, url: str, viewport: str, scheme: str) -> Iterator:
    """A loaded page of the site at one viewport and colour scheme, closed afterwards."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_sideways_scroll_and_no_squeezed_cells(site_url: str, browser, viewport, scheme):
    problems = []
    for path in LAYOUT_PAGES:
        with open_page(browser, site_url + path, viewport, scheme) as page:
            scroll = page.evaluate("document.scrollingElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            if scroll > inner:
                problems.append(f"/{path}: page is {scroll}px wide in a {inner}px window")
            for cell in page.evaluate(CELL_PROBE, MIN_CELL_PX):
                problems.append(
                    f"/{path}: cell {cell['text']!r} is {cell['width']:.0f}px wide, "
                    f"content overflows by {cell['overflow']}px"
                )
    assert problems == [], "\n".join(problems)


def test_laptop_shows_the_navigation_tabs(site_url: str, browser) -> None:
    """At 1366 px the sections are tabs above the page (Material hides its sidebar on the home
    page, so without tabs the home page had no menu at all)."""
    with open_page(browser, site_url, "laptop", "light") as page:
        tabs = page.locator(".md-tabs__link")
        names = [t.strip() for t in tabs.all_inner_texts()]
        assert page.locator(".md-tabs").is_visible()
        assert {"Home", "Achievements", "Business impact", "MLOps"} <= set(names)
        assert "Interview pack" not in names  # private unless the settings publish it


def test_phone_lists_achievements_as_cards(site_url: str, browser) -> None:
    """Below 600 px each achievement row is a full-width card with labelled cells."""
    with open_page(browser, site_url + "achievements/", "phone", "light") as page:
        row = page.locator("table.showcase-cards tbody tr").first
        box = row.bounding_box()
        content = page.locator(".md-content").bounding_box()
        assert box is not None and content is not None
        assert box["width"] >= content["width"] * 0.8
        label = page.evaluate(
            "getComputedStyle(document.querySelector("
            "'table.showcase-cards td[data-label=\"Value per year\"]'), '::before').content"
        )
        assert "Value per year" in label
