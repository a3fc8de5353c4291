"""Read the owner's interview panels (site_templates/narratives/roles.yml) into records."""

from pathlib import Path

from pydantic import ValidationError

from builder.errors import InputProblem, display_path
from builder.load.problems import problems_from_validation
from builder.load.yaml_source import read_yaml
from builder.models.roles import ROLES_FILE, RolesFile


def roles_path(templates_dir: Path) -> Path:
    return templates_dir / ROLES_FILE


def load_roles(path: Path, root: Path) -> tuple[RolesFile | None, list[InputProblem]]:
    """The panels, or None with every problem (file, line, field and fix).

    A missing file is not a problem here: a folder of achievements without site templates
    still validates. The narratives stage reports it when it needs the panels."""
    if not path.is_file():
        return None, []
    label = display_path(path, root)
    doc, problems = read_yaml(path, label)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        expected = "expected a mapping with common_questions, roles and generic"
        return None, [*problems, InputProblem(label, None, None, f"{expected}, got {kind}")]
    try:
        roles = RolesFile.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + problems_from_validation(exc, RolesFile, label, doc)
    return (None if problems else roles), problems
