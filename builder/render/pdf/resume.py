"""resume.pdf: a one-column CV an applicant-tracking system parses and a recruiter scans.

Sections under standard headings: Summary, Experience (each position with its dates and its
best achievements as bullets), Skills, Education, then the optional ones the profile fills.
The page limit comes from the data (one page up to about five years of experience, two
beyond, never over `pdf.resume_max_pages`). Fitting works on real layouts: bullets are
offered in priority order (recent positions and top-ranked work first) and the largest number
that fits is found by bisection; a position is always listed, even when none of its bullets
fit.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from builder.models.enriched import Enriched
from builder.render.pdf.cv import BULLETS_PER_POSITION, Cv, Line, build_cv, page_limit, period
from builder.render.pdf.document import pages, pdf, render_html

if TYPE_CHECKING:
    pass

log = logging.getLogger("showcase.pdf")

# What gives way when even the positions alone are too long, in order.
_SHRINK_STEPS = (
    {},
    {"talks": False, "publications": False},
    {"talks": False, "publications": False, "certifications": False, "languages": False},
    {
        "talks": False,
        "publications": False,
        "certifications": False,
        "languages": False,
        "scope": False,
    },
)
_SECTIONS = {"talks": True, "publications": True, "certifications": True, "languages": True}


@dataclass(frozen=True)
class ResumeResult:
    pdf: bytes
    pages: int
    page_limit: int
    included: tuple[str, ...]
    dropped: tuple[str, ...]


def render_resume(
    enriched: Enriched, role: str | None = None, evidence: Sequence[str] = ()
) -> ResumeResult:
    """`evidence`: achievement ids to lead the bullets with (see build_cv)."""
    cv = build_cv(enriched, role, evidence)
    limit = page_limit(cv, enriched.config.pdf.resume_max_pages)
    offered = priority(cv)
    htmls: dict[tuple[int, int], str] = {}

    def attempt(step: int, count: int) -> str:
        if (step, count) not in htmls:
            htmls[(step, count)] = resume_html(enriched, cv, offered[:count], _SHRINK_STEPS[step])
        return htmls[(step, count)]

    def fits(step: int, count: int) -> bool:
        return pages(attempt(step, count))[0] <= limit

    step = next((s for s in range(len(_SHRINK_STEPS)) if fits(s, 0)), len(_SHRINK_STEPS) - 1)
    count = _largest_fitting(len(offered), lambda n: fits(step, n))
    html = attempt(step, count)
    page_count = pages(html)[0]
    included = tuple(line.achievement_id for line in offered[:count])
    dropped = tuple(i for i in cv.order if i not in set(included))
    log.info(
        "resume.pdf: %d of %d achievements as bullets on %d page(s) (limit %d)",
        len(included),
        len(cv.order),
        page_count,
        limit,
    )
    return ResumeResult(pdf(html), page_count, limit, included, dropped)


def priority(cv: Cv) -> list[Line]:
    """Every bullet the resume could show, best first: the top bullet of each recent position
    before the third of any, older positions weighing a little less."""
    ranked: list[tuple[float, int, int, Line]] = []
    for p, position in enumerate(cv.positions):
        for depth, line in enumerate(position.lines[:BULLETS_PER_POSITION]):
            ranked.append((depth + 0.5 * p, p, depth, line))
    after = len(cv.positions)
    for depth, project in enumerate(cv.projects[:BULLETS_PER_POSITION]):
        ranked.append((depth + 0.5 * after, after, depth, project.line))
    return [line for *_, line in sorted(ranked, key=lambda r: r[:3])]


def _largest_fitting(total: int, fits) -> int:
    """The largest n in [0, total] with fits(n), given fits(0) (bisection: about log2(total)
    layouts)."""
    if fits(total):
        return total
    good, bad = 0, total
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def resume_html(enriched: Enriched, cv: Cv, lines: list[Line], shrink: dict[str, bool]) -> str:
    shown = {line.achievement_id for line in lines}
    positions = [
        replace(p, lines=tuple(line for line in p.lines if line.achievement_id in shown))
        for p in cv.positions
    ]
    projects = [p for p in cv.projects if p.line.achievement_id in shown]
    sections = {**_SECTIONS, **shrink}
    return render_html(
        enriched.paths.templates_dir,
        "pdf/resume.html.j2",
        cv=cv,
        profile=cv.profile,
        positions=positions,
        projects=projects,
        show=sections,
        show_scope=shrink.get("scope", True),
        period=period,
        page_size=enriched.config.pdf.page_size,
    )


def totals(enriched: Enriched) -> dict[str, object]:
    """The headline figures of the pitch deck."""
    values = enriched.values
    merged = [p for p in enriched.portfolio.pull_requests if p.merged]
    return {
        "value": values.total_usd_per_year,
        "interval": values.total_interval_90,
        "achievements": len(enriched.portfolio.achievements),
        "merged_prs": len(merged),
        "repos": len({p.repo for p in merged}),
    }
