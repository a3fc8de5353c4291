"""HTML templates to PDF bytes with WeasyPrint: escaped, offline, byte-for-byte reproducible.

The PDF templates are HTML, so unlike the Markdown pages they get Jinja's autoescape: every
field is HTML-escaped unless a template marks it safe (only our own SVG charts are).
WeasyPrint may fetch nothing: the url fetcher refuses every URL except inline data, so a
hostile string can never make a build reach the network or read a local file.
"""

import hashlib
import json
import logging
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from builder import memo
from builder.render.pdf.overflow import overflow
from builder.templating import environment

if TYPE_CHECKING:
    from weasyprint import Document

# WeasyPrint reports every layout step at INFO, starting while it is imported (which is why
# it is imported inside the functions below); a build log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_html(templates_dir: Path, name: str, **context: object) -> str:
    env = environment(templates_dir, autoescape=True, keep_trailing_newline=False)
    return env.get_template(name).render(**context)


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict:
    from weasyprint.urls import URLFetchingError, default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    raise URLFetchingError(f"PDF templates may not load external resources: {url[:80]}")


def layout(html: str) -> "Document":
    """Lay the HTML out into pages (no bytes yet: callers count pages and look at anchors)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).render()


def to_bytes(document: "Document", html: str) -> bytes:
    """PDF bytes with a content-derived identifier and no creation date, so the same HTML
    always gives the same file. Tagged, so screen readers and ATS parsers get structure."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_identifier=identifier, pdf_tags=True)


# The last few layouts of this process: pdf() of an HTML that pages() just measured reuses its
# layout instead of laying it out again.
_recent: "OrderedDict[str, Document]" = OrderedDict()


def _laid_out(html: str) -> "Document":
    if html not in _recent:
        _recent[html] = layout(html)
        while len(_recent) > 4:
            _recent.popitem(last=False)
    return _recent[html]


def pages(html: str, expected: int | None = None) -> tuple[int, list[str]]:
    """The page count of `html` laid out, and its overflow problems (see overflow.py) when
    `expected` pages are asked for; remembered between builds (builder/memo.py)."""

    def measure() -> bytes:
        document = _laid_out(html)
        problems = overflow(document, expected) if expected is not None else []
        return json.dumps([len(document.pages), problems]).encode()

    measured = memo.remember("pdf-pages", "weasyprint", [html, expected], measure)
    count, problems = json.loads(measured)
    return count, problems


def pdf(html: str) -> bytes:
    """The PDF of `html` (to_bytes of its layout), remembered between builds."""
    return memo.remember("pdf", "weasyprint", html, lambda: to_bytes(_laid_out(html), html))
