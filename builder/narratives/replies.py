"""What a reply must look like, per task: a pydantic schema, length bounds and the guard.

Every reply, from a model or from a template, goes through `check`: parse, validate the shape,
check lengths, then ground every number in the facts. A reply that fails is not used.
"""

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from builder.narratives.grounding import Quantity, quantities, ungrounded


class Reply(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class StarReply(Reply):
    situation: str = Field(min_length=1)
    task: str = Field(min_length=1)
    action: str = Field(min_length=1)
    result: str = Field(min_length=1)


class BulletsReply(Reply):
    bullets: list[str] = Field(min_length=2, max_length=3)
    talking_points: list[str] = Field(min_length=2, max_length=6)
    pitch: str = Field(min_length=1)


class AboutReply(Reply):
    about: str = Field(min_length=1)


class InterviewReply(Reply):
    answer: str = Field(min_length=1)


SCHEMAS: dict[str, type[Reply]] = {
    "star": StarReply,
    "bullets": BulletsReply,
    "about": AboutReply,
    "interview": InterviewReply,
}

# Words per text: (min, max). A reply outside these is "off-length" and rejected.
LENGTHS: dict[str, dict[str, tuple[int, int]]] = {
    "star": {k: (4, 120) for k in ("situation", "task", "action", "result")},
    "bullets": {"bullets": (4, 45), "talking_points": (3, 50), "pitch": (3, 40)},
    "about": {"about": (25, 220)},
    "interview": {"answer": (20, 250)},
}


# What the build report and the prompt-evaluation page count: each rejection reason falls
# in one of these (the guard's figures on a real model).
GUARD_CATEGORIES = {
    "ungrounded number": "invented number",
    "unknown name": "invented name",
    "missing figure": "missing fact",
    "missing fact": "missing fact",
    "empty": "missing fact",
    "not JSON": "bad JSON",
    "schema mismatch": "bad JSON",
    "off-length": "off-length",
}


class Rejected(Exception):
    """A reply that may not be used; `reason` is one short category for the report."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def category(self) -> str:
        return GUARD_CATEGORIES.get(self.reason, self.reason)


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The JSON object in a reply: the whole text, a fenced block, or the outermost braces."""
    text = text.strip()
    candidates = [text, *_FENCE.findall(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    raise Rejected("not JSON")


def json_schema(task: str) -> dict[str, Any]:
    """The schema sent with response_format=json_schema: shape only, no length keywords,
    because strict servers reject keywords they do not support; lengths are checked here."""
    model = SCHEMAS[task]
    properties: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        is_list = getattr(field.annotation, "__origin__", None) is list
        properties[name] = (
            {"type": "array", "items": {"type": "string"}} if is_list else {"type": "string"}
        )
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def bounded_schema(task: str) -> dict[str, Any]:
    """The schema with item-count bounds (minItems, maxItems), for servers that turn a schema
    into a grammar (llama.cpp: response_format json_object with a schema). No string lengths:
    llama-cpp-python 0.3.36 fails to parse the grammar of a maxLength in the hundreds and its
    server crashes (measured); lengths are checked here, as for every mode."""
    schema = json_schema(task)
    for name, prop in schema["properties"].items():
        if prop["type"] != "array":
            continue
        limits = {type(m).__name__: m for m in SCHEMAS[task].model_fields[name].metadata}
        if "MinLen" in limits:
            prop["minItems"] = limits["MinLen"].min_length
        if "MaxLen" in limits:
            prop["maxItems"] = limits["MaxLen"].max_length
    return schema


def unknown_names(text: str, facts_text: str) -> list[str]:
    """Acronyms and CamelCase names (two capitals or more: GPU, PyTorch, LLLM) that the facts
    never mention: a small model's invented tools and systems. `facts_text` is the facts,
    lower-cased. A plain split, no pattern: linear on any reply."""
    found = []
    for token in "".join(c if c.isalnum() else " " for c in text).split():
        if sum(c.isupper() for c in token) >= 2 and token.lower() not in facts_text:
            found.append(token)
    return found


def words(text: str) -> int:
    return len(text.split())


def texts(reply: dict[str, Any]) -> list[str]:
    """Every text of a reply, in field order."""
    out: list[str] = []
    for value in reply.values():
        out.extend(value if isinstance(value, list) else [value])
    return out


def validate(task: str, data: Any) -> dict[str, Any]:
    """The reply as a clean dict, or Rejected (empty, schema mismatch, off-length)."""
    if not isinstance(data, dict):
        raise Rejected("schema mismatch", "not an object")
    try:
        reply = SCHEMAS[task].model_validate(data).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        reason = {
            "string_too_short": "empty",
            "missing": "schema mismatch",
            "too_short": "off-length",
            "too_long": "off-length",
        }.get(first["type"], "schema mismatch")
        raise Rejected(reason, ".".join(str(p) for p in first["loc"])) from None
    for name, (low, high) in LENGTHS[task].items():
        value = reply[name]
        reply[name] = (
            [" ".join(v.split()) for v in value]
            if isinstance(value, list)
            else " ".join(value.split())
        )
        for text in reply[name] if isinstance(value, list) else [reply[name]]:
            if not text:
                raise Rejected("empty", name)
            if not low <= words(text) <= high:
                raise Rejected("off-length", f"{name}: {words(text)} words, expected {low}-{high}")
    return reply


# The part that must carry a figure when the facts have one (a result without its measure
# has dropped the one fact a reader looks for).
FIGURE_FIELDS = {"star": "result"}


def check(
    task: str, data: Any, facts: list[Quantity], require_figure: bool = False
) -> dict[str, Any]:
    """Validate the shape and lengths, reject any number the facts do not support and, with
    `require_figure`, a STAR story whose result quotes no figure at all."""
    reply = validate(task, data)
    for text in texts(reply):
        bad = ungrounded(text, facts)
        if bad:
            raise Rejected("ungrounded number", ", ".join(bad[:3]))
    field_name = FIGURE_FIELDS.get(task)
    if require_figure and field_name:
        value = reply[field_name]
        if not any(quantities(t) for t in (value if isinstance(value, list) else [value])):
            raise Rejected("missing figure", field_name)
    return reply
