"""builder/commands/publish.py: `showcase pdf` and `showcase jsonresume` on a project."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli_context import Project
from builder.commands import publish
from builder.load.vendored_schemas import problems
from builder.models.config import ShowcaseConfig
from tests.publish import publish_factory as factory
from tests.publish.publish_pdf_text import reader, text

SAMPLE = Path(__file__).parent / "data" / "sample.resume.json"


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A project whose enrich stage returns a prepared portfolio (the pipeline has its own
    tests); the project read from mkdocs.yml is the real one's stand-in."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    enriched = factory.enriched(factory.achievements(30), pull_requests=factory.pull_requests(9))
    monkeypatch.setattr("builder.pipeline.enrich", lambda config, root, options, **kw: enriched)
    mkdocs = type("C", (), {"site_url": "https://ada.example.org/"})()
    project = Project(config=ShowcaseConfig(), root=tmp_path, mkdocs=mkdocs)  # type: ignore[arg-type]
    monkeypatch.setattr("builder.cli_context.load_project", lambda path: project)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pdf_all_writes_both_into_the_chosen_folder(project: Path) -> None:
    result = CliRunner().invoke(publish.pdf, ["all", "-o", "out"])
    assert result.exit_code == 0, result.output
    resume = (project / "out" / "resume.pdf").read_bytes()
    pitch = (project / "out" / "pitch.pdf").read_bytes()
    assert "Ada Example" in text(resume)
    assert "Pitch for the role of" in text(pitch)
    assert f"{len(reader(resume).pages)} of 2 page(s)" in result.output


def test_pdf_pitch_for_another_role(project: Path) -> None:
    result = CliRunner().invoke(publish.pdf, ["pitch", "--role", "LLM Engineer", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert not (project / "out" / "resume.pdf").exists()
    assert "Why me for LLM Engineer" in text((project / "out" / "pitch.pdf").read_bytes())


def test_pdf_pitch_refuses_a_role_not_in_the_profile(project: Path) -> None:
    result = CliRunner().invoke(publish.pdf, ["pitch", "--role", "Astronaut"])
    assert result.exit_code == 1
    assert "'Astronaut' is not a target role" in result.output


def test_jsonresume_export_to_stdout_is_valid(project: Path) -> None:
    result = CliRunner().invoke(publish.jsonresume, ["export"])
    assert result.exit_code == 0, result.output
    assert problems("jsonresume", json.loads(result.output)) == []


def test_jsonresume_import_reports_written_and_skipped(project: Path) -> None:
    result = CliRunner().invoke(publish.jsonresume, ["import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "wrote 4 file(s); skipped 1" in result.output
    assert "+ achievements/profile.yml" in result.output
    assert (project / "achievements" / "profile.yml").is_file()


def test_jsonresume_import_of_a_broken_file_fails_without_traceback(project: Path) -> None:
    bad = project / "bad.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(publish.jsonresume, ["import", str(bad)])
    assert result.exit_code == 1
    assert "bad.json" in result.output and "not a JSON document" in result.output
    assert "Traceback" not in result.output


def test_pdf_resume_for_a_role(project: Path) -> None:
    result = CliRunner().invoke(publish.pdf, ["resume", "--role", "LLM Engineer", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert "(role: LLM Engineer)" in result.output
    assert not (project / "out" / "pitch.pdf").exists()
    refused = CliRunner().invoke(publish.pdf, ["resume", "--role", "Astronaut"])
    assert refused.exit_code == 1 and "'Astronaut' is not a target role" in refused.output


def test_rendercv_export_writes_a_file_valid_against_rendercvs_schema(project: Path) -> None:
    import yaml

    result = CliRunner().invoke(publish.rendercv, ["export", "-o", "cv.yaml"])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load((project / "cv.yaml").read_text())
    assert problems("rendercv", document) == []
    assert document["cv"]["name"] == "Ada Example"
    assert {"projects", "skills"} <= set(document["cv"]["sections"])


def test_commands_are_registered_on_the_showcase_group() -> None:
    from builder.cli import cli

    assert cli.commands["pdf"] is publish.pdf
    assert set(cli.commands["jsonresume"].commands) == {"export", "import"}
    assert set(cli.commands["rendercv"].commands) == {"export"}
