"""The CLI: owner errors print without a traceback and exit 1; docs list every command."""

import re
from pathlib import Path

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
