"""Read the skill vocabulary: the list shipped with the package, plus the owner's additions.

The shipped file is package data (builder/load/skills.yml); the owner's optional
achievements/skills.yml has the same shape. Both go through the bounded YAML reader and the
same validation as achievements, so a mistake names the file, the line and the field.
"""

from pathlib import Path

from builder.errors import InputProblem, ShowcaseInputError, display_path
from builder.load.problems import read_record
from builder.models.skills import SKILLS_FILE, Skill, SkillsFile, SkillVocabulary

SHIPPED = Path(__file__).with_name("skills.yml")


def owner_skills_path(data_dir: Path) -> Path:
    return data_dir / SKILLS_FILE


def read_skills_file(path: Path, root: Path) -> tuple[SkillsFile | None, list[InputProblem]]:
    return read_record(
        path,
        display_path(path, root),
        SkillsFile,
        "expected a mapping with 'skills:' (a list of entries)",
    )


def load_vocabulary(data_dir: Path | None, root: Path) -> SkillVocabulary:
    """The shipped vocabulary merged with the owner's file when there is one; raises
    ShowcaseInputError naming every problem otherwise."""
    shipped, problems = read_skills_file(SHIPPED, SHIPPED.parent)
    owner = None
    owner_path = owner_skills_path(data_dir) if data_dir is not None else None
    if owner_path is not None and owner_path.is_file():
        owner, more = read_skills_file(owner_path, root)
        problems += more
    if problems or shipped is None:
        raise ShowcaseInputError(problems)
    version = str(shipped.version or 1)
    if owner is None or not owner.skills:
        return SkillVocabulary(version=version, skills=tuple(shipped.skills))
    return SkillVocabulary(version=f"{version}+owner", skills=merge(shipped.skills, owner.skills))


def merge(shipped: list[Skill], owner: list[Skill]) -> tuple[Skill, ...]:
    """Owner entries extend a shipped entry of the same name (case-insensitive): its aliases
    are added, its group wins; new names are appended in the owner's order."""
    merged = {s.name.casefold(): s for s in shipped}
    for entry in owner:
        key = entry.name.casefold()
        base = merged.get(key)
        if base is None:
            merged[key] = entry
            continue
        aliases = list(dict.fromkeys([*base.aliases, *entry.aliases]))
        group = entry.group if entry.group != "other" else base.group
        merged[key] = base.model_copy(update={"aliases": aliases, "group": group})
    return tuple(merged.values())
