"""Untrusted text is inert wherever it lands in a generated Markdown page."""

import markdown

from builder.render.templates import link, md_block, md_inline, usd

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**bold** `code` | pipe",
    "{: onclick=alert(1) }",
]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])


def test_hostile_text_renders_as_text() -> None:
    for text in HOSTILE:
        html = render(md_inline(text))
        assert "<script" not in html and "<img" not in html and "<a " not in html
        assert "<strong>" not in html and "onclick=" not in html and "onerror=" not in html


def test_md_block_keeps_paragraphs() -> None:
    assert md_block("one\ntwo\n\n three ") == "one two\n\nthree"


def test_link_only_for_safe_schemes() -> None:
    assert link("x", "javascript:alert(1)") == "x"
    assert link("[x](y)", "https://e.org/a|b") == (
        '<a href="https://e.org/a%7Cb">&#91;x&#93;&#40;y&#41;</a>'
    )


def test_usd() -> None:
    assert (usd(None), usd(950), usd(208000), usd(1_500_000)) == (
        "unquantified",
        "$950",
        "$208K",
        "$1.50M",
    )
