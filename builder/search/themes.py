"""Themes: each achievement joins the named kind of work its category, skills and title point to.

The names come from a small curated vocabulary (themes.yml beside this module, or the owner's
site_templates/themes.yml), never from the texts: clusters of sentence vectors named by their
distinctive words gave labels such as "Rate, traffic, latency" and grouped an SBOM gate with
canary rollouts. The vectors still serve where the vocabulary is silent: an achievement that
matches no theme, or whose theme is too small to stand alone, joins the theme whose members it
is closest to; a portfolio the vocabulary does not cover at all is split by k-means.
"""

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import yaml

from builder.models.achievement import Achievement
from builder.models.search import Theme
from builder.models.themes import ThemeRule, ThemeVocabulary

MIN_PORTFOLIO = 6  # fewer achievements than this read better as one list than as themes
MIN_MEMBERS = 2  # a theme of one achievement is a heading over a single card
STACK_TERMS = 3
CATEGORY_WEIGHT, TITLE_WEIGHT, SKILL_WEIGHT = 3, 2, 1


@cache
def default_vocabulary() -> ThemeVocabulary:
    """The vocabulary shipped with the package (builder/search/themes.yml)."""
    text = resources.files("builder.search").joinpath("themes.yml").read_text(encoding="utf-8")
    return ThemeVocabulary.model_validate(yaml.safe_load(text))


def _word_pattern(phrase: str) -> re.Pattern[str]:
    # whole words, singular or plural; a hyphen ends a word, so "prompt" finds "Prompt-injection"
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?:e?s)?(?!\w)", re.IGNORECASE)


@cache
def _patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(_word_pattern(w) for w in words)


def score(rule: ThemeRule, achievement: Achievement) -> int:
    """How strongly an achievement's own labels point to a theme (0: not at all)."""
    total = CATEGORY_WEIGHT if achievement.category in rule.categories else 0
    total += TITLE_WEIGHT * sum(
        1 for p in _patterns(rule.title_words) if p.search(achievement.title)
    )
    wanted = {s.casefold() for s in rule.skills}
    owned = {s.casefold() for s in (*achievement.skills, *achievement.tags)}
    return total + SKILL_WEIGHT * len(wanted & owned)


def ranked_rules(rules: Sequence[ThemeRule], achievement: Achievement) -> list[str]:
    """Ids of the themes an achievement points to, best first (ties: vocabulary order)."""
    scored = [(score(rule, achievement), index, rule.id) for index, rule in enumerate(rules)]
    return [rule_id for points, _, rule_id in sorted(scored, key=lambda s: (-s[0], s[1])) if points]


def assign(
    achievements: Sequence[Achievement],
    vectors: np.ndarray,
    rules: Sequence[ThemeRule],
    most: int | None,
) -> dict[str, list[int]]:
    """Theme id -> indexes of its achievements. Themes below MIN_MEMBERS (or beyond `most`)
    are dissolved smallest first, their members moving to their next choice that remains."""
    choices = [ranked_rules(rules, a) for a in achievements]
    alive = [r.id for r in rules]
    while True:
        groups = _group(choices, alive)
        sizes = {t: len(groups.get(t, [])) for t in alive}
        alive = [t for t in alive if sizes[t]]
        too_many = most is not None and len(alive) > most
        small = [t for t in alive if sizes[t] < MIN_MEMBERS]
        if not (too_many or small) or len(alive) <= 1:
            break
        # the smallest theme goes first; among equals, the one listed last in the vocabulary
        alive.remove(min(alive, key=lambda t: (sizes[t], -alive.index(t))))
    groups = _group(choices, alive)
    stray = [i for i, c in enumerate(choices) if not any(t in alive for t in c)]
    for i in stray:
        if groups:
            groups[_nearest(vectors, i, groups)].append(i)
    return {t: sorted(groups[t]) for t in alive if t in groups}


def _group(choices: Sequence[Sequence[str]], alive: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index, ranked in enumerate(choices):
        chosen = next((t for t in ranked if t in alive), None)
        if chosen is not None:
            groups.setdefault(chosen, []).append(index)
    return groups


def _nearest(vectors: np.ndarray, index: int, groups: dict[str, list[int]]) -> str:
    """The theme whose members' mean direction is closest to this achievement's vector."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = {
        t: float(unit[members].mean(axis=0) @ unit[index]) for t, members in groups.items()
    }
    return max(sorted(similarity), key=lambda t: similarity[t])


def shared_skills(members: Sequence[Achievement], rule: ThemeRule | None = None) -> tuple[str, ...]:
    """The skills most members list, in the owner's spelling (the theme page's stack line);
    a skill the theme itself names counts one use more, so "vLLM" outranks "FastAPI"."""
    named = {s.casefold() for s in rule.skills} if rule else set()
    uses = Counter(s for a in members for s in dict.fromkeys(a.skills))
    weight = {s: n + (s.casefold() in named) for s, n in uses.items()}
    return tuple(s for s, _ in sorted(weight.items(), key=lambda p: (-p[1], p[0]))[:STACK_TERMS])


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


def unnamed_themes(
    achievements: Sequence[Achievement], vectors: np.ndarray, most: int | None, seed: int
) -> tuple[Theme, ...]:
    """A portfolio outside the vocabulary: k-means groups, each named for its commonest skill
    ("Work with Rust"), so a name is still a phrase a person would say."""
    k = min(most or 12, max(2, round(np.sqrt(len(achievements) / 2))))
    assigned = clusters(vectors, k, seed)
    themes, used = [], set()
    for cluster in sorted(set(assigned), key=lambda c: assigned.index(c)):
        members = [a for a, c in zip(achievements, assigned, strict=True) if c == cluster]
        stack = shared_skills(members)
        label = f"Work with {stack[0]}" if stack else "Other work"
        n, name = 2, label
        while name in used:
            name, n = f"{label} ({n})", n + 1
        used.add(name)
        themes.append(
            Theme(
                id=f"theme-{len(themes) + 1}",
                label=name,
                terms=stack,
                members=tuple(a.id for a in members),
            )
        )
    return tuple(themes)


def build_themes(
    achievements: Sequence[Achievement],
    vectors: np.ndarray,
    requested: int | None,
    seed: int,
    vocabulary: ThemeVocabulary | None = None,
) -> tuple[Theme, ...]:
    """Themes over the achievements (rows of `vectors` in the same order), largest first.
    `requested` caps how many; 0 turns themes off."""
    if requested == 0 or len(achievements) < MIN_PORTFOLIO:
        return ()
    rules = (vocabulary or default_vocabulary()).themes
    groups = assign(achievements, vectors, rules, requested)
    if not groups:
        return unnamed_themes(achievements, vectors, requested, seed)
    by_id = {r.id: r for r in rules}
    order = [r.id for r in rules]
    themes = []
    for theme_id in sorted(groups, key=lambda t: (-len(groups[t]), order.index(t))):
        members = [achievements[i] for i in groups[theme_id]]
        themes.append(
            Theme(
                id=theme_id,
                label=by_id[theme_id].label,
                terms=shared_skills(members, by_id[theme_id]),
                members=tuple(a.id for a in members),
            )
        )
    return tuple(themes)
