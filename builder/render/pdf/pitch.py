"""pitch.pdf: a short landscape deck aimed at one target role.

Slides: who (name, headline, the role), headline KPIs, top achievements with their value,
charts, and the pitch for the role. No slide may overflow its page: the deck is laid out, the
layout boxes checked (pdf/overflow.py), and the text budget stepped down until it fits.
Charts are altair specs rendered to SVG by vl-convert and placed inline, so WeasyPrint draws
them as vectors with real text labels.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import altair as alt

from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.render.charts import to_svg
from builder.render.pdf.bullets import write_bullet
from builder.render.pdf.cv import achievement_period
from builder.render.pdf.document import pages, pdf, render_html
from builder.render.pdf.ranking import for_role, ranked, value_of
from builder.render.pdf.resume import totals
from builder.text import plain, sentences, usd

TOP_ACHIEVEMENTS = 4
ROLE_ACHIEVEMENTS = 3


@dataclass(frozen=True)
class Budget:
    """How much text the deck may carry; the deck steps down until no slide overflows."""

    pitch: int  # characters of the role slide's paragraph, in whole sentences
    answer: int  # characters of the interview answer (0: left out)
    reasons: int  # achievements on the role slide


BUDGETS = (Budget(600, 480, 3), Budget(450, 320, 3), Budget(320, 0, 3), Budget(240, 0, 2))


def render_pitch(enriched: Enriched, role: str | None = None) -> bytes:
    role = role or enriched.portfolio.profile.target_roles[0]
    top = ranked(enriched)
    for budget in BUDGETS:
        html = pitch_html(enriched, role, top, budget)
        if not pages(html, slide_count(html))[1]:
            break
    return pdf(html)


def slide_count(html: str) -> int:
    return html.count('<section class="slide')


def pitch_html(enriched: Enriched, role: str, top: list[Achievement], budget: Budget) -> str:
    profile = enriched.portfolio.profile
    return render_html(
        enriched.paths.templates_dir,
        "pdf/pitch.html.j2",
        profile=profile,
        role=role,
        totals=totals(enriched),
        quantified=_quantified_share(enriched),
        top=[_card(enriched, a) for a in top[:TOP_ACHIEVEMENTS]],
        charts=_charts(enriched, top),
        pitch=whole_sentences(enriched.narratives.about or profile.summary, budget.pitch),
        answer=_role_answer(enriched, role, budget.answer),
        role_cards=[
            _card(enriched, a) for a in _role_achievements(enriched, top, role)[: budget.reasons]
        ],
        page_size=enriched.config.pdf.page_size,
        site_url=enriched.site_url,
    )


def whole_sentences(markdown: str, limit: int) -> str:
    """As many whole sentences as fit in `limit` characters (at least the first): a slide that
    stops mid-sentence reads as cut off."""
    out = ""
    for sentence in sentences(markdown):
        candidate = f"{out} {sentence}".strip()
        if out and len(candidate) > limit:
            break
        out = candidate
    return out


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


def _role_answer(enriched: Enriched, role: str, limit: int) -> dict[str, str] | None:
    """The first question the role's panel asks, with the owner's answer in whole sentences."""
    script = _script(enriched, role)
    if script is None or not script.answers or limit <= 0:
        return None
    first = script.answers[0]
    return {"question": plain(first.question), "answer": whole_sentences(first.answer, limit)}


def _card(enriched: Enriched, achievement: Achievement) -> dict[str, object]:
    """Title, where and when, value, and one line that does not repeat the title."""
    narrative = enriched.narratives.achievements.get(achievement.id)
    return {
        "title": achievement.title,
        "organisation": achievement.organisation or achievement.project or "",
        "period": achievement_period(achievement),
        "value": value_of(enriched, achievement.id),
        "bullet": write_bullet(achievement, narrative, titles=(achievement.title,)),
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
