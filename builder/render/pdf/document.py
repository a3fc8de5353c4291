"""HTML templates to PDF bytes with WeasyPrint: escaped, offline, byte-for-byte reproducible.

The PDF templates are HTML, so unlike the Markdown pages they get Jinja's autoescape: every
field is HTML-escaped unless a template marks it safe (only our own SVG charts are).
WeasyPrint may fetch nothing: the url fetcher refuses every URL except inline data, so a
hostile string can never make a build reach the network or read a local file.
"""

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

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
