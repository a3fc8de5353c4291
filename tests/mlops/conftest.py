"""Fixtures of the mlops tests: one trained registry, copied for tests that change it."""

import shutil
from pathlib import Path

import pytest

from builder.mlops.lifecycle import run_lifecycle
from builder.models.value import ValueReport
from tests.mlops.mlops_factories import FAST, make_portfolio


@pytest.fixture(scope="session")
def portfolio():
    return make_portfolio()


@pytest.fixture(scope="session")
def trained(tmp_path_factory, portfolio):
    """(root, report) of one lifecycle pass on the synthetic portfolio."""
    root = tmp_path_factory.mktemp("trained")
    report = run_lifecycle(portfolio, ValueReport(), FAST, root)
    return root, report


@pytest.fixture
def trained_copy(tmp_path, trained):
    """A private copy of the trained project, safe to modify."""
    root, _ = trained
    shutil.copytree(root, tmp_path / "project")
    return Path(tmp_path / "project")
