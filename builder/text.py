"""Text helpers every stage may use: figures, plain text from Markdown, escaping, slugs, titles.

A leaf (standard library only), so an enrich stage can format a figure the way the pages do
without importing the renderers.

Generated pages are Markdown, so HTML escaping is not enough: a PR title like
`[x](javascript:alert(1))` is harmless HTML but a live link once Markdown renders it. Every
untrusted string goes through `md_inline` (the `md` filter), which turns HTML and Markdown
syntax characters into entities that render as themselves.
"""

import html
import re

# --- Figures ------------------------------------------------------------------------------


def usd(value: float | None) -> str:
    """Dollars as the site writes a value estimate: $950, $208K, $1.50M."""
    if value is None:
        return "unquantified"
    if abs(value) >= 1_000_000:
        return f"${value / 1_000_000:,.2f}M"
    if abs(value) >= 10_000:
        return f"${value / 1000:,.0f}K"
    return f"${value:,.0f}"


def dollars(value: float) -> str:
    """Whole dollars with thousands separators: $1,234,567."""
    return f"${value:,.0f}"


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0.26) as a percentage ('26%')."""
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


# --- Plain text from Markdown -------------------------------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
# A sentence ends at . ! or ? before a capital, a digit, a quote or a bracket, so "e.g. the"
# and "974.7" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def plain(markdown: str | None) -> str:
    """Markdown prose as one plain line: links and images to their labels, no emphasis marks."""
    text = _LINK.sub(r"\1", markdown or "")
    text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


def sentences(markdown: str | None) -> list[str]:
    return [s for s in _SENTENCE_END.split(plain(markdown)) if s]


def first_sentence(markdown: str | None) -> str:
    parts = sentences(markdown)
    return parts[0] if parts else ""


# --- Escaping untrusted text for Markdown pages -------------------------------------------

_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#+!|~&\"'=$:]")


def md_inline(value: object) -> str:
    """Untrusted text as inert inline Markdown: one line, every syntax character escaped."""
    text = " ".join(str(value if value is not None else "").split())
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def md_block(value: object) -> str:
    """Untrusted multi-line text as inert Markdown paragraphs (line breaks kept)."""
    paragraphs = re.split(r"\n\s*\n", str(value if value is not None else "").strip())
    return "\n\n".join(md_inline(p) for p in paragraphs if p.strip())


def link(label: object, url: object) -> str:
    """An HTML link with escaped label and href; anything but http(s)/mailto stays plain text.

    The label goes through md_inline, not just html.escape: Markdown still parses the text
    between inline HTML tags, so `[x](javascript:...)` in a PR title would become a link."""
    text = md_inline(label)
    target = str(url or "").replace("|", "%7C")  # a bare | would split a Markdown table cell
    if not re.match(r"^(https?://|mailto:)", target, re.IGNORECASE):
        return text
    return f'<a href="{html.escape(target, quote=True)}">{text}</a>'


# --- Names --------------------------------------------------------------------------------


def slug(text: str, fallback: str, limit: int | None = None) -> str:
    """Lowercase letters and digits joined by '-', at most `limit` characters; `fallback` when
    nothing is left."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (out if limit is None else out[:limit]) or fallback


def page_title(markdown: str, path: str) -> str:
    """A page's first level-one heading, kept escaped (MkDocs puts nav titles into HTML as they
    are); without one, the file name ('model-card.md' -> 'Model Card')."""
    match = re.search(r"^# (.+)$", markdown, re.MULTILINE)
    if not match:
        return path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").title()
    return match.group(1).strip()
