"""Text helpers every stage may use: figures, plain text from Markdown, escaping, slugs, titles.

A leaf (standard library only), so an enrich stage can format a figure the way the pages do
without importing the renderers.

Generated pages are Markdown, so HTML escaping is not enough: a PR title like
`[x](javascript:alert(1))` is harmless HTML but a live link once Markdown renders it. Every
untrusted string goes through `md_inline` (the `md` filter), which turns HTML and Markdown
syntax characters into entities that render as themselves.
"""

import html
import math
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


def round_usd(value: float, figures: int = 2) -> str:
    """Dollars to `figures` significant figures, as a sentence says them: $540K, $1.2M, $950."""
    if value == 0:
        return "$0"
    rounded = float(f"{value:.{figures}g}")
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(rounded) >= scale:
            digits = max(0, figures - len(str(int(abs(rounded) // scale))))
            return f"${rounded / scale:,.{digits}f}{suffix}"
    return f"${rounded:,.0f}"


def about_usd(value: float, interval: tuple[float, float] | None = None, figures: int = 2) -> str:
    """A total as a sentence shows it: 'about $540K/year (90% interval $460K to $790K)'.

    Rounded to `figures` significant figures, because a yearly value estimated from stated
    claims is not known to the dollar; the exact figure belongs in the breakdown table."""
    phrase = f"about {round_usd(value, figures)}/year"
    if interval is not None:
        low, high = (round_usd(v, figures) for v in interval)
        phrase += f" (90% interval {low} to {high})"
    return phrase


def dollars(value: float) -> str:
    """Whole dollars with thousands separators ($1,234,567); cents below ten dollars ($2.00/h
    compute, $0.23 per run), where whole dollars would hide the figure."""
    return f"${value:,.2f}" if abs(value) < 10 else f"${value:,.0f}"


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0.26) as a percentage ('26%')."""
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


# --- Plain text from Markdown -------------------------------------------------------------

# Neither part may hold its own opening bracket, so each match attempt stops at the next "["
# or "(": linear on text like "[[[[..." (the open classes were quadratic there). One level of
# parentheses inside a URL (".../Foo_(bar)") still matches.
# Measured figures as a person writes them on a CV or a card: 975 ms, not 974.7 ms; 40 min,
# not 0.67 h. For quantities (times, counts, percentages), never money totals (usd above).
# Three significant figures is the precision people quote; whole numbers keep their digits.
# Below one of the unit, the next smaller unit reads better (0.67 h -> 40 min).
_SMALLER = {"h": ("min", 60), "min": ("s", 60), "s": ("ms", 1000)}
_COUNT_UNITS = {"", "count", "#", "n", "number", "items"}
_DECIMAL = re.compile(r"(?<![\w.,])(\d[\d,]*\.\d+)(?![\w.]*\.\d)(\s?)([A-Za-z%/]*)")


def rounded(value: float, significant: int = 3) -> str:
    """`significant` figures, thousands separators, no trailing zeros; whole numbers whole."""
    if value == 0:
        return "0"
    if float(value).is_integer() or abs(value) >= 10 ** (significant - 1):
        return f"{round(value):,}"
    digits = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def quantity(value: float, unit: str) -> str:
    """'0.67 h' -> '40 min'; '974.7 ms' -> '975 ms'; '42000 USD/month' -> '$42,000/month'."""
    unit = unit.strip()
    if unit in _SMALLER and 0 < abs(value) < 1:
        smaller, factor = _SMALLER[unit]
        # A converted figure was an approximation already: 0.67 h is "40 min", not 40.2.
        return f"{rounded(value * factor, 2)} {smaller}"
    if unit.lower() in _COUNT_UNITS:
        return rounded(value)
    if unit in {"%", "percent", "x", "×"}:
        return f"{rounded(value)}{'%' if unit == 'percent' else unit}"
    if unit == "$" or unit.upper().startswith("USD"):
        per = unit.partition("/")[2].strip()
        return f"${rounded(value)}" + (f"/{per}" if per else "")
    return f"{rounded(value)} {unit}"


def round_in_text(text: str) -> str:
    """Every decimal figure in a sentence rounded the same way ('974.7 ms' -> '975 ms'); version
    numbers such as 3.11.2 are left alone."""

    def replace(match: re.Match[str]) -> str:
        number = float(match.group(1).replace(",", ""))
        unit = match.group(3)
        if unit in _SMALLER and number < 1:
            return quantity(number, unit)
        return f"{rounded(number)}{match.group(2)}{unit}"

    return _DECIMAL.sub(replace, text)


_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
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
