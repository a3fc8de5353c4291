"""The CV's content, shared by resume.pdf, resume.json and the RenderCV export.

Positions come from the profile's `experience`, newest first; each achievement joins the
position its `experience:` key names, or the one at its organisation whose dates cover it.
Achievements outside every position become projects. Bullets per position follow the shared
ranking, or for a target role, that role's relevance first.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from builder.models.achievement import Achievement
from builder.models.cv import Education, Experience, position_of
from builder.models.enriched import Enriched
from builder.models.profile import Profile
from builder.narratives.interview import keyword_hits, panels
from builder.render.pdf.bullets import write_bullet
from builder.render.pdf.ranking import by_evidence, for_role, ranked
from builder.render.pdf.skills import skill_groups
from builder.text import plain

# A CV of up to about five years fits one page; a longer career gets two.
ONE_PAGE_YEARS = 5.5
BULLETS_PER_POSITION = 6


@dataclass(frozen=True)
class Line:
    achievement_id: str
    text: str


@dataclass(frozen=True)
class Position:
    experience: Experience
    lines: tuple[Line, ...]

    @property
    def period(self) -> str:
        return period(self.experience.start, self.experience.end)


@dataclass(frozen=True)
class Project:
    achievement: Achievement
    name: str
    line: Line


@dataclass(frozen=True)
class Cv:
    profile: Profile
    summary: str
    positions: tuple[Position, ...]
    projects: tuple[Project, ...]
    skills: tuple[tuple[str, tuple[str, ...]], ...]
    education: tuple[Education, ...]
    years: float | None
    role: str | None = None
    order: tuple[str, ...] = field(default=())  # achievement ids, best first


def build_cv(enriched: Enriched, role: str | None = None, evidence: Sequence[str] = ()) -> Cv:
    """`evidence`: achievement ids to lead with, best first (a job posting's evidence, from
    `showcase tailor`); the rest follow in the usual (or the role's) order."""
    profile = enriched.portfolio.profile
    order = role_order(enriched, role) if role else ranked(enriched)
    if evidence:
        order = by_evidence(order, evidence)
    experience = sorted(
        profile.experience, key=lambda e: (e.end is None, e.end or e.start, e.start)
    )
    experience.reverse()
    by_position: dict[int, list[Achievement]] = {}
    outside: list[Achievement] = []
    for achievement in order:
        index = position_of(
            experience, achievement.experience, achievement.organisation, achievement.date
        )
        if index is None:
            outside.append(achievement)
        else:
            by_position.setdefault(index, []).append(achievement)
    positions = tuple(
        Position(entry, tuple(_line(enriched, a, entry) for a in by_position.get(i, [])))
        for i, entry in enumerate(experience)
    )
    return Cv(
        profile=profile,
        summary=plain(profile.summary or enriched.narratives.about),
        positions=positions,
        projects=tuple(_project(enriched, a) for a in outside),
        skills=tuple(
            (name, tuple(skills))
            for name, skills in skill_groups(profile, list(enriched.portfolio.achievements))
        ),
        education=tuple(sorted(profile.education, key=lambda e: e.start, reverse=True)),
        years=years_of_experience(enriched),
        role=role,
        order=tuple(a.id for a in order),
    )


def _line(enriched: Enriched, achievement: Achievement, entry: Experience) -> Line:
    narrative = enriched.narratives.achievements.get(achievement.id)
    text = write_bullet(achievement, narrative, titles=(entry.position,))
    return Line(achievement.id, text)


def _project(enriched: Enriched, achievement: Achievement) -> Project:
    name = achievement.project or achievement.title
    narrative = enriched.narratives.achievements.get(achievement.id)
    text = write_bullet(achievement, narrative, titles=(name,))
    return Project(achievement, name, Line(achievement.id, text))


def role_order(enriched: Enriched, role: str) -> list[Achievement]:
    """The ranking regrouped for a role: achievements the role's interview panel listens for
    (its categories and keywords, from roles.yml) first, each group in the usual order."""
    base = ranked(enriched)
    if enriched.roles is None:
        return for_role(base, role)
    panel = panels(enriched.roles, [role])[0]
    role_specific = panel.questions[len(enriched.roles.common_questions) :]
    categories = {c for q in role_specific for c in q.categories}

    def relevance(a: Achievement) -> int:
        text = " ".join([a.title, a.summary, a.result, *a.skills, *a.tags]).lower()
        hits = keyword_hits(panel.keywords, text) + (3 if a.category in categories else 0)
        return 2 if hits >= 4 else 1 if hits >= 1 else 0

    return sorted(base, key=lambda a: -relevance(a))


def years_of_experience(enriched: Enriched) -> float | None:
    """From the first position's start to the newest date in the data (never today's date:
    the same data gives the same resume), else the profile's own figure."""
    profile = enriched.portfolio.profile
    if not profile.experience:
        return profile.years_experience
    start = min(e.start for e in profile.experience)
    dates = [d for e in profile.experience for d in (e.start, e.end) if d is not None]
    dates += [a.end_date or a.date for a in enriched.portfolio.achievements]
    return round((max(dates) - start).days / 365.25, 1)


def page_limit(cv: Cv, most: int) -> int:
    """One page for up to about five years of experience, two beyond; never over `most`."""
    wanted = 1 if cv.years is not None and cv.years <= ONE_PAGE_YEARS else 2
    return min(wanted, most)


def period(start: dt.date, end: dt.date | None) -> str:
    first = start.strftime("%b %Y")
    if end is None:
        return f"{first} – Present"
    last = end.strftime("%b %Y")
    return first if last == first else f"{first} – {last}"


def achievement_period(achievement: Achievement) -> str:
    """'Sep 2024' or 'Sep 2024 – Oct 2024': when an achievement happened."""
    start = achievement.date.strftime("%b %Y")
    end = achievement.end_date.strftime("%b %Y") if achievement.end_date else start
    return start if end == start else f"{start} – {end}"
