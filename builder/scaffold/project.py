"""Plan the files of a new portfolio, then write the ones that do not exist yet.

The starter files are package data (files/), so an installed builder carries them. The site's
templates, styles and notebooks are the ones the builder's own repository builds the demo
with: files/project/ holds symlinks to them (a wheel holds copies), so a new portfolio looks like
the demo and nothing is kept twice. Only `--demo` needs a clone: the demo's data is not shipped.
"""

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from builder.errors import ProjectError
from builder.schema import schema_texts

# the repository holding the demo (an editable install: a clone)
SOURCE_ROOT = Path(__file__).resolve().parents[2]
# package data: symlinks into the clone, or the copies an installed wheel carries
SITE_ROOT = Path(str(resources.files("builder.scaffold").joinpath("files", "project")))
SITE_FOLDERS = ("site_templates", "content", "notebooks")
DEMO_FILES = ("mkdocs.yml", "achievements")
MATERIAL_SCHEMA = "https://squidfunk.github.io/mkdocs-material/schema.json"
SKIPPED_NAMES = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def starter(name: str) -> str:
    return resources.files("builder.scaffold").joinpath("files", name).read_text("utf-8")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes are YAML's, so any name is safe."""
    return json.dumps(text, ensure_ascii=False)


def mkdocs_yml(name: str, github: str | None) -> str:
    url_line = (
        f"site_url: https://{github.lower()}.github.io/"
        if github
        else "# site_url: https://LOGIN.github.io/  # where the site is published; links use it"
    )
    return (
        starter("mkdocs.yml")
        .replace("@@SITE_NAME@@", yaml_string(f"{name} · AI/MLOps portfolio"))
        .replace("@@SITE_URL_LINE@@", url_line)
        .replace("@@SITE_DESCRIPTION@@", yaml_string(f"Achievements and impact of {name}."))
    )


def profile_yml(name: str, github: str | None) -> str:
    github_url = f"https://github.com/{github}" if github else "https://github.com/you"
    return (
        starter("profile.yml")
        .replace("@@NAME@@", yaml_string(name))
        .replace("@@GITHUB_URL@@", github_url)
    )


def vscode_settings() -> str:
    """Editor autocompletion: owner files and mkdocs.yml mapped to their schemas. The
    Material URL is for the editor only; the build never fetches it."""
    settings = {
        "yaml.schemas": {
            "achievements/schema/achievement.schema.json": [
                "achievements/*.yml",
                "achievements/drafts/*.yml",
                "!achievements/profile.yml",
            ],
            "achievements/schema/profile.schema.json": ["achievements/profile.yml"],
            MATERIAL_SCHEMA: ["mkdocs.yml"],
        },
        # tags Material's schema documents for mkdocs.yml, so the editor does not flag them
        "yaml.customTags": [
            "!ENV scalar",
            "!ENV sequence",
            "!relative scalar",
            "tag:yaml.org,2002:python/name:material.extensions.emoji.to_svg",
            "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji",
            "tag:yaml.org,2002:python/name:pymdownx.superfences.fence_code_format",
        ],
    }
    return json.dumps(settings, indent=2) + "\n"


def tree(source: Path, target: Path) -> dict[Path, bytes]:
    return {
        target / path.relative_to(source): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file() and not SKIPPED_NAMES & set(path.relative_to(source).parts)
    }


def source_path(name: str, root: Path = SOURCE_ROOT) -> Path:
    folder = root / name
    if not folder.exists():
        raise ProjectError(
            f"{folder}: not found. `showcase init --demo` copies the demo portfolio from the "
            "builder's repository: install it from a clone with `pip install -e .`"
        )
    return folder


def plan(
    name: str, github: str | None, *, demo: bool = False, example: bool = True
) -> dict[Path, bytes]:
    """Relative path -> bytes of every file a new portfolio starts with."""
    files: dict[Path, bytes] = {}
    for folder in SITE_FOLDERS:
        files |= tree(source_path(folder, SITE_ROOT), Path(folder))
    for workflow in ("deploy.yml", "export-prs.yml"):
        files[Path(".github/workflows", workflow)] = starter(f"workflows/{workflow}").encode()
    for schema_name, text in schema_texts().items():
        files[Path("achievements/schema", schema_name)] = text.encode()
    files[Path(".vscode/settings.json")] = vscode_settings().encode()
    files[Path(".gitignore")] = starter("gitignore").encode()
    files[Path("achievements/exports/README.md")] = starter("exports-README.md").encode()
    if demo:  # today's demo portfolio, as `make site` builds it
        files[Path("mkdocs.yml")] = source_path("mkdocs.yml").read_bytes()
        files |= tree(source_path("achievements"), Path("achievements"))
        return files
    files[Path("mkdocs.yml")] = mkdocs_yml(name, github).encode()
    files[Path("achievements/profile.yml")] = profile_yml(name, github).encode()
    if example:
        example_text = starter("example-achievement.yml").encode()
        files[Path("achievements/example-achievement.yml")] = example_text
    return files


def write_new(root: Path, files: dict[Path, bytes]) -> Report:
    """Write each file that does not exist; an existing one is kept byte for byte."""
    report = Report()
    for relative in sorted(files):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x": a file that exists, or appears meanwhile, is never overwritten
            with path.open("xb") as handle:
                handle.write(files[relative])
        except FileExistsError:
            report.kept.append(relative)
        else:
            report.written.append(relative)
    return report
