"""A Content-Security-Policy <meta> for each built page: only the site's own files may run.

GitHub Pages cannot send response headers, so the policy travels in a <meta> tag. Scripts are
allowed from the site itself plus, by SHA-256 hash, the theme's own inline scripts. The policy
is computed from the finished page, so "hash what the page holds" would also approve anything
untrusted text had smuggled in; instead only code on an allow-list is hashed:
- scripts: the inline scripts of Material's `partials/javascripts/*.html`, read from the
  installed theme, matched in full, their one template slot (the base URL) held to a quoted
  path that cannot leave its string; and never inside the page content (Material's
  `<article class="md-content__inner">`, where the generated Markdown lands);
- <style> elements: Material's font declaration (`theme.font`);
- style attributes: the text alignments Markdown tables write, and nothing else, so a crafted
  `style="position:fixed;inset:0"` on a link stays inert.
Scripts of a data type (application/json...) are not executed and need no hash. No
'unsafe-inline' is ever needed. Nothing may be fetched from another origin.
"""

import base64
import functools
import hashlib
import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path

import material

_CSP_META = re.compile(
    r"""<meta\s+http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>""", re.IGNORECASE
)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[^>]*>", re.IGNORECASE)

# Directives a <meta> policy can carry (frame-ancestors, report-uri and sandbox cannot).
_FIXED = (
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("media-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


# Script types a browser executes (an absent or empty type means JavaScript).
_EXECUTABLE_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
}


_MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_TEMPLATE_SLOT = re.compile(r"\{\{.*?\}\}")
# What a slot such as `{{ base_url }}` may hold: a relative or absolute path inside a "..."
# JavaScript string, with no quote, backslash, angle bracket or line break to leave it.
_SLOT = r"[^\"'\\<>\r\n]{0,500}"
_FONT_STYLE = re.compile(
    r':root\{--md-text-font:"[A-Za-z0-9 _-]{1,100}";--md-code-font:"[A-Za-z0-9 _-]{1,100}"\}'
)
# Markdown tables align cells with a style attribute (python-markdown's tables extension).
OWN_STYLE_ATTRIBUTES = frozenset(f"text-align: {side};" for side in ("left", "right", "center"))


@functools.cache
def theme_scripts() -> tuple[re.Pattern[str], ...]:
    """Each inline script of the theme's templates as a pattern matching its rendered text."""
    patterns = []
    for template in sorted((_MATERIAL_TEMPLATES / "partials" / "javascripts").glob("*.html")):
        for script in _TEMPLATE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            literals = [re.escape(part) for part in _TEMPLATE_SLOT.split(script)]
            patterns.append(re.compile(_SLOT.join(literals)))
    return tuple(patterns)


def is_theme_script(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in theme_scripts())


class _InlineCode(HTMLParser):
    """Collects the text of the theme's inline scripts, of inline <style> elements, and of
    style attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self._open: tuple[str, list[str]] | None = None
        self._content_depth = 0  # > 0 inside the page content's <article>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style" and value is not None:
                self.style_attributes.append(value)
        if tag == "article" and (
            self._content_depth or "md-content__inner" in (values.get("class") or "").split()
        ):
            self._content_depth += 1
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            trusted = self._content_depth == 0 and kind in _EXECUTABLE_TYPES
            if trusted and "src" not in values:
                self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "style" and value is not None:
                self.style_attributes.append(value)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._content_depth:
            self._content_depth -= 1
        if self._open is not None and tag == self._open[0]:
            kind, parts = self._open
            (self.scripts if kind == "script" else self.styles).append("".join(parts))
            self._open = None


def source_hash(text: str) -> str:
    """The CSP source expression for inline code, hashed the way browsers hash it: after the
    HTML parser has turned CRLF and lone CR into LF."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(html: str) -> str:
    """The policy for one page: hashes of the allow-listed inline code it carries."""
    parser = _InlineCode()
    parser.feed(_CSP_META.sub("", html))
    parser.close()
    scripts = sorted({source_hash(s) for s in parser.scripts if is_theme_script(s)})
    styles = sorted({source_hash(s) for s in parser.styles if _FONT_STYLE.fullmatch(s)})
    # HTMLParser hands attribute values over entity-decoded, as the browser hashes them.
    own = (s for s in parser.style_attributes if s.strip() in OWN_STYLE_ATTRIBUTES)
    attributes = sorted({source_hash(s) for s in own})
    style_src = ["'self'", *styles]
    if attributes:
        style_src += ["'unsafe-hashes'", *attributes]
    directives = [
        ("default-src", "'self'"),
        ("script-src", " ".join(["'self'", *scripts])),
        ("style-src", " ".join(dict.fromkeys(style_src))),
        *_FIXED,
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


def apply_csp(html: str) -> str:
    """`html` with its Content-Security-Policy <meta> (replacing any earlier one) placed at the
    top of <head>, before any script, so the policy covers every element of the page."""
    return place_policy(html, policy(html))


def place_policy(html: str, page_policy: str) -> str:
    """`html` with `page_policy` (policy() of this very page) as its CSP <meta>."""
    html = _CSP_META.sub("", html)
    content = html_lib.escape(page_policy, quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    head = _HEAD.search(html)
    if head is None:
        return meta + html
    at = head.end()
    charset = _CHARSET.match(html, at)
    if charset is not None:
        at = charset.end()
    return html[:at] + meta + html[at:]
