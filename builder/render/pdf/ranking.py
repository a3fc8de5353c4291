"""Which achievements lead: the order the resume, the pitch deck and resume.json share.

Featured achievements come first (the owner chose them), then the priced ones by dollar value,
then the impact model's score, then the newest. Each step only breaks ties of the one before,
so the order is total and the same input always gives the same order.
"""

import re
from collections.abc import Sequence

from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.text import first_sentence

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year is a date, not a result
_WORD = re.compile(r"[a-z0-9]+")
# Role words that say nothing about what the role does.
_ROLE_STOPWORDS = {"engineer", "senior", "staff", "principal", "lead", "specialist", "developer"}


def ranked(enriched: Enriched) -> list[Achievement]:
    estimates = enriched.values.estimates
    # An impact model that does not beat predicting the mean orders nothing.
    predictions = enriched.model.predictions if enriched.model.trusted else {}

    def key(a: Achievement) -> tuple:
        estimate = estimates.get(a.id)
        value = estimate.value_usd_per_year if estimate is not None else None
        prediction = predictions.get(a.id)
        score = prediction.point if prediction is not None else None
        return (
            not a.featured,
            value is None,
            -(value or 0.0),
            score is None,
            -(score or 0.0),
            -(a.end_date or a.date).toordinal(),
            a.id,
        )

    return sorted(enriched.portfolio.achievements, key=key)


def value_of(enriched: Enriched, achievement_id: str) -> float | None:
    estimate = enriched.values.estimates.get(achievement_id)
    return None if estimate is None else estimate.value_usd_per_year


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def best_bullet(enriched: Enriched, achievement: Achievement, limit: int = 320) -> str:
    """The narrative bullet that carries a figure (recruiters scan for numbers), else the first
    bullet, else the summary's first sentence; clipped so one item never fills a page."""
    return clip(_best_bullet(enriched, achievement), limit)


def _best_bullet(enriched: Enriched, achievement: Achievement) -> str:
    narrative = enriched.narratives.achievements.get(achievement.id)
    bullets = [b.strip() for b in (narrative.bullets if narrative else ()) if b.strip()]
    with_figure = [b for b in bullets if re.search(r"\d", _YEAR.sub("", b))]
    if with_figure:
        return with_figure[0]
    if bullets:
        return bullets[0]
    return first_sentence(achievement.summary)


def for_role(achievements: list[Achievement], role: str) -> list[Achievement]:
    """Achievements ranked by how many of the role's words their category, skills and tags
    share (stable: ties keep the overall ranking)."""
    words = set(_WORD.findall(role.lower())) - _ROLE_STOPWORDS

    def overlap(a: Achievement) -> int:
        own = set(_WORD.findall(" ".join([a.category, a.title, *a.skills, *a.tags]).lower()))
        return len(words & own)

    return sorted(achievements, key=lambda a: -overlap(a))


def by_evidence(achievements: list[Achievement], evidence: Sequence[str]) -> list[Achievement]:
    """The achievements named in `evidence` first, in its order, then the others as ranked."""
    place = {achievement_id: i for i, achievement_id in enumerate(dict.fromkeys(evidence))}
    return sorted(achievements, key=lambda a: place.get(a.id, len(place)))
