"""Home, achievements index, one page per achievement, skills."""

from collections import Counter
from pathlib import Path

from builder.models.enriched import Enriched
from builder.render.templates import render


def achievement_path(achievement_id: str) -> str:
    return f"achievements/{achievement_id}.md"


def achievement_url(achievement_id: str) -> str:
    """The page's address relative to the site root (MkDocs' directory URLs)."""
    return f"achievements/{achievement_id}/"


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    portfolio = enriched.portfolio
    context = {"e": enriched, "p": portfolio, "profile": portfolio.profile}
    out = {
        "index.md": render(templates, "pages/home.md.j2", **context, headline=headline(enriched)),
        "achievements/index.md": render(templates, "pages/achievements_index.md.j2", **context),
        "skills.md": render(templates, "pages/skills.md.j2", **context, skills=skills(enriched)),
    }
    for achievement in portfolio.achievements:
        out[achievement_path(achievement.id)] = render(
            templates, "pages/achievement.md.j2", **context, a=achievement
        )
    return out


def headline(enriched: Enriched) -> dict[str, object]:
    """Figures for the top of the home page, each computed from the data."""
    portfolio = enriched.portfolio
    merged = [pr for pr in portfolio.pull_requests if pr.merged]
    dates = [a.date for a in portfolio.achievements]
    return {
        "achievements": len(portfolio.achievements),
        "merged_prs": len(merged),
        "repos": len({pr.repo for pr in merged}),
        "skills": len(skills(enriched)),
        "first_year": min(dates).year if dates else None,
        "last_year": max(dates).year if dates else None,
    }


def skills(enriched: Enriched) -> list[tuple[str, int, list[str]]]:
    """(skill, number of achievements, their ids), most used first, then by name."""
    count: Counter[str] = Counter()
    ids: dict[str, list[str]] = {}
    for achievement in enriched.portfolio.achievements:
        for skill in dict.fromkeys(achievement.skills):
            count[skill] += 1
            ids.setdefault(skill, []).append(achievement.id)
    return [(s, n, ids[s]) for s, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]
