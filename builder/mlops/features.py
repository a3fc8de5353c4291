"""Features of PRs and achievements, the declared schema they follow, and the table of them.

One row per item (achievement or PR) in one pandas DataFrame with named columns: an
achievement's PR features are the aggregate of the PRs that delivered it, so the model
learns from both kinds at once and `kind` tells them apart. Missing values stay NaN (None
for categoricals); the ColumnTransformer in training.py decides how to fill them.
Categorical features use fixed vocabularies so the schema (and the model's columns) do not
change when a new value appears in the data: unknown values fall into "other".

What the build already knows goes in: the value engine's measured changes, confidence and
method, the achievement's category and metrics, PR sizes and files, and the sentence
embedding of the text (the same MiniLM vectors the search stage uses). The author's running
PR count and repo share are left out: for one person's portfolio they are a clock and a
description of the person, not of the work, and they were what the old model leaned on most.

An achievement's summary is not a feature: it is the pitch, a restatement of the problem,
action and result for a reader skimming, and the model reads those parts themselves
(`story`). Polishing the pitch therefore leaves the training data, and so the champion,
alone; the value engine still reads the summary, so a new measured change in it does reach
the model. The achievement's text feature embeds its title, story and the facts it lists
(skills, tags, project, the names of its metrics: `fact_text`).

Every pattern here runs on text anyone can write in a PR (up to 65,536 characters) and is
linear in its length: repetitions are bounded, and the tests run them on adversarial strings.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from builder.models.achievement import Achievement, Category
from builder.models.mlops import FeatureSpec
from builder.models.portfolio import Portfolio
from builder.models.pull_request import PullRequest
from builder.models.value import METHOD_LABELS, ValueReport

if TYPE_CHECKING:  # pandas is imported where a table is made: a build whose MLOps inputs
    import pandas as pd  # did not change only hashes the rows (mlops/fingerprint.py)

Embed = Callable[[Sequence[str]], np.ndarray]

KINDS = ("achievement", "pull_request")
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
REVIEW_DECISIONS = ("APPROVED", "CHANGES_REQUESTED", "REVIEW_REQUIRED", "COMMENTED", "other")
LABEL_KINDS = ("bug", "feature", "docs", "refactor", "infra", "test", "ml", "other")
VALUE_METHODS: tuple[str, ...] = (*METHOD_LABELS, "other")
TEXT_FEATURE = "text_embedding"
TEXT_PREFIX = "text_"

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
# Bounded repetitions keep it linear: an unbounded [\d,.]* retried from every digit of
# "1,1,1,..." is quadratic (208 s on 50 KB); no real number runs past 24 characters.
_CLAIM = re.compile(
    r"\b\d[\d,.]{0,24}\s{0,3}"
    r"(%|x\b|×|ms\b|s\b|sec|seconds|min|minutes|h\b|hours|days|k\b|usd|\$|gb|tb)"
    r"|\$\s?\d",
    re.IGNORECASE,
)


def _spec(name: str, kind: str, source: str, description: str, **more: object) -> FeatureSpec:
    return FeatureSpec(name=name, type=kind, source=source, description=description, **more)


# Raised when a feature keeps its name but changes meaning: the schema hash then differs, so
# a champion trained on the old meaning is replaced rather than fed rows it never learned
# from. 2: an achievement's summary is no longer read (body words, claims, text embedding).
SCHEMA_VERSION = 2

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
    _spec("title_words", "numeric", "both", "Words in the title.", drift=True),
    _spec(
        "body_words",
        "numeric",
        "both",
        "Words in the body (achievement: problem, action and result).",
        drift=True,
    ),
    _spec(
        "numeric_claims",
        "numeric",
        "both",
        "Numbers with a unit in the text (achievement: title, story and metric notes).",
        drift=True,
    ),
    _spec("value_signals", "numeric", "both", "Measured changes the value engine found."),
    _spec(
        "value_improvements",
        "numeric",
        "both",
        "Measured changes the value engine read as improvements.",
    ),
    _spec("value_confidence", "numeric", "both", "The value engine's confidence (0-1)."),
    _spec(
        "value_method",
        "categorical",
        "both",
        "How the value engine priced the item.",
        categories=VALUE_METHODS,
    ),
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
    _spec(
        TEXT_FEATURE,
        "embedding",
        "both",
        "Sentence embedding of the text (achievement: title, problem, action, result, "
        "skills, tags, project and metric names; PR: title), reduced by PCA inside the model.",
    ),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in SCHEMA)
NUMERIC: tuple[str, ...] = tuple(f.name for f in SCHEMA if f.type == "numeric")
CATEGORICAL: tuple[str, ...] = tuple(f.name for f in SCHEMA if f.type == "categorical")
NAN = float("nan")

Row = dict[str, float | str | None]


def _words(text: str) -> float:
    return float(len(text.split()))


def claims(text: str) -> float:
    return float(len(_CLAIM.findall(text)))


def _value_features(values: ValueReport, key: str) -> Row:
    """What the value engine found in the item's text: NaN when it did not look at it.
    Not its dollar figure: that is the weak label itself."""
    estimate = values.estimates.get(key)
    if estimate is None:
        return {
            "value_signals": NAN,
            "value_improvements": NAN,
            "value_confidence": NAN,
            "value_method": None,
        }
    return {
        "value_signals": float(len(estimate.signals)),
        "value_improvements": float(
            sum(1 for s in estimate.signals if s.direction == "improvement")
        ),
        "value_confidence": _num(estimate.confidence),
        "value_method": estimate.method if estimate.method in VALUE_METHODS else "other",
    }


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


ACHIEVEMENT_ONLY = (
    "metrics",
    "team_size",
    "hours_saved_per_week",
    "effort_hours",
    "skills",
    "duration_days",
    "links",
)


def pr_row(pr: PullRequest, values: ValueReport) -> Row:
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
        "title_words": _words(pr.title),
        "body_words": _words(pr.body),
        "numeric_claims": claims(pr.text),
        **_value_features(values, pr.url),
        "labels": float(len(set(pr.labels))),
        "label_kind": label_kind(pr.labels),
        "review_decision": _decision(pr.review_decision),
        "category": None,
    }
    row.update(dict.fromkeys(ACHIEVEMENT_ONLY, NAN))
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
        "title_words": _words(achievement.title),
        "body_words": _words(story(achievement)),
        "numeric_claims": claims(f"{achievement.title}\n\n{story(achievement)}")
        + sum(claims(m.note) for m in achievement.metrics),
        **_value_features(values, achievement.id),
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
    by_url = {pr.url: pr for pr in portfolio.pull_requests}
    pr_rows = {pr.url: pr_row(pr, values) for pr in portfolio.pull_requests}
    rows: dict[str, Row] = {}
    for achievement in sorted(portfolio.achievements, key=lambda a: a.id):
        urls = [u for u in dict.fromkeys(achievement.related_prs) if u in by_url]
        rows[achievement.id] = achievement_row(
            achievement, [pr_rows[u] for u in urls], [by_url[u] for u in urls], values
        )
    for url in sorted(pr_rows):
        rows[url] = pr_rows[url]
    return rows


def story(achievement: Achievement) -> str:
    """The prose the model reads: problem, action and result, not the summary."""
    parts = (achievement.problem, achievement.action, achievement.result)
    return "\n\n".join(p for p in parts if p)


def fact_text(achievement: Achievement) -> str:
    """What the model embeds of an achievement: its title, story and the facts it lists."""
    parts = [achievement.title.strip().rstrip(".") + ".", story(achievement)]
    for label, names in (
        ("Skills", achievement.skills),
        ("Tags", achievement.tags),
        ("Measured", [m.name for m in achievement.metrics]),
    ):
        if names:
            parts.append(f"{label}: {', '.join(names)}.")
    if achievement.project:
        parts.append(f"Project: {achievement.project}.")
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def item_texts(portfolio: Portfolio, ids: Sequence[str]) -> list[str]:
    """The text embedded for each item: an achievement's facts and a PR's title (the search
    stage embeds the same PR titles, so the two stages share those cached vectors)."""
    achievements = {a.id: a for a in portfolio.achievements}
    titles = {pr.url: pr.title for pr in portfolio.pull_requests}
    return [fact_text(achievements[i]) if i in achievements else titles[i] for i in ids]


def text_columns(dims: int) -> list[str]:
    return [f"{TEXT_PREFIX}{j:03d}" for j in range(dims)]


def frame(rows: dict[str, Row], ids: Sequence[str], vectors: np.ndarray | None) -> pd.DataFrame:
    """The feature table: one row per id, a named column per scalar feature (categoricals
    as strings, None when missing) and one column per embedding dimension."""
    import pandas as pd

    columns: dict[str, np.ndarray] = {}
    for name in NUMERIC:
        columns[name] = np.array([rows[i][name] for i in ids], dtype=float)  # None -> NaN
    for name in CATEGORICAL:
        columns[name] = np.array([rows[i][name] for i in ids], dtype=object)
    table = pd.DataFrame(columns, index=pd.Index(list(ids), name="item"))
    if vectors is not None and len(ids):
        text = pd.DataFrame(
            np.asarray(vectors, dtype=float),
            index=table.index,
            columns=text_columns(vectors.shape[1]),
        )
        table = pd.concat([table, text], axis=1)
    return table


def embedder_identity(embed: Embed | None) -> str | None:
    """The embedding model's name and version, when `embed` is an Embedder's method (the
    pipeline's): the run id then names the model and the texts rather than the vectors."""
    return getattr(getattr(embed, "__self__", None), "identity", None)


def embed_items(portfolio: Portfolio, ids: Sequence[str], embed: Embed | None) -> np.ndarray | None:
    return None if embed is None or not ids else embed(item_texts(portfolio, ids))


def column_groups(table: pd.DataFrame) -> dict[str, list[str]]:
    """Each declared feature and the table columns it spans (the embedding spans many):
    what permutation importance shuffles together, so importance speaks in feature names."""
    groups = {name: [name] for name in (*NUMERIC, *CATEGORICAL)}
    text = [c for c in table.columns if c.startswith(TEXT_PREFIX)]
    if text:
        groups[TEXT_FEATURE] = text
    return groups


def codes(table: pd.DataFrame, spec: FeatureSpec) -> list[float]:
    """A categorical column as its index in the fixed vocabulary (NaN when missing): the
    numeric form the drift reference stores."""
    cats = spec.categories
    fallback = cats.index("other") if "other" in cats else len(cats)
    return [
        NAN if value is None else float(cats.index(value) if value in cats else fallback)
        for value in table[spec.name]
    ]


def with_ranges(table: pd.DataFrame) -> tuple[FeatureSpec, ...]:
    """The schema with each numeric feature's observed range in the training data."""
    specs = []
    for spec in SCHEMA:
        if spec.type == "numeric":
            seen = table[spec.name].dropna()
            spec = spec.model_copy(
                update={
                    "minimum": round(float(seen.min()), 6) if len(seen) else None,
                    "maximum": round(float(seen.max()), 6) if len(seen) else None,
                }
            )
        specs.append(spec)
    return tuple(specs)


__all__ = [
    "CATEGORICAL",
    "FEATURE_NAMES",
    "NUMERIC",
    "SCHEMA",
    "codes",
    "column_groups",
    "embed_items",
    "embedder_identity",
    "feature_rows",
    "frame",
    "with_ranges",
]
