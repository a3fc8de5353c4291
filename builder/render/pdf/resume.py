"""resume.pdf: one or two pages, never more; what does not fit is dropped and named.

Fitting works on real layouts, not estimates: render, count pages, and if the resume is too
long, read from the layout which achievements start beyond the limit (an upper bound on what
can fit), then search downwards from that bound. Only a few short renders are needed even for
hundreds of achievements, because the first render holds only as many items as could ever fit.
"""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.render.pdf.document import layout, render_html, to_bytes
from builder.render.pdf.ranking import best_bullet, clip, confidence_of, ranked, value_of
from builder.text import plain

if TYPE_CHECKING:
    from weasyprint import Document

log = logging.getLogger("showcase.pdf")

# More items than any page can hold: the first layout never needs to include more.
_ITEMS_PER_PAGE_CEILING = 14
# A build log names this many left-out achievements; the CLI and the result name them all.
_NAMED_IN_LOG = 20


@dataclass(frozen=True)
class ResumeResult:
    pdf: bytes
    pages: int
    included: tuple[str, ...]
    dropped: tuple[str, ...]


def render_resume(enriched: Enriched) -> ResumeResult:
    settings = enriched.config.pdf
    limit = settings.resume_max_pages
    items = [_item(enriched, a) for a in ranked(enriched)]
    cache: dict[int, tuple[str, Document]] = {}

    def attempt(count: int) -> tuple[str, "Document"]:
        if count not in cache:
            html = _html(enriched, items, count)
            cache[count] = (html, layout(html))
        return cache[count]

    def fits(count: int) -> bool:
        return len(attempt(count)[1].pages) <= limit

    count = _fit(len(items), limit, attempt, fits)
    html, document = attempt(count)
    included = tuple(i["id"] for i in items[:count])
    dropped = tuple(i["id"] for i in items[count:])
    if dropped:
        named = ", ".join(dropped[:_NAMED_IN_LOG])
        more = len(dropped) - _NAMED_IN_LOG
        log.warning(
            "resume.pdf: %d achievement(s) left out to stay within %d page(s), lowest-ranked "
            "first to go: %s%s",
            len(dropped),
            limit,
            named,
            f" and {more} more (`showcase pdf resume` lists them all)" if more > 0 else "",
        )
    return ResumeResult(to_bytes(document, html), len(document.pages), included, dropped)


def _fit(total: int, limit: int, attempt, fits) -> int:
    """The largest number of top-ranked items whose resume fits in `limit` pages."""
    probe = min(total, _ITEMS_PER_PAGE_CEILING * limit)
    while fits(probe):
        if probe == total:
            return total
        probe = min(total, probe * 2)
    # Items whose heading starts past the last allowed page can never fit.
    anchors = {name for page in attempt(probe)[1].pages[:limit] for name in page.anchors}
    upper = sum(1 for i in range(probe) if f"item-{i}" in anchors)
    # Search downwards from the bound: the answer is usually within a few items of it.
    step, bad = 1, upper + 1
    candidate = upper
    while candidate > 0 and not fits(candidate):
        bad = candidate
        candidate = max(0, upper - step)
        step *= 2
    good = candidate
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def _item(enriched: Enriched, achievement: Achievement) -> dict[str, object]:
    return {
        "id": achievement.id,
        "title": achievement.title,
        "organisation": achievement.organisation or achievement.project or "",
        "period": period(achievement),
        "value": value_of(enriched, achievement.id),
        "confidence": confidence_of(enriched, achievement.id),
        "bullet": best_bullet(enriched, achievement),
        "featured": achievement.featured,
        "skills": achievement.skills[:6],
    }


def _html(enriched: Enriched, items: list[dict[str, object]], count: int) -> str:
    profile = enriched.portfolio.profile
    settings = enriched.config.pdf
    dropped = len(items) - count
    more_url = f"{enriched.site_url.rstrip('/')}/achievements/" if enriched.site_url else None
    return render_html(
        enriched.paths.templates_dir,
        "pdf/resume.html.j2",
        profile=profile,
        # The owner's own words first: a resume summary is theirs to phrase.
        summary=clip(plain(profile.summary or enriched.narratives.about), 650),
        totals=totals(enriched),
        items=items[:count],
        dropped=dropped,
        more_url=more_url,
        skills=top_skills(enriched, 18),
        page_size=settings.page_size,
        page_limit=settings.resume_max_pages,
    )


def totals(enriched: Enriched) -> dict[str, object]:
    values = enriched.values
    merged = [p for p in enriched.portfolio.pull_requests if p.merged]
    return {
        "value": values.total_usd_per_year,
        "interval": values.total_interval_90,
        "achievements": len(enriched.portfolio.achievements),
        "merged_prs": len(merged),
        "repos": len({p.repo for p in merged}),
    }


def top_skills(enriched: Enriched, limit: int) -> list[str]:
    counts: dict[str, int] = {}
    for achievement in enriched.portfolio.achievements:
        for skill in dict.fromkeys(achievement.skills):
            counts[skill] = counts.get(skill, 0) + 1
    return [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))][:limit]


def period(achievement: Achievement) -> str:
    start = achievement.date.strftime("%b %Y")
    if achievement.end_date is None:
        return start
    end = achievement.end_date.strftime("%b %Y")
    return start if end == start else f"{start} – {end}"
