"""Read the owner's interview panels (site_templates/narratives/roles.yml) into records."""

from pathlib import Path

from builder.errors import InputProblem, display_path
from builder.load.problems import read_record
from builder.models.roles import ROLES_FILE, RolesFile


def roles_path(templates_dir: Path) -> Path:
    return templates_dir / ROLES_FILE


def load_roles(path: Path, root: Path) -> tuple[RolesFile | None, list[InputProblem]]:
    """The panels, or None with every problem (file, line, field and fix).

    A missing file is not a problem here: a folder of achievements without site templates
    still validates. The narratives stage reports it when it needs the panels."""
    if not path.is_file():
        return None, []
    return read_record(
        path,
        display_path(path, root),
        RolesFile,
        "expected a mapping with common_questions, roles and generic",
    )
