"""The training table: feature rows, targets (owner labels or weak labels) and CV groups.

Targets, in order of trust: the owner's `impact_score`; a weak label from the value engine's
yearly dollar figure on a log scale; for a PR without either, the label of the achievement it
delivered ("inherited"). PRs are grouped with their achievement for cross-validation, so a PR
and the achievement whose label it inherited never sit on both sides of a fold.

Training rows are capped (`mlops.max_training_rows`): every owner label is kept, and weak
labels fill the rest as a stratified sample, the same share of each label band, picked by a
hash of the item id. The sample is deterministic and stable (one new PR changes at most a
few picks), and 20,000 exported PRs train on a few hundred rows instead of 13,000: more
weak labels from the same value engine add time and memory, not information.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from builder.cache import canonical_json
from builder.mlops.features import (
    TEXT_PREFIX,
    Embed,
    embed_items,
    embedder_identity,
    feature_rows,
    frame,
    item_texts,
)
from builder.models.mlops import LabelSource
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport

LABEL_BANDS = 10  # one band per point of the 0-10 scale


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
    table: pd.DataFrame  # features of every item, one named column per feature
    labels: tuple[float | None, ...]
    sources: tuple[LabelSource, ...]
    groups: tuple[str, ...]
    rows: dict[str, dict]  # raw feature rows (categoricals as strings) keyed by item id
    chosen: tuple[int, ...] = ()  # the labelled rows training uses (all of them, uncapped)
    texts: tuple[str, ...] = ()  # the text each item's embedding is of
    embedder: str | None = None  # the embedding model's identity, when known

    @property
    def labelled(self) -> np.ndarray:
        return np.array(self.chosen, dtype=int)

    @property
    def n_labelled(self) -> int:
        return sum(1 for y in self.labels if y is not None)

    def training(self) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[str]]:
        idx = self.labelled
        y = np.array([self.labels[i] for i in idx], dtype=float)
        return (
            self.table.iloc[idx],
            y,
            np.array([self.groups[i] for i in idx]),
            [self.ids[i] for i in idx],
        )

    def sha256(self) -> str:
        """SHA-256 over the canonical training rows: what decides whether training reruns.

        With a known embedder the text feature is hashed as the model's identity and the
        texts, not as vectors: the same text encoded in another batch (a warm cache against
        a cold one) comes back a few float32 ulps apart, and losing the cache must not make
        a new run."""
        by_text = self.embedder is not None and len(self.texts) == len(self.ids)
        head = [c for c in self.table.columns if not (by_text and c.startswith(TEXT_PREFIX))]
        values = self.table[head].to_numpy(dtype=object)
        rows = [
            [
                self.ids[i],
                [_canon(v) for v in values[i]],
                self.labels[i],
                self.sources[i],
                self.groups[i],
                *([self.texts[i]] if by_text else []),
            ]
            for i in self.labelled
        ]
        if by_text:
            head = [*head, f"{TEXT_PREFIX}of:{self.embedder}:{self.table.shape[1] - len(head)}"]
        return hashlib.sha256(canonical_json([head, rows]).encode("utf-8")).hexdigest()


def _canon(value: object) -> float | str | None:
    if value is None or isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else round(number, 9)


def capped(
    ids: Sequence[str],
    labels: Sequence[float | None],
    sources: Sequence[LabelSource],
    limit: int,
) -> tuple[int, ...]:
    """Indices of the labelled rows to train on: every owner label, then weak labels up to
    `limit` rows in all, each label band keeping its share (largest remainders first)."""
    owner = [i for i, s in enumerate(sources) if s == "owner" and labels[i] is not None]
    weak = [i for i, y in enumerate(labels) if y is not None and sources[i] != "owner"]
    room = max(0, limit - len(owner))
    if len(weak) <= room:
        return tuple(sorted(owner + weak))
    bands: dict[int, list[int]] = {}
    for i in weak:
        band = min(LABEL_BANDS - 1, int(float(labels[i]) * LABEL_BANDS / 10))  # type: ignore[arg-type]
        bands.setdefault(band, []).append(i)
    exact = {b: room * len(members) / len(weak) for b, members in bands.items()}
    quota = {b: math.floor(q) for b, q in exact.items()}
    by_remainder = sorted(bands, key=lambda b: (-(exact[b] - quota[b]), b))
    for b in by_remainder[: room - sum(quota.values())]:
        quota[b] += 1
    picked: list[int] = []
    for b, members in bands.items():
        ranked = sorted(members, key=lambda i: hashlib.sha256(ids[i].encode()).hexdigest())
        picked += ranked[: quota[b]]
    return tuple(sorted(owner + picked))


def build_dataset(
    portfolio: Portfolio,
    values: ValueReport,
    full_scale_usd: float,
    embed: Embed | None = None,
    max_rows: int | None = None,
) -> Dataset:
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
    limit = len(ids) if max_rows is None else max_rows
    return Dataset(
        ids=tuple(ids),
        kinds=tuple(kinds),
        table=frame(rows, ids, embed_items(portfolio, ids, embed)),
        labels=tuple(labels),
        sources=tuple(sources),
        groups=tuple(groups),
        rows=rows,
        chosen=capped(ids, labels, sources, limit),
        texts=tuple(item_texts(portfolio, ids)) if embed is not None else (),
        embedder=embedder_identity(embed),
    )
