"""Validation against the public JSON Schemas we vendor (builds never fetch them): JSON Resume
for resume.json and RenderCV for its YAML export. Each file sits in vendor/ with its license."""

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

# The vendored file is the npm package @jsonresume/schema at this version; `$schema` in an
# export names exactly that file.
JSONRESUME_VERSION = "1.3.1"
JSONRESUME_URL = f"https://cdn.jsdelivr.net/npm/@jsonresume/schema@{JSONRESUME_VERSION}/schema.json"
RENDERCV_VERSION = "2.8"  # RenderCV's own schema.json, MIT


@cache
def schema(name: str) -> dict[str, Any]:
    """The vendored schema `vendor/<name>.schema.json` ('jsonresume' or 'rendercv')."""
    vendored = resources.files("builder.load").joinpath(f"vendor/{name}.schema.json")
    return json.loads(vendored.read_text("utf-8"))


def problems(name: str, document: Any) -> list[tuple[str, str]]:
    """(location, message) for every way `document` breaks schema `name`, in a stable order."""
    validator = jsonschema.Draft7Validator(
        schema(name), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    found = [
        ("/".join(str(p) for p in error.absolute_path) or "(top level)", error.message)
        for error in validator.iter_errors(document)
    ]
    return sorted(found)
