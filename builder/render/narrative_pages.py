"""Pages of the narrative stage: interview prep index, one script per target role, About, and
the prompt A/B results. (Per-achievement narratives are a partial of the achievement page.)"""

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
