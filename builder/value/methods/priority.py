"""The eight pricing methods, in priority order: the first that fires prices the item."""

from collections.abc import Callable

from builder.models.value import METHOD_LABELS
from builder.models.value_settings import ValueSettings
from builder.value.methods import (
    automation,
    explicit_dollars,
    infrastructure,
    performance,
    quality,
    revenue,
    risk,
    time_savings,
)
from builder.value.methods.base import Evidence, Priced

Method = Callable[[Evidence, ValueSettings], Priced | None]

# (name, label, price function). Order is the priority: the most specific and
# best-grounded claim first; a bare dollar figure only when nothing else explains it.
_ORDER: tuple[tuple[str, Method], ...] = (
    ("time_savings", time_savings.price),
    ("performance", performance.price),
    ("infrastructure", infrastructure.price),
    ("automation", automation.price),
    ("risk_mitigation", risk.price),
    ("quality", quality.price),
    ("revenue", revenue.price),
    ("explicit_dollars", explicit_dollars.price),
)
METHODS: tuple[tuple[str, str, Method], ...] = tuple(
    (name, METHOD_LABELS[name], method) for name, method in _ORDER
)
LABELS = METHOD_LABELS


def first_price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    """Every method is tried; the best-supported estimate wins (confidence, then value).

    Ties on both keep the priority order above, so a stated dollar figure never outranks a
    priced claim that is as well supported."""
    best: tuple[float, float, int] | None = None
    chosen: Priced | None = None
    for rank, (_, _, method) in enumerate(METHODS):
        priced = method(evidence, settings)
        if priced is None or priced.value <= 0:
            continue
        key = (priced.confidence, priced.value, -rank)
        if best is None or key > best:
            best, chosen = key, priced
    return chosen


__all__ = ["LABELS", "METHODS", "Evidence", "Priced", "first_price"]
