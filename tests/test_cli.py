"""The CLI: owner errors print without a traceback and exit 1; docs list every command."""

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from tests.conftest import ROOT, copy_project, run_showcase


def test_validate_reports_all_problems_without_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    data = project / "achievements"
    (data / "broken-a.yml").write_text("id: broken-a\ntitle: T\ndate: 2024-02-30\nsummary: s\n")
    (data / "broken-b.yml").write_text("id: broken-b\ntitel: T\ndate: 2024-01-01\nsummary: s\n")
    result = run_showcase("validate", cwd=project, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "achievements/broken-a.yml:3 [date]: expected a date as YYYY-MM-DD" in result.stderr
    assert "achievements/broken-b.yml:2 [titel]: unknown field 'titel'; did you mean 'title'?" in (
        result.stderr
    )


def test_build_refuses_bad_input_and_leaves_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    (project / "achievements" / "bad.yml").write_text("")
    result = run_showcase("build", cwd=project, check=False)
    assert result.returncode == 1
    assert "achievements/bad.yml: the file is empty" in result.stderr
    assert (site / "index.html").read_text() == "previous build"
    assert not list(project.glob(".site.building-*"))


def test_validate_passes_on_the_demo() -> None:
    result = run_showcase("validate", cwd=ROOT)
    assert result.stdout.startswith("OK: ")


def test_readme_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"showcase ([a-z][a-z-]+)", readme))
    missing = sorted(set(cli.commands) - documented)
    assert not missing, f"README.md does not mention: {missing}"


def test_build_option_reaches_the_narratives_stage_without_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from builder.cli import build
    from builder.errors import ShowcaseError
    from builder.models.mlops import ModelReport

    seen: list[tuple[str, bool]] = []

    def narratives_stage(portfolio, values, model, settings, *args, **kwargs):  # noqa: ANN001
        seen.append((settings.cache_mode, any("LLM_CACHE" in name for name in os.environ)))
        raise ShowcaseError("stopped after the narratives stage")  # no need to build a site

    monkeypatch.setattr("builder.mlops.stage.run_impact_model", lambda *args: ModelReport())
    monkeypatch.setattr("builder.narratives.stage.write_narratives", narratives_stage)
    project = copy_project(tmp_path / "p")
    args = ["-f", str(project / "mkdocs.yml"), "--llm-cache", "read-only"]
    result = CliRunner().invoke(build, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "stopped after the narratives stage" in result.output
    assert seen == [("read-only", False)]
    assert not (project / "site").exists()


def test_validate_reports_a_broken_roles_file_with_file_and_field(tmp_path: Path) -> None:
    from builder.cli import validate

    project = copy_project(tmp_path / "p")
    roles = project / "site_templates" / "narratives" / "roles.yml"
    text = roles.read_text()
    roles.write_text(text.replace("  - question:", "  - questoin:", 1))
    line = text.splitlines().index(next(li for li in text.splitlines() if "- question:" in li))
    result = CliRunner().invoke(validate, ["-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert (
        f"site_templates/narratives/roles.yml:{line + 1} [common_questions[0].questoin]: "
        "unknown field 'questoin'; did you mean 'question'?"
    ) in result.output
    assert "[common_questions[0].question]: required field is missing" in result.output
