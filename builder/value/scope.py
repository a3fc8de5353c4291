"""Pull requests that change no product code: documentation or tests only.

Such a PR often quotes the figures of the work it documents (a worked example, a benchmark
table in a README), and pricing those would credit the docs with the feature's value. They
are read (their measured changes stay listed) but not priced, and the page says why.

The changed files decide when the export has them; without files, the conventional-commit
type of the title ("docs:", "test(api):") does. A tests-only PR that speeds up the suite it
changes ("the unit suite from 22.7 s to 17.3 s") is its own work, so it stays priced.
"""

import re
from collections.abc import Collection
from pathlib import PurePosixPath

from builder.models.pull_request import PullRequest

_DOC_SUFFIXES = {".md", ".mdx", ".rst", ".txt", ".adoc"}
_DOC_DIRS = {"docs", "doc", "documentation"}
# Markdown that ships with the product (an LLM prompt, a page template) is not documentation
_PRODUCT_DIRS = {"src", "lib", "app", "prompts", "templates"}
_SUITE_METRICS = {"test_time", "ci_time", "build_time"}
_DOC_NAMES = re.compile(r"^(?:README|CHANGELOG|CHANGES|CONTRIBUTING|LICENSE|NOTICE)\b", re.I)
_TEST_DIRS = {"test", "tests", "__tests__", "testdata", "fixtures"}
_TEST_NAMES = re.compile(r"^test_\w+\.py$|_test\.(?:py|go)$|\.(?:test|spec)\.[jt]sx?$")
_TITLE_TYPE = re.compile(r"^\s*(?P<type>docs?|tests?)(?:\([^)]{0,40}\))?!?:", re.IGNORECASE)


def _kind(path: str) -> str | None:
    """'docs', 'tests', or None for a file that ships as product code or configuration."""
    p = PurePosixPath(path)
    folders = {part.lower() for part in p.parts[:-1]}
    if _PRODUCT_DIRS & folders:
        return None
    if _DOC_NAMES.match(p.name) or p.suffix.lower() in _DOC_SUFFIXES or _DOC_DIRS & folders:
        return "docs"
    if _TEST_NAMES.search(p.name) or _TEST_DIRS & folders:
        return "tests"
    return None


def unpriced_reason(pr: PullRequest, metrics: Collection[str] = ()) -> str | None:
    """Why this PR is not priced, or None when it changes product code (or may).

    `metrics`: the metrics of the changes it states."""
    if pr.files:
        kinds = {_kind(f) for f in pr.files}
        if None in kinds or (kinds == {"tests"} and _SUITE_METRICS & set(metrics)):
            return None
        what = " and ".join(sorted(k for k in kinds if k))
        return (
            f"Not priced: it changes only {what} ({len(pr.files)} files), so the figures it "
            "quotes describe other work."
        )
    match = _TITLE_TYPE.match(pr.title)
    if match is None:
        return None
    what = "documentation" if match.group("type").lower().startswith("doc") else "tests"
    if what == "tests" and _SUITE_METRICS & set(metrics):
        return None
    return (
        f"Not priced: its title marks it as a {what} change, so the figures it quotes "
        "describe other work."
    )
