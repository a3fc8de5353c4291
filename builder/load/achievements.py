"""Read the owner's profile and achievement YAML files into validated records."""

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from builder.errors import InputProblem, display_path
from builder.load.problems import problems_from_validation
from builder.load.urls import checked_urls
from builder.load.yaml_source import YamlDocument, read_yaml
from builder.models.achievement import Achievement
from builder.models.profile import Profile
from builder.models.pull_request import DEFAULT_GITHUB_HOST

YAML_SUFFIXES = (".yml", ".yaml")


def load_profile(path: Path, root: Path) -> tuple[Profile | None, list[InputProblem]]:
    label = display_path(path, root)
    if not path.is_file():
        return None, [InputProblem(label, None, None, "profile file not found")]
    doc, problems = read_yaml(path, label)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, _not_a_mapping(label, doc.data)]
    profile, more = _validate(Profile, doc.data, label, doc, ())
    return profile, problems + more


def achievement_files(data_dir: Path, skip: set[Path]) -> list[Path]:
    """Every YAML file under data_dir except the profile and the exports, in a stable order."""
    files = [
        p
        for p in data_dir.rglob("*")
        if p.suffix in YAML_SUFFIXES and p.is_file() and not _under_any(p, skip)
    ]
    return sorted(files)


def load_achievements(
    files: list[Path], root: Path, github_host: str = DEFAULT_GITHUB_HOST
) -> tuple[list[tuple[Achievement, str, int | None]], list[InputProblem]]:
    """Achievements with the file and line each came from, and every problem in every file.
    `github_host` is the one host (besides none) a `related_prs` URL may name."""
    found: list[tuple[Achievement, str, int | None]] = []
    problems: list[InputProblem] = []
    for path in files:
        label = display_path(path, root)
        doc, file_problems = read_yaml(path, label)
        problems += file_problems
        if doc is None:
            continue
        for data, prefix in _entries(doc):
            if not isinstance(data, dict):
                line = doc.line_of(prefix)
                problems.append(_not_a_mapping(label, data, line))
                continue
            record, more = _validate(Achievement, data, label, doc, prefix, (github_host,))
            problems += more
            if record is not None:
                found.append((record, label, doc.line_of(prefix)))
    return found, problems + _duplicate_ids(found)


def _entries(doc: YamlDocument) -> list[tuple[Any, tuple]]:
    """A file holds one achievement (a mapping) or a list of them."""
    if isinstance(doc.data, list):
        return [(item, (i,)) for i, item in enumerate(doc.data)]
    return [(doc.data, ())]


def _validate(
    model: type[BaseModel],
    data: dict,
    label: str,
    doc: YamlDocument,
    prefix: tuple,
    hosts: tuple[str, ...] = (DEFAULT_GITHUB_HOST,),
) -> tuple[Any, list[InputProblem]]:
    """The record (None on any problem), with its link URLs checked and rebuilt first."""
    data, problems, url_fields = checked_urls(model, data, label, doc, prefix, hosts)
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        found = problems_from_validation(exc, model, label, doc, prefix)
        # a refused URL is already reported with its fix; the model's pattern error repeats it
        return None, problems + [p for p in found if p.field not in url_fields]
    return (None if problems else record), problems


def _duplicate_ids(found: list[tuple[Achievement, str, int | None]]) -> list[InputProblem]:
    first_seen: dict[str, tuple[str, int | None]] = {}
    problems = []
    for achievement, label, line in found:
        if achievement.id in first_seen:
            other_file, other_line = first_seen[achievement.id]
            where = other_file if other_line is None else f"{other_file}:{other_line}"
            problems.append(
                InputProblem(
                    label,
                    line,
                    "id",
                    f"duplicate id '{achievement.id}' (first used at {where}); ids must be unique",
                )
            )
        else:
            first_seen[achievement.id] = (label, line)
    return problems


def _not_a_mapping(label: str, data: Any, line: int | None = None) -> InputProblem:
    kind = type(data).__name__
    return InputProblem(label, line, None, f"expected a mapping of fields, got {kind}")


def _under_any(path: Path, folders: set[Path]) -> bool:
    return path in folders or any(folder in path.parents for folder in folders)
