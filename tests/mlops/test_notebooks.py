"""Notebooks: executed against the registry into a deterministic page; failures name the cell."""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from builder.cache import Cache
from builder.mlops.notebooks import NotebookExecutionError, execute, run_notebooks, to_markdown
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


def test_page_bytes_do_not_depend_on_when_the_kernel_flushes(tmp_path):
    """Under load the kernel sends one cell's prints as several stream messages (it flushes
    on a timer): the page must not change. A pause longer than the flush interval forces
    the split that a busy machine causes at random."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cell = (
        "import sys, time\n"
        "print('first line')\n"
        "time.sleep(float(open('pause.txt').read()))\n"
        "print('second line')\n"
        "print('kernel noise', file=sys.stderr)"
    )
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# Split"), new_code_cell(cell)]),
        folder / "split.ipynb",
    )
    pages = []
    for pause in ("0", "1.0"):
        (tmp_path / "pause.txt").write_text(pause)
        pages.append(execute(folder / "split.ipynb", tmp_path, tmp_path, 60))
    first, second = (to_markdown(nb, "notebooks/split.ipynb") for nb in pages)
    assert first == second
    assert "    first line\n    second line\n" in first
    assert "    kernel noise" not in first  # stderr carries the kernel's own timing warnings
