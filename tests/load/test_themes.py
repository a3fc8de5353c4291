"""builder/load/themes.py: the owner's theme vocabulary, validated like achievements."""

from pathlib import Path

from builder.load.sources import collect, load_sources
from builder.load.themes import load_themes, themes_path
from builder.models.config import Paths
from builder.search.themes import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
LABEL = "site_templates/themes.yml"


def write_themes(project: Paths, text: str) -> Path:
    path = themes_path(project.templates_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_shipped_vocabulary_is_a_valid_owner_file(tmp_path: Path) -> None:
    shipped = ROOT / "builder" / "search" / "themes.yml"
    (tmp_path / "themes.yml").write_text(shipped.read_text())
    vocabulary, problems = load_themes(tmp_path / "themes.yml", tmp_path)
    assert problems == [] and vocabulary == default_vocabulary()


def test_an_owner_file_reaches_the_sources(project: Paths) -> None:
    write_themes(
        project,
        "themes:\n  - id: ci\n    label: Faster feedback\n    title_words: [CI]\n",
    )
    themes = load_sources(project).themes
    assert themes is not None and [(t.id, t.label) for t in themes.themes] == [
        ("ci", "Faster feedback")
    ]


def test_every_problem_names_file_line_and_field(project: Paths) -> None:
    write_themes(
        project,
        "themes:\n"
        "  - id: serving\n"
        "    label: Rate, traffic, latency\n"
        "  - id: data\n"
        "    label: Data\n"
        "    categories: [dta]\n"
        "    skill: [SQL]\n",
    )
    portfolio, problems = collect(project)
    assert portfolio is None
    shown = sorted(str(p) for p in problems)
    assert any(s.startswith(f"{LABEL}:3 [themes[0].label]: ") and "not a list" in s for s in shown)
    assert any(s.startswith(f"{LABEL}:6 [themes[1].categories[0]]: ") for s in shown)
    assert any(s.startswith(f"{LABEL}:7 [themes[1].skill]: unknown field") for s in shown)


def test_a_themes_file_that_is_not_a_mapping(project: Paths) -> None:
    write_themes(project, "- just a list\n")
    _, problems = collect(project)
    assert [p.message for p in problems] == ["expected a mapping with a themes list, got list"]


def test_no_themes_file_is_no_problem(project: Paths) -> None:
    assert load_sources(project).themes is None
