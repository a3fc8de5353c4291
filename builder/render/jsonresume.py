"""resume.json: the portfolio in the JSON Resume format, for that ecosystem's themes and tools.

Achievements become `projects` (each with its best bullet first), organisations become `work`
entries whose highlights are their achievements, and skills are grouped by category. Only
facts from the data go in: no position titles or employment dates are invented, and
`lastModified` is the newest data date, not the build time.
"""

import datetime as dt
import json
from typing import Any

from builder.load.jsonresume_schema import SCHEMA_URL, problems
from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.render.core_pages import achievement_url
from builder.render.pdf.ranking import best_bullet, ranked
from builder.text import plain

SITE_PATH = "downloads/resume.json"


class InvalidResumeError(Exception):
    """Our export broke the schema: a bug in this module, never an owner mistake."""


def export_resume(enriched: Enriched) -> dict[str, Any]:
    order = ranked(enriched)
    document: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "basics": _basics(enriched),
        "work": _work(enriched, order),
        "projects": [_project(enriched, a) for a in order],
        "skills": _skills(order),
        "meta": _meta(enriched),
    }
    found = problems(document)
    if found:
        raise InvalidResumeError("; ".join(f"{where}: {msg}" for where, msg in found))
    return document


def export_bytes(enriched: Enriched) -> bytes:
    text = json.dumps(export_resume(enriched), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def site_assets(enriched: Enriched) -> dict[str, bytes]:
    """Site path -> bytes, for the render stage."""
    return {SITE_PATH: export_bytes(enriched)}


def _basics(enriched: Enriched) -> dict[str, Any]:
    profile = enriched.portfolio.profile
    basics: dict[str, Any] = {"name": profile.name, "label": profile.headline}
    if profile.email:
        basics["email"] = profile.email
    if enriched.site_url:
        basics["url"] = enriched.site_url
    summary = plain(profile.summary or enriched.narratives.about)
    if summary:
        basics["summary"] = summary
    if profile.location:
        basics["location"] = {"city": profile.location}
    basics["profiles"] = [
        {"network": link.label, "username": _username(link.url), "url": link.url}
        for link in profile.links
        if link.url.startswith(("http://", "https://"))
    ]
    return basics


def _username(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] if url.count("/") > 2 else ""


def _work(enriched: Enriched, order: list[Achievement]) -> list[dict[str, Any]]:
    by_org: dict[str, list[Achievement]] = {}
    for achievement in order:
        if achievement.organisation:
            by_org.setdefault(achievement.organisation, []).append(achievement)
    entries = []
    for name, items in by_org.items():
        start = min(a.date for a in items)
        end = max(a.end_date or a.date for a in items)
        entries.append(
            {
                "name": name,
                "startDate": start.isoformat(),
                "endDate": end.isoformat(),
                "highlights": [best_bullet(enriched, a) for a in items],
            }
        )
    return sorted(entries, key=lambda e: (e["endDate"], e["name"]), reverse=True)


def _project(enriched: Enriched, achievement: Achievement) -> dict[str, Any]:
    narrative = enriched.narratives.achievements.get(achievement.id)
    bullets = [b for b in (narrative.bullets if narrative else ()) if b.strip()]
    lead = best_bullet(enriched, achievement)
    highlights = [lead, *(b for b in bullets if b != lead)]
    project: dict[str, Any] = {
        "name": achievement.title,
        "description": plain(achievement.summary),
        "highlights": highlights,
        "keywords": list(dict.fromkeys([*achievement.skills, *achievement.tags])),
        "startDate": achievement.date.isoformat(),
        "type": achievement.category,
    }
    if achievement.end_date:
        project["endDate"] = achievement.end_date.isoformat()
    if achievement.organisation:
        project["entity"] = achievement.organisation
    web = [link.url for link in achievement.links if link.url.startswith(("http://", "https://"))]
    if web:
        project["url"] = web[0]
    if enriched.site_url:
        project["url"] = project.get("url") or (
            f"{enriched.site_url.rstrip('/')}/{achievement_url(achievement.id)}"
        )
    return project


def _skills(order: list[Achievement]) -> list[dict[str, Any]]:
    by_category: dict[str, dict[str, int]] = {}
    for achievement in order:
        counts = by_category.setdefault(achievement.category, {})
        for skill in achievement.skills:
            counts[skill] = counts.get(skill, 0) + 1
    return [
        {
            "name": category,
            "keywords": [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        }
        for category, counts in sorted(by_category.items())
        if counts
    ]


def _meta(enriched: Enriched) -> dict[str, Any]:
    dates = [a.end_date or a.date for a in enriched.portfolio.achievements]
    meta: dict[str, Any] = {"version": "v1.0.0"}
    if dates:
        meta["lastModified"] = dt.datetime.combine(max(dates), dt.time()).isoformat()
    if enriched.site_url:
        meta["canonical"] = f"{enriched.site_url.rstrip('/')}/{SITE_PATH}"
    return meta
