"""Interview panels per target role, and which achievements answer each question.

The panels (questions, the words each listens for) live in site_templates/narratives/roles.yml
so the owner can edit them (builder/load/roles.py reads and validates the file). Picking the
achievements is deterministic scoring over the facts; a model, when one is used, only words
the answer.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from builder import memo
from builder.models.roles import RoleQuestion, RolesFile
from builder.text import slug

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
    return slug(text, fallback="role")


def _questions(entries: Sequence[RoleQuestion]) -> tuple[Question, ...]:
    return tuple(
        Question(
            text=e.question,
            categories=e.categories,
            keywords=tuple(k.lower() for k in e.keywords),
        )
        for e in entries
    )


def panels(roles: RolesFile, target_roles: list[str]) -> list[Panel]:
    """One panel per target role, common questions first, slugs unique."""
    common = _questions(roles.common_questions)
    out: list[Panel] = []
    seen: set[str] = set()
    for role in target_roles:
        lowered = role.lower()
        entry = next((r for r in roles.roles if any(m in lowered for m in r.match)), None)
        if entry is not None:
            keywords, questions = entry.keywords, entry.questions
        else:  # the generic panel also listens for the role's own words
            keywords = (*roles.generic.keywords, *re.findall(r"[a-z]{3,}", lowered))
            questions = roles.generic.questions
        slug = slugify(role)
        while slug in seen or slug == "index":
            slug += "-2"
        seen.add(slug)
        out.append(
            Panel(
                role=role,
                slug=slug,
                keywords=tuple(k.lower() for k in keywords),
                questions=common + _questions(questions),
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


def fit(question: Question, panel: Panel, f: dict[str, Any]) -> float:
    """How well an achievement answers a question: its category, the question's and the
    panel's words in its text, and whether it has figures to quote."""
    text = haystack(f)
    value = 3.0 if f["category"] in question.categories else 0.0
    value += keyword_hits(question.keywords, text)
    value += 0.5 * keyword_hits(panel.keywords, text)
    value += 1.0 if f["metrics"] else 0.0
    value += 1.0 if f["value"] else 0.0
    value += 0.5 if f["featured"] else 0.0
    return value


def main_examples(panel: Panel, facts: list[dict[str, Any]]) -> list[str | None]:
    """One distinct achievement per question, the assignment with the best total fit (a
    greedy pass in question order would let an early question take the one a later question
    needs most). None for a question left over when there are fewer achievements."""
    ordered = sorted(facts, key=lambda f: f["id"])
    if not ordered or not panel.questions:
        return [None] * len(panel.questions)
    matrix = np.array([[fit(q, panel, f) for f in ordered] for q in panel.questions])
    # remembered by the fits: importing scipy.optimize is most of a one-edit build's stage
    pairs = json.loads(memo.remember("assignments", "scipy", matrix.tolist(), lambda: best(matrix)))
    mains: list[str | None] = [None] * len(panel.questions)
    for row, col in pairs:
        mains[row] = ordered[col]["id"]
    return mains


def best(matrix: np.ndarray) -> bytes:
    """The rows and columns of the assignment with the largest total, as JSON."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return json.dumps([[int(r), int(c)] for r, c in zip(rows, cols, strict=True)]).encode()


def pick(
    question: Question, panel: Panel, facts: list[dict[str, Any]], used: dict[str, int]
) -> list[str]:
    """Ids of the achievements that answer `question`: its own main example (distinct within
    the panel), then the best-fitting ones no other answer of the panel uses."""
    mains = main_examples(panel, facts)
    main = mains[panel.questions.index(question)] if question in panel.questions else None

    def score(f: dict[str, Any]) -> float:
        return fit(question, panel, f) - 1.5 * used.get(f["id"], 0)

    ranked = [f["id"] for f in sorted(facts, key=lambda f: (-score(f), f["id"]))]
    if main is None:
        main = ranked[0] if ranked else None
    taken = {m for m in mains if m} | {i for i, n in used.items() if n}
    fresh = [i for i in ranked if i != main and i not in taken]
    rest = fresh or [i for i in ranked if i != main]
    return ([main] if main else []) + rest[: PER_ANSWER - 1]
