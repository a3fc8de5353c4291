"""Find the vocabulary's skills in a text: longest alias first, in one pass (linear time).

Texts and aliases are cut into the same tokens (dashes, slashes and underscores split words,
so "CI/CD", "ci-cd" and "CI CD" meet); a phrase of up to MAX_WORDS tokens is looked up in a
dict at each position, so a 1 MB posting costs a few million dict lookups, never a regex
with hundreds of alternatives backtracking.
"""

import re
from dataclasses import dataclass

from builder.models.skills import SkillVocabulary

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.]*")
_SPLIT = re.compile(r"[-/_&]")


def tokens(text: str) -> list[str]:
    """Words as the matcher sees them, case kept: 'Node.js', 'C++', 'k8s'."""
    found = (t.rstrip(".") for t in _TOKEN.findall(_SPLIT.sub(" ", text)))
    return [t for t in found if t]


@dataclass(frozen=True)
class SkillMatcher:
    folded: dict[tuple[str, ...], str]  # casefolded alias tokens -> canonical name
    exact: dict[tuple[str, ...], str]  # case-sensitive alias tokens -> canonical name
    longest: int
    groups: dict[str, str]  # canonical name -> group

    @classmethod
    def from_vocabulary(cls, vocabulary: SkillVocabulary) -> "SkillMatcher":
        folded: dict[tuple[str, ...], str] = {}
        exact: dict[tuple[str, ...], str] = {}
        # Names before aliases: an owner's own entry "Dagster" beats the shipped alias
        # "Dagster" of Airflow; among aliases the first entry listed wins.
        pairs = [(s, s.name) for s in vocabulary.skills]
        pairs += [(s, alias) for s in vocabulary.skills for alias in s.aliases]
        for skill, alias in pairs:
            words = tuple(tokens(alias))
            if not words:
                continue
            if skill.case_sensitive:
                exact.setdefault(words, skill.name)
            else:
                folded.setdefault(tuple(w.casefold() for w in words), skill.name)
        longest = max((len(k) for k in [*folded, *exact]), default=1)
        groups = {s.name: s.group for s in vocabulary.skills}
        return cls(folded, exact, longest, groups)

    def find(self, text: str) -> list[str]:
        """Canonical names of the skills `text` names, first mention first, each once."""
        words = tokens(text)
        lowered = [w.casefold() for w in words]
        found: dict[str, None] = {}
        i = 0
        while i < len(words):
            size, name = self._longest_at(words, lowered, i)
            if name is not None:
                found.setdefault(name, None)
                i += size
            else:
                i += 1
        return list(found)

    def _longest_at(self, words: list[str], lowered: list[str], i: int) -> tuple[int, str | None]:
        for size in range(min(self.longest, len(words) - i), 0, -1):
            exact = self.exact.get(tuple(words[i : i + size]))
            if exact is not None:
                return size, exact
            key = tuple(lowered[i : i + size])
            name = self.folded.get(key)
            if name is None and key[-1].endswith("s") and len(key[-1]) > 3:
                name = self.folded.get((*key[:-1], key[-1][:-1]))  # a plural: "feature stores"
            if name is not None:
                return size, name
        return 1, None
