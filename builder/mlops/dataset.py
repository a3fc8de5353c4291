"""The training table: feature rows, targets (owner labels or weak labels) and CV groups.

Targets, in order of trust: the owner's `impact_score`; a weak label from the value engine's
yearly dollar figure on a log scale; for a PR without either, the label of the achievement it
delivered ("inherited"). PRs are grouped with their achievement for cross-validation, so a PR
and the achievement whose label it inherited never sit on both sides of a fold.
"""

import hashlib
import math
from dataclasses import dataclass

import numpy as np

from builder.cache import canonical_json
from builder.mlops.features import encode, feature_rows
from builder.models.mlops import LabelSource
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport


def weak_label(value_usd_per_year: float, full_scale_usd: float) -> float:
    """Yearly value on a 0-10 log scale: $0 -> 0, full scale -> 10 (clipped)."""
    if value_usd_per_year <= 0:
        return 0.0
    score = 10 * math.log10(1 + value_usd_per_year) / math.log10(1 + full_scale_usd)
    return round(min(10.0, max(0.0, score)), 6)


@dataclass(frozen=True)
class Dataset:
    ids: tuple[str, ...]  # every item, in a fixed order (achievements by id, then PR urls)
    kinds: tuple[str, ...]
    matrix: np.ndarray  # features of every item
    labels: tuple[float | None, ...]
    sources: tuple[LabelSource, ...]
    groups: tuple[str, ...]
    rows: dict[str, dict]  # raw feature rows (categoricals as strings) keyed by item id

    @property
    def labelled(self) -> np.ndarray:
        return np.array([i for i, y in enumerate(self.labels) if y is not None], dtype=int)

    def training(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        idx = self.labelled
        y = np.array([self.labels[i] for i in idx], dtype=float)
        return (
            self.matrix[idx],
            y,
            np.array([self.groups[i] for i in idx]),
            [self.ids[i] for i in idx],
        )

    def sha256(self) -> str:
        """SHA-256 over the canonical training rows: what decides whether training reruns."""
        rows = [
            [
                self.ids[i],
                [_canon(v) for v in self.matrix[i]],
                self.labels[i],
                self.sources[i],
                self.groups[i],
            ]
            for i in self.labelled
        ]
        return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()


def _canon(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 9)


def build_dataset(portfolio: Portfolio, values: ValueReport, full_scale_usd: float) -> Dataset:
    rows = feature_rows(portfolio, values)
    owner = {a.id: a.impact_score for a in portfolio.achievements}
    parents: dict[str, list[str]] = {}
    for achievement in sorted(portfolio.achievements, key=lambda a: a.id):
        for url in dict.fromkeys(achievement.related_prs):
            parents.setdefault(url, []).append(achievement.id)

    def value_label(key: str) -> float | None:
        estimate = values.estimates.get(key)
        if estimate is None or estimate.value_usd_per_year is None:
            return None
        return weak_label(estimate.value_usd_per_year, full_scale_usd)

    ids, kinds, labels, sources, groups = [], [], [], [], []
    for key, row in rows.items():
        kind = str(row["kind"])
        label: float | None
        source: LabelSource
        if kind == "achievement":
            group = key
            if owner.get(key) is not None:
                label, source = float(owner[key]), "owner"
            elif (label := value_label(key)) is not None:
                source = "value"
            else:
                source = "none"
        else:
            mine = parents.get(key, [])
            group = mine[0] if mine else key
            from_owner = [float(owner[a]) for a in mine if owner.get(a) is not None]
            from_value = [v for a in mine if (v := value_label(a)) is not None]
            if (label := value_label(key)) is not None:
                source = "value"
            elif from_owner:
                label, source = round(sum(from_owner) / len(from_owner), 6), "inherited-owner"
            elif from_value:
                label, source = round(sum(from_value) / len(from_value), 6), "inherited-value"
            else:
                source = "none"
        ids.append(key)
        kinds.append(kind)
        labels.append(label)
        sources.append(source)
        groups.append(group)
    matrix = np.array([encode(rows[k]) for k in ids], dtype=float).reshape(len(ids), -1)
    return Dataset(
        ids=tuple(ids),
        kinds=tuple(kinds),
        matrix=matrix,
        labels=tuple(labels),
        sources=tuple(sources),
        groups=tuple(groups),
        rows=rows,
    )
