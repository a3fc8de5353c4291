"""The registry is committed history, the cache only saves time: a cold cache, an old cache
layout, an edit that is no feature and an item gone private each leave it as it must be."""

import json
import shutil
from pathlib import Path

import pytest

from builder.cache import Cache
from builder.mlops import training
from builder.mlops.lifecycle import run_lifecycle
from builder.mlops.migrate import LEGACY_DIR, NOTE
from builder.mlops.registry import Registry
from builder.mlops.stage import run_impact_model
from builder.models.config import Paths, ShowcaseConfig
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport
from tests.mlops.mlops_factories import FAST


def registry_files(root: Path, folder: str = FAST.registry_dir) -> dict[str, bytes]:
    base = root / folder
    return {
        str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()
    }


@pytest.fixture
def train_calls(monkeypatch) -> list[int]:
    """One entry per call of the training routine (nested CV and the final fit)."""
    calls: list[int] = []
    real = training.train

    def counting(*args, **kwargs):
        calls.append(len(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "train", counting)
    return calls


def edited(portfolio: Portfolio, index: int, **changes) -> Portfolio:
    items = list(portfolio.achievements)
    items[index] = items[index].model_copy(update=changes)
    return portfolio.model_copy(update={"achievements": tuple(items)})


def test_only_the_champions_model_file_is_committed(trained):
    root, _ = trained
    registry = Registry(root / FAST.registry_dir, root / FAST.model_cache_dir)
    champion = registry.load_state().entry(1)
    assert [p.stem for p in registry.models_dir.glob("*.model")] == [champion.model_sha256]
    assert (registry.model_cache / f"{champion.model_sha256}.model").is_file()
    # text, sorted keys, one decision per line, no clock
    state = (registry.root / "registry.json").read_text()
    assert state == json.dumps(json.loads(state), sort_keys=True, indent=2) + "\n"
    [line] = (registry.root / "promotions.jsonl").read_text().splitlines()
    assert '"at"' not in line
    run = json.loads(next(registry.runs_dir.glob("*.json")).read_text())
    assert "trained_at" not in run and "wall_seconds" not in run


def test_two_fresh_projects_write_the_same_registry_bytes(tmp_path, trained, portfolio):
    root, _ = trained
    run_lifecycle(portfolio, ValueReport(), FAST, tmp_path)
    assert registry_files(tmp_path) == registry_files(root)


def test_a_lost_cache_changes_nothing_and_trains_nothing(trained_copy, portfolio, train_calls):
    before = registry_files(trained_copy)
    first = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    shutil.rmtree(trained_copy / ".cache")
    again = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    assert registry_files(trained_copy) == before
    assert again == first
    assert train_calls == []  # the committed champion file is the current run's model


def test_a_lost_cache_keeps_a_champion_trained_on_older_data(trained_copy, portfolio, train_calls):
    """The usual nightly case: new data, a challenger that does not beat the champion. The
    champion's data is gone from the repository, so only its committed file can serve it;
    the challenger is the current data's run and is rebuilt to the same bytes."""
    bigger = edited(portfolio, 1, team_size=(portfolio.achievements[1].team_size or 1) + 1)
    first = run_lifecycle(bigger, ValueReport(), FAST, trained_copy)
    registry = Registry(trained_copy / FAST.registry_dir)
    assert registry.load_state().aliases == {"champion": 1, "challenger": 2}  # kept
    before = registry_files(trained_copy)
    shutil.rmtree(trained_copy / ".cache")
    again = run_lifecycle(bigger, ValueReport(), FAST, trained_copy)
    assert registry_files(trained_copy) == before  # no new version, no new decision
    assert again == first
    assert len(train_calls) == 2  # the challenger at the first build, rebuilt at the second


def test_an_edit_to_no_feature_retrains_nothing(trained_copy, portfolio, train_calls):
    before = registry_files(trained_copy)
    # Not features: the organisation, whether it is featured, the summary (a link's address
    # is neither, their count is: see the demo test)
    pitch = portfolio.achievements[2].summary + " Reworded with words never seen before."
    reworded = edited(portfolio, 2, organisation="Another name", featured=True, summary=pitch)
    report = run_lifecycle(reworded, ValueReport(), FAST, trained_copy)
    assert train_calls == []
    assert report.champion_version == 1 and registry_files(trained_copy) == before

    # A feature (team size) does train a challenger, and the gate decides about it.
    feature = edited(portfolio, 2, team_size=(portfolio.achievements[2].team_size or 1) + 5)
    report = run_lifecycle(feature, ValueReport(), FAST, trained_copy)
    assert len(train_calls) == 1
    registry = Registry(trained_copy / FAST.registry_dir)
    assert len(registry.load_runs()) == 2
    assert registry.load_state().promotions[-1].challenger_version == 2


def _names(files: dict[str, bytes], items: set[str]) -> list[str]:
    # quoted: pull/1 is a prefix of pull/10
    return sorted(
        f"{path}: {item}"
        for path, data in files.items()
        for item in items
        if f'"{item}"'.encode() in data
    )


def test_no_committed_record_names_an_item_gone_private(trained_copy, portfolio):
    secret = portfolio.achievements[0]
    gone = {secret.id, *secret.related_prs}
    assert _names(registry_files(trained_copy), gone)  # the records did name it
    hidden = edited(portfolio, 0, private=True).public()
    run_lifecycle(hidden, ValueReport(), FAST, trained_copy)
    assert _names(registry_files(trained_copy), gone) == []
    registry = Registry(trained_copy / FAST.registry_dir)
    old = registry.load_run(registry.load_state().entry(1).run_id)
    assert old.withheld == len(gone)  # the achievement and the PRs that inherited its label
    assert old.n_rows == len(old.out_of_fold) + old.withheld  # counts as trained
    assert registry.load_state().promotions[-1].mode == "privacy"


def test_records_are_cleared_even_when_nothing_can_train(trained_copy, portfolio):
    """Most work made private: too few labels to train, and the champion stays on record;
    it names none of the hidden items, and when labels come back it is replaced."""
    hidden_ids = {a.id for a in portfolio.achievements[:18]}
    few = portfolio
    for index in range(18):  # two achievements left: too few groups
        few = edited(few, index, private=True)
    report = run_lifecycle(few.public(), ValueReport(), FAST, trained_copy)
    assert report.champion is None and "not enough labelled items" in report.message
    gone = hidden_ids | {u for a in portfolio.achievements[:18] for u in a.related_prs}
    assert _names(registry_files(trained_copy), gone) == []

    back = edited(portfolio, 0, private=True).public()
    report = run_lifecycle(back, ValueReport(), FAST, trained_copy)
    last = Registry(trained_copy / FAST.registry_dir).load_state().promotions[-1]
    assert last.mode == "privacy" and report.champion_version != 1


def test_records_are_cleared_with_the_model_switched_off(trained_copy, portfolio):
    secret = portfolio.achievements[0]
    config = ShowcaseConfig(mlops=FAST.model_copy(update={"enabled": False}))
    paths = Paths.resolve(config, trained_copy)
    hidden = edited(portfolio, 0, private=True).public()
    run_impact_model(hidden, ValueReport(), config.mlops, paths, cache=None)  # type: ignore[arg-type]
    assert _names(registry_files(trained_copy), {secret.id, *secret.related_prs}) == []


def _legacy_project(tmp_path: Path, trained_root: Path) -> Path:
    """A project as the old layout left it: everything under .cache/showcase/registry, model
    files inside it, a time on every record."""
    project = tmp_path / "old"
    legacy = project / LEGACY_DIR
    shutil.copytree(trained_root / FAST.registry_dir, legacy)
    for model in (trained_root / FAST.model_cache_dir).glob("*.model"):
        shutil.copy2(model, legacy / "models" / model.name)
    for run in (legacy / "runs").glob("*.json"):
        raw = json.loads(run.read_text())
        raw.update(trained_at="2025-05-01T10:00:00+00:00", wall_seconds=3.5)
        run.write_text(json.dumps(raw, sort_keys=True, indent=2) + "\n")
    lines = [json.loads(x) for x in (legacy / "promotions.jsonl").read_text().splitlines()]
    text = "".join(json.dumps({**x, "at": "2025-05-01T10:00:00+00:00"}) + "\n" for x in lines)
    (legacy / "promotions.jsonl").write_text(text)
    return project


def test_an_old_cache_registry_moves_once_with_its_history(
    tmp_path, trained, portfolio, train_calls
):
    root, report = trained
    project = _legacy_project(tmp_path, root)
    legacy = project / LEGACY_DIR
    old = {p: legacy.joinpath(p).read_bytes() for p in ("promotions.jsonl", "registry.json")}
    again = run_lifecycle(portfolio, ValueReport(), FAST, project)
    assert train_calls == []  # the old model file serves
    moved = registry_files(project)
    assert moved["promotions.jsonl"] == old["promotions.jsonl"]  # times and all, as written
    assert moved["registry.json"] == old["registry.json"]
    runs = Registry(project / FAST.registry_dir).load_runs()
    assert [r.trained_at for r in runs] == ["2025-05-01T10:00:00+00:00"]
    assert again.champion.run_id == report.champion.run_id
    assert "moved the registry" in (legacy / NOTE).read_text()
    assert (legacy / "registry.json").is_file()  # copied, never deleted

    # Once: a deleted registry is not brought back from the old folder.
    shutil.rmtree(project / FAST.registry_dir)
    run_lifecycle(portfolio, ValueReport(), FAST, project)
    assert len(Registry(project / FAST.registry_dir).load_state().promotions) == 1


def test_an_old_registry_beside_a_committed_one_is_kept_not_merged(tmp_path, trained, portfolio):
    root, _ = trained
    project = _legacy_project(tmp_path, root)
    shutil.copytree(root / FAST.registry_dir, project / FAST.registry_dir)
    before = registry_files(project)
    run_lifecycle(portfolio, ValueReport(), FAST, project)
    assert registry_files(project) == before
    assert "was not moved" in (project / LEGACY_DIR / NOTE).read_text()


def test_the_build_that_trains_stores_its_report_for_the_next(tmp_path, portfolio, train_calls):
    """A training build runs the stage once more over what it left (no training) and stores
    that report: the next build with the same inputs skips the stage, scikit-learn and all."""
    paths = Paths.resolve(ShowcaseConfig(mlops=FAST), tmp_path)
    cache = Cache(tmp_path / "cache")
    first = run_impact_model(portfolio, ValueReport(), FAST, paths, cache)
    assert len(train_calls) == 1 and first.champion_version == 1
    cache.reset_counts()
    again = run_impact_model(portfolio, ValueReport(), FAST, paths, cache)
    assert cache.hit_counts["mlops-report"] == 1 and cache.miss_counts["mlops-report"] == 0
    assert len(train_calls) == 1 and again == first
