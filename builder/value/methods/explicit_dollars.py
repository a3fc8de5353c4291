"""Explicit dollar amounts, the last resort: "saves about $30K a year" taken as stated.

An amount without a period is read as per year, and that reading is listed in the breakdown.
"""

import re

from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.methods.base import Evidence, Priced, stated
from builder.value.parse import quantities

# A dollar figure counts only beside a word that makes it a gain, not a price or a budget.
_VALUE_WORDS = re.compile(
    r"\b(?:sav\w+|worth|valued?|avoid\w*|reduc\w+|cut|lower\w*|recover\w*|generat\w+|gain\w*"
    r"|benefit\w*|return\w*|impact\w*|free[sd]? up|cheaper)\b",
    re.IGNORECASE,
)
_PER_YEAR = {"day": 260.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    for sentence in evidence.sentences:
        if not _VALUE_WORDS.search(sentence):
            continue
        for q in quantities(sentence):
            if q.dimension != "money" or q.value <= 0:
                continue
            period = q.unit.split("/", 1)[1] if "/" in q.unit else None
            first = stated("amount", q.value, f"{dollars(q.value)}/{period or 'year'}")
            if period is None:
                first = first.model_copy(
                    update={"source": "stated in the text; no period given, read as per year"}
                )
            inputs = [first]
            per_year = _PER_YEAR.get(period or "year", 1.0)
            if per_year != 1:
                inputs.append(stated("periods per year", per_year, f"{per_year:g} {period}s"))
            return Priced(
                method="explicit_dollars",
                inputs=inputs,
                checks={"units": period is not None, "exact figure": not q.approximate},
            )
    return None
