"""The committed JSON Schemas are the pydantic models' own (regenerate: `showcase schema`)."""

import json

from builder.schema import schemas
from tests.conftest import ROOT


def test_committed_schemas_are_current() -> None:
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "achievements" / "schema" / name).read_text())
        assert committed == schema, f"achievements/schema/{name} is stale: run `showcase schema`"


def test_demo_files_reference_the_schema() -> None:
    for path in sorted((ROOT / "achievements").glob("*.yml")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=schema/"), path.name


def test_schema_rejects_unknown_fields() -> None:
    achievement = schemas()["achievement.schema.json"]
    definition = achievement["$defs"]["Achievement"]
    assert definition["additionalProperties"] is False
    assert "impact_score" in definition["properties"]
