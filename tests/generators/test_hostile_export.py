"""tests/fixtures/generators/hostile_export.py writes the committed hostile fixture, and the
fixture exports keep their shapes."""

import json
from pathlib import Path

import pytest

from builder.load.pr_exports import load_export
from tests.fixtures.generators.hostile_export import HOSTILE_EXPORT, hostile_export
from tests.fixtures.generators.pr_records import dump_export

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "exports"


def test_the_hostile_fixture_is_what_the_generator_writes(tmp_path: Path) -> None:
    dump_export(hostile_export(), tmp_path / "hostile.json")
    assert (tmp_path / "hostile.json").read_bytes() == HOSTILE_EXPORT.read_bytes(), (
        "regenerate: python -m tests.fixtures.generators.hostile_export"
    )
    records = json.loads((tmp_path / "hostile.json").read_text())
    assert max(len(r["body"] or "") for r in records) > 900_000
    assert any(r["body"] is None for r in records)
    assert any("\u202e" in r["title"] for r in records)


@pytest.mark.parametrize(
    ("name", "shape", "count"),
    [
        ("gh-pr-list-small.json", "gh-pr-list", 5),
        ("gh-search-prs.json", "gh-search-prs", 4),
        ("github-rest-pulls.json", "github-rest", 4),
        ("prs.csv", "csv", 4),
        ("hostile-prs.json", "gh-pr-list", 6),
    ],
)
def test_fixture_exports_load_with_their_shape(name: str, shape: str, count: int) -> None:
    prs, problems = load_export(FIXTURES / name, ROOT)
    assert problems == []
    assert [pr.source_shape for pr in prs] == [shape] * count
    assert {pr.state for pr in prs} >= {"merged", "open"}
