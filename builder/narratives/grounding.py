"""Grounding guard: every number in a generated text must be a number of the facts.

Numbers are compared after unit and rounding normalisation, so "300 ms" matches a fact of
0.3 s, "$208K" matches $208,000 and "26 percent" matches 26.4%. A figure written with fewer
digits matches when it is the fact rounded to those digits; nothing else does, so "about 30%"
for a fact of 26% is rejected. Numbers inside identifiers (p95, GPT-4o, Python 3.11, 2FA) are
names, not figures, and are skipped.
"""

import math
import re
from dataclasses import dataclass
from typing import Any

_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_TIME = {
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "week": 604800.0,
    "weeks": 604800.0,
    "wk": 604800.0,
    "wks": 604800.0,
    "month": 2629800.0,
    "months": 2629800.0,
    "year": 31557600.0,
    "years": 31557600.0,
}
_PERCENT = {"%", "percent", "per cent", "pct", "pp", "percentage points", "percentage point"}
_RATIO = {"x", "×", "times", "fold"}
_MONEY_WORDS = {"usd", "dollars", "dollar"}

_UNIT_WORDS = sorted(
    [*_TIME, *_PERCENT, *_RATIO, *_MONEY_WORDS, "thousand", "million", "mn", "billion", "bn"],
    key=len,
    reverse=True,
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9.,])(?<![A-Za-z]-)"
    r"(?P<cur>US\$|\$)?\s?"
    rf"(?P<num>{_NUMBER})(?!\d)(?!\.\d)(?!,\d)"
    r"(?:(?P<mult>[kKMB]|bn|mn)(?![A-Za-z]))?"
    rf"(?:\s?(?P<unit>{'|'.join(re.escape(u) for u in _UNIT_WORDS)})(?![A-Za-z]))?"
    r"(?![A-Za-z0-9])"
)
_ISO_DATE = re.compile(r"\b(\d{4})-\d{2}(?:-\d{2})?\b")


@dataclass(frozen=True)
class Quantity:
    text: str
    dimension: str | None  # money, percent, time, ratio; None when unitless
    value: float  # in the dimension's base unit (USD, percent, seconds, ratio)
    raw: float  # as written, multipliers applied, no unit conversion
    tolerance: float  # half a unit of the last written digit, in base units


def quantities(text: str) -> list[Quantity]:
    """Every figure of `text`, with its dimension and the rounding its digits imply."""
    text = _ISO_DATE.sub(r"\1", text)
    found = []
    for match in _TOKEN.finditer(text):
        digits = match["num"].replace(",", "")
        number = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        step = 10.0**-decimals
        mult_word = (match["mult"] or "").lower()
        unit = (match["unit"] or "").lower()
        multiplier = _MULTIPLIERS.get(mult_word, 1.0)
        if unit in {"thousand", "million", "mn", "billion", "bn"}:
            multiplier *= _MULTIPLIERS[unit]
            unit = ""
        dimension: str | None = None
        scale = 1.0
        if match["cur"] or unit in _MONEY_WORDS:
            dimension = "money"
        elif unit in _PERCENT:
            dimension = "percent"
        elif unit in _TIME:
            dimension, scale = "time", _TIME[unit]
        elif unit in _RATIO:
            dimension = "ratio"
        raw = number * multiplier
        found.append(
            Quantity(
                text=match.group(0).strip(),
                dimension=dimension,
                value=raw * scale,
                raw=raw,
                tolerance=0.5 * step * multiplier * scale,
            )
        )
    return found


def fact_quantities(facts: Any) -> list[Quantity]:
    """Numbers of a facts structure: numeric fields (unitless) and figures inside its text."""
    out: list[Quantity] = []

    def walk(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float):
            if math.isfinite(value):
                out.append(Quantity(str(value), None, float(value), float(value), 0.0))
        elif isinstance(value, str):
            out.extend(quantities(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(facts)
    return out


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance + 1e-9 * max(abs(a), abs(b), 1.0)


def grounded(quantity: Quantity, facts: list[Quantity]) -> bool:
    for fact in facts:
        if quantity.dimension is not None and fact.dimension is not None:
            tolerance = max(quantity.tolerance, fact.tolerance)
            if fact.dimension == quantity.dimension and _close(
                quantity.value, fact.value, tolerance
            ):
                return True
        elif _close(quantity.raw, fact.raw, quantity.tolerance):
            # A unitless side cannot contradict a unit: compare the numbers as written.
            return True
    return False


def ungrounded(text: str, facts: list[Quantity]) -> list[str]:
    """Figures of `text` that no fact supports, in order of appearance (empty when grounded)."""
    return [q.text for q in quantities(text) if not grounded(q, facts)]
