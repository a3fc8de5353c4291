"""builder/text.py: figures, plain text from Markdown, escaping, slugs and page titles."""

import markdown

from builder.text import (
    dollars,
    first_sentence,
    link,
    md_block,
    md_inline,
    number,
    page_title,
    percent,
    plain,
    sentences,
    slug,
    usd,
)

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


def test_dollars_percent_number() -> None:
    assert dollars(1_234_567.4) == "$1,234,567"
    assert (percent(0.264), percent(0.264, 1), percent(None)) == ("26%", "26.4%", "n/a")
    assert (number(1234.5), number(2, 0), number(None)) == ("1,234.50", "2", "n/a")


def test_plain_keeps_link_labels_and_drops_emphasis() -> None:
    assert plain("Cut **p95** by [half](https://x.org) with `vLLM`  ![chart](c.png)") == (
        "Cut p95 by half with vLLM chart"
    )
    assert plain(None) == ""


def test_sentences_split_before_a_capital_or_digit_only() -> None:
    text = "Cut latency, e.g. the p95, to 974.7 ms. 3 teams use it! Done"
    assert sentences(text) == ["Cut latency, e.g. the p95, to 974.7 ms.", "3 teams use it!", "Done"]
    assert first_sentence("") == ""


def test_slug() -> None:
    assert slug("GPU, scheduling & queues", fallback="theme") == "gpu-scheduling-queues"
    assert slug("!!!", fallback="role") == "role"
    assert slug("a" * 70, fallback="x", limit=60) == "a" * 60


def test_page_title_is_the_first_heading_else_the_file_name() -> None:
    assert page_title("intro\n# Model &#60;card&#62;\n# Other", "mlops/x.md") == (
        "Model &#60;card&#62;"
    )
    assert page_title("no heading", "mlops/model-card.md") == "Model Card"
