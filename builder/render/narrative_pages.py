"""Pages of the narrative stage: interview prep index, one script per target role, About, and
the prompt A/B results. Per-achievement narratives are not on the public achievement pages:
they serve the PDFs, the interview pack and the search index. Unless the settings publish it,
render_site moves the interview pack out of the site (see site.PRIVATE_SECTION)."""

from collections.abc import Callable
from pathlib import Path

from builder.models.enriched import Enriched
from builder.narratives.evaluation import ALPHA
from builder.render.templates import render
from builder.text import md_inline, percent

TASK_LABELS = {
    "star": "STAR stories",
    "bullets": "Bullets, talking points, pitch",
    "about": "About summary",
    "interview": "Interview answers",
}


def source_label(source: str) -> str:
    """Who wrote a text, as Markdown (the model name is escaped: it comes from settings)."""
    if source.startswith("model:"):
        return f"the model {md_inline(source.split(':', 1)[1])}, checked by the grounding guard"
    return "the deterministic templates"


def achievement_link(enriched: Enriched) -> Callable[[str], str]:
    """Where the interview pack links an achievement: its page beside it on the site, or,
    when the pack stays private (outside site/), the published page's full address."""
    site_url = enriched.site_url
    if enriched.config.narratives.publish_interview or not site_url:
        return lambda achievement_id: f"../achievements/{achievement_id}.md"
    base = site_url.rstrip("/") + "/achievements/"
    return lambda achievement_id: f"{base}{achievement_id}/"


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    narratives = enriched.narratives
    portfolio = enriched.portfolio
    titles = {a.id: a.title for a in portfolio.achievements}
    context = {
        "e": enriched,
        "p": portfolio,
        "profile": portfolio.profile,
        "n": narratives,
        "labels": TASK_LABELS,
        "source_label": source_label,
        "titles": titles,
        "pct": percent,
        "alpha": ALPHA,
        "achievement_link": achievement_link(enriched),
    }
    out: dict[str, str] = {}
    if narratives.about:
        out["about.md"] = render(templates, "pages/interview_about.md.j2", **context)
    if not (narratives.achievements or narratives.interviews):
        return out
    cited = {
        s.slug: len({i for answer in s.answers for i in answer.achievement_ids})
        for s in narratives.interviews
    }
    out["interview/index.md"] = render(
        templates,
        "pages/interview_index.md.j2",
        **context,
        cited=cited,
        reasons=narratives.fallback_reasons,
    )
    for script in narratives.interviews:
        out[f"interview/{script.slug}.md"] = render(
            templates, "pages/interview_role.md.j2", **context, s=script
        )
    if narratives.evaluations:
        out["mlops/prompt-evaluation.md"] = render(
            templates, "pages/interview_prompts.md.j2", **context
        )
    return out
