"""The shipped vocabulary and its matcher."""

from pathlib import Path

import pytest

from builder.load.skills import load_vocabulary
from builder.models.skills import SkillVocabulary
from builder.tailor.skills import SkillMatcher


@pytest.fixture(scope="session")
def vocabulary() -> SkillVocabulary:
    return load_vocabulary(None, Path("."))


@pytest.fixture(scope="session")
def matcher(vocabulary: SkillVocabulary) -> SkillMatcher:
    return SkillMatcher.from_vocabulary(vocabulary)
