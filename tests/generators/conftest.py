"""Shared by the generator tests: load a data folder the way `showcase build` does."""

from collections.abc import Callable
from pathlib import Path

import pytest

from builder.load.sources import collect
from builder.models.config import Paths, ShowcaseConfig


@pytest.fixture
def load_folder() -> Callable[[Path], tuple]:
    def load(data_dir: Path) -> tuple:
        return collect(Paths.resolve(ShowcaseConfig(data_dir=data_dir.name), data_dir.parent))

    return load
