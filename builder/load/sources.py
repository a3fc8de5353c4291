"""Every owner-edited file read and validated together: the records, or every problem at once."""

from builder.errors import InputProblem, ShowcaseInputError
from builder.load.achievements import achievement_files, load_achievements, load_profile
from builder.load.experience_links import unknown_experience
from builder.load.pr_exports import export_files, load_exports
from builder.load.roles import load_roles, roles_path
from builder.load.themes import load_themes, themes_path
from builder.models.config import Paths
from builder.models.enriched import Sources
from builder.models.portfolio import Portfolio
from builder.models.skills import SKILLS_FILE


def read_sources(paths: Paths) -> tuple[Sources | None, list[InputProblem]]:
    """Read every owner-edited file: the records (None if any problem) and all problems."""
    profile, problems = load_profile(paths.profile_file, paths.root)
    # skills.yml is the owner's skill vocabulary (load/skills.py), not an achievement
    skip = {paths.profile_file, paths.exports_dir, paths.data_dir / SKILLS_FILE}
    files = achievement_files(paths.data_dir, skip=skip)
    found, more = load_achievements(files, paths.root, paths.github_host)
    problems += more
    if profile is not None:
        problems += unknown_experience(profile, found)
    prs, more = load_exports(export_files(paths.exports_dir), paths.root, paths.github_host)
    problems += more
    roles, more = load_roles(roles_path(paths.templates_dir), paths.root)
    problems += more
    themes, more = load_themes(themes_path(paths.templates_dir), paths.root)
    problems += more
    if problems or profile is None:
        return None, problems
    achievements = sorted((a for a, _, _ in found), key=lambda a: (a.date, a.id), reverse=True)
    portfolio = Portfolio(
        profile=profile, achievements=tuple(achievements), pull_requests=tuple(prs)
    )
    return Sources(portfolio=portfolio, roles=roles, themes=themes), problems


def collect(paths: Paths) -> tuple[Portfolio | None, list[InputProblem]]:
    """The portfolio (None if any problem in any owner file) with all problems."""
    sources, problems = read_sources(paths)
    return (sources.portfolio if sources else None), problems


def load_sources(paths: Paths) -> Sources:
    """Every owner-edited file validated, or ShowcaseInputError naming every problem."""
    sources, problems = read_sources(paths)
    if sources is None:
        raise ShowcaseInputError(problems)
    return sources


def load_portfolio(paths: Paths) -> Portfolio:
    """The validated portfolio, or ShowcaseInputError naming every problem in every file."""
    return load_sources(paths).portfolio
