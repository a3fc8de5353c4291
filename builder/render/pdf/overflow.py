"""Text that does not fit its page, read from WeasyPrint's own layout boxes.

WeasyPrint never clips: a block too tall for its page continues on a new page, and a word too
long for its line runs past the right edge. So a slide that does not fit shows up as more
pages than slides, or as a text box outside the page's content area. Checking the layout
boxes (rather than extracted PDF text) gives exact positions and needs no second parser.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import Document

# Sub-point rounding in the layout is not overflow.
_TOLERANCE = 0.5


def overflow(document: "Document", expected_pages: int | None = None) -> list[str]:
    """One sentence per problem: pages beyond `expected_pages`, and every piece of text that
    lies outside its page's content box (the margin boxes, footers, are left out)."""
    from weasyprint.formatting_structure import boxes

    problems = []
    if expected_pages is not None and len(document.pages) != expected_pages:
        problems.append(f"{len(document.pages)} pages for {expected_pages} slides")
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        right, bottom = left + box.width, top + box.height
        for child in box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for text in (b for b in child.descendants() if isinstance(b, boxes.TextBox)):
                x, y = text.position_x, text.position_y
                if (
                    x < left - _TOLERANCE
                    or y < top - _TOLERANCE
                    or x + text.width > right + _TOLERANCE
                    or y + text.height > bottom + _TOLERANCE
                ):
                    problems.append(f"page {number}: '{text.text[:40]}' lies outside the page")
    return problems
