"""A minimal valid project on disk that each test can break in one place."""

from pathlib import Path

import pytest

from builder.models.config import Paths, ShowcaseConfig

PROFILE = """\
name: Ada Example
headline: MLOps engineer
target_roles: [MLOps Engineer]
"""

ACHIEVEMENT = """\
id: {id}
title: Faster CI
date: 2024-03-01
summary: Cut CI time from 22.73 s to 17.27 s.
"""


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    data = tmp_path / "achievements"
    (data / "exports").mkdir(parents=True)
    (data / "profile.yml").write_text(PROFILE)
    (data / "faster-ci.yml").write_text(ACHIEVEMENT.format(id="faster-ci"))
    return Paths.resolve(ShowcaseConfig(), tmp_path)
