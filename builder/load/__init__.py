"""Load stage: the owner's files in, a validated Portfolio out (or every problem at once)."""

from builder.errors import InputProblem, ShowcaseInputError
from builder.load.achievements import achievement_files, load_achievements, load_profile
from builder.load.pr_exports import export_files, load_exports
from builder.models.config import Paths
from builder.models.portfolio import Portfolio


def collect(paths: Paths) -> tuple[Portfolio | None, list[InputProblem]]:
    """Read everything and return the portfolio (None if any problem) with all problems."""
    profile, problems = load_profile(paths.profile_file, paths.root)
    files = achievement_files(paths.data_dir, skip={paths.profile_file, paths.exports_dir})
    found, more = load_achievements(files, paths.root)
    problems += more
    prs, more = load_exports(export_files(paths.exports_dir), paths.root)
    problems += more
    if problems or profile is None:
        return None, problems
    achievements = sorted((a for a, _, _ in found), key=lambda a: (a.date, a.id), reverse=True)
    return Portfolio(
        profile=profile, achievements=tuple(achievements), pull_requests=tuple(prs)
    ), problems


def load_portfolio(paths: Paths) -> Portfolio:
    """The validated portfolio, or ShowcaseInputError naming every problem in every file."""
    portfolio, problems = collect(paths)
    if portfolio is None:
        raise ShowcaseInputError(problems)
    return portfolio


__all__ = ["collect", "load_portfolio"]
