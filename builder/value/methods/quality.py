"""Quality: fewer bugs, defects and flaky failures, priced as engineer hours not lost.

"escaped defects from 20 to 8 per month" -> (20 - 8) defects/month x 12 x 6 h x $100/h;
"flaky failure rate from 12% to 1%" -> 11% of 2,500 runs/year x 0.5 h x $100/h.
"""

import re

from builder.models.value import Facts
from builder.models.value_settings import ValueSettings
from builder.value.methods.base import (
    Evidence,
    Priced,
    amount,
    assumed,
    hourly_rate,
    periods_per_year,
    runs_per_year,
    sentence_of,
    stated,
)

_DEFECTS = {"bugs", "defects", "failures", "errors", "tickets"}
_FLAKY = re.compile(r"flak(?:y|iness|es)|intermittent|(?:test|CI|pipeline|build) failures?", re.I)
_PERIOD = re.compile(
    r"\b(?:per|a|an|each|every)\s+(?P<p>week|month|quarter|year|sprint|release)\b", re.I
)


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    for signal in evidence.signals:
        if signal.before is None or signal.after is None or signal.before <= signal.after:
            continue
        sentence = sentence_of(evidence, signal.phrase)
        if signal.unit in _DEFECTS:
            return _defects(evidence, settings, sentence, signal.before, signal.after, signal.unit)
        if signal.unit == "%" and _FLAKY.search(sentence):
            return _flaky(evidence, settings, sentence, signal.before, signal.after)
    return None


def _defects(
    evidence: Evidence,
    settings: ValueSettings,
    sentence: str,
    before: float,
    after: float,
    noun: str,
) -> Priced:
    period = _PERIOD.search(sentence)
    name = period.group("p").lower() if period else "year"
    per_year = float((periods_per_year(name, settings) or (1,))[0])
    avoided = before - after
    rate = hourly_rate(evidence, settings, sentence)
    inputs = [
        stated(
            "defects avoided per period",
            avoided,
            f"({amount(before)} - {amount(after)}) {noun}/{name}",
        )
    ]
    if per_year != 1:
        inputs.append(stated("periods per year", per_year, f"{per_year:g} {name}s"))
    inputs += [
        assumed(
            "hours per defect",
            settings.hours_per_defect,
            f"{settings.hours_per_defect:g} h/defect",
            "hours_per_defect",
        ),
        rate,
    ]
    return Priced(
        method="quality",
        inputs=inputs,
        checks={
            "units": period is not None,
            "before and after": True,
            "role": rate.stated,
        },
        facts=Facts(defects_avoided_per_year=avoided * per_year),
    )


def _flaky(
    evidence: Evidence, settings: ValueSettings, sentence: str, before: float, after: float
) -> Priced:
    share = (before - after) / 100
    volume = runs_per_year(evidence, settings, sentence, "ci_runs_per_year")
    rate = hourly_rate(evidence, settings, sentence)
    return Priced(
        method="quality",
        inputs=[
            stated("failure rate cut", share, f"({amount(before)}% - {amount(after)}%)"),
            volume,
            assumed(
                "hours per flaky failure",
                settings.hours_per_flaky_failure,
                f"{settings.hours_per_flaky_failure:g} h/failure",
                "hours_per_flaky_failure",
            ),
            rate,
        ],
        checks={
            "units": True,
            "before and after": True,
            "volume": volume.stated,
        },
        facts=Facts(defects_avoided_per_year=share * volume.value),
    )
