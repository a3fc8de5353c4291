"""What each achievement is searched and embedded by, and the short snippet shown for it."""

import hashlib
import random
import re

from builder.models.achievement import Achievement
from builder.search.wordpiece import normalize

SNIPPET_CHARS = 160
# Stripped from both ends of a name, a title word and a query before they are compared, so
# "`--pin-python`," in prose and --pin-python typed in the box meet.
EDGE = "`\"'()[]{}<>,;:."
CODE_SPAN = re.compile(r"`([^`\n]+)`")
SPAN_WORDS = 8  # longer code spans are commands or output, not names
# A word is an identifier when it holds one of these inside, or capitals after its first
# letter (CamelCase, SHOUTING_CASE): flags, paths, module::items, env vars, rule codes.
IDENTIFIER_MARKS = frozenset("_-.:/!#@=+")


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


def name_key(text: str) -> str:
    """How a name and a query are compared: normalised (search.js `normalize`), words joined
    by one space, edge punctuation stripped."""
    return " ".join(w for w in normalize(text).split(" ") if w).strip(EDGE)


def title_words(text: str) -> list[str]:
    """A title's words as `name_key` sees them, for title-phrase matches."""
    words = (w.strip(EDGE) for w in normalize(text).split(" "))
    return [w for w in words if w]


def exact_names(achievement: Achievement) -> set[str]:
    """The name keys an exact query finds this achievement by: its skills, tags and project,
    its short code spans, and the identifiers written anywhere in its title and prose
    (its title's phrases are matched in the browser from the title itself)."""
    names = {
        name_key(n) for n in [*achievement.skills, *achievement.tags, achievement.project or ""]
    }
    prose = [achievement.title, achievement.summary, achievement.problem]
    prose += [achievement.action, achievement.result]
    for text in prose:
        for span in CODE_SPAN.findall(text):
            if len(span.split()) <= SPAN_WORDS:
                names.add(name_key(span))
        for word in text.split():
            if is_identifier(word.strip(EDGE)):
                names.add(name_key(word))
                # a path is also named by its file: scripts/install-mold.sh by install-mold.sh
                names.add(name_key(word.strip(EDGE).rsplit("/", 1)[-1]))
    names.discard("")
    return names


def is_identifier(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    if len(word) < 3 or letters < 2 or "://" in word:
        return False
    marked = any(c in IDENTIFIER_MARKS for c in word[1:-1])
    capitals = any(c.isupper() for c in word[1:])
    return marked or capitals
