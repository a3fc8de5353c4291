"""What every pricing method shares: the evidence it reads, the price it returns, and the
helpers that find a role's rate, a team size and a frequency in the text.

Confidence is one rule for all methods, so readers can check it: 0.4 for a priced claim,
plus 0.1 for each check the text itself satisfies (units clear, team size stated, role
stated, before and after both given, volume or frequency stated), capped at 0.9.
"""

import math
import re
from dataclasses import dataclass, field

from builder.models.value import Facts, Input, Signal
from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.parse import CARDINAL, to_number

BASE_CONFIDENCE = 0.4
STEP = 0.1
CAP = 0.9


@dataclass(frozen=True)
class Evidence:
    """An item's prose (already split into sentences), its signals and its structured fields."""

    sentences: tuple[str, ...]
    signals: tuple[Signal, ...]
    team_size: int | None = None
    role: str | None = None
    hours_saved_per_week: float | None = None

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass
class Priced:
    """A method's answer: the formula's factors, and which confidence checks the text met."""

    method: str
    inputs: list[Input]
    checks: dict[str, bool]
    facts: Facts = field(default_factory=Facts)
    basis: str = ""  # plain words for the page; empty: the method's usual wording

    @property
    def value(self) -> float:
        return math.prod(i.value for i in self.inputs)

    @property
    def confidence(self) -> float:
        stated = sum(self.checks.values())
        return round(min(CAP, BASE_CONFIDENCE + STEP * stated), 2)

    @property
    def formula(self) -> str:
        factors = " x ".join(i.shown for i in self.inputs)
        return f"{factors} = {dollars(self.value)}/year"


def stated(label: str, value: float, shown: str) -> Input:
    return Input(label=label, value=value, shown=shown, stated=True, source="stated in the text")


def assumed(label: str, value: float, shown: str, setting: str) -> Input:
    return Input(label=label, value=value, shown=shown, stated=False, source=f"settings: {setting}")


def amount(value: float) -> str:
    """A factor as a reader expects it: no trailing zeros, thousands separated."""
    if value == int(value):
        return f"{int(value):,}"
    return (
        f"{value:,.3f}".rstrip("0").rstrip(".")
        if abs(value) < 1
        else f"{value:,.2f}".rstrip("0").rstrip(".")
    )


def plural(value: float, word: str) -> str:
    return f"{amount(value)} {word}" if value == 1 else f"{amount(value)} {word}s"


# --- rate, team, frequency ----------------------------------------------------------------


def hourly_rate(evidence: Evidence, settings: ValueSettings, sentence: str = "") -> Input:
    """The rate of the first role keyword (settings order) in the claim, the item, the text."""
    for where in (sentence, evidence.role or "", evidence.text):
        for role, rate in settings.hourly_rate_by_role.items():
            if role != "default" and re.search(rf"\b{re.escape(role)}s?\b", where, re.I):
                return Input(
                    label="hourly rate",
                    value=rate,
                    shown=f"{dollars(rate)}/h",
                    stated=True,
                    source=f"role '{role}' stated; rate from settings: hourly_rate_by_role",
                )
    rate = settings.hourly_rate_by_role["default"]
    return assumed("hourly rate", rate, f"{dollars(rate)}/h", "hourly_rate_by_role.default")


_NUMBER_WORD = rf"\d+|{CARDINAL}"
# "4-person team", "team of 4", "4 senior developers", "for 12 data scientists"
_TEAM = re.compile(
    rf"\b(?P<a>{_NUMBER_WORD})[- ](?:person|people|member|engineer|developer|dev)s?[- ]team\b"
    rf"|\bteam of (?P<b>{_NUMBER_WORD})\b"
    rf"|\b(?P<c>{_NUMBER_WORD})\s+(?:(?:senior|junior|staff|principal|ML|data|backend|frontend"
    r"|platform|other|full-time)\s+)*(?:engineers|developers|devs|people|scientists|analysts"
    r"|researchers|teammates|SREs|members|users|reviewers|operators)\b",
    re.IGNORECASE,
)


def team_size(evidence: Evidence, sentence: str = "") -> Input:
    """People who benefit: stated in the claim or the item, else one person (conservative)."""
    for where in (sentence, evidence.text):
        m = _TEAM.search(where)
        if m:
            raw = (m.group("a") or m.group("b") or m.group("c")).lower()
            n = to_number(raw)
            return stated("team size", n, plural(n, "person").replace("persons", "people"))
    if evidence.team_size:
        n = float(evidence.team_size)
        shown = plural(n, "person").replace("persons", "people")
        return Input(label="team size", value=n, shown=shown, stated=True, source="team_size field")
    return Input(
        label="team size",
        value=1.0,
        shown="1 person",
        stated=False,
        source="not stated: counted as one person",
    )


def periods_per_year(period: str, settings: ValueSettings) -> tuple[float, str, str] | None:
    """(periods per year, plural noun, settings field) for 'week', 'sprint', ...; None for runs."""
    period = period.lower()
    weeks = settings.working_weeks_per_year
    table = {
        "day": (weeks * settings.working_days_per_week, "days", "working_weeks_per_year x days"),
        "workday": (weeks * settings.working_days_per_week, "days", "working_days_per_week"),
        "week": (weeks, "weeks", "working_weeks_per_year"),
        "month": (12, "months", "calendar"),
        "quarter": (4, "quarters", "calendar"),
        "year": (1, "year", "calendar"),
        "sprint": (settings.sprints_per_year, "sprints", "sprints_per_year"),
        "release": (settings.releases_per_year, "releases", "releases_per_year"),
    }
    return table.get(period)


# "10 times a day", "twice a week", "every sprint", "weekly", "40 builds per day"
_FREQUENCY = re.compile(
    rf"\b(?:(?P<n>{_NUMBER_WORD}|once|twice)\s+(?:times|runs|builds|jobs|pipelines|deploys"
    r"|deployments|releases|pushes|commits|PRs|pull requests)?\s*(?:a|per|each|every|/)\s*"
    r"(?P<per>day|workday|week|month|quarter|year|sprint|release)"
    r"|(?:every|each|per)\s+(?P<every>day|workday|week|month|quarter|sprint|release)"
    r"|(?P<adverb>daily|weekly|monthly|quarterly|nightly|hourly))\b",
    re.IGNORECASE,
)
_ADVERB = {
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
}


def frequency(text: str, settings: ValueSettings) -> tuple[float, str] | None:
    """(runs per year, how it reads) from the first stated frequency in `text`."""
    for m in _FREQUENCY.finditer(text):
        if m.group("adverb") and m.group("adverb").lower() == "hourly":
            days = settings.working_weeks_per_year * settings.working_days_per_week
            return float(days * 8), "hourly"
        per = m.group("per") or m.group("every") or _ADVERB[m.group("adverb").lower()]
        raw = (m.group("n") or "1").lower()
        n = {"once": 1, "twice": 2}.get(raw) or int(to_number(raw))
        periods = periods_per_year(per, settings)
        if periods is None:
            continue
        return float(n * periods[0]), m.group(0)
    return None


def runs_per_year(
    evidence: Evidence, settings: ValueSettings, sentence: str, default_setting: str
) -> Input:
    """The stated run frequency (this sentence first, then the whole text), else the setting."""
    runs = frequency(sentence, settings) or frequency(evidence.text, settings)
    if runs:
        return stated("runs per year", runs[0], f"{amount(runs[0])} runs/year ({runs[1]})")
    n = float(getattr(settings, default_setting))
    return assumed("runs per year", n, f"{amount(n)} runs/year", default_setting)


def sentence_of(evidence: Evidence, needle: str) -> str:
    """The sentence a signal came from (its phrase), for nearby role and team words."""
    return next((s for s in evidence.sentences if needle and needle[:60] in s), needle)
