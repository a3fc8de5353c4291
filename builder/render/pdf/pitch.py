"""pitch.pdf: a short landscape deck aimed at one target role.

Slides: who (name, headline, the role), headline KPIs, top achievements with value and
confidence, charts, and the pitch for the role. Charts are altair specs rendered to SVG by
vl-convert and placed inline, so WeasyPrint draws them as vectors with real text labels.
"""

import datetime as dt
import re
from collections import Counter

import altair as alt

from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.render.charts import to_svg
from builder.render.pdf.document import layout, render_html, to_bytes
from builder.render.pdf.ranking import best_bullet, clip, confidence_of, ranked, value_of
from builder.render.pdf.resume import period, totals
from builder.text import plain, usd

TOP_ACHIEVEMENTS = 4
ROLE_ACHIEVEMENTS = 3
_WORD = re.compile(r"[a-z0-9]+")
# Role words that say nothing about what the role does.
_ROLE_STOPWORDS = {"engineer", "senior", "staff", "principal", "lead", "specialist", "developer"}


def render_pitch(enriched: Enriched, role: str | None = None) -> bytes:
    profile = enriched.portfolio.profile
    role = role or profile.target_roles[0]
    top = ranked(enriched)
    html = render_html(
        enriched.paths.templates_dir,
        "pdf/pitch.html.j2",
        profile=profile,
        role=role,
        totals=totals(enriched),
        quantified=_quantified_share(enriched),
        top=[_card(enriched, a) for a in top[:TOP_ACHIEVEMENTS]],
        charts=_charts(enriched, top),
        pitch=clip(plain(enriched.narratives.about or profile.summary), 600),
        answer=_role_answer(enriched, role),
        role_cards=[_card(enriched, a) for a in _role_achievements(enriched, top, role)],
        page_size=enriched.config.pdf.page_size,
        site_url=enriched.site_url,
    )
    return to_bytes(layout(html), html)


def _script(enriched: Enriched, role: str):
    return next((s for s in enriched.narratives.interviews if s.role == role), None)


def _role_achievements(enriched: Enriched, top: list[Achievement], role: str) -> list[Achievement]:
    """The achievements the role's interview script answers from (the narrative stage matched
    them to the role), else those sharing most words with the role's name."""
    script = _script(enriched, role)
    by_id = {a.id: a for a in top}
    chosen: list[Achievement] = []
    for answer in script.answers if script else ():
        for achievement_id in answer.achievement_ids:
            if achievement_id in by_id and by_id[achievement_id] not in chosen:
                chosen.append(by_id[achievement_id])
    if not chosen:
        chosen = for_role(top, role)
    return chosen[:ROLE_ACHIEVEMENTS]


def _role_answer(enriched: Enriched, role: str) -> dict[str, str] | None:
    """The first question the role's panel asks, with the owner's answer (clipped)."""
    script = _script(enriched, role)
    if script is None or not script.answers:
        return None
    first = script.answers[0]
    return {"question": plain(first.question), "answer": clip(plain(first.answer), 480)}


def for_role(achievements: list[Achievement], role: str) -> list[Achievement]:
    """Achievements ranked by how many of the role's words their category, skills and tags
    share (stable: ties keep the overall ranking)."""
    words = set(_WORD.findall(role.lower())) - _ROLE_STOPWORDS

    def overlap(a: Achievement) -> int:
        own = set(_WORD.findall(" ".join([a.category, a.title, *a.skills, *a.tags]).lower()))
        return len(words & own)

    return sorted(achievements, key=lambda a: -overlap(a))


def _card(enriched: Enriched, achievement: Achievement) -> dict[str, object]:
    narrative = enriched.narratives.achievements.get(achievement.id)
    return {
        "title": achievement.title,
        "organisation": achievement.organisation or achievement.project or "",
        "period": period(achievement),
        "value": value_of(enriched, achievement.id),
        "confidence": confidence_of(enriched, achievement.id),
        "bullet": best_bullet(enriched, achievement),
        "pitch": narrative.pitch if narrative and narrative.pitch else "",
    }


def _quantified_share(enriched: Enriched) -> tuple[int, int]:
    ids = [a.id for a in enriched.portfolio.achievements]
    return sum(1 for i in ids if value_of(enriched, i) is not None), len(ids)


def _charts(enriched: Enriched, top: list[Achievement]) -> list[dict[str, str]]:
    charts = []
    priced = [(a, value_of(enriched, a.id)) for a in top]
    priced = sorted(
        ((a, v) for a, v in priced if v is not None), key=lambda av: (-av[1], av[0].id)
    )[:8]
    if priced:
        rows = [{"achievement": _short(a.title), "value": v} for a, v in priced]
        chart = (
            # Padding: WeasyPrint's DejaVu runs wider than vega's measure of it.
            alt.Chart(alt.Data(values=rows), width=250, height=190, padding=16)
            .mark_bar(color="#1a4f8b")
            .encode(
                x=alt.X("value:Q", title="USD per year", axis=alt.Axis(format="$~s")),
                y=alt.Y("achievement:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
            )
        )
        charts.append(
            {
                "title": "Yearly value of the top achievements",
                "alt": "Bar chart of yearly dollar value: "
                + "; ".join(f"{a.title} {usd(v)}" for a, v in priced),
                "svg": to_svg(chart),
            }
        )
    quarters = _merged_per_quarter(enriched)
    if quarters:
        rows = [{"quarter": q, "merged": n} for q, n in quarters]
        chart = (
            alt.Chart(alt.Data(values=rows), width=330, height=190, padding=16)
            .mark_bar(color="#0b5d1e")
            .encode(
                x=alt.X("quarter:O", title=None),
                y=alt.Y("merged:Q", title="Merged pull requests"),
            )
        )
        charts.append(
            {
                "title": "Merged pull requests per quarter",
                "alt": "Bar chart of merged pull requests per quarter: "
                + "; ".join(f"{q} {n}" for q, n in quarters),
                "svg": to_svg(chart),
            }
        )
    return charts


def _merged_per_quarter(enriched: Enriched) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for pr in enriched.portfolio.pull_requests:
        when = pr.merged_at or (pr.created_at if pr.merged else None)
        if when is not None:
            counts[_quarter(when.date())] += 1
    return sorted(counts.items())[-12:]


def _quarter(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
