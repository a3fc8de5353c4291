"""Validation against the public JSON Resume schema (vendored: builds never fetch it)."""

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

# The vendored file is the npm package @jsonresume/schema at this version (see the license
# file next to it); `$schema` in an export names exactly that file.
SCHEMA_VERSION = "1.3.1"
SCHEMA_URL = f"https://cdn.jsdelivr.net/npm/@jsonresume/schema@{SCHEMA_VERSION}/schema.json"


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
