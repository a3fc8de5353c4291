"""The policy in Chromium: Material-style inline code runs, an injected script never does."""

import pytest

from builder.publish.csp import apply_csp

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<script>window.allowed = 1;</script></head><body>
<article class="md-content__inner"><p>x</p>{injected}</article></body></html>"""


def test_theme_script_runs_and_scripts_in_the_content_never_do(browser) -> None:
    # Injected before the policy is computed (the worst case: it is in the built page).
    html = apply_csp(
        PAGE.format(
            injected='<script>window.injected = 1;</script><img src=x onerror="window.img=1">'
        )
    )
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
    try:
        page.set_content(html)
        assert page.evaluate("window.allowed") == 1
        assert page.evaluate("typeof window.injected") == "undefined"
        assert page.evaluate("typeof window.img") == "undefined"
        assert any("Content Security Policy" in v for v in violations)
    finally:
        page.close()
