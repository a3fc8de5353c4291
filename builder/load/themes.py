"""Read the owner's theme vocabulary (site_templates/themes.yml, optional) into a record."""

from pathlib import Path

from builder.errors import InputProblem, display_path
from builder.load.problems import read_record
from builder.models.themes import THEMES_FILE, ThemeVocabulary


def themes_path(templates_dir: Path) -> Path:
    return templates_dir / THEMES_FILE


def load_themes(path: Path, root: Path) -> tuple[ThemeVocabulary | None, list[InputProblem]]:
    """The owner's vocabulary, or None with every problem (file, line, field and fix).

    No file is no problem: the search stage then uses the vocabulary shipped with the package
    (builder/search/themes.yml), which is also the example to copy."""
    if not path.is_file():
        return None, []
    return read_record(
        path, display_path(path, root), ThemeVocabulary, "expected a mapping with a themes list"
    )
