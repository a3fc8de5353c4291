"""Interview panels per target role, and which achievements answer each question.

The panels (questions, the words each listens for) live in site_templates/narratives/roles.yml
so the owner can edit them. Picking the achievements is deterministic scoring over the facts;
a model, when one is used, only words the answer.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.narratives.template_backend import TEMPLATE_DIR

ROLES_FILE = "roles.yml"
PER_ANSWER = 2


@dataclass(frozen=True)
class Question:
    text: str
    categories: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Panel:
    role: str
    slug: str
    keywords: tuple[str, ...]
    questions: tuple[Question, ...]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "role"


@cache
def _roles_data(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with common_questions, roles and generic")
    return data


def _questions(entries: list[dict[str, Any]]) -> tuple[Question, ...]:
    return tuple(
        Question(
            text=str(e["question"]),
            categories=tuple(e.get("categories") or ()),
            keywords=tuple(str(k).lower() for k in e.get("keywords") or ()),
        )
        for e in entries
    )


def panels(templates_dir: Path, target_roles: list[str]) -> list[Panel]:
    """One panel per target role, common questions first, slugs unique."""
    data = _roles_data(templates_dir / TEMPLATE_DIR / ROLES_FILE)
    common = _questions(data.get("common_questions") or [])
    known = data.get("roles") or []
    generic = data.get("generic") or {}
    out: list[Panel] = []
    seen: set[str] = set()
    for role in target_roles:
        lowered = role.lower()
        entry = next(
            (r for r in known if any(m in lowered for m in r.get("match") or ())),
            None,
        ) or {
            "keywords": [*(generic.get("keywords") or ()), *re.findall(r"[a-z]{3,}", lowered)],
            "questions": generic.get("questions") or [],
        }
        slug = slugify(role)
        while slug in seen or slug == "index":
            slug += "-2"
        seen.add(slug)
        out.append(
            Panel(
                role=role,
                slug=slug,
                keywords=tuple(str(k).lower() for k in entry.get("keywords") or ()),
                questions=common + _questions(entry.get("questions") or []),
            )
        )
    return out


def haystack(facts: dict[str, Any]) -> str:
    parts = [
        facts["title"],
        facts["summary"],
        facts["problem"],
        facts["action"],
        facts["result"],
        " ".join(facts["skills"]),
        " ".join(facts["tags"]),
        " ".join(m["name"] for m in facts["metrics"]),
    ]
    return " ".join(parts).lower()


def keyword_hits(keywords: tuple[str, ...] | list[str], text: str) -> int:
    return sum(1 for k in keywords if k and k in text)


def pick(
    question: Question, panel: Panel, facts: list[dict[str, Any]], used: dict[str, int]
) -> list[str]:
    """Ids of the achievements that answer `question` best; ones used often rank lower."""

    def score(f: dict[str, Any]) -> float:
        text = haystack(f)
        value = 3.0 if f["category"] in question.categories else 0.0
        value += keyword_hits(question.keywords, text)
        value += 0.5 * keyword_hits(panel.keywords, text)
        value += 1.0 if f["metrics"] else 0.0
        value += 1.0 if f["value"] else 0.0
        value += 0.5 if f["featured"] else 0.0
        return value - 1.5 * used.get(f["id"], 0)

    ranked = sorted(facts, key=lambda f: (-score(f), f["id"]))
    return [f["id"] for f in ranked[:PER_ANSWER]]
