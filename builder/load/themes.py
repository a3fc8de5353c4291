"""Read the owner's theme vocabulary (site_templates/themes.yml, optional) into a record."""

from pathlib import Path

from pydantic import ValidationError

from builder.errors import InputProblem, display_path
from builder.load.problems import problems_from_validation
from builder.load.yaml_source import read_yaml
from builder.models.themes import THEMES_FILE, ThemeVocabulary


def themes_path(templates_dir: Path) -> Path:
    return templates_dir / THEMES_FILE


def load_themes(path: Path, root: Path) -> tuple[ThemeVocabulary | None, list[InputProblem]]:
    """The owner's vocabulary, or None with every problem (file, line, field and fix).

    No file is no problem: the search stage then uses the vocabulary shipped with the package
    (builder/search/themes.yml), which is also the example to copy."""
    if not path.is_file():
        return None, []
    label = display_path(path, root)
    doc, problems = read_yaml(path, label)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        message = f"expected a mapping with a themes list, got {kind}"
        return None, [*problems, InputProblem(label, None, None, message)]
    try:
        vocabulary = ThemeVocabulary.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + problems_from_validation(exc, ThemeVocabulary, label, doc)
    return (None if problems else vocabulary), problems
