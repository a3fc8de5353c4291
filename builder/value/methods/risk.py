"""Risk mitigation: incidents, outages and security events avoided, priced by severity.

"cut P1 incidents from 12 to 3 per quarter" -> (12 - 3) x 4 quarters x $15,000/incident.
"""

import re

from builder.models.value import Facts, Input
from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.methods.base import (
    Evidence,
    Priced,
    amount,
    periods_per_year,
    sentence_of,
    stated,
)
from builder.value.parse import CARDINAL, to_number

_EVENTS = {"incidents", "outages", "alerts", "pages", "breaches", "escalations"}
# "prevents 6 outages a year", "avoided two security incidents per quarter"
_AVOIDED = re.compile(
    r"\b(?:prevent|avoid|eliminat|stopp?|remov|cut|reduc)\w*\s+(?:about\s+|~)?(?P<n>\d+|"
    rf"{CARDINAL})\s+(?:\w+\s+){0, 2}?(?P<noun>incidents|outages|pages|alerts|breaches)\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:per|a|an|each|every)\s+(?P<p>day|week|month|quarter|year|sprint|release)\b"
    r"|\b(?P<adv>daily|weekly|monthly|quarterly|yearly|annually)\b",
    re.IGNORECASE,
)
_SEVERITY = {
    "critical": re.compile(r"\bcritical\b|\bsev[- ]?[01]\b|\bP0\b|\bbreach|data loss", re.I),
    "high": re.compile(r"\bhigh[- ]severity\b|\bsev[- ]?2\b|\bP1\b|\bmajor\b|\boutages?\b", re.I),
    "medium": re.compile(r"\bmedium\b|\bsev[- ]?3\b|\bP2\b", re.I),
    "low": re.compile(r"\blow[- ]severity\b|\bsev[- ]?4\b|\bP3\b|\bminor\b", re.I),
}


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    for signal in evidence.signals:
        if signal.unit in _EVENTS and signal.before is not None and signal.after is not None:
            avoided = signal.before - signal.after
            if avoided > 0:
                sentence = sentence_of(evidence, signal.phrase)
                shown = f"({amount(signal.before)} - {amount(signal.after)}) {signal.unit}"
                return _priced(evidence, settings, sentence, avoided, shown, True)
    for sentence in evidence.sentences:
        m = _AVOIDED.search(sentence)
        if m:
            n = to_number(m.group("n"))
            return _priced(evidence, settings, sentence, n, f"{amount(n)} {m.group('noun')}", False)
    return None


def _priced(
    evidence: Evidence,
    settings: ValueSettings,
    sentence: str,
    avoided: float,
    shown: str,
    pair: bool,
) -> Priced:
    period = _PERIOD.search(sentence)
    name = (period.group("p") or period.group("adv")).lower() if period else "year"
    name = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}.get(
        name, "year" if name in ("yearly", "annually") else name
    )
    per_year = float((periods_per_year(name, settings) or (1,))[0])
    severity = next((s for s, pattern in _SEVERITY.items() if pattern.search(sentence)), None)
    level = severity or settings.default_incident_severity
    cost = settings.cost_per_incident_by_severity[level]
    inputs = [stated("incidents avoided per period", avoided, f"{shown}/{name}")]
    if per_year != 1:
        inputs.append(stated("periods per year", per_year, f"{per_year:g} {name}s"))
    source = f"severity '{level}' {'stated' if severity else 'assumed'}; settings: "
    inputs.append(
        Input(
            label="cost per incident",
            value=cost,
            shown=f"{dollars(cost)}/incident ({level})",
            stated=severity is not None,
            source=source + "cost_per_incident_by_severity",
        )
    )
    if period is None:
        inputs[0] = inputs[0].model_copy(
            update={"source": "stated in the text; no period given, read as per year"}
        )
    priced = Priced(
        method="risk_mitigation",
        inputs=inputs,
        checks={
            "units": period is not None,
            "before and after": pair,
            "severity": severity is not None,
        },
    )
    priced.facts = Facts(
        incidents_avoided_per_year=avoided * per_year, risk_usd_per_year=priced.value
    )
    return priced
