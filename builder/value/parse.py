"""From PR prose to sentences and quantities: Markdown stripped, numbers read with their units.

Real PR bodies are Markdown written in a hurry: bold markers around figures, tables of
before/after numbers, lines hard-wrapped in the middle of "974.7\\nms", benchmark logs in code
fences. `sentences` undoes all of that, and `quantities` finds every number with its unit in
one pass, so the extractors above work on clean sentences and typed tokens, never on raw text.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

Dimension = Literal["duration", "size", "rate", "money", "percent", "factor", "count"]

# --- Markdown clean-up -------------------------------------------------------------------

# Every pattern here is linear on any input: bounded repetitions that stop at the next
# opening bracket, so "[" * 65536 costs one short attempt per bracket, not a scan to the end.
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,500}>")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\[\]\s]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\([^()\[\]\s]{0,2000}\)")
# URLs and issue/commit references carry digits that are never measurements.
_URL = re.compile(r"https?://\S+")
_REFERENCE = re.compile(r"(?<![\w/])#\d{1,12}\b|\b(?=[0-9]{0,39}[a-f])[0-9a-f]{7,40}\b")
# Emphasis markers around figures ("**974.7 ms**"); snake_case underscores are left alone.
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||#{1,6}\s|>)")
# Sentence end: a full stop, ! or ? followed by space and a capital or an opening bracket;
# "974.7" and "e.g. the" stay whole because neither has a space-then-capital after the dot.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
# Versions ("0.29.0", "v1.2"), dates and times of day carry digits that are never measurements.
_VERSION = re.compile(
    r"(?<![\w.])v?\d{1,6}(?:\.\d{1,6}){2,4}(?:[-+.]?[a-z]{1,8}\d{0,4})?\b|\bv\d{1,6}(?:\.\d{1,6})?\b"
)
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,9})?Z?)?\b")
# Another project's release notes or commit list (a dependency bump quotes them): its figures
# are that project's, so the text from such a heading on is not read.
_FOREIGN = re.compile(
    r"^\s{0,3}(?:#{1,6}\s{0,4}|<summary>\s{0,4}|<details>\s{0,4}<summary>\s{0,4})?"
    r"(?:release notes|changelog|change log|commits)\b",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


# Bounds that keep parsing linear on hostile input (a 1 MB PR body with no full stop): the
# pair and context rules look back along a sentence, so an unbounded one costs O(n^2).
MAX_TEXT_CHARS = 65_536
MAX_SENTENCE_CHARS = 1_000


def without_comments(text: str) -> str:
    """HTML comments removed by a plain scan (an unclosed one runs to the end, as on GitHub)."""
    out: list[str] = []
    at = 0
    while True:
        start = text.find("<!--", at)
        if start < 0:
            out.append(text[at:])
            return "".join(out)
        out.append(text[at:start] + " ")
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        at = end + 3


def split_fences(text: str) -> tuple[str, list[str]]:
    """(prose with fenced blocks blanked out, the fenced blocks' contents).

    Code fences hold logs, commands and configuration: their numbers are tool output, not
    claims, so only the benchmark readers (tables.py) look inside them."""
    prose: list[str] = []
    blocks: list[str] = []
    fence = ""
    current: list[str] = []
    for line in text.split("\n"):
        opening = _FENCE_OPEN.match(line)
        if not fence and opening:
            fence = opening.group(1)[0] * 3
            current = []
            prose.append("")
        elif fence and line.strip().startswith(fence):
            blocks.append("\n".join(current))
            fence = ""
            prose.append("")
        elif fence:
            current.append(line)
        else:
            prose.append(line)
    if fence:
        blocks.append("\n".join(current))
    return "\n".join(prose), blocks


@lru_cache(maxsize=64)
def clean(text: str) -> str:
    """Prose with comments, images, links, URLs, tags and references taken out (fences kept).

    Cached: the prose pass and the table pass both start from it, on the same text."""
    text = without_comments(text[:MAX_TEXT_CHARS].replace("\r\n", "\n"))
    foreign = _FOREIGN.search(text)
    if foreign:
        text = text[: foreign.start()]
    for pattern, repl in (
        (_IMAGE, " "),
        (_LINK, r"\1"),
        (_URL, " "),
        (_HTML_TAG, " "),
        (_DATE, " "),
        (_VERSION, " "),
        (_REFERENCE, " "),
    ):
        text = pattern.sub(repl, text)
    return text


def sentences(text: str) -> list[str]:
    """Plain-text prose sentences, Markdown markers removed; tables and fences left out.

    Tables are read cell by cell in tables.py; a table row never reaches the prose passes."""
    prose, _ = split_fences(clean(text))
    prose = _EMPHASIS.sub("", prose)
    lines: list[str] = []
    joinable = False
    for raw in prose.split("\n"):
        line = raw.strip()
        if not line or "|" in line or "│" in line:
            joinable = False
            continue
        if _BLOCK_START.match(raw):
            line = re.sub(r"^(?:[-*+]|\d+[.)]|#{1,6}|>)\s*", "", line)
            lines.append(line)
            # a wrapped list item continues on the next line; a heading does not
            joinable = raw.lstrip()[0] in "-*+0123456789"
            continue
        if joinable and lines:
            lines[-1] = f"{lines[-1]} {line}"  # a hard-wrapped line continues the sentence
        else:
            lines.append(line)
            joinable = True
    return [
        chunk
        for line in lines
        for s in _SENTENCE_END.split(line)
        for chunk in _bounded(s.strip())
        if chunk
    ]


def _bounded(sentence: str) -> list[str]:
    """A run-on 'sentence' longer than any real one, cut at spaces into bounded pieces."""
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence]


# --- Numbers ------------------------------------------------------------------------------

# "1,234.5", "974.7", ".5"; the thousands form is tried first so "1,234" is one number.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# Hedges keep the figure but mark it approximate ("about 26%", "~2x", ">1,000"); the ">" of an
# arrow ("->", "=>") and ">=" are not hedges.
_HEDGE = (
    r"(?P<hedge>(?:about|around|approximately|approx\.?|roughly|nearly|almost|circa|some"
    r"|over|more than|up to|under|below|less than|just over|just under|~|≈"
    r"|(?<![-=>])>(?![=>])|(?<!<)<(?![-=<]))\s*)?"
)
# The one table of number words (methods read team sizes, frequencies and counts with it).
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_ARTICLE_NUMBERS = {"a": 1, "an": 1, "half an": 0.5, "half a": 0.5}
CARDINAL = "|".join(WORD_NUMBERS)
WORD_NUMBER = rf"(?:half an?|an?|{CARDINAL})"


def to_number(token: str) -> float:
    """'1,234.5' -> 1234.5, 'two' -> 2.0, '20-30' -> 25.0 (a range counts as its midpoint)."""
    token = token.strip().lower()
    words = WORD_NUMBERS | _ARTICLE_NUMBERS
    if token in words:
        return float(words[token])
    parts = re.split(r"\s*[-–]\s*|\s+to\s+", token)
    values = [float(p.replace(",", "")) for p in parts if p]
    return sum(values) / len(values)


# --- Units --------------------------------------------------------------------------------

DURATION_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "wk": 604800.0,
}
# Spellings of each duration unit, longest first so "minutes" is not read as "m".
_DURATION_SPELLINGS = {
    "ns": ["nanoseconds", "nanosecond", "ns"],
    "us": ["microseconds", "microsecond", "us", "µs", "μs"],
    "ms": ["milliseconds", "millisecond", "msec", "ms"],
    "s": ["seconds", "second", "secs", "sec", "s"],
    "min": ["minutes", "minute", "mins", "min", "m"],
    "h": ["hours", "hour", "hrs", "hr", "h"],
    "d": ["days", "day", "d"],
    "wk": ["weeks", "week", "wks", "wk"],
}
SIZE_BYTES = {
    "B": 1.0,
    "KB": 1e3,
    "MB": 1e6,
    "GB": 1e9,
    "TB": 1e12,
    "PB": 1e15,
    "KiB": 1024.0,
    "MiB": 1024.0**2,
    "GiB": 1024.0**3,
    "TiB": 1024.0**4,
    "PiB": 1024.0**5,
}
_MONEY_SCALE = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_MONEY_PERIOD = {
    "mo": "month",
    "month": "month",
    "monthly": "month",
    "yr": "year",
    "year": "year",
    "annum": "year",
    "annually": "year",
    "yearly": "year",
    "quarter": "quarter",
    "quarterly": "quarter",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DURATION_UNIT = _alternation([w for ws in _DURATION_SPELLINGS.values() for w in ws])
_SPELLING_TO_UNIT = {w: u for u, ws in _DURATION_SPELLINGS.items() for w in ws}
_SIZE_UNIT = r"(?:[KMGTP]i?B|[kmgtp]b|bytes?|(?-i:B))"
_RATE_UNIT = (
    r"(?:(?:req(?:uests)?|queries|tokens?|tok|ops|operations|it|items|samples|images|rows"
    r"|records|events|msgs|messages|frames)\s*(?:/\s*s(?:ec)?|per\s+second)|rps|qps|tps)"
)

# One alternation finds every quantity, so a sentence is scanned once. Order matters: the
# compound "13m 39s" before a plain "13m", money before bare numbers, ranges before numbers.
_QUANTITY = re.compile(
    _HEDGE + r"(?:"
    # "± 2.3 ms" after a mean is its spread, read and dropped; "10:15" is a clock duration
    rf"(?P<spread>(?:±|\+/-|\+-)\s*{NUMBER}(?:\s*(?P<spread_unit>{_DURATION_UNIT}|{_SIZE_UNIT})"
    rf"(?![a-zA-Z]))?)"
    r"|(?P<clock>(?<![\d:.,])\d{1,2}:[0-5]\d(?::[0-5]\d)?(?![\d:]))"
    # "428.2M", "30k", "1.5 million": a scaled count (upper-case M; "5m" is five minutes)
    rf"|(?P<scaled>(?P<scaled_n>{NUMBER})(?:(?P<scaled_s>(?-i:[kKM]))|\s*(?P<scaled_w>thousand"
    r"|million|billion))(?![\w.]))|"
    # "13m 39s", "1h 5m", "2 min 30 s": several duration parts read as one duration
    rf"(?P<compound>(?:\d+(?:\.\d+)?\s*(?:h|hr|hrs|hours?)\s*)?(?:\d+\s*(?:m|min|mins|minutes?)\s*)"
    rf"(?:\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds?))"
    rf"|\d+(?:\.\d+)?\s*(?:h|hr|hrs|hours?)\s*\d+\s*(?:m|min|mins|minutes?)\b"
    # "3m6": minutes then seconds with the second unit left off
    r"|(?<![\w.])\d{1,3}m[0-5]?\d(?![\w.:]))"
    # "$12K/month", "$1.2M", "USD 5,000", "12k USD"
    rf"|(?P<money>(?:(?:\$|USD\s*)(?P<money_n>{NUMBER})\s*(?P<money_scale>k|K|M|MM|mm|bn|B|b)?\b"
    rf"|(?P<money_n2>{NUMBER})\s*(?P<money_scale2>k|K|M|bn)?\s*(?:USD|dollars)\b)"
    # "$12K/month", "$150K a year", "$3,000 monthly": the period belongs to the amount
    rf"(?:\s*(?:/|per|an?)\s*(?P<money_per>mo|month|yr|year|annum|quarter|week|day)\b"
    rf"|\s+(?P<money_adverb>monthly|annually|yearly|quarterly|weekly|daily)\b)?)"
    # "20-30%", "26 %", "26 percent"
    rf"|(?P<percent>(?P<percent_n>{NUMBER}(?:\s*[-–]\s*{NUMBER})?)\s*(?:%|percent\b|pct\b))"
    # "50.79x", "2×", "3 times", "10-fold"
    rf"|(?P<factor>(?P<factor_n>{NUMBER})\s*(?:x|×|X)(?![a-zA-Z0-9])"
    rf"|(?P<factor_n2>{NUMBER})\s*(?:times|-fold|fold)\b)"
    rf"|(?P<rate>(?P<rate_n>{NUMBER})\s*(?P<rate_unit>{_RATE_UNIT}))"
    rf"|(?P<size>(?P<size_n>{NUMBER})\s*(?P<size_unit>{_SIZE_UNIT})\b)"
    rf"|(?P<duration>(?:(?P<duration_n>{NUMBER}(?:\s*[-–]\s*{NUMBER})?)[\s-]*"
    rf"|(?<![\w.])(?P<duration_w>{WORD_NUMBER})[\s-]+)"
    rf"(?P<duration_unit>{_DURATION_UNIT})(?![a-zA-Z]))"
    rf"|(?P<bare>(?<![\w.]){NUMBER}(?![\w.%]))"
    r")",
    re.IGNORECASE,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9}


@dataclass(frozen=True)
class Quantity:
    """A number found in a sentence, with its unit and where it sits."""

    value: float  # in `unit`
    unit: str  # "ms", "MiB", "%", "x", "USD", "req/s", "" for a bare number
    dimension: Dimension | None  # None for a bare number (its unit may come from a neighbour)
    start: int
    end: int
    approximate: bool
    base: float  # in the dimension's base unit: seconds, bytes, USD, per second

    def same_dimension(self, other: "Quantity") -> bool:
        return self.dimension == other.dimension and self.dimension is not None


# Most sentences hold no figure at all; this cheap test skips the big scan for them.
_MAY_HOLD_QUANTITY = re.compile(
    rf"\d|(?<![\w.]){WORD_NUMBER}[\s-]+(?:{_DURATION_UNIT})(?![a-zA-Z])", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def quantities(sentence: str) -> tuple[Quantity, ...]:
    """Every quantity in a sentence, in reading order (cached: several methods re-read it)."""
    if not _MAY_HOLD_QUANTITY.search(sentence):
        return ()
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(sentence):
        if m.group("spread"):
            # "1.43 ± 0.02 s": the mean takes the spread's unit, the spread itself is dropped
            if found and not sentence[found[-1].end : m.start()].strip():
                last = found[-1]
                if last.dimension is None and m.group("spread_unit"):
                    last = _with_unit(last, m.group("spread_unit"))
                found[-1] = replace(last, end=m.end())  # the pair rules read past the spread
            continue
        if _glued_to_word(sentence, m):
            continue  # "k3d", "k8s", "H100", "fp8": part of a name, not a figure
        q = _quantity(m)
        if q is None:
            continue
        if found and _BETWEEN.search(sentence, max(0, found[-1].start - 8), found[-1].start):
            q = _between(sentence, found[-1], q) or q
            if q.start == found[-1].start:
                found.pop()
        found.append(q)
    return tuple(found)


# "between 3 and 4 minutes": one figure, the midpoint, stated as a range
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+")


def _between(sentence: str, low: Quantity, high: Quantity) -> Quantity | None:
    if low.dimension is not None or high.dimension is None:
        return None
    if not _AND.fullmatch(sentence, low.end, high.start):
        return None
    value = (low.value + high.value) / 2
    base = high.base * value / high.value if high.value else high.base
    return Quantity(value, high.unit, high.dimension, low.start, high.end, True, base)


def _glued_to_word(sentence: str, m: re.Match[str]) -> bool:
    """A figure whose first digit follows a letter with no space is part of a word."""
    at = m.start()
    while at < m.end() and not sentence[at].isdigit() and sentence[at] not in "$.":
        at += 1
    return at == m.start() and at > 0 and sentence[at - 1].isalpha()


def _with_unit(q: Quantity, raw_unit: str) -> Quantity:
    """A bare figure given the unit written after it (a spread's, or a column header's)."""
    unit = _SPELLING_TO_UNIT.get(raw_unit.lower()) if raw_unit not in ("B", "M") else None
    if unit is not None:
        return Quantity(
            q.value,
            unit,
            "duration",
            q.start,
            q.end,
            q.approximate,
            q.value * DURATION_SECONDS[unit],
        )
    if re.fullmatch(_SIZE_UNIT, raw_unit, re.IGNORECASE):
        size = _size_unit(raw_unit)
        return Quantity(
            q.value, size, "size", q.start, q.end, q.approximate, q.value * SIZE_BYTES[size]
        )
    return q


def with_unit(q: Quantity, raw_unit: str) -> Quantity:
    return _with_unit(q, raw_unit)


def _quantity(m: re.Match[str]) -> Quantity | None:
    approx = m.group("hedge") is not None
    start, end = m.start(), m.end()
    if m.group("clock"):
        seconds = _clock_seconds(m.group("clock"))
        return Quantity(seconds, "s", "duration", start, end, approx, seconds)
    if m.group("scaled"):
        scale = _SCALE[(m.group("scaled_s") or m.group("scaled_w")).lower()]
        value = to_number(m.group("scaled_n")) * scale
        return Quantity(value, "", "count", start, end, approx, value)
    if m.group("compound"):
        seconds = _compound_seconds(m.group("compound"))
        return Quantity(seconds, "s", "duration", start, end, approx, seconds)
    if m.group("money"):
        number = m.group("money_n") or m.group("money_n2")
        scale = (m.group("money_scale") or m.group("money_scale2") or "").lower()
        value = to_number(number) * _MONEY_SCALE.get(scale, 1.0)
        period = _MONEY_PERIOD.get((m.group("money_per") or m.group("money_adverb") or "").lower())
        unit = f"USD/{period}" if period else "USD"
        return Quantity(value, unit, "money", start, end, approx, value)
    if m.group("percent"):
        value = to_number(m.group("percent_n"))
        return Quantity(value, "%", "percent", start, end, approx or "-" in m.group(0), value)
    if m.group("factor"):
        value = to_number(m.group("factor_n") or m.group("factor_n2"))
        return Quantity(value, "x", "factor", start, end, approx, value)
    if m.group("rate"):
        value = to_number(m.group("rate_n"))
        unit = re.sub(r"\s+", "", m.group("rate_unit").lower()).replace("persecond", "/s")
        return Quantity(value, unit, "rate", start, end, approx, value)
    if m.group("size"):
        unit = _size_unit(m.group("size_unit"))
        value = to_number(m.group("size_n"))
        return Quantity(value, unit, "size", start, end, approx, value * SIZE_BYTES[unit])
    if m.group("duration"):
        unit = _SPELLING_TO_UNIT[m.group("duration_unit").lower()]
        if m.group("duration_unit") == "M":  # "5M" is five million, not five minutes
            return None
        value = to_number(m.group("duration_n") or m.group("duration_w"))
        return Quantity(value, unit, "duration", start, end, approx, value * DURATION_SECONDS[unit])
    value = to_number(m.group("bare"))
    return Quantity(value, "", None, start, end, approx, value)


def _clock_seconds(text: str) -> float:
    """'10:15' is 10 min 15 s, '1:05:12' is 1 h 5 min 12 s."""
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


def _size_unit(raw: str) -> str:
    if raw.lower().startswith("byte") or raw == "B":
        return "B"
    upper = raw.upper()
    return upper.replace("IB", "iB") if "I" in upper else upper


def _compound_seconds(text: str) -> float:
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]*)", text):
        # a trailing figure with no unit ("3m6") is the seconds
        total += float(number) * DURATION_SECONDS[_SPELLING_TO_UNIT[unit.lower() or "s"]]
    return total


def convert(q: Quantity, unit: str) -> float:
    """`q` expressed in `unit` of the same dimension (durations and sizes only)."""
    if q.dimension == "duration":
        return q.base / DURATION_SECONDS[unit]
    if q.dimension == "size":
        return q.base / SIZE_BYTES[unit]
    return q.value
