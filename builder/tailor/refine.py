"""An optional LLM pass over the requirements the reader found, when an endpoint is set.

The model may do two things only: re-label a requirement must-have or nice-to-have, and split
one that joins two independent asks into its parts. Every requirement it returns must be
grounded: its text, compared without case, markup, spacing and end punctuation, is a
substring of one requirement the reader found (so of one posting line), and every reader
requirement keeps at least one part. One ungrounded, invented or dropped requirement rejects
the whole reply and the deterministic reading stands, with a note saying why; the model's
words never reach the report unless they are the posting's own.
"""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from builder.models.narrative_settings import NarrativeSettings
from builder.models.tailor import Posting, Requirement
from builder.narratives.client import ChatClient, ModelError, resolve_endpoint
from builder.narratives.replies import Rejected
from builder.tailor.extract import MAX_REQUIREMENTS
from builder.tailor.skills import SkillMatcher

Ask = Callable[[list[dict[str, str]], dict[str, Any]], Any]  # messages, schema -> JSON reply

TASK = "refine_requirements"
MIN_PART_CHARS = 8  # a shorter part ("and", "etc.") is a bad split, not a requirement
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "requirements": {
            "type": "array",
            "maxItems": 2 * MAX_REQUIREMENTS,
            "items": {
                "type": "object",
                "properties": {
                    "source": {"type": "integer", "minimum": 0},
                    "text": {"type": "string"},
                    "must_have": {"type": "boolean"},
                },
                "required": ["source", "text", "must_have"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["requirements"],
    "additionalProperties": False,
}
SYSTEM = f"""Task: {TASK}
You check how a job posting was split into requirements. You get them numbered, each with
must_have and the heading it stood under. Return every requirement as
{{"source": its number, "text": ..., "must_have": ...}}. Copy the text exactly. Where one
requirement joins two independent asks ("Python and five years of Kubernetes"), return
each part as its own item with the same source, each part copied exactly from the text.
Set must_have false where the posting's wording makes it optional (bonus, ideally, a plus,
preferred), true otherwise. Never reword, add or drop a requirement."""
_MARKUP = re.compile(r"[*_`#>]+")
_EDGE = ".,;:!?-–— "


def normalized(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).casefold().split()).strip(_EDGE)


def refine(posting: Posting, matcher: SkillMatcher, ask: Ask | None) -> Posting:
    """`posting` with the model's refinement applied when it is grounded, else as it was
    (a note says which)."""
    if ask is None or not posting.requirements:
        return posting
    try:
        reply = ask(messages(posting), SCHEMA)
    except (ModelError, Rejected) as exc:  # down, refused, or not JSON: the reader's stands
        return _noted(posting, f"the LLM refinement was not used ({_reason(exc)})")
    refined, why = grounded(reply, posting.requirements, matcher)
    if refined is None:
        return _noted(posting, f"the LLM refinement was rejected ({why}); the reader's is used")
    relabelled = sum(
        r.must_have != posting.requirements[i].must_have for i, r in _sources(reply, refined)
    )
    split = len(refined) - len(posting.requirements)
    skills = tuple(dict.fromkeys(s for r in refined for s in r.skills))
    note = f"requirements refined by the LLM: {relabelled} re-labelled, {split} split"
    return posting.model_copy(
        update={
            "requirements": tuple(refined),
            "skills": skills,
            "notes": (*posting.notes, note),
        }
    )


def messages(posting: Posting) -> list[dict[str, str]]:
    numbered = [
        {"source": i, "text": r.text, "must_have": r.must_have, "heading": r.section}
        for i, r in enumerate(posting.requirements)
    ]
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": json.dumps({"requirements": numbered}, ensure_ascii=False)},
    ]


def grounded(
    reply: Any, found: tuple[Requirement, ...], matcher: SkillMatcher
) -> tuple[list[Requirement] | None, str]:
    """The refined requirements, or None and the first reason the reply fails."""
    items = reply.get("requirements") if isinstance(reply, Mapping) else None
    if not isinstance(items, list) or not items:
        return None, "no requirements in the reply"
    if len(items) > 2 * len(found) or len(items) > MAX_REQUIREMENTS:
        return None, f"{len(items)} requirements for {len(found)} found"
    out: list[Requirement] = []
    kept: set[int] = set()
    for item in items:
        if not isinstance(item, Mapping):
            return None, "an item that is not an object"
        source, text, must = item.get("source"), item.get("text"), item.get("must_have")
        if not (isinstance(source, int) and 0 <= source < len(found)):
            return None, f"unknown source {source!r}"
        if not isinstance(text, str) or not isinstance(must, bool):
            return None, "an item without text or must_have"
        part = normalized(text)
        if len(part) < MIN_PART_CHARS or part not in normalized(found[source].text):
            return None, f"not the posting's words: {text[:60]!r}"
        kept.add(source)
        base = found[source]
        clean = " ".join(text.split()).strip(_EDGE)
        out.append(
            base.model_copy(
                update={"text": clean, "must_have": must, "skills": tuple(matcher.find(clean))}
            )
        )
    if len(kept) < len(found):
        return None, f"{len(found) - len(kept)} requirement(s) dropped"
    return out, ""


def _sources(reply: Any, refined: list[Requirement]) -> list[tuple[int, Requirement]]:
    return [(item["source"], r) for item, r in zip(reply["requirements"], refined, strict=True)]


def _noted(posting: Posting, note: str) -> Posting:
    return posting.model_copy(update={"notes": (*posting.notes, note)})


def _reason(exc: ModelError | Rejected) -> str:
    return str(getattr(exc, "reason", "") or type(exc).__name__)


def endpoint_ask(
    settings: NarrativeSettings, environ: Mapping[str, str], cache: Any = None
) -> Ask | None:
    """An Ask over the narratives' endpoint (the same client, faults and structured-output
    modes), or None when no endpoint is configured: the reader's result is then final."""
    endpoint = resolve_endpoint(settings, environ)
    if endpoint is None:
        return None
    client = ChatClient(endpoint, settings, cache)

    def ask(messages: list[dict[str, str]], schema: dict[str, Any]) -> Any:
        reply, _ = client.complete(client.default_model(), messages, TASK, schema)
        return reply

    return ask
