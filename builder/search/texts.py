"""What each achievement is searched and embedded by, and the short snippet shown for it."""

import hashlib
import random

from builder.models.achievement import Achievement

SNIPPET_CHARS = 160


def document_text(achievement: Achievement) -> str:
    """Title, the prose, then skills and tags: everything a visitor might search for."""
    parts = [achievement.title + ".", achievement.summary, achievement.problem]
    parts += [achievement.action, achievement.result]
    if achievement.skills:
        parts.append("Skills: " + ", ".join(achievement.skills) + ".")
    if achievement.tags:
        parts.append("Tags: " + ", ".join(achievement.tags) + ".")
    if achievement.project:
        parts.append(f"Project: {achievement.project}.")
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def lexical_text(achievement: Achievement) -> str:
    """The BM25 text: the title twice, so a query naming it ranks it first."""
    return achievement.title + " " + document_text(achievement)


def snippet(achievement: Achievement, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(achievement.summary.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def word_windows(
    text: str, count: int, seed: str, shortest: int = 2, longest: int = 10
) -> list[str]:
    """`count` random runs of consecutive words from `text`, seeded by `seed` (stable across
    runs and machines): short query-like texts the token table is fitted against."""
    words = text.split()
    if len(words) < shortest:
        return []
    rng = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    windows = []
    for _ in range(count):
        size = rng.randint(shortest, min(longest, len(words)))
        start = rng.randint(0, len(words) - size)
        windows.append(" ".join(words[start : start + size]).strip(".,;:()"))
    return windows
