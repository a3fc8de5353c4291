"""render_site(): every page family, the PDFs and the nav, from the enriched records."""

import datetime as dt
from collections.abc import Sequence

from builder import memo
from builder.models.enriched import Enriched, SiteBundle
from builder.render import (
    core_pages,
    mlops_pages,
    narrative_pages,
    search_pages,
    value_pages,
)
from builder.render.categories import grouped
from builder.render.core_pages import achievement_path
from builder.render.downloads import render_pdfs
from builder.render.search_assets import site_assets as search_assets
from builder.text import page_title

PAGE_FAMILIES = (core_pages, value_pages, mlops_pages, narrative_pages, search_pages)

# Top-level nav order (the tabs on a desktop); a section is the first folder of a page path,
# a single page (a key ending in .md) gets its short tab name.
SECTIONS = (
    ("index.md", "Home"),
    ("about.md", "About"),
    ("achievements", "Achievements"),
    ("impact", "Business impact"),
    ("mlops", "MLOps"),
    ("interview", "Interview pack"),
    ("themes", "Themes"),
    ("search.md", "Search"),
    ("match.md", "Match a job"),
    ("skills.md", "Skills"),
)
# The interview pack is the owner's preparation: kept off the site unless the settings say so.
PRIVATE_SECTION = "interview/"


def render_site(enriched: Enriched) -> SiteBundle:
    # charts and PDF layouts a rebuild meets again come from the project cache
    with memo.remembering(enriched.paths.cache_dir):
        return _render(enriched)


def _render(enriched: Enriched) -> SiteBundle:
    templates = enriched.paths.templates_dir
    pages: dict[str, str] = {}
    for family in PAGE_FAMILIES:
        pages.update(family.pages(enriched, templates))
    private: dict[str, str] = {}
    if not enriched.config.narratives.publish_interview:
        private = {path: pages.pop(path) for path in sorted(pages) if is_private(path)}
    assets = search_assets(enriched)
    assets.update(render_pdfs(enriched))
    return SiteBundle(
        pages=pages,
        assets=assets,
        nav=build_nav(pages, achievement_groups(enriched)),
        private_pages=private,
        source_date_epoch=newest_epoch(enriched),
    )


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_SECTION)


def achievement_groups(enriched: Enriched) -> list[tuple[str, list[str]]]:
    """(group name, its achievement pages, newest first) for the nav."""
    return [
        (name, [achievement_path(a.id) for a in members])
        for name, members in grouped(enriched.portfolio.achievements, lambda a: a.category)
    ]


def newest_epoch(enriched: Enriched) -> int:
    """Seconds since 1970 of the newest date in the data (0 when there is none)."""
    portfolio = enriched.portfolio
    stamps = [
        dt.datetime.combine(a.end_date or a.date, dt.time(), dt.UTC).timestamp()
        for a in portfolio.achievements
    ]
    stamps += [(p.merged_at or p.created_at).timestamp() for p in portfolio.pull_requests]
    return int(max(stamps, default=0))


def build_nav(pages: dict[str, str], groups: Sequence[tuple[str, list[str]]] = ()) -> list:
    """MkDocs nav: known sections in order, each section's index first, then by title; pages
    named in `groups` sit in a sub-section per group (the achievements by kind of work)."""
    nav: list = []
    grouped_pages = {path for _, members in groups for path in members}
    for key, section_title in SECTIONS:
        if key.endswith(".md"):
            if key in pages:
                nav.append({section_title: key})
            continue
        members = sorted(p for p in pages if p.startswith(f"{key}/"))
        if not members:
            continue
        index = f"{key}/index.md"
        rest = sorted(
            (m for m in members if m != index and m not in grouped_pages),
            key=lambda m: page_title(pages[m], m),
        )
        entries = ([index] if index in members else []) + [
            {name: [{page_title(pages[m], m): m} for m in paths if m in pages]}
            for name, paths in groups
            if any(m.startswith(f"{key}/") and m in pages for m in paths)
        ]
        entries += [{page_title(pages[m], m): m} for m in rest]
        nav.append({section_title: entries})
    known = {k for k, _ in SECTIONS}
    for path in sorted(pages):
        if path.split("/")[0] not in known and path not in known:
            nav.append({page_title(pages[path], path): path})
    return nav
