"""Themes: k-means over the achievement vectors, each cluster named by its distinctive terms.

Labels come from class-based TF-IDF: a cluster's texts are joined into one document, and a
term scores high when it is frequent in that cluster and rare across the others.
"""

import math
import re
from collections.abc import Sequence

import numpy as np

from builder.models.search import Theme
from builder.text import slug

LABEL_TERMS = 3
# Words every achievement uses ("built", "added"): they would name no theme.
_RESUME_TEXT = (
    "added built wrote made moved replaced introduced ran set used using new now one two three "
    "every each went got per week weeks time day days code work team teams first instead "
    "based make makes run runs"
)
RESUME_WORDS = frozenset(_RESUME_TEXT.split(" "))


def theme_count(n_docs: int, requested: int | None) -> int:
    if requested is not None:
        return max(0, min(requested, n_docs // 2))
    if n_docs < 6:
        return 0
    return max(2, min(12, round(math.sqrt(n_docs / 2))))


def clusters(vectors: np.ndarray, k: int, seed: int) -> list[int]:
    import faiss

    # Sentence embeddings share a common direction; clustering what is left after removing it
    # splits the portfolio by topic rather than into one big group and a few stragglers.
    centred = vectors.astype(np.float64) - vectors.astype(np.float64).mean(axis=0)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    data = np.ascontiguousarray(centred / np.where(norms == 0, 1, norms), dtype=np.float32)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # one thread: the same float sums, the same clusters
    try:
        # a portfolio is small: tens of points per centroid is all there is, so no warning for it
        kmeans = faiss.Kmeans(
            data.shape[1],
            k,
            niter=25,
            nredo=3,
            seed=seed,
            spherical=True,
            min_points_per_centroid=1,
        )
        kmeans.train(data)
        _, assigned = kmeans.index.search(data, 1)
    finally:
        faiss.omp_set_num_threads(threads)
    return [int(a) for a in assigned[:, 0]]


def distinctive_terms(clusters_texts: Sequence[Sequence[str]], top: int) -> list[list[str]]:
    """For each cluster (a list of member texts), its `top` terms by class-based TF-IDF, where a
    term's frequency in a cluster is the number of members using it: a word one long text
    repeats does not name a theme that its neighbours do not share."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    vectorizer = CountVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | RESUME_WORDS),
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9+-]+\b",
        binary=True,
    )
    members = vectorizer.fit_transform([t for texts in clusters_texts for t in texts])
    rows, start = [], 0
    for texts in clusters_texts:
        rows.append(np.asarray(members[start : start + len(texts)].sum(axis=0)).ravel())
        start += len(texts)
    counts = np.vstack(rows).astype(np.float64)
    vocabulary = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    average = counts.sum() / len(clusters_texts)
    idf = np.log(1 + average / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    labels = []
    for row in scores:
        order = sorted(range(len(row)), key=lambda j: (-row[j], vocabulary[j]))
        chosen: list[str] = []
        for j in order:
            term = str(vocabulary[j])
            # skip a word already inside a chosen phrase (and a phrase repeating a word)
            if any(term in c.split() or c in term.split() for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top:
                break
        labels.append(chosen)
    return labels


def surface_form(term: str, text: str) -> str:
    """The spelling the owner uses most for a lowercased term ("GPU", not "gpu")."""
    found = re.findall(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags=re.IGNORECASE)
    if not found:
        return term
    return sorted(set(found), key=lambda f: (-found.count(f), f))[0]


def build_themes(
    ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray, requested: int | None, seed: int
) -> tuple[Theme, ...]:
    k = theme_count(len(ids), requested)
    if k < 2:
        return ()
    assigned = clusters(vectors, k, seed)
    groups = sorted(
        ({ids[i] for i, a in enumerate(assigned) if a == c} for c in set(assigned)),
        key=lambda members: (-len(members), sorted(members)[0]),
    )
    grouped = [[texts[ids.index(m)] for m in sorted(g)] for g in groups]
    terms = distinctive_terms(grouped, LABEL_TERMS)
    themes, used = [], set()
    for members, words, member_texts in zip(groups, terms, grouped, strict=True):
        grouped_text = " ".join(member_texts)
        words = [surface_form(w, grouped_text) for w in words]
        label = ", ".join(words) if words else "Other work"
        label = label[:1].upper() + label[1:]
        base = slug("-".join(words[:2]) if words else "other", fallback="theme", limit=60)
        theme_id, n = base, 2
        while theme_id in used:
            theme_id, n = f"{base}-{n}", n + 1
        used.add(theme_id)
        order = [i for i in ids if i in members]
        themes.append(Theme(id=theme_id, label=label, terms=tuple(words), members=tuple(order)))
    return tuple(themes)
