"""Live preview (`mkdocs serve`): no training while a champion can score the data, nothing
written to the registry, notebooks not executed on a cache miss; the pages say so."""

from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from builder.cache import Cache
from builder.mlops import notebooks, training
from builder.mlops.dataset import build_dataset
from builder.mlops.lifecycle import run_lifecycle
from builder.mlops.registry import Registry
from builder.mlops.report import predictions
from builder.models.enriched import SiteBundle
from builder.models.value import ValueReport
from builder.publish.plugin import ShowcasePlugin
from builder.render import mlops_pages
from tests.mlops.mlops_factories import FAST
from tests.mlops.test_pages import TEMPLATES, _enriched

SETTINGS = FAST.model_copy(update={"execute_notebooks": True})


@pytest.fixture
def train_calls(monkeypatch) -> list[int]:
    """One entry per call of the training routine (it still trains)."""
    calls: list[int] = []
    real = training.train

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "train", counted)
    return calls


def edited(portfolio):
    """The portfolio after the owner adds words and a figure to one achievement's result (its
    story is a feature; the summary, the pitch, is not)."""
    first, *rest = portfolio.achievements
    result = f"{first.result} Then rolled out to 14 more squads with glimmox dashboards."
    changed = first.model_copy(update={"result": result})
    return portfolio.model_copy(update={"achievements": (changed, *rest)})


def snapshot(root: Path) -> dict[Path, bytes]:
    folder = root / FAST.registry_dir
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_preview_over_changed_data_trains_nothing_and_writes_nothing(
    trained_copy, portfolio, train_calls
):
    before = snapshot(trained_copy)
    changed = edited(portfolio)
    report = run_lifecycle(changed, ValueReport(), FAST, trained_copy, preview=True)
    assert train_calls == []
    assert snapshot(trained_copy) == before
    assert report.preview is not None
    assert report.preview.champion_version == 1 and report.preview.data_changed
    assert report.preview.trained_rows == report.champion.n_rows == 75
    assert report.preview.current_rows == 75  # an edit to words adds no labelled row
    assert [r.version for r in report.runs] == [1]  # no challenger on record
    # The champion's own model scores every current row.
    public = {a.id for a in changed.achievements} | {p.url for p in changed.pull_requests}
    assert set(report.predictions) == public
    ds = build_dataset(changed, ValueReport(), FAST.weak_label_full_scale_usd, None)
    registry = Registry(trained_copy / FAST.registry_dir, trained_copy / FAST.model_cache_dir)
    bundle = registry.load_model(registry.load_state().entry(1).model_sha256)
    assert report.predictions == predictions(ds, bundle, FAST.interval_level)


def test_a_build_over_the_same_change_trains_and_records(trained_copy, portfolio, train_calls):
    changed = edited(portfolio)
    report = run_lifecycle(changed, ValueReport(), FAST, trained_copy)
    assert len(train_calls) == 1
    registry = Registry(trained_copy / FAST.registry_dir)
    assert [r.version for r in registry.load_runs()] == [1, 2]
    assert registry.load_state().promotions[-1].challenger_version == 2
    assert report.preview is None


def test_preview_of_recorded_data_is_the_build_itself(
    trained, trained_copy, portfolio, train_calls
):
    _, built = trained
    before = snapshot(trained_copy)
    report = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy, preview=True)
    assert train_calls == []
    assert snapshot(trained_copy) == before
    assert report == built  # no note: the pages are those of `showcase build`


def test_preview_without_a_champion_trains_but_registers_nothing(tmp_path, portfolio, train_calls):
    report = run_lifecycle(portfolio, ValueReport(), FAST, tmp_path, preview=True)
    assert len(train_calls) == 1
    assert not (tmp_path / FAST.registry_dir).exists()
    assert report.preview is not None and report.preview.champion_version is None
    assert report.preview.trained_rows == report.champion.n_rows
    assert len(report.predictions) == len(portfolio.achievements) + len(portfolio.pull_requests)


def test_preview_after_an_item_went_private_shows_nothing_of_it(
    trained_copy, portfolio, train_calls
):
    secret = portfolio.achievements[0]
    hidden = portfolio.model_copy(
        update={
            "achievements": (
                secret.model_copy(update={"private": True}),
                *portfolio.achievements[1:],
            )
        }
    ).public()
    before = snapshot(trained_copy)
    report = run_lifecycle(hidden, ValueReport(), FAST, trained_copy, preview=True)
    assert train_calls == [] and snapshot(trained_copy) == before
    assert report.preview is not None and report.preview.champion_version == 1
    published = report.model_dump_json()
    for item in {secret.id, *secret.related_prs}:
        assert f'"{item}"' not in published  # quoted: pull/1 is in pull/10
    assert len(report.out_of_fold) < report.champion.n_rows  # its rows withheld in memory


def test_pages_carry_the_preview_sentence_with_its_figures(trained_copy, portfolio):
    report = run_lifecycle(edited(portfolio), ValueReport(), FAST, trained_copy, preview=True)
    pages = mlops_pages.pages(_enriched(trained_copy, portfolio, report), TEMPLATES)
    sentence = (
        "*Live preview: the data changed since champion v1 was trained on 75 labelled rows "
        "(75 now), and it scores the current rows as it is; `showcase build` trains and gates "
        "a challenger.*"
    )
    assert pages["mlops/experiments.md"].startswith(f"# Experiments\n\n{sentence}\n\nOne record")
    assert pages["mlops/model-card.md"].startswith(f"# Model card\n\n{sentence}\n\nSections")
    built = mlops_pages.pages(
        _enriched(trained_copy, portfolio, report.model_copy(update={"preview": None})), TEMPLATES
    )
    assert "Live preview" not in "".join(built.values())
    assert built["mlops/experiments.md"].startswith("# Experiments\n\nOne record")


# -- notebooks --------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = [new_markdown_cell("# Champion, explained"), new_code_cell("print(1)")]
    nbformat.write(new_notebook(cells=cells), folder / "explain.ipynb")
    return tmp_path


@pytest.fixture
def executions(monkeypatch) -> list[Path]:
    """Executions, each returning the notebook with one printed line (no kernel)."""
    calls: list[Path] = []

    def fake(path: Path, *args) -> nbformat.NotebookNode:
        calls.append(path)
        nb = nbformat.read(path, as_version=4)
        nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
        return nb

    monkeypatch.setattr(notebooks, "execute", fake)
    return calls


def test_preview_starts_no_kernel_on_a_cache_miss(project, trained, executions):
    _, report = trained
    cache = Cache(project / "c")
    [page] = notebooks.run_notebooks(project, SETTINGS, report, cache, preview=True).values()
    assert executions == []
    assert page == (
        "# Champion, explained\n\n*Live preview: the notebook `notebooks/explain.ipynb` is "
        "executed by `showcase build`, not on a live reload.*\n"
    )


def test_preview_shows_the_last_executed_page_marked(project, trained, executions):
    _, report = trained
    cache = Cache(project / "c")
    [built] = notebooks.run_notebooks(project, SETTINGS, report, cache).values()
    assert len(executions) == 1 and "    42" in built
    newer = report.model_copy(update={"challenger_version": 9})  # the report changed
    [page] = notebooks.run_notebooks(project, SETTINGS, newer, cache, preview=True).values()
    assert len(executions) == 1  # the miss started no kernel
    title, _, rest = built.partition("\n")
    note = (
        "*Live preview: this is the notebook as last executed, before the latest change; "
        "`showcase build` executes it again.*"
    )
    assert page == f"{title}\n\n{note}\n{rest}"
    # A build on the same miss executes, as before.
    notebooks.run_notebooks(project, SETTINGS, newer, cache)
    assert len(executions) == 2


def test_preview_hit_is_the_built_page(project, trained, executions):
    _, report = trained
    cache = Cache(project / "c")
    built = notebooks.run_notebooks(project, SETTINGS, report, cache)
    assert notebooks.run_notebooks(project, SETTINGS, report, cache, preview=True) == built
    assert len(executions) == 1


# -- who asks for it ------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "preview"), [("serve", True), ("build", False)])
def test_only_mkdocs_serve_builds_in_preview(monkeypatch, tmp_path, command, preview):
    seen = []
    monkeypatch.setattr(
        "builder.pipeline.build",
        lambda settings, root, options, *_: (
            seen.append(options) or SiteBundle(pages={}, assets={}, nav=[])
        ),
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    plugin = ShowcasePlugin()
    plugin.load_config({})
    plugin.on_startup(command=command, dirty=False)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), site_url=None, nav=[])
    plugin.on_config(config)
    assert [o.preview for o in seen] == [preview]
