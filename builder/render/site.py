"""render_site(): every page family, the PDFs and the nav, from the enriched records."""

import datetime as dt

from builder.models.enriched import Enriched, SiteBundle
from builder.render import (
    core_pages,
    mlops_pages,
    narrative_pages,
    search_pages,
    value_pages,
)
from builder.render.downloads import render_pdfs
from builder.render.search_assets import site_assets as search_assets
from builder.text import page_title

PAGE_FAMILIES = (core_pages, value_pages, mlops_pages, narrative_pages, search_pages)

# Top-level nav order; a section is the first folder of a page path.
SECTIONS = (
    ("index.md", None),
    ("about.md", None),
    ("achievements", "Achievements"),
    ("impact", "Business impact"),
    ("mlops", "MLOps"),
    ("interview", "Interview prep"),
    ("themes", "Themes"),
    ("search.md", None),
    ("skills.md", None),
)


def render_site(enriched: Enriched) -> SiteBundle:
    templates = enriched.paths.templates_dir
    pages: dict[str, str] = {}
    for family in PAGE_FAMILIES:
        pages.update(family.pages(enriched, templates))
    assets = search_assets(enriched)
    assets.update(render_pdfs(enriched))
    return SiteBundle(
        pages=pages, assets=assets, nav=build_nav(pages), source_date_epoch=newest_epoch(enriched)
    )


def newest_epoch(enriched: Enriched) -> int:
    """Seconds since 1970 of the newest date in the data (0 when there is none)."""
    portfolio = enriched.portfolio
    stamps = [
        dt.datetime.combine(a.end_date or a.date, dt.time(), dt.UTC).timestamp()
        for a in portfolio.achievements
    ]
    stamps += [(p.merged_at or p.created_at).timestamp() for p in portfolio.pull_requests]
    return int(max(stamps, default=0))


def build_nav(pages: dict[str, str]) -> list:
    """MkDocs nav: known sections in order, each section's index first, then by title."""
    nav: list = []
    for key, section_title in SECTIONS:
        if section_title is None:
            if key in pages:
                nav.append({page_title(pages[key], key): key})
            continue
        members = sorted(p for p in pages if p.startswith(f"{key}/"))
        if not members:
            continue
        index = f"{key}/index.md"
        rest = sorted((m for m in members if m != index), key=lambda m: page_title(pages[m], m))
        entries = ([index] if index in members else []) + [
            {page_title(pages[m], m): m} for m in rest
        ]
        nav.append({section_title: entries})
    known = {k for k, _ in SECTIONS}
    for path in sorted(pages):
        if path.split("/")[0] not in known and path not in known:
            nav.append({page_title(pages[path], path): path})
    return nav
