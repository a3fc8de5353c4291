"""Time savings: hours per day/week/month/sprint/release, per person, times team and rate.

"saves 8 hours per week for senior developers on a 4-person team"
-> 8 h/week x 52 weeks x $125/h x 4 people = $208,000/year.
"""

import re

from builder.models.value import Facts, Input
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import (
    Evidence,
    Priced,
    assumed,
    hourly_rate,
    periods_per_year,
    sentence_of,
    stated,
    team_size,
)
from builder.value.parse import DURATION_SECONDS

# "saves the team 8 hours a week in total": the figure is already for everyone
_TEAM_TOTAL = re.compile(
    r"\b(?:in total|combined|collectively|across the (?:team|org|company)|team-wide|org-wide"
    r"|saves? the (?:team|org))\b",
    re.IGNORECASE,
)


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    if evidence.hours_saved_per_week:
        return _priced(evidence, settings, evidence.hours_saved_per_week, "week", "", True)
    for signal in evidence.signals:
        if signal.metric != "hours" or "/" not in signal.unit or signal.direction != "improvement":
            continue
        unit, period = signal.unit.split("/", 1)
        if unit not in DURATION_SECONDS or periods_per_year(period, settings) is None:
            continue
        hours = _hours(abs(signal.quantity or 0.0), unit, settings)
        if hours <= 0:
            continue
        sentence = sentence_of(evidence, signal.phrase)
        return _priced(evidence, settings, hours, period, sentence, True)
    return None


def _hours(value: float, unit: str, settings: ValueSettings) -> float:
    """Working hours: a saved 'day' is a working day, not 24 hours."""
    if unit == "d":
        return value * settings.working_hours_per_day
    if unit == "wk":
        return value * settings.working_hours_per_day * settings.working_days_per_week
    return value * DURATION_SECONDS[unit] / 3600


def _priced(
    evidence: Evidence,
    settings: ValueSettings,
    hours: float,
    period: str,
    sentence: str,
    units_clear: bool,
) -> Priced:
    per_year, noun, setting = periods_per_year(period, settings) or (1, "year", "calendar")
    rate = hourly_rate(evidence, settings, sentence)
    inputs: list[Input] = [
        stated("hours saved", hours, f"{_num(hours)} h/{period}"),
        assumed("periods per year", per_year, f"{per_year:g} {noun}", setting)
        if setting != "calendar"
        else stated("periods per year", per_year, f"{per_year:g} {noun}"),
        rate,
    ]
    team = team_size(evidence, sentence)
    total = bool(_TEAM_TOTAL.search(sentence or evidence.text))
    if not total:
        inputs.append(team)
    hours_per_year = hours * per_year * (1 if total else team.value)
    return Priced(
        method="time_savings",
        inputs=inputs,
        checks={
            "units": units_clear,
            "team size": team.stated or total,
            "role": rate.stated,
        },
        facts=Facts(hours_saved_per_year=hours_per_year),
    )


def _num(value: float) -> str:
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"
