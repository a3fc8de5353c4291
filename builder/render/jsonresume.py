"""resume.json: the portfolio in the JSON Resume format, for that ecosystem's themes and tools.

The same CV content as resume.pdf (render/pdf/cv.py): each position of the profile's
`experience` is a `work` entry whose highlights are its achievements' bullets, achievements
outside every position are `projects`, skills come in the resume's groups, and education,
certificates, languages and publications follow the profile. Only facts from the data go in:
a profile without `experience` has no `work` (nothing is invented), and `lastModified` is the
newest data date, not the build time.
"""

import datetime as dt
import json
from typing import Any

from builder.load.vendored_schemas import JSONRESUME_URL as SCHEMA_URL
from builder.load.vendored_schemas import problems as vendored_problems
from builder.models.achievement import Achievement
from builder.models.enriched import Enriched
from builder.render.core_pages import achievement_url
from builder.render.pdf.cv import Cv, build_cv
from builder.render.pdf.ranking import best_bullet
from builder.text import plain

SITE_PATH = "downloads/resume.json"


class InvalidResumeError(Exception):
    """Our export broke the schema: a bug in this module, never an owner mistake."""


def export_resume(enriched: Enriched) -> dict[str, Any]:
    cv = build_cv(enriched)
    document: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "basics": _basics(enriched),
        "work": _work(cv),
        "education": _education(cv),
        "projects": [_project(enriched, p.achievement, p.line.text) for p in cv.projects],
        "skills": [{"name": name, "keywords": list(skills)} for name, skills in cv.skills],
        **_optional(cv),
        "meta": _meta(enriched),
    }
    found = vendored_problems("jsonresume", document)
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


def _work(cv: Cv) -> list[dict[str, Any]]:
    entries = []
    for position in cv.positions:
        entry = position.experience
        work: dict[str, Any] = {
            "name": entry.organisation,
            "position": entry.position,
            "startDate": _month(entry.start),
        }
        if entry.end is not None:
            work["endDate"] = _month(entry.end)
        if entry.location:
            work["location"] = entry.location
        if entry.scope:
            work["summary"] = entry.scope
        work["highlights"] = [line.text for line in position.lines]
        entries.append(work)
    return entries


def _education(cv: Cv) -> list[dict[str, Any]]:
    out = []
    for school in cv.education:
        item: dict[str, Any] = {
            "institution": school.institution,
            "studyType": school.degree,
            "startDate": _month(school.start),
        }
        if school.field:
            item["area"] = school.field
        if school.end is not None:
            item["endDate"] = _month(school.end)
        out.append(item)
    return out


def _optional(cv: Cv) -> dict[str, Any]:
    """Certificates, languages and publications, only when the profile has them."""
    profile = cv.profile
    sections: dict[str, Any] = {}
    if profile.certifications:
        sections["certificates"] = [
            _without_empty(
                {
                    "name": c.name,
                    "issuer": c.issuer,
                    "date": c.date and c.date.isoformat(),
                    "url": c.url,
                }
            )
            for c in profile.certifications
        ]
    if profile.languages:
        sections["languages"] = [
            _without_empty({"language": lang.language, "fluency": lang.fluency})
            for lang in profile.languages
        ]
    if profile.publications:
        sections["publications"] = [
            _without_empty(
                {
                    "name": p.title,
                    "publisher": p.venue,
                    "releaseDate": p.date and p.date.isoformat(),
                    "url": p.url,
                }
            )
            for p in profile.publications
        ]
    return sections


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "")}


def _month(day: dt.date) -> str:
    """Positions are stated to the month, as a CV states them."""
    return day.strftime("%Y-%m")


def _project(enriched: Enriched, achievement: Achievement, lead: str) -> dict[str, Any]:
    highlights = [lead] if lead else [best_bullet(enriched, achievement)]
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


def _meta(enriched: Enriched) -> dict[str, Any]:
    dates = [a.end_date or a.date for a in enriched.portfolio.achievements]
    meta: dict[str, Any] = {"version": "v1.0.0"}
    if dates:
        meta["lastModified"] = dt.datetime.combine(max(dates), dt.time()).isoformat()
    if enriched.site_url:
        meta["canonical"] = f"{enriched.site_url.rstrip('/')}/{SITE_PATH}"
    return meta
