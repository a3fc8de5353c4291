"""Deterministic narratives from Jinja templates over the facts (the offline backend).

Each template file `site_templates/narratives/<task>.<variant>.j2` defines macros (`situation`,
`bullets`, `answer`, ...). A macro that returns a list writes one item per `* ` line. The output
is plain text, like a model's reply: pages escape it, and it passes the same grounding guard.
"""

import re
from pathlib import Path
from typing import Any

import jinja2

from builder.narratives.phrasing import article, first_clause, first_person, lcfirst, ucfirst
from builder.templating import environment as template_environment
from builder.text import first_sentence, sentences

TEMPLATE_DIR = "narratives"
_ITEM = re.compile(r"^\s*\* ", re.MULTILINE)


def sentence(text: str) -> str:
    """Text ending in a full stop (unless it already ends in punctuation)."""
    text = " ".join(str(text).split())
    return text if not text or text[-1] in ".!?" else f"{text}."


def first_sentences(text: str, count: int) -> str:
    return " ".join(sentences(text)[:count])


def join_and(items: Any) -> str:
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def join_or(items: Any) -> str:
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def with_article(phrase: str) -> str:
    """'senior MLOps engineer' -> 'a senior MLOps engineer' (unless it has one already)."""
    if phrase.split(" ", 1)[0].lower() in {"a", "an", "the"}:
        return phrase
    return f"{article(phrase)} {phrase}"


def strip_period(text: str) -> str:
    return str(text).rstrip(" .")


FILTERS = {
    "sentence": sentence,
    "first_sentence": first_sentence,
    "first_sentences": first_sentences,
    "lcfirst": lcfirst,
    "ucfirst": ucfirst,
    "join_and": join_and,
    "join_or": join_or,
    "first_person": first_person,
    "first_clause": first_clause,
    "with_article": with_article,
    "strip_period": strip_period,
}


def environment(templates_dir: Path) -> jinja2.Environment:
    """Narrative and prompt templates: plain text out (pages escape it), the shared filters plus
    the sentence helpers above."""
    return template_environment(templates_dir, keep_trailing_newline=False, filters=FILTERS)


def variants(templates_dir: Path, task: str) -> list[str]:
    """Template variants of a task, by name ('a', 'b', ...), sorted."""
    folder = templates_dir / TEMPLATE_DIR
    return sorted(p.name.split(".")[1] for p in folder.glob(f"{task}.*.j2"))


def module(templates_dir: Path, task: str, variant: str) -> Any:
    return environment(templates_dir).get_template(f"{TEMPLATE_DIR}/{task}.{variant}.j2").module


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")


def text(value: Any) -> str:
    """A macro's output as one plain paragraph (template line breaks leave no stray spaces)."""
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(str(value).split()))


def items(value: Any) -> list[str]:
    """A macro's `* ` lines as a list of one-line items."""
    return [text(part) for part in _ITEM.split(str(value)) if part.strip()]


def star(templates_dir: Path, variant: str, facts: dict[str, Any]) -> dict[str, Any]:
    m = module(templates_dir, "star", variant)
    return {k: text(getattr(m, k)(facts)) for k in ("situation", "task", "action", "result")}


def bullets(templates_dir: Path, variant: str, facts: dict[str, Any]) -> dict[str, Any]:
    m = module(templates_dir, "bullets", variant)
    return {
        "bullets": items(m.bullets(facts)),
        "talking_points": items(m.talking_points(facts)),
        "pitch": text(m.pitch(facts)),
    }


def about(templates_dir: Path, variant: str, facts: dict[str, Any]) -> dict[str, Any]:
    return {"about": text(module(templates_dir, "about", variant).about(facts))}


def interview(templates_dir: Path, variant: str, facts: dict[str, Any]) -> dict[str, Any]:
    return {"answer": text(module(templates_dir, "interview", variant).answer(facts))}


RENDERERS = {"star": star, "bullets": bullets, "about": about, "interview": interview}


def render(templates_dir: Path, task: str, variant: str, facts: dict[str, Any]) -> dict[str, Any]:
    return RENDERERS[task](templates_dir, variant, facts)
