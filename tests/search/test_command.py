"""`showcase search` (builder/commands/search.py): the full-model reference ranking."""

import json

import pytest
from click.testing import CliRunner

from builder.cli_context import Project
from builder.commands.search import search
from builder.models.config import ShowcaseConfig
from builder.models.enriched import Sources

# A PR title the build already embedded (self-check query), so no model load is needed here.
QUERY = "chore(aws): rightsize inference node groups and move batch jobs to spot"

# needs the real model on a cold cache (the session's first build)
pytestmark = pytest.mark.slow


@pytest.fixture
def project(monkeypatch, cold, portfolio, tmp_path):
    config = ShowcaseConfig(cache_dir=str(cold.cache.root))
    project = Project(config=config, root=tmp_path, mkdocs=None)  # type: ignore[arg-type]
    monkeypatch.setattr("builder.cli_context.load_project", lambda f: project)
    monkeypatch.setattr("builder.pipeline.load_sources", lambda paths: Sources(portfolio=portfolio))
    return config


def test_json_results_ranked_by_the_full_model(project):
    result = CliRunner().invoke(search, [QUERY, "--json", "-k", "4"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert len(found) == 4 and found[0]["id"] == "aws-cost-reduction"
    assert set(found[0]) == {"id", "title", "url", "score"}
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)


def test_plain_output_lists_rank_score_and_title(project):
    result = CliRunner().invoke(search, [QUERY, "-k", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("  1. ") and "(aws-cost-reduction)" in result.output


def test_missing_project_is_a_readable_error(tmp_path):
    result = CliRunner().invoke(search, ["x", "-f", str(tmp_path / "nope.yml")])
    assert result.exit_code == 1
    assert "nope.yml: no such file" in result.output
