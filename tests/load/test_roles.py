"""builder/load/roles.py: the owner's interview panels, validated like achievements."""

from pathlib import Path

from builder.load.roles import load_roles, roles_path
from builder.load.sources import collect, load_sources
from builder.models.config import Paths

ROOT = Path(__file__).resolve().parents[2]


def write_roles(project: Paths, text: str) -> Path:
    path = roles_path(project.templates_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_demo_roles_file_loads() -> None:
    roles, problems = load_roles(roles_path(ROOT / "site_templates"), ROOT)
    assert problems == [] and roles is not None
    assert roles.common_questions and roles.roles and roles.generic.questions


def test_every_problem_names_file_line_and_field(project: Paths) -> None:
    write_roles(
        project,
        "common_questions:\n"
        "  - question: Why?\n"
        "    keyword: [x]\n"
        "roles:\n"
        "  - name: MLOps\n"
        "    match: mlops\n",
    )
    portfolio, problems = collect(project)
    assert portfolio is None
    shown = [str(p) for p in problems]
    label = "site_templates/narratives/roles.yml"
    assert shown[0].startswith(f"{label}:3 [common_questions[0].keyword]: unknown field")
    assert shown[1].startswith(f"{label}:6 [roles[0].match]: ")


def test_a_roles_file_that_is_not_a_mapping(project: Paths) -> None:
    write_roles(project, "- just a list\n")
    _, problems = collect(project)
    assert [p.message for p in problems] == [
        "expected a mapping with common_questions, roles and generic, got list"
    ]


def test_no_roles_file_is_no_load_problem(project: Paths) -> None:
    assert load_sources(project).roles is None
