"""builder/render/csp.py: a policy that lets exactly the page's own code run."""

import base64
import hashlib
import re

import pytest

from builder.publish.csp import apply_csp, policy, source_hash

MATERIAL_LIKE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width">
    <title>T</title>
    <link rel="stylesheet" href="assets/main.css">
    <script>__md_scope=new URL(".",location)</script>
    <style>.x{color:red}</style>
  </head>
  <body>
    <article class="md-content__inner md-typeset">
      <p style="color: &quot;blue&quot;">Hi</p>
      <article><script>smuggled()</script></article>
      <script>alsoSmuggled()</script>
    </article>
    <script>var target=document.getElementById(location.hash.slice(1))</script>
    <script id="__config" type="application/json">{"base": "."}</script>
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
    theme = [
        sha('__md_scope=new URL(".",location)'),
        sha("var target=document.getElementById(location.hash.slice(1))"),
    ]
    assert found["script-src"] == ["'self'", *sorted(theme)]
    assert found["default-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["img-src"] == ["'self'", "data:"]


def test_scripts_in_the_page_content_and_data_scripts_get_no_hash() -> None:
    text = policy(MATERIAL_LIKE)
    assert sha("smuggled()") not in text
    assert sha("alsoSmuggled()") not in text
    assert sha('{"base": "."}') not in text


def test_styles_are_allowed_by_hash_with_unsafe_hashes_only_for_attributes() -> None:
    found = directives(apply_csp(MATERIAL_LIKE))
    assert found["style-src"] == [
        "'self'",
        sha(".x{color:red}"),
        "'unsafe-hashes'",
        sha('color: "blue"'),
    ]
    without = MATERIAL_LIKE.replace(' style="color: &quot;blue&quot;"', "")
    assert "'unsafe-hashes'" not in directives(apply_csp(without))["style-src"]


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
