"""Validation against RenderCV's published JSON Schema (vendored from RenderCV 2.8, MIT)."""

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

RENDERCV_VERSION = "2.8"


@cache
def schema() -> dict[str, Any]:
    text = (
        resources.files("builder.load").joinpath("vendor/rendercv.schema.json").read_text("utf-8")
    )
    return json.loads(text)


def problems(document: Any) -> list[tuple[str, str]]:
    """(location, message) for every way `document` breaks RenderCV's schema, sorted."""
    validator = jsonschema.Draft7Validator(
        schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    found = [
        ("/".join(str(p) for p in error.absolute_path) or "(top level)", error.message)
        for error in validator.iter_errors(document)
    ]
    return sorted(found)
