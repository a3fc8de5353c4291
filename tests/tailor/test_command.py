"""`showcase tailor` end to end on a copy of the demo (its embedding cache copied, so warm)."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from builder.narratives.grounding import fact_quantities, ungrounded
from tests.conftest import ROOT, copy_project, run_showcase

pytestmark = pytest.mark.slow
POSTING = ROOT / "benchmarks/devsets/postings/07-llm-engineer-inference.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("tailor") / "project", with_cache_from=ROOT)


@pytest.fixture(scope="module")
def runs(project: Path) -> list[tuple[str, bytes, bytes]]:
    """The same posting tailored twice: stdout, resume and letter bytes of each run."""
    out = []
    for _ in range(2):
        result = run_showcase("tailor", str(POSTING), "--json", "-o", "out", cwd=project)
        out.append(
            (
                result.stdout,
                (project / "out/resume.pdf").read_bytes(),
                (project / "out/cover-letter.md").read_bytes(),
            )
        )
    return out


def test_json_report_has_its_shape(runs) -> None:
    report = json.loads(runs[0][0])
    assert set(report) >= {
        "posting",
        "matches",
        "requirement_gaps",
        "skill_gaps",
        "coverage",
        "best_evidence",
        "vocabulary_version",
        "outputs",
    }
    assert report["posting"]["role_family"] == "llm"
    first = report["matches"][0]
    assert set(first["evidence"][0]) == {
        "achievement_id",
        "title",
        "score",
        "strength",
        "skills",
        "support",
        "change",
    }
    assert len(first["evidence"]) == 3
    covered = sum(m["covered"] for m in report["matches"] if m["requirement"]["must_have"])
    assert report["coverage"]["must_covered"] == covered


def test_same_inputs_give_the_same_bytes(runs) -> None:
    assert runs[0] == runs[1]


def test_resume_stays_within_its_page_limit(runs, project) -> None:
    report = json.loads(runs[0][0])
    outputs = report["outputs"]
    assert 1 <= outputs["resume_pages"] <= outputs["resume_page_limit"]
    info = subprocess.run(
        ["pdfinfo", str(project / "out/resume.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(rf"^Pages:\s+{outputs['resume_pages']}$", info, re.M)


def test_letter_has_no_number_outside_the_facts(runs, project) -> None:
    letter = runs[0][2].decode("utf-8")
    report = json.loads(runs[0][0])
    # the owner's files (every achievement's text and metrics) and the counts of the report
    facts: list[object] = [p.read_text("utf-8") for p in (project / "achievements").glob("*.yml")]
    facts += [report["coverage"], report["posting"]["title"]]
    facts += [m["requirement"]["text"] for m in report["matches"]]
    assert ungrounded(letter, fact_quantities(facts)) == []
    assert letter.startswith("# Cover letter draft:")
    must = report["coverage"]
    assert f"Of the {must['must_total']} must-have requirements" in letter
    assert f"evidence for {must['must_covered']};" in letter


def test_empty_posting_is_a_clear_message(project: Path) -> None:
    (project / "empty.md").write_text("\n\n")
    result = run_showcase("tailor", "empty.md", cwd=project, check=False)
    assert result.returncode == 1
    assert "the posting is empty" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_clear_message(project: Path) -> None:
    result = run_showcase("tailor", "nope.md", cwd=project, check=False)
    assert result.returncode == 1 and "nope.md: no such file" in result.stderr


BAD_INPUTS = {
    # name: (file content, a note the report must carry)
    "huge.md": (
        "# ML engineer\n\n## Requirements\n\n" + "- Python and Kubernetes in production\n" * 30_000,
        "only the first 100,000 were read",
    ),
    "page.html": (
        "<html><body><h1>MLOps engineer</h1><script>alert(1)</script><h2>Requirements</h2>"
        "<ul><li>Kubernetes &amp; Terraform</li><li>MLflow model registry</li></ul></body></html>",
        "the posting was HTML",
    ),
    "spanish.md": (
        "# Ingeniera de MLOps\n\nBuscamos una persona con experiencia en la nube, que conozca "
        "bien los sistemas de datos y que tenga ganas de aprender con nosotros cada día en "
        "nuestra oficina de Madrid, donde trabajamos juntos desde hace muchos años.\n",
        "does not look like English",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_sensible_report(project: Path, name: str) -> None:
    content, note = BAD_INPUTS[name]
    (project / name).write_text(content, encoding="utf-8")
    result = run_showcase("tailor", name, "--json", "-o", f"out-{name}", cwd=project, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert any(note in n for n in report["posting"]["notes"]), report["posting"]["notes"]
    assert (project / f"out-{name}" / "resume.pdf").stat().st_size > 0
