"""Turn pydantic validation errors into problems that name file, line, field and fix."""

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.errors import InputProblem
from builder.load.yaml_source import Location, YamlDocument, field_path, read_yaml

__all__ = ["field_path", "problems_from_validation"]

_EXPECTED = {
    "missing": "required field is missing",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_parsing": "expected a date as YYYY-MM-DD",
    "date_type": "expected a date as YYYY-MM-DD",
}


def problems_from_validation(
    error: ValidationError,
    model: type[BaseModel],
    label: str,
    doc: YamlDocument | None,
    prefix: Location = (),
) -> list[InputProblem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line = doc.line_of((*prefix, *loc)) if doc else None
        problems.append(
            InputProblem(label, line, field_path(loc) or None, _describe(item, loc, model))
        )
    return problems


def _describe(item: dict[str, Any], loc: Location, model: type[BaseModel]) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; known fields: {', '.join(known)}"
        return f"unknown field '{name}'{hint}"
    message = _EXPECTED.get(kind, item["msg"])
    if kind != "missing":
        message += f" (got {_short(item.get('input'))})"
    return message


def _fields_at(model: type[BaseModel], loc: Location) -> list[str]:
    """Field names of the (nested) model found at `loc`, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """list[Metric] -> Metric; Metric | None -> Metric; anything else unchanged."""
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


T = TypeVar("T", bound=BaseModel)


def read_record(
    path: Path, label: str, model: type[T], expected: str
) -> tuple[T | None, list[InputProblem]]:
    """One YAML mapping file as `model`, or None with every problem (file, line, field, fix).
    `expected` names what the top level should be, for a file that is not a mapping."""
    doc, problems = read_yaml(path, label)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        return None, [*problems, InputProblem(label, None, None, f"{expected}, got {kind}")]
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + problems_from_validation(exc, model, label, doc)
    return (None if problems else record), problems
