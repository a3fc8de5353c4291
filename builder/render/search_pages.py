"""The search page, the job-posting match page, the themes index and one page per theme."""

from pathlib import Path

from builder.models.enriched import Enriched
from builder.render.templates import render


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    search = enriched.search
    if search.browser is None:
        return {}
    portfolio = enriched.portfolio
    by_id = {a.id: a for a in portfolio.achievements}
    context = {"e": enriched, "p": portfolio, "profile": portfolio.profile, "by_id": by_id}
    out = {
        "search.md": render(templates, "pages/search.md.j2", **context),
        "match.md": render(templates, "pages/match.md.j2", **context),
    }
    if search.themes:
        out["themes/index.md"] = render(templates, "pages/themes_index.md.j2", **context)
        for theme in search.themes:
            out[f"themes/{theme.id}.md"] = render(
                templates, "pages/themes_theme.md.j2", **context, theme=theme
            )
    return out
