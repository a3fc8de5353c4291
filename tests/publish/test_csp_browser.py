"""The policy in Chromium: the theme's own inline code runs; a script outside the allow-list,
a script in the content and a crafted style attribute never take effect."""

import pytest

from builder.publish.csp import apply_csp
from tests.publish.test_csp import TARGET

pytestmark = pytest.mark.browser

OVERLAY = "position:fixed;top:0;left:0;width:100vw;height:100vh"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<script>{theme}</script><script>window.notTheme = 1;</script></head><body>
<a id="overlay" href="https://evil.example/" style="{overlay}">x</a>
<table><tr><td id="cell" style="text-align: right;">1</td></tr></table>
<article class="md-content__inner"><p>x</p>{injected}</article></body></html>"""


def test_theme_script_runs_and_nothing_else_inline_does(browser) -> None:
    # Injected before the policy is computed (the worst case: it is in the built page).
    html = apply_csp(
        PAGE.format(
            theme=TARGET,
            overlay=OVERLAY,
            injected='<script>window.injected = 1;</script><img src=x onerror="window.img=1">',
        )
    )
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
    try:
        page.set_content(html)
        assert page.evaluate("'target' in window")  # the theme script declared it
        assert page.evaluate("typeof window.notTheme") == "undefined"
        assert page.evaluate("typeof window.injected") == "undefined"
        assert page.evaluate("typeof window.img") == "undefined"
        position = "getComputedStyle(document.getElementById('overlay')).position"
        assert page.evaluate(position) == "static"
        cell = "getComputedStyle(document.getElementById('cell')).textAlign"
        assert page.evaluate(cell) == "right"
        assert any("Content Security Policy" in v for v in violations)
    finally:
        page.close()
