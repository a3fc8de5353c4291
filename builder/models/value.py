"""Records the value engine returns (owned by builder/value)."""

import datetime as dt
from typing import Literal

from pydantic import Field

from builder.models.base import Record

MetricName = Literal[
    "cpu_time",
    "wall_time",
    "latency",
    "throughput",
    "memory",
    "binary_size",
    "build_time",
    "ci_time",
    "test_time",
    "cost",
    "hours",
    "other",
]
# "tradeoff": worse on this metric, and the text says the cost was accepted for the change
Direction = Literal["improvement", "regression", "tradeoff", "unclear"]
# How each pricing method is named on pages (order is methods/__init__.py's priority).
METHOD_LABELS = {
    "time_savings": "Time savings",
    "performance": "Performance",
    "infrastructure": "Infrastructure cost",
    "automation": "Automation",
    "risk_mitigation": "Risk mitigation",
    "quality": "Quality",
    "revenue": "Revenue and users",
    "explicit_dollars": "Stated dollar amounts",
    "unquantified": "Unquantified",
}


# How each metric is named in a sentence ("other": a figure the text names in its own words).
METRIC_LABELS: dict[str, str] = {
    "cpu_time": "compute time",
    "wall_time": "run time",
    "latency": "latency",
    "throughput": "throughput",
    "memory": "memory",
    "binary_size": "binary size",
    "build_time": "build time",
    "ci_time": "CI time",
    "test_time": "test time",
    "cost": "cost",
    "hours": "people's time",
    "other": "stated figure",
}


class Signal(Record):
    """One measured change found in the text (`showcase value --json` prints these fields)."""

    metric: MetricName
    quantity: float | None = Field(
        description="The change as stated, in `unit`: after - before for a pair, the signed "
        "amount for '1.49 GB less', the factor for '50.79x', the signed % for '26% less'."
    )
    before: float | None = None
    after: float | None = None
    unit: str
    relative_change_pct: float | None = Field(
        description="(after - before) / before x 100 of the quantity measured, 2 decimals."
    )
    direction: Direction
    phrase: str = Field("", description="The words it was read from (not printed in JSON).")

    @property
    def label(self) -> str:
        return METRIC_LABELS.get(self.metric, self.metric)

    def contract(self) -> dict[str, object]:
        """The seven fields of the public JSON contract, in a stable order."""
        return {
            "metric": self.metric,
            "quantity": self.quantity,
            "before": self.before,
            "after": self.after,
            "unit": self.unit,
            "relative_change_pct": self.relative_change_pct,
            "direction": self.direction,
        }


class Input(Record):
    """One factor of a formula: the value, how it is shown, and whether the text stated it."""

    label: str
    value: float
    shown: str
    stated: bool
    source: str = Field(description="'stated in the text' or the settings field it came from.")


class Facts(Record):
    """Quantities the portfolio KPIs add up, None when the item says nothing about them."""

    hours_saved_per_year: float | None = None
    manual_runs_per_year: float | None = None
    incidents_avoided_per_year: float | None = None
    defects_avoided_per_year: float | None = None
    infra_saving_usd_per_year: float | None = None
    infra_baseline_usd_per_year: float | None = None
    risk_usd_per_year: float | None = None
    speedups: tuple[float, ...] = ()
    time_to_market_days_per_year: float | None = None
    users_affected: float | None = None
    revenue_usd_per_year: float | None = None


class ValueEstimate(Record):
    """The yearly dollar value of one achievement or PR, and how it was reached."""

    item_id: str
    kind: Literal["achievement", "pull_request"]
    value_usd_per_year: float | None = None
    method: str = "unquantified"
    confidence: float | None = None
    formula: str = ""
    basis: str = Field(
        "", description="What it was priced from, in plain words: 'the cost figures it states'."
    )
    assumptions: dict[str, str] = {}
    signals: tuple[Signal, ...] = ()
    inputs: tuple[Input, ...] = ()
    stated: tuple[str, ...] = Field((), description="Confidence checks the text satisfied.")
    missing: tuple[str, ...] = Field((), description="Confidence checks it did not.")
    facts: Facts = Facts()
    title: str = ""
    date: dt.date | None = None
    effort_hours: float | None = None

    @property
    def quantified(self) -> bool:
        return self.value_usd_per_year is not None

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    def contract(self) -> dict[str, object]:
        """The JSON object `showcase value --json` prints."""
        return {
            "value_usd_per_year": self.value_usd_per_year,
            "method": self.method,
            "confidence": self.confidence,
            "formula": self.formula,
            "assumptions": dict(sorted(self.assumptions.items())),
            "signals": [s.contract() for s in self.signals],
        }


class Kpi(Record):
    """One portfolio KPI: None ('not enough data') when its inputs are absent."""

    key: str
    label: str
    value: float | None
    unit: Literal[
        "usd", "usd_per_year", "hours", "fte", "percent", "days", "count", "ratio", "months"
    ]
    formula: str
    shown: str = Field(description="The value formatted for a page, or 'not enough data'.")


class MethodTotal(Record):
    method: str
    label: str
    items: int
    usd_per_year: float


class PeriodTotal(Record):
    period: str = Field(description="'2024-Q3'.")
    year: int
    quarter: int
    items: int
    usd_per_year: float


class ValueReport(Record):
    estimates: dict[str, ValueEstimate] = {}
    total_usd_per_year: float | None = None
    total_interval_90: tuple[float, float] | None = None
    counted: tuple[str, ...] = Field(
        (),
        description="Estimate keys summed into the total (PRs inside a priced achievement "
        "are left out so no work is counted twice).",
    )
    kpis: tuple[Kpi, ...] = ()
    by_method: tuple[MethodTotal, ...] = ()
    by_quarter: tuple[PeriodTotal, ...] = ()
    draws: int = 0
    seed: int = 0

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)
