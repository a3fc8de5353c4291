"""Revenue and user impact: only where the text states revenue; users are counted, not priced.

"adds $30K MRR" -> $30,000/month x 12 months. "used by 2M users" is recorded as users
affected (a KPI) but given no dollar value: pricing a user would be a made-up number.
"""

import re

from builder.models.value_settings import ValueSettings
from builder.text import dollars
from builder.value.methods.base import Evidence, Priced, stated
from builder.value.parse import quantities

_REVENUE = re.compile(
    r"\brevenue\b|\bsales\b|\bARR\b|\bMRR\b|\bGMV\b|\bbookings\b|\bupsell\w*|\bincome\b"
    r"|\bdeals?\b|\bcontracts?\b",
    re.IGNORECASE,
)
_GAIN = re.compile(
    r"\b(?:add|added|adds|generat\w+|increas\w+|grew|grow\w*|boost\w*|won|win\w*|unlock\w*"
    r"|new|additional|incremental|extra|lift\w*|rais\w+|drove|drives?)\b",
    re.IGNORECASE,
)
_YEARLY = re.compile(r"\bannual(?:ly)?\b|\bper year\b|\ba year\b|\byearly\b|\bARR\b", re.I)
_PERIOD_MONTHS = {"day": 260.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}
# "2M users", "1.5 million customers", "12,000 developers"
# `[\d,]{0,24}`, not `[\d,]*`: an unbounded run re-scans the rest of a "1,1,1,..." body from
# every digit (quadratic; 150 s on 65,536 characters); 24 covers "1,000,000,000,000".
_USERS = re.compile(
    r"(?P<n>\d[\d,]{0,24}(?:\.\d+)?)\s*(?P<scale>k|K|M|million|thousand|billion|B)?\+?\s+"
    r"(?:monthly |daily |active |paying |end[- ])?(?:users|customers|clients|subscribers"
    r"|developers|visitors|accounts|members|downloads|installs)\b",
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9, "b": 1e9}


def price(evidence: Evidence, settings: ValueSettings) -> Priced | None:
    for sentence in evidence.sentences:
        if not (_REVENUE.search(sentence) and _GAIN.search(sentence)):
            continue
        for q in quantities(sentence):
            if q.dimension != "money":
                continue
            period = q.unit.split("/", 1)[1] if "/" in q.unit else "year"
            if re.match(r"\s*(?:of\s+)?(?:new\s+)?MRR\b", sentence[q.end :]):
                period = "month"  # monthly recurring revenue
            per_year = _PERIOD_MONTHS.get(period, 1.0)
            inputs = [stated("revenue per period", q.value, f"{dollars(q.value)}/{period}")]
            if per_year != 1:
                inputs.append(stated("periods per year", per_year, f"{per_year:g} {period}s"))
            priced = Priced(
                method="revenue",
                inputs=inputs,
                checks={
                    "units": "/" in q.unit or period == "month" or bool(_YEARLY.search(sentence)),
                    "revenue": True,
                    "exact figure": not q.approximate,
                },
            )
            priced.facts = priced.facts.model_copy(update={"revenue_usd_per_year": priced.value})
            return priced
    return None


def users_affected(text: str) -> float | None:
    """The largest stated number of users, customers or developers reached."""
    counts = [
        float(m.group("n").replace(",", "")) * _SCALE.get((m.group("scale") or "").lower(), 1.0)
        for m in _USERS.finditer(text)
    ]
    return max(counts) if counts else None
