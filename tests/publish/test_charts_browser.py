"""The built demo's charts in Chromium, at a laptop and a phone size, light and dark: a chart
is never a light box on the dark page, its text is at least 11 px as displayed (font size
times the SVG's scale on screen) and reads against the page, and it never widens the page."""

import pytest

from tests.publish.test_layout_browser import LAYOUT_PAGES, SCHEMES, VIEWPORTS, open_page

pytestmark = pytest.mark.browser

CHART_PAGES = (*LAYOUT_PAGES, "mlops/drift/", "mlops/experiments/")
MUST_HAVE_CHARTS = ("impact/", "mlops/", "mlops/drift/")
MIN_TEXT_PX = 11
MIN_TEXT_CONTRAST = 4.5  # WCAG AA for text this size

# For every chart drawing on screen: its effective background (a painted background rect of
# the SVG, else the first opaque background of it or an ancestor), the page's background, and
# each text's displayed size and colour (its fill blended over the chart's background).
CHART_PROBE = """
() => {
  const parse = s => {
    const m = /rgba?\\(([^)]+)\\)/.exec(s || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (c, bg) => ({r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a),
                           b: c.b * c.a + bg.b * (1 - c.a), a: 1});
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const backdrop = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const page = backdrop(document.body);
  return [...document.querySelectorAll("figure.showcase-chart svg")]
    .filter(svg => svg.getClientRects().length > 0)
    .map((svg, index) => {
      let bg = backdrop(svg.parentElement);
      const painted = [svg.querySelector(":scope > rect"),
                       svg.querySelector(".role-frame > g > path.background")];
      for (const el of painted) {
        const c = el && parse(getComputedStyle(el).fill);
        if (c && c.a > 0) { bg = over(c, bg); break; }
      }
      const texts = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim())
        .map(t => {
          const m = t.getScreenCTM();
          const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
          const fill = over(parse(getComputedStyle(t).fill) || {r: 0, g: 0, b: 0, a: 1}, bg);
          const [hi, lo] = [lum(fill), lum(bg)].sort((x, y) => y - x);
          return {text: t.textContent.slice(0, 30), px, contrast: (hi + 0.05) / (lo + 0.05)};
        });
      const figure = svg.closest("figure");
      return {index, label: (svg.getAttribute("aria-label") || "").slice(0, 50),
              chartLum: lum(bg), pageLum: lum(page), texts,
              figureFits: figure.getBoundingClientRect().right <= window.innerWidth + 0.5,
              drawingFits: svg.getBoundingClientRect().width <= figure.clientWidth + 0.5};
    });
}
"""


def chart_problems(page, path: str, scheme: str) -> list[str]:
    problems = []
    for chart in page.evaluate(CHART_PROBE):
        where = f"/{path} chart {chart['index']} ({chart['label']})"
        if scheme == "dark" and chart["chartLum"] > chart["pageLum"] + 0.005:
            problems.append(
                f"{where}: background luminance {chart['chartLum']:.3f} on a page of "
                f"{chart['pageLum']:.3f}"
            )
        if not chart["figureFits"]:
            problems.append(f"{where}: the figure runs past the window")
        if not chart["drawingFits"]:
            problems.append(f"{where}: the drawing is wider than its figure (it scrolls)")
        small = [t for t in chart["texts"] if t["px"] < MIN_TEXT_PX]
        faint = [t for t in chart["texts"] if t["contrast"] < MIN_TEXT_CONTRAST]
        if small:
            problems.append(f"{where}: {len(small)} texts below {MIN_TEXT_PX}px: {small[:3]}")
        if faint:
            problems.append(f"{where}: {len(faint)} texts below contrast: {faint[:3]}")
        if not chart["texts"]:
            problems.append(f"{where}: no text at all")
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_charts_follow_the_palette_and_stay_readable(site_url: str, browser, viewport, scheme):
    problems, counted = [], {}
    for path in CHART_PAGES:
        with open_page(browser, site_url + path, viewport, scheme) as page:
            counted[path] = len(page.evaluate(CHART_PROBE))
            problems += chart_problems(page, path, scheme)
    assert problems == [], "\n".join(problems)
    # the checks above saw real charts: the dashboards draw one per figure, never both drawings
    for path in MUST_HAVE_CHARTS:
        assert counted[path] >= 1, f"/{path} shows no chart"


def test_a_phone_gets_the_narrow_drawing_and_a_laptop_the_wide_one(site_url: str, browser):
    shown = {}
    for viewport in VIEWPORTS:
        with open_page(browser, site_url + "impact/", viewport, "light") as page:
            shown[viewport] = page.evaluate(
                "[...document.querySelectorAll('figure.showcase-chart svg')]"
                ".filter(s => s.getClientRects().length).map(s => s.getAttribute('class'))"
            )
    assert shown["phone"] and set(shown["phone"]) == {"showcase-chart__phone"}
    assert shown["laptop"] and set(shown["laptop"]) == {"showcase-chart__wide"}
    assert len(shown["phone"]) == len(shown["laptop"])
