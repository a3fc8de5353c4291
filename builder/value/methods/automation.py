"""Automation: a manual process eliminated, priced as runs per year x hours x people x rate.

"Automated the weekly release, a 3-hour manual process for 2 engineers"
-> 52 runs/year x 3 h/run x 2 people x $100/h.
"""

import re

from builder.models.value import Facts
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import (
    Evidence,
    Priced,
    amount,
    hourly_rate,
    runs_per_year,
    stated,
    team_size,
)
from builder.value.parse import DURATION_SECONDS, quantities

_AUTOMATION = re.compile(
    r"\bautomat\w*|\bmanual(?:ly)?\b|\bby hand\b|\bno longer\b|\btoil\b|\bself-serv\w*"
    r"|\bone-click\b|\bhands-off\b|\bscript(?:ed)? (?:away|out)\b",
    re.IGNORECASE,
)


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    for sentence in evidence.sentences:
        if not _AUTOMATION.search(sentence):
            continue
        hours = _hours_per_run(sentence, evidence)
        if hours is None:
            continue
        saved, shown, pair = hours
        volume = runs_per_year(evidence, settings, sentence, "manual_runs_per_year_default")
        team = team_size(evidence, sentence)
        rate = hourly_rate(evidence, settings, sentence)
        return Priced(
            method="automation",
            inputs=[volume, stated("hours per run", saved, shown), team, rate],
            checks={
                "units": True,
                "volume": volume.stated,
                "team size": team.stated,
                "role": rate.stated,
                "before and after": pair,
            },
            facts=Facts(
                manual_runs_per_year=volume.value,
                hours_saved_per_year=volume.value * saved * team.value,
            ),
        )
    return None


def _hours_per_run(sentence: str, evidence: Evidence) -> tuple[float, str, bool] | None:
    """Hours a run took by hand (or the hours saved per run when before/after are given)."""
    for signal in evidence.signals:
        if (
            signal.phrase
            and signal.phrase[:60] in sentence
            and signal.unit in DURATION_SECONDS
            and signal.before is not None
            and signal.after is not None
            and signal.before > signal.after
        ):
            hours = (signal.before - signal.after) * DURATION_SECONDS[signal.unit] / 3600
            shown = f"({amount(signal.before)} - {amount(signal.after)}) {signal.unit} = "
            return hours, shown + f"{hours:.2f} h/run", True
    for q in quantities(sentence):
        rest = sentence[q.end : q.end + 12].lower()
        if q.dimension == "duration" and not re.match(r"\s*(?:/|per|a |an |each|every)", rest):
            hours = q.base / 3600
            if 0 < hours <= 24 * 5:
                return hours, f"{hours:g} h/run", False
    return None
