"""Home, achievements index, one case study per achievement, skills."""

import math
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from builder.models.achievement import Achievement, Metric
from builder.models.enriched import Enriched
from builder.render.categories import category_label, grouped
from builder.render.templates import render
from builder.text import first_sentence, quantity, usd

MAX_WINS = 5
# A change under 10% is real work but not a headline.
MIN_CHANGE_RATIO = 1.1


class Win(NamedTuple):
    """One headline figure of the home page and the achievement it comes from."""

    achievement: Achievement
    figure: str  # "4.7×", "−72%", "$150K"
    caption: str  # what the figure measures, in plain words


def achievement_path(achievement_id: str) -> str:
    return f"achievements/{achievement_id}.md"


def achievement_url(achievement_id: str) -> str:
    """The page's address relative to the site root (MkDocs' directory URLs)."""
    return f"achievements/{achievement_id}/"


def page_context(enriched: Enriched) -> dict[str, object]:
    portfolio = enriched.portfolio
    return {
        "e": enriched,
        "p": portfolio,
        "profile": portfolio.profile,
        "change": change_figure,
        "category_label": category_label,
        "lead": first_sentence,
    }


def case_study(enriched: Enriched, templates: Path, achievement: Achievement) -> str:
    """One achievement's page: context, what I did, result, value, stack, pull requests."""
    return render(
        templates,
        "pages/achievement.md.j2",
        **page_context(enriched),
        a=achievement,
    )


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    portfolio = enriched.portfolio
    context = page_context(enriched)
    featured = [a for a in portfolio.achievements if a.featured]
    rest = [a for a in portfolio.achievements if not a.featured]
    out = {
        "index.md": render(
            templates,
            "pages/home.md.j2",
            **context,
            headline=headline(enriched),
            wins=headline_wins(enriched),
            featured=featured,
            rest=grouped(rest, lambda a: a.category),
        ),
        "achievements/index.md": render(templates, "pages/achievements_index.md.j2", **context),
        "skills.md": render(templates, "pages/skills.md.j2", **context, skills=skills(enriched)),
    }
    for achievement in portfolio.achievements:
        out[achievement_path(achievement.id)] = case_study(enriched, templates, achievement)
    return out


def headline(enriched: Enriched) -> dict[str, object]:
    """Figures for the home page's closing line, each computed from the data."""
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


def change_ratio(metric: Metric) -> float | None:
    """after / before, when both are positive numbers (a ratio means nothing otherwise)."""
    if metric.before is None or metric.after is None or metric.before <= 0 or metric.after <= 0:
        return None
    return metric.after / metric.before


def change_figure(metric: Metric) -> str:
    """The change as a reader takes it in at a glance: '4.7×' for a large rise, '+45%' for a
    smaller one, '−72%' for a fall; '' when before and after do not make a ratio."""
    ratio = change_ratio(metric)
    if ratio is None:
        return ""
    if ratio >= 2:
        return f"{ratio:.1f}×"
    pct = (ratio - 1) * 100
    return f"+{pct:.0f}%" if pct >= 0 else f"−{-pct:.0f}%"


def best_change(achievement: Achievement) -> tuple[float, Win] | None:
    """The achievement's largest measured change (either way: a fall in latency counts as much
    as a rise in throughput), with its strength |log(after / before)|."""
    best: tuple[float, Win] | None = None
    for metric in achievement.metrics:
        ratio = change_ratio(metric)
        if ratio is None or max(ratio, 1 / ratio) < MIN_CHANGE_RATIO:
            continue
        strength = abs(math.log(ratio))
        before, after = (
            quantity(metric.before, metric.unit or ""),
            quantity(metric.after, metric.unit or ""),
        )
        caption = f"{metric.name}: {before} → {after}"
        if best is None or strength > best[0]:
            best = (strength, Win(achievement, change_figure(metric), caption))
    return best


def headline_wins(enriched: Enriched) -> list[Win]:
    """Three to five wins chosen by the data: the largest measured changes and the largest
    yearly values, taken in turn (one win per achievement), then featured work shown first."""
    achievements = enriched.portfolio.achievements
    changes = sorted(
        (c for c in map(best_change, achievements) if c is not None),
        key=lambda c: (-c[0], c[1].achievement.id),
    )
    estimates = enriched.values.estimates if enriched.values else {}
    values = sorted(
        (
            (est.value_usd_per_year, Win(a, usd(est.value_usd_per_year), "estimated value a year"))
            for a in achievements
            if (est := estimates.get(a.id)) is not None and (est.value_usd_per_year or 0) > 0
        ),
        key=lambda v: (-v[0], v[1].achievement.id),
    )
    ranked = [w for pair in zip_longest_wins(changes, values) for w in pair]
    chosen: list[Win] = []
    for win in ranked:
        if len(chosen) == MAX_WINS:
            break
        if all(w.achievement.id != win.achievement.id for w in chosen):
            chosen.append(win)
    return sorted(chosen, key=lambda w: not w.achievement.featured)  # stable: rank kept


def zip_longest_wins(*lists: list[tuple[float, Win]]) -> list[list[Win]]:
    """The i-th win of each list, for every i: [[change 1, value 1], [change 2, value 2], ...]."""
    longest = max((len(items) for items in lists), default=0)
    return [[items[i][1] for items in lists if i < len(items)] for i in range(longest)]


def skills(enriched: Enriched) -> list[tuple[str, int, list[str]]]:
    """(skill, number of achievements, their ids), most used first, then by name."""
    count: Counter[str] = Counter()
    ids: dict[str, list[str]] = {}
    for achievement in enriched.portfolio.achievements:
        for skill in dict.fromkeys(achievement.skills):
            count[skill] += 1
            ids.setdefault(skill, []).append(achievement.id)
    return [(s, n, ids[s]) for s, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]
