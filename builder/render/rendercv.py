"""A RenderCV input file (YAML) from the same CV content as resume.pdf, for owners who render
their CV with a RenderCV theme (`rendercv render cv.yaml`).

Only the `cv` part is written: design, locale and settings stay RenderCV's defaults (or the
owner's own). The document is checked against RenderCV's published JSON Schema, vendored in
builder/load/vendor/, before it is returned.
"""

import datetime as dt
from typing import Any

import yaml

from builder.load.vendored_schemas import problems as vendored_problems
from builder.models.cv import Education
from builder.models.enriched import Enriched
from builder.render.pdf.cv import Cv, Position, build_cv

# Networks RenderCV draws with its own icon; other links go to `website`.
_NETWORKS = {
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "gitlab": "GitLab",
    "x": "X",
    "mastodon": "Mastodon",
    "orcid": "ORCID",
    "stackoverflow": "StackOverflow",
    "google scholar": "Google Scholar",
    "youtube": "YouTube",
    "bluesky": "Bluesky",
}


class InvalidRenderCvError(Exception):
    """Our export broke RenderCV's schema: a bug in this module, never an owner mistake."""


def export_rendercv(enriched: Enriched, role: str | None = None) -> dict[str, Any]:
    cv = build_cv(enriched, role)
    profile = cv.profile
    header: dict[str, Any] = {"name": profile.name, "headline": profile.headline}
    if profile.location:
        header["location"] = profile.location
    if profile.email:
        header["email"] = profile.email
    networks, websites = _links(cv)
    if enriched.site_url:
        websites.insert(0, enriched.site_url)
    if websites:
        header["website"] = websites[0]
    if networks:
        header["social_networks"] = networks
    document = {"cv": {**header, "sections": _sections(cv)}}
    found = vendored_problems("rendercv", document)
    if found:
        raise InvalidRenderCvError("; ".join(f"{where}: {msg}" for where, msg in found))
    return document


def export_yaml(enriched: Enriched, role: str | None = None) -> bytes:
    text = yaml.safe_dump(
        export_rendercv(enriched, role), sort_keys=False, allow_unicode=True, width=100
    )
    return text.encode("utf-8")


def _links(cv: Cv) -> tuple[list[dict[str, str]], list[str]]:
    networks, websites = [], []
    for link in cv.profile.links:
        if not link.url.startswith(("http://", "https://")):
            continue
        network = _NETWORKS.get(link.label.strip().lower())
        username = link.url.rstrip("/").rsplit("/", 1)[-1]
        if network and link.url.count("/") > 2 and username:
            networks.append({"network": network, "username": username})
        else:
            websites.append(link.url)
    return networks, websites


def _sections(cv: Cv) -> dict[str, list[Any]]:
    profile = cv.profile
    sections: dict[str, list[Any]] = {}
    if cv.summary:
        sections["summary"] = [cv.summary]
    sections["experience"] = [_experience(p) for p in cv.positions]
    sections["projects"] = [
        {
            "name": p.name,
            "start_date": _month(p.achievement.date),
            "end_date": _month(p.achievement.end_date or p.achievement.date),
            "highlights": [p.line.text],
        }
        for p in cv.projects
    ]
    sections["education"] = [_education(school) for school in cv.education]
    sections["skills"] = [{"label": name, "details": ", ".join(s)} for name, s in cv.skills]
    sections["certifications"] = [
        _without_empty({"name": c.name, "date": c.date and _month(c.date), "summary": c.issuer})
        for c in profile.certifications
    ]
    sections["publications"] = [
        _without_empty(
            {
                "title": p.title,
                "authors": [profile.name],
                "journal": p.venue,
                "date": p.date and _month(p.date),
                "url": p.url,
            }
        )
        for p in profile.publications
    ]
    sections["talks"] = [
        _without_empty({"name": t.title, "location": t.event, "date": t.date and _month(t.date)})
        for t in profile.talks
    ]
    sections["languages"] = [
        {"label": lang.language, "details": lang.fluency or "-"} for lang in profile.languages
    ]
    return {name: entries for name, entries in sections.items() if entries}


def _experience(position: Position) -> dict[str, Any]:
    entry = position.experience
    item: dict[str, Any] = {
        "company": entry.organisation,
        "position": entry.position,
        "start_date": _month(entry.start),
        "end_date": _month(entry.end) if entry.end else "present",
    }
    if entry.location:
        item["location"] = entry.location
    if entry.scope:
        item["summary"] = entry.scope
    if position.lines:
        item["highlights"] = [line.text for line in position.lines]
    return item


def _education(school: Education) -> dict[str, Any]:
    return _without_empty(
        {
            "institution": school.institution,
            "area": school.field or school.degree,
            "degree": school.degree,
            "start_date": _month(school.start),
            "end_date": _month(school.end) if school.end else "present",
            "location": school.location,
        }
    )


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "")}


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")
