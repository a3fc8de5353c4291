"""Import a JSON Resume file into profile.yml and one achievement YAML file per item.

`work` entries become the profile's `experience` (their highlights' achievements join them by
organisation and date), `education` its education, and certificates, languages and
publications their sections; entries a CV cannot use (a job without a position, a school
without a degree) are reported as skipped, never guessed.

Existing files are never overwritten and ids already used in the data folder are never
reused: the importer only adds. Each record is validated with the same pydantic models the
build uses before anything is written, so the imported data always loads.
"""

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from builder.errors import InputProblem, ShowcaseInputError, display_path
from builder.load.achievements import achievement_files
from builder.load.urls import link_url
from builder.load.vendored_schemas import problems as vendored_problems
from builder.models.achievement import Achievement
from builder.models.profile import Profile
from builder.text import slug

_TITLE_LIMIT = 90


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)


def import_resume(source: Path, data_dir: Path, profile_file: Path, root: Path) -> ImportReport:
    """Read `source`, write new YAML files under `data_dir`, and report what was skipped."""
    document = _read(source, root)
    report = ImportReport()
    cv, skipped = _cv_sections(document)
    report.skipped += skipped
    profile = _profile(document.get("basics") or {}, cv, display_path(source, root))
    if profile_file.exists():
        report.skipped.append((display_path(profile_file, root), "file exists; left unchanged"))
    else:
        _write(
            profile_file,
            profile.model_dump(mode="json", exclude_defaults=True),
            data_dir / "schema" / "profile.schema.json",
        )
        report.written.append(profile_file)
    used, seen = _existing(data_dir, profile_file)
    for what, data in _achievements(document):
        signature = _signature(data)
        if signature in seen:
            report.skipped.append((what, "already in the data folder (same title, date, org)"))
            continue
        data["id"] = _unique(_slug(data.get("organisation") or "", data["title"]), used)
        try:
            achievement = Achievement.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            report.skipped.append((what, f"{where}: {first['msg']}"))
            continue
        target = data_dir / f"{achievement.id}.yml"
        if target.exists():
            report.skipped.append((what, f"{display_path(target, root)} exists; left unchanged"))
            continue
        used.add(achievement.id)
        seen.add(signature)
        _write(
            target,
            achievement.model_dump(mode="json", exclude_defaults=True),
            data_dir / "schema" / "achievement.schema.json",
        )
        report.written.append(target)
    return report


def _read(source: Path, root: Path) -> dict[str, Any]:
    label = display_path(source, root)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShowcaseInputError([InputProblem(label, None, None, "file not found")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ShowcaseInputError(
            [InputProblem(label, None, None, f"not a JSON document: {exc}")]
        ) from None
    found = vendored_problems("jsonresume", document)
    if found:
        raise ShowcaseInputError(
            [InputProblem(label, None, at, f"{msg} (JSON Resume schema)") for at, msg in found]
        )
    if not isinstance(document, dict):
        raise ShowcaseInputError([InputProblem(label, None, None, "expected a JSON object")])
    return document


def _cv_sections(document: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Profile fields from work, education, certificates, languages and publications."""
    skipped: list[tuple[str, str]] = []
    experience = []
    for w, work in enumerate(document.get("work") or []):
        if not (work.get("name") and work.get("position") and work.get("startDate")):
            skipped.append((f"work[{w}]", "needs name, position and startDate to be a position"))
            continue
        entry = {
            "organisation": work["name"],
            "position": work["position"],
            "start": _date(work["startDate"]),
            "end": _date(work.get("endDate")),
            "location": work.get("location"),
            "scope": " ".join((work.get("summary") or "").split())[:240],
        }
        experience.append({k: v for k, v in entry.items() if v not in (None, "")})
    education = []
    for e, school in enumerate(document.get("education") or []):
        if not (school.get("institution") and school.get("studyType") and school.get("startDate")):
            skipped.append(
                (f"education[{e}]", "needs institution, studyType and startDate to be listed")
            )
            continue
        entry = {
            "institution": school["institution"],
            "degree": school["studyType"],
            "field": school.get("area"),
            "start": _date(school["startDate"]),
            "end": _date(school.get("endDate")),
        }
        education.append({k: v for k, v in entry.items() if v not in (None, "")})
    sections = {"experience": experience, "education": education, **_extras(document)}
    return {k: v for k, v in sections.items() if v}, skipped


def _extras(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    def keep(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if v not in (None, "")}

    return {
        "certifications": [
            keep({"name": c.get("name"), "issuer": c.get("issuer"), "date": _date(c.get("date"))})
            for c in document.get("certificates") or []
            if c.get("name")
        ],
        "languages": [
            keep({"language": lang.get("language"), "fluency": lang.get("fluency")})
            for lang in document.get("languages") or []
            if lang.get("language")
        ],
        "publications": [
            keep(
                {
                    "title": p.get("name"),
                    "venue": p.get("publisher"),
                    "date": _date(p.get("releaseDate")),
                }
            )
            for p in document.get("publications") or []
            if p.get("name")
        ],
    }


def _profile(basics: dict[str, Any], cv: dict[str, Any], label: str) -> Profile:
    links = []
    if website := _web_url(basics.get("url")):
        links.append({"label": "Website", "url": website})
    for item in basics.get("profiles") or []:
        if url := _web_url(item.get("url")):
            links.append({"label": item.get("network") or "Profile", "url": url})
    location = basics.get("location") or {}
    place = ", ".join(location[k] for k in ("city", "region", "countryCode") if location.get(k))
    data: dict[str, Any] = {
        "name": basics.get("name") or "",
        "headline": basics.get("label") or "",
        "target_roles": [basics["label"]] if basics.get("label") else [],
        "summary": basics.get("summary") or "",
        "links": links,
    }
    if basics.get("email"):
        data["email"] = basics["email"]
    if place:
        data["location"] = place
    data.update(cv)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        missing = {
            "name": "basics.name",
            "headline": "basics.label",
            "target_roles": "basics.label",
        }
        raise ShowcaseInputError(
            [
                InputProblem(
                    label,
                    None,
                    missing.get(str(e["loc"][0]), ".".join(str(p) for p in e["loc"])),
                    f"{e['msg']}: the profile needs a name and a label (used as headline and "
                    "target role)",
                )
                for e in exc.errors(include_url=False)
            ]
        ) from None


def _achievements(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(where it came from, achievement fields) for each work highlight and each project."""
    out = []
    for w, work in enumerate(document.get("work") or []):
        for h, highlight in enumerate(work.get("highlights") or []):
            data = {
                "title": _title(highlight),
                "summary": highlight,
                "date": _date(work.get("startDate")),
                "end_date": _date(work.get("endDate")),
                "organisation": work.get("name"),
            }
            out.append((f"work[{w}].highlights[{h}]", data))
    for p, project in enumerate(document.get("projects") or []):
        highlights = [h for h in project.get("highlights") or [] if h]
        data = {
            "title": project.get("name") or "",
            "summary": project.get("description") or (highlights[0] if highlights else ""),
            "result": "\n\n".join(highlights),
            "date": _date(project.get("startDate")),
            "end_date": _date(project.get("endDate")),
            "organisation": project.get("entity"),
            "skills": list(project.get("keywords") or []),
        }
        if url := _web_url(project.get("url")):
            data["links"] = [{"label": "Project", "url": url}]
        out.append((f"projects[{p}]", data))
    return [(what, {k: v for k, v in d.items() if v not in (None, "", [])}) for what, d in out]


def _web_url(value: object) -> str | None:
    """An http(s) URL as the loader will accept it (rebuilt from its parts), else None: a
    JSON Resume made elsewhere may hold any text there, and an imported file must load."""
    if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
        return None
    try:
        return link_url(value)
    except ValueError:
        return None


def _title(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= _TITLE_LIMIT:
        return line.rstrip(".")
    return line[: _TITLE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _date(value: str | None) -> str | None:
    """JSON Resume dates may omit month and day ('2020', '2020-03'); the first day is taken."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2]).isoformat()


def _slug(organisation: str, title: str) -> str:
    return slug(f"{organisation} {title}", fallback="imported", limit=60).rstrip("-") or "imported"


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def _signature(data: dict[str, Any]) -> tuple[str, str, str]:
    return tuple(str(data.get(k, "")) for k in ("title", "date", "organisation"))  # type: ignore[return-value]


def _existing(data_dir: Path, profile_file: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Ids already taken, and (title, date, organisation) of achievements already there, so
    importing the same file twice adds nothing the second time."""
    ids: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    if not data_dir.is_dir():
        return ids, seen
    for path in achievement_files(data_dir, skip={profile_file}):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
                seen.add(_signature(item))
    return ids, seen


def _write(path: Path, data: dict[str, Any], schema: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # the header the other owner files carry: the editor validates and completes against it
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    header = f"# yaml-language-server: $schema={relative}\n"
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    # "x" mode: a file that appeared since the check is still never overwritten.
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
