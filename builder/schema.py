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


def write_schemas(out_dir: Path) -> list[Path]:
    written = []
    for name, schema in schemas().items():
        path = out_dir / name
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
        written.append(path)
    return written
