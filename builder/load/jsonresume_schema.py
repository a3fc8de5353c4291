"""Validation against the public JSON Resume schema (vendored: builds never fetch it)."""

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


@cache
def schema() -> dict[str, Any]:
    text = (
        resources.files("builder.load").joinpath("vendor/jsonresume.schema.json").read_text("utf-8")
    )
    return json.loads(text)


def problems(document: Any) -> list[tuple[str, str]]:
    """(location, message) for every way `document` breaks the schema, in a stable order."""
    validator = jsonschema.Draft7Validator(
        schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    found = [
        ("/".join(str(p) for p in error.absolute_path) or "(top level)", error.message)
        for error in validator.iter_errors(document)
    ]
    return sorted(found)
