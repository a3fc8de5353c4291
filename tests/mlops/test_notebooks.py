"""Notebooks: executed against the registry into a deterministic page; failures name the cell."""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from builder.cache import Cache
from builder.mlops.notebooks import NotebookExecutionError, run_notebooks
from tests.mlops.mlops_factories import FAST

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SETTINGS = FAST.model_copy(update={"execute_notebooks": True})


def test_project_notebook_explains_the_champion(trained_copy, trained):
    _, report = trained
    shutil.copytree(NOTEBOOKS, trained_copy / "notebooks")
    first = run_notebooks(trained_copy, SETTINGS, report, Cache(trained_copy / "c", False))
    again = run_notebooks(trained_copy, SETTINGS, report, Cache(trained_copy / "c", False))
    assert first == again  # executed twice, same bytes
    page = first["mlops/notebook.md"]
    champion = report.champion
    assert page.startswith("# The impact model, explained\n")
    assert f"champion: version 1, run {champion.run_id}" in page
    [mae_line] = [line for line in page.splitlines() if line.startswith("    mae ")]
    mae = champion.model.mae
    assert mae_line.split()[1:4] == [f"{mae.mean:.3f}", "±", f"{mae.std:.3f}"]
    assert f"observed coverage on held-out folds: {champion.coverage:.1%}" in page
    assert " at 0x" not in page


def test_failing_notebook_names_the_cell_and_error(tmp_path, trained):
    _, report = trained
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Broken"),
            new_code_cell("x = 1"),
            new_code_cell("raise ValueError('registry has no champion')"),
        ]
    )
    nbformat.write(nb, folder / "broken.ipynb")
    with pytest.raises(NotebookExecutionError) as info:
        run_notebooks(tmp_path, SETTINGS, report, Cache(tmp_path / "c"))
    message = str(info.value)
    assert message.startswith("notebooks/broken.ipynb: cell 2 failed: ValueError: registry")
    assert "raise ValueError" in message
    assert info.value.cell == 2
