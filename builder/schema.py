"""JSON Schemas generated from the pydantic models: the model is the schema."""

import json
from pathlib import Path

from pydantic import TypeAdapter

from builder.cache import atomic_write_bytes
from builder.models.achievement import Achievement
from builder.models.config import ShowcaseConfig
from builder.models.profile import Profile


def schemas() -> dict[str, dict]:
    """File name -> schema. An achievement file holds one achievement or a list of them."""
    achievement = TypeAdapter(Achievement | list[Achievement]).json_schema()
    achievement["title"] = "Showcase achievement file"
    return {
        "achievement.schema.json": achievement,
        "profile.schema.json": Profile.model_json_schema(),
        "config.schema.json": ShowcaseConfig.model_json_schema(),
    }


def schema_texts() -> dict[str, str]:
    """File name -> the schema as written to disk (stable key order: same bytes every time)."""
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas().items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        atomic_write_bytes(path, text.encode("utf-8"))
        written.append(path)
    return written
