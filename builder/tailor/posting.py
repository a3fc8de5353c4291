"""A posting as clean lines of Markdown-ish text, whatever was pasted: plain text, Markdown or
HTML (tags dropped by the standard library's HTML parser, one pass, no regex over markup),
capped in size, with notes saying what was done to it."""

import re
from html import unescape

MAX_CHARS = 100_000  # a long posting is ~10,000 characters; beyond this is not one posting
_LOOKS_HTML = re.compile(r"<(?:html|body|div|p|ul|ol|li|h[1-6]|br|span|strong|b|section)\b", re.I)
_BLOCKS = {"p", "div", "section", "article", "ul", "ol", "br", "tr", "table", "header", "footer"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head"}


_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")


def html_to_text(html: str) -> str:
    """Visible text, headings as '## ' lines and list items as '- ' lines, in one pass.

    Not html.parser: it rescans its buffer for every unclosed '<' (quadratic: minutes on
    100 KB of '<b '). Here each '<' jumps to the next '>', and once no '>' is left the rest
    is text, so every character is looked at a bounded number of times."""
    parts: list[str] = []
    lowered = html.lower()
    i, size = 0, len(html)
    while i < size:
        start = html.find("<", i)
        if start < 0:
            parts.append(_text(html[i:]))
            break
        parts.append(_text(html[i:start]))
        end = html.find(">", start)
        if end < 0:
            parts.append(_text(html[start:]))
            break
        i = end + 1
        name = _TAG_NAME.match(html, start, min(end + 1, start + 40))
        if name is None:
            continue  # a comment, a doctype or a stray '<'
        tag, closing = name.group(1).lower(), html[start + 1] == "/"
        if tag in _SKIPPED and not closing:
            close = lowered.find(f"</{tag}", i)
            i = size if close < 0 else close
        elif tag in _HEADINGS:
            parts.append("\n\n" if closing else "\n\n## ")
        elif tag == "li" and not closing:
            parts.append("\n- ")
        elif tag in _BLOCKS:
            parts.append("\n" if tag == "br" else "\n\n")
    return "".join(parts)


def _text(data: str) -> str:
    """Text between tags: entities decoded, its line breaks only spaces (HTML's own)."""
    return unescape(data).replace("\n", " ")


def clean_posting(raw: str) -> tuple[str, list[str]]:
    """The text to read, and notes for the report (truncation, HTML)."""
    notes = []
    if len(raw) > MAX_CHARS:
        notes.append(
            f"the posting has {len(raw):,} characters; only the first {MAX_CHARS:,} were read"
        )
        raw = raw[:MAX_CHARS]
    if _LOOKS_HTML.search(raw):
        raw = html_to_text(raw)
        notes.append("the posting was HTML: tags were removed and only the text was read")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip(), notes
