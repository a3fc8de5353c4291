"""The Jinja2 environment for generated pages, with escaping filters for untrusted text.

Generated pages are Markdown, so autoescape (HTML-only) is not enough: a PR title like
`[x](javascript:alert(1))` is harmless HTML but a live link once Markdown renders it. Every
untrusted string goes through `md` (or `md_inline`), which turns HTML and Markdown syntax
characters into entities that render as themselves.
"""

import html
import re
from functools import cache
from pathlib import Path

import jinja2

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


def usd(value: float | None) -> str:
    if value is None:
        return "unquantified"
    if abs(value) >= 1_000_000:
        return f"${value / 1_000_000:,.2f}M"
    if abs(value) >= 10_000:
        return f"${value / 1000:,.0f}K"
    return f"${value:,.0f}"


def percent(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


@cache
def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown; escaping is explicit via md / md_inline
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md_inline, md_block=md_block, usd=usd, percent=percent, number=number, link=link
    )
    return env


def render(templates_dir: Path, name: str, **context: object) -> str:
    return environment(templates_dir).get_template(name).render(**context)
