"""Features of PRs and achievements, and the declared schema they follow.

One row per item (achievement or PR) in one table: an achievement's PR features are the
aggregate of the PRs that delivered it, so the model learns from both kinds at once and
`kind` tells them apart. Missing values stay NaN here; the pipeline decides how to fill them.
Categorical features use fixed vocabularies so the schema (and the model's columns) do not
change when a new value appears in the data: unknown values fall into "other".
"""

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable

from builder.models.achievement import Achievement, Category
from builder.models.mlops import FeatureSpec
from builder.models.portfolio import Portfolio
from builder.models.pull_request import PullRequest
from builder.models.value import ValueReport

KINDS = ("achievement", "pull_request")
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
REVIEW_DECISIONS = ("APPROVED", "CHANGES_REQUESTED", "REVIEW_REQUIRED", "COMMENTED", "other")
LABEL_KINDS = ("bug", "feature", "docs", "refactor", "infra", "test", "ml", "other")

FILE_PATTERNS: dict[str, re.Pattern[str]] = {
    "tests": re.compile(
        r"(^|/)(tests?|spec|__tests__)/|(^|/)test_[^/]*$|_test\.\w+$|\.(test|spec)\.\w+$"
    ),
    "docs": re.compile(r"(^|/)docs?/|\.(md|rst|adoc|txt)$|(^|/)README", re.IGNORECASE),
    "infra": re.compile(
        r"(^|/)(terraform|infra|infrastructure|helm|charts|k8s|kubernetes|deploy|ansible)/"
        r"|\.tf$|(^|/)Dockerfile|docker-compose",
        re.IGNORECASE,
    ),
    "ci": re.compile(
        r"^\.github/workflows/|\.gitlab-ci|(^|/)Jenkinsfile|^\.circleci/|azure-pipelines|^\.buildkite/"
    ),
    "ml": re.compile(
        r"(^|/)(models?|training|train|pipelines?|notebooks?|features?|ml|inference|serving|"
        r"evaluation|eval)/|\.ipynb$|(^|/)(train|model|predict|inference|features?)[^/]*\.py$",
        re.IGNORECASE,
    ),
}

LABEL_WORDS: dict[str, tuple[str, ...]] = {
    "bug": ("bug", "fix", "hotfix", "regression"),
    "feature": ("feature", "enhancement", "feat"),
    "docs": ("doc", "documentation"),
    "refactor": ("refactor", "cleanup", "chore", "tech-debt"),
    "infra": ("infra", "ops", "deploy", "ci", "build"),
    "test": ("test",),
    "ml": ("ml", "model", "llm", "data"),
}

# A number followed by a unit or a comparison word: what a claim of impact looks like.
_CLAIM = re.compile(
    r"\b\d[\d,.]*\s*(%|x\b|×|ms\b|s\b|sec|seconds|min|minutes|h\b|hours|days|k\b|usd|\$|gb|tb)"
    r"|\$\s?\d",
    re.IGNORECASE,
)


def _spec(name: str, kind: str, source: str, description: str, **more: object) -> FeatureSpec:
    return FeatureSpec(name=name, type=kind, source=source, description=description, **more)


# The declared schema (name, type, meaning); ranges are filled from the training data.
SCHEMA: tuple[FeatureSpec, ...] = (
    _spec("kind", "categorical", "both", "Achievement or pull request.", categories=KINDS),
    _spec("prs", "numeric", "both", "Pull requests behind the item (1 for a PR)."),
    _spec("additions", "numeric", "both", "Lines added.", drift=True),
    _spec("deletions", "numeric", "both", "Lines deleted.", drift=True),
    _spec("changed_files", "numeric", "both", "Files changed.", drift=True),
    *(
        _spec(
            f"share_{k}",
            "numeric",
            "both",
            f"Share of changed files that are {k} files.",
            drift=True,
        )
        for k in FILE_PATTERNS
    ),
    _spec("review_count", "numeric", "both", "Reviews (mean over PRs).", drift=True),
    _spec("comment_count", "numeric", "both", "Comments (mean over PRs).", drift=True),
    _spec("hours_to_merge", "numeric", "both", "Hours from opening to merge (median).", drift=True),
    _spec(
        "author_prior_prs",
        "numeric",
        "both",
        "PRs the author had opened before (mean).",
        # Not drift-checked: a running count grows with time by construction, so new PRs
        # always differ from old ones and the check would always fire.
        drift=False,
    ),
    _spec("author_repo_share", "numeric", "both", "Author's share of the repo's PRs (mean)."),
    _spec("title_words", "numeric", "both", "Words in the title.", drift=True),
    _spec(
        "body_words", "numeric", "both", "Words in the body (achievement: all prose).", drift=True
    ),
    _spec(
        "numeric_claims", "numeric", "both", "Numbers with a unit in the text (claims).", drift=True
    ),
    _spec("value_signals", "numeric", "both", "Claims the value engine found in the text."),
    _spec("labels", "numeric", "both", "Labels on the PR (distinct, over PRs).", drift=True),
    _spec(
        "label_kind",
        "categorical",
        "both",
        "Kind of work the labels name.",
        categories=LABEL_KINDS,
        drift=True,
    ),
    _spec(
        "review_decision",
        "categorical",
        "pull_request",
        "Final review decision.",
        categories=REVIEW_DECISIONS,
        drift=True,
    ),
    _spec("category", "categorical", "achievement", "Achievement category.", categories=CATEGORIES),
    _spec("metrics", "numeric", "achievement", "Before/after metrics the owner recorded."),
    _spec("team_size", "numeric", "achievement", "People who benefit or took part."),
    _spec("hours_saved_per_week", "numeric", "achievement", "Hours saved per week."),
    _spec("effort_hours", "numeric", "achievement", "Effort spent, in hours."),
    _spec("skills", "numeric", "achievement", "Skills listed."),
    _spec("duration_days", "numeric", "achievement", "Days from start to end."),
    _spec("links", "numeric", "achievement", "Links given."),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in SCHEMA)
NAN = float("nan")

Row = dict[str, float | str | None]


def _words(text: str) -> float:
    return float(len(text.split()))


def claims(text: str) -> float:
    return float(len(_CLAIM.findall(text)))


def _signals(values: ValueReport, key: str) -> float:
    """How many claims the value engine found, when it reports them (NaN when it does not)."""
    estimate = values.estimates.get(key)
    found = getattr(estimate, "signals", None) if estimate is not None else None
    return NAN if found is None else float(len(found))


def label_kind(labels: Iterable[str]) -> str | None:
    labels = [label.lower() for label in labels]
    if not labels:
        return None
    for kind, words in LABEL_WORDS.items():
        if any(word in label for label in labels for word in words):
            return kind
    return "other"


def _decision(value: str | None) -> str | None:
    if not value:
        return None
    value = value.upper()
    return value if value in REVIEW_DECISIONS else "other"


def _file_shares(files: Iterable[str]) -> dict[str, float]:
    files = list(files)
    if not files:
        return {f"share_{k}": NAN for k in FILE_PATTERNS}
    return {
        f"share_{k}": sum(1 for f in files if pattern.search(f)) / len(files)
        for k, pattern in FILE_PATTERNS.items()
    }


def _num(value: float | int | None) -> float:
    return NAN if value is None else float(value)


class AuthorHistory:
    """Per-PR author context, computed once over every PR in the exports."""

    def __init__(self, prs: Iterable[PullRequest]) -> None:
        ordered = sorted(prs, key=lambda p: (p.created_at, p.url))
        self.prior: dict[str, float] = {}
        seen: Counter[str] = Counter()
        for pr in ordered:
            self.prior[pr.url] = NAN if pr.author is None else float(seen[pr.author])
            if pr.author is not None:
                seen[pr.author] += 1
        per_repo: Counter[str] = Counter(p.repo for p in ordered)
        per_author_repo: Counter[tuple[str, str]] = Counter(
            (p.author, p.repo) for p in ordered if p.author is not None
        )
        self.share = {
            p.url: NAN
            if p.author is None
            else per_author_repo[(p.author, p.repo)] / per_repo[p.repo]
            for p in ordered
        }


def pr_row(pr: PullRequest, history: AuthorHistory, values: ValueReport) -> Row:
    hours = (
        (pr.merged_at - pr.created_at).total_seconds() / 3600 if pr.merged_at is not None else NAN
    )
    row: Row = {
        "kind": "pull_request",
        "prs": 1.0,
        "additions": _num(pr.additions),
        "deletions": _num(pr.deletions),
        "changed_files": _num(
            pr.changed_files if pr.changed_files is not None else (len(pr.files) or None)
        ),
        **_file_shares(pr.files),
        "review_count": _num(pr.review_count),
        "comment_count": _num(pr.comment_count),
        "hours_to_merge": hours,
        "author_prior_prs": history.prior.get(pr.url, NAN),
        "author_repo_share": history.share.get(pr.url, NAN),
        "title_words": _words(pr.title),
        "body_words": _words(pr.body),
        "numeric_claims": claims(pr.text),
        "value_signals": _signals(values, pr.url),
        "labels": float(len(set(pr.labels))),
        "label_kind": label_kind(pr.labels),
        "review_decision": _decision(pr.review_decision),
        "category": None,
    }
    for name in (
        "metrics",
        "team_size",
        "hours_saved_per_week",
        "effort_hours",
        "skills",
        "duration_days",
        "links",
    ):
        row[name] = NAN
    return row


def _mean(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return statistics.fmean(values) if values else NAN


def _total(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return float(sum(values)) if values else NAN


def achievement_row(
    achievement: Achievement, prs: list[Row], linked: list[PullRequest], values: ValueReport
) -> Row:
    """An achievement's own fields plus the aggregate of the PRs that delivered it."""
    files = [f for pr in linked for f in pr.files]
    hours = [v for v in (float(r["hours_to_merge"]) for r in prs) if not math.isnan(v)]
    kinds = [r["label_kind"] for r in prs if r["label_kind"] is not None]
    end = achievement.end_date or achievement.date
    return {
        "kind": "achievement",
        "prs": float(len(prs)),
        "additions": _total([float(r["additions"]) for r in prs]),
        "deletions": _total([float(r["deletions"]) for r in prs]),
        "changed_files": _total([float(r["changed_files"]) for r in prs]),
        **_file_shares(files),
        "review_count": _mean([float(r["review_count"]) for r in prs]),
        "comment_count": _mean([float(r["comment_count"]) for r in prs]),
        "hours_to_merge": statistics.median(hours) if hours else NAN,
        "author_prior_prs": _mean([float(r["author_prior_prs"]) for r in prs]),
        "author_repo_share": _mean([float(r["author_repo_share"]) for r in prs]),
        "title_words": _words(achievement.title),
        "body_words": _words(achievement.text),
        "numeric_claims": claims(achievement.text)
        + sum(claims(m.note) for m in achievement.metrics),
        "value_signals": _signals(values, achievement.id),
        "labels": float(len({label for pr in linked for label in pr.labels})) if linked else NAN,
        "label_kind": sorted(Counter(kinds).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if kinds
        else None,
        "review_decision": None,
        "category": achievement.category,
        "metrics": float(len(achievement.metrics)),
        "team_size": _num(achievement.team_size),
        "hours_saved_per_week": _num(achievement.hours_saved_per_week),
        "effort_hours": _num(achievement.effort_hours),
        "skills": float(len(achievement.skills)),
        "duration_days": float((end - achievement.date).days),
        "links": float(len(achievement.links)),
    }


def feature_rows(portfolio: Portfolio, values: ValueReport) -> dict[str, Row]:
    """Feature rows keyed by achievement id and PR url (achievements first, then PRs)."""
    history = AuthorHistory(portfolio.pull_requests)
    by_url = {pr.url: pr for pr in portfolio.pull_requests}
    pr_rows = {pr.url: pr_row(pr, history, values) for pr in portfolio.pull_requests}
    rows: dict[str, Row] = {}
    for achievement in sorted(portfolio.achievements, key=lambda a: a.id):
        urls = [u for u in dict.fromkeys(achievement.related_prs) if u in by_url]
        rows[achievement.id] = achievement_row(
            achievement, [pr_rows[u] for u in urls], [by_url[u] for u in urls], values
        )
    for url in sorted(pr_rows):
        rows[url] = pr_rows[url]
    return rows


def encode(row: Row) -> list[float]:
    """The numeric vector for one row: categoricals as their index in the fixed vocabulary,
    NaN when missing."""
    out: list[float] = []
    for spec in SCHEMA:
        value = row.get(spec.name)
        if spec.type == "categorical":
            if value is None:
                out.append(NAN)
            else:
                cats = spec.categories
                out.append(
                    float(
                        cats.index(value)
                        if value in cats
                        else cats.index("other")
                        if "other" in cats
                        else len(cats)
                    )
                )
        else:
            out.append(NAN if value is None else float(value))  # type: ignore[arg-type]
    return out


def with_ranges(matrix: list[list[float]]) -> tuple[FeatureSpec, ...]:
    """The schema with each numeric feature's observed range in the training data."""
    specs = []
    for j, spec in enumerate(SCHEMA):
        if spec.type == "numeric":
            seen = [row[j] for row in matrix if not math.isnan(row[j])]
            spec = spec.model_copy(
                update={
                    "minimum": round(min(seen), 6) if seen else None,
                    "maximum": round(max(seen), 6) if seen else None,
                }
            )
        specs.append(spec)
    return tuple(specs)


def categorical_indices() -> list[int]:
    return [j for j, spec in enumerate(SCHEMA) if spec.type == "categorical"]


def numeric_indices() -> list[int]:
    return [j for j, spec in enumerate(SCHEMA) if spec.type == "numeric"]


def decode_category(spec: FeatureSpec, code: float) -> str:
    if math.isnan(code):
        return "(missing)"
    index = int(code)
    return spec.categories[index] if index < len(spec.categories) else "other"


__all__ = [
    "FEATURE_NAMES",
    "SCHEMA",
    "categorical_indices",
    "decode_category",
    "encode",
    "feature_rows",
    "numeric_indices",
    "with_ranges",
]
