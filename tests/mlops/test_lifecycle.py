"""The lifecycle: deterministic runs, no-op rebuilds, the promotion gate, foreign model files."""

import json

import sklearn

from builder.cache import canonical_json
from builder.mlops.gate import gate
from builder.mlops.lifecycle import run_lifecycle
from builder.mlops.registry import Registry, apply_decision
from builder.models.mlops import RegistryState, RunRecord
from builder.models.value import ValueReport
from tests.mlops.mlops_factories import FAST, make_portfolio, make_run_record, with_new_prs

CLOCK_FIELDS = {"trained_at", "wall_seconds"}


def _without_clock(record: RunRecord) -> dict:
    return record.model_dump(mode="json", exclude=CLOCK_FIELDS)


def _registry(root) -> Registry:
    return Registry(root / FAST.registry_dir)


def test_first_build_trains_registers_and_promotes(trained):
    root, report = trained
    registry = _registry(root)
    assert len(registry.load_runs()) == 1
    state = registry.load_state()
    assert state.aliases == {"champion": 1}
    [decision] = state.promotions
    assert decision.promoted and decision.champion_version is None
    assert report.champion is not None and report.champion_version == 1
    assert report.champion.n_owner_labels == 15  # 20 achievements, a quarter unlabelled
    assert len(report.predictions) == 20 + 80
    assert all(p.low <= p.high for p in report.predictions.values())
    card = json.loads((registry.root / "cards" / "v1.json").read_text())
    assert card == report.card.model_dump(mode="json")
    assert set(card) == {
        "model_details",
        "model_parameters",
        "quantitative_analysis",
        "considerations",
    }


def test_retraining_same_data_gives_same_run_and_metrics(tmp_path, trained, portfolio):
    root, report = trained
    again = run_lifecycle(portfolio, ValueReport(), FAST, tmp_path)
    assert again.champion.run_id == report.champion.run_id
    assert again.champion == report.champion
    assert again.predictions == report.predictions
    first = _registry(root).load_runs()[0]
    second = _registry(tmp_path).load_runs()[0]
    assert _without_clock(first) == _without_clock(second)
    # Same bytes too: the retrained model lands on the same content address.
    versions = [_registry(r).load_state().versions[0] for r in (root, tmp_path)]
    assert versions[0].model_sha256 == versions[1].model_sha256


def test_unchanged_rebuild_is_a_no_op(trained_copy, trained, portfolio):
    _, report = trained
    registry = _registry(trained_copy)
    before = {p: p.read_bytes() for p in registry.root.rglob("*") if p.is_file()}
    again = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    after = {p: p.read_bytes() for p in registry.root.rglob("*") if p.is_file()}
    assert after == before  # no new run, no log line, no state change
    assert canonical_json(again.model_dump(mode="json")) == canonical_json(
        report.model_dump(mode="json")
    )


def test_changed_data_trains_a_challenger_and_gates_it(trained_copy):
    changed = make_portfolio(seed=5)
    report = run_lifecycle(changed, ValueReport(), FAST, trained_copy)
    registry = _registry(trained_copy)
    assert len(registry.load_runs()) == 2
    decision = registry.load_state().promotions[-1]
    assert decision.challenger_version == 2 and decision.champion_version == 1
    challenger, champion = decision.challenger, decision.champion
    assert challenger is not None and champion is not None
    assert challenger.mae is not None and champion.mae is not None
    margin = champion.mae - challenger.mae
    spread = max(champion.mae_std or 0.0, challenger.mae_std or 0.0)
    assert decision.promoted == (round(margin, 6) > round(spread, 6))
    expected = 2 if decision.promoted else 1
    assert report.champion_version == expected


STATE = RegistryState(aliases={"champion": 1})


def test_gate_promotes_a_challenger_better_by_more_than_the_spread():
    new, old = make_run_record("new", 1.0, 0.1), make_run_record("old", 1.5, 0.2)
    decision = gate(old, new, "gate")
    assert decision.promoted and decision.margin == 0.5 and decision.spread == 0.2
    assert decision.challenger.mae == 1.0 and decision.champion.mae == 1.5
    state = apply_decision(STATE, decision, 2, at="now")
    assert state.aliases == {"champion": 2}
    [logged] = state.promotions
    assert (logged.challenger_version, logged.champion_version, logged.sequence) == (2, 1, 1)


def test_gate_is_pure():
    new, old = make_run_record("new", 1.0, 0.1), make_run_record("old", 1.5, 0.2)
    before = (new.model_dump(), old.model_dump())
    assert gate(old, new, "gate") == gate(old, new, "gate")
    assert (new.model_dump(), old.model_dump()) == before


def test_gate_keeps_the_champion_when_the_gain_is_within_the_spread(tmp_path):
    decision = gate(make_run_record("old", 1.5, 0.2), make_run_record("new", 1.4, 0.15), "gate")
    assert not decision.promoted
    assert "is not more than fold spread 0.200" in decision.reason
    state = apply_decision(STATE, decision, 2, at="now")
    assert state.aliases == {"champion": 1, "challenger": 2}
    # Append-only: a second decision adds a line, the first stays as written.
    registry = Registry(tmp_path)
    registry.save_state(state)
    first_line = registry.log_file.read_text().splitlines()[0]
    better = gate(make_run_record("old", 1.5, 0.2), make_run_record("newer", 0.5, 0.1), "gate")
    registry.save_state(apply_decision(state, better, 3, at="later"))
    lines = registry.log_file.read_text().splitlines()
    assert lines[0] == first_line and len(lines) == 2
    assert [p["sequence"] for p in registry.promotions()] == [1, 2]
    assert registry.load_state().aliases == {"champion": 3}


def test_gate_after_drift_promotes_unless_clearly_worse():
    old = make_run_record("old", 1.5, 0.2)
    assert gate(old, make_run_record("new", 1.6, 0.2), "drift").promoted
    assert not gate(old, make_run_record("new", 2.5, 0.2), "drift").promoted


def test_gate_promotes_the_first_model_and_a_new_feature_schema():
    new = make_run_record("new", 3.0, 0.1)
    assert gate(None, new, "gate").reason == "first model: there was no champion"
    old = make_run_record("old", 1.0, 0.1).model_copy(update={"schema_sha256": "older"})
    assert gate(old, new, "gate").promoted


def test_registry_records_keep_their_json_format(trained):
    root, _ = trained
    registry = _registry(root)
    for raw in registry._raw_runs():
        assert RunRecord.model_validate(raw).model_dump(mode="json") == raw
    state = registry.load_state()
    assert state.model_dump(mode="json", exclude={"promotions"}) == registry.state()
    assert [p.model_dump(mode="json") for p in state.promotions] == registry.promotions()


def test_foreign_version_model_is_refused_and_retrained(trained_copy, trained, portfolio):
    _, report = trained
    registry = _registry(trained_copy)
    state = registry.load_state()
    sha = state.versions[0].model_sha256
    path = registry.models_dir / f"{sha}.model"
    head, _, payload = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["scikit-learn"] = "0.0.1"
    # A well-formed, correctly named file whose only fault is its scikit-learn version.
    foreign = canonical_json(header).encode() + b"\n" + payload
    import hashlib

    foreign_sha = hashlib.sha256(foreign).hexdigest()
    (registry.models_dir / f"{foreign_sha}.model").write_bytes(foreign)
    entry = state.versions[0].model_copy(update={"model_sha256": foreign_sha})
    registry.save_state(state.model_copy(update={"versions": (entry,)}))

    try:
        registry.load_model(foreign_sha)
    except Exception as exc:  # noqa: BLE001 - asserting the type and message below
        assert type(exc).__name__ == "ForeignModelError"
        assert "scikit-learn 0.0.1" in str(exc) and sklearn.__version__ in str(exc)
    else:
        raise AssertionError("a model from another scikit-learn was loaded")

    again = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    state = registry.load_state()
    assert state.champion == 2
    assert state.versions[1].sklearn == sklearn.__version__
    decision = state.promotions[-1]
    assert decision.mode == "refused" and "0.0.1" in decision.reason
    assert registry.load_run(report.champion.run_id).retrained_after_refusal
    # Retraining the same data and code reproduces the same run, metrics and predictions.
    assert again.champion.run_id == report.champion.run_id
    assert again.champion.model == report.champion.model
    assert again.predictions == report.predictions


def test_drift_on_new_prs_marks_retraining_for_the_next_build(trained_copy, portfolio):
    # New PRs linked to no achievement carry no label: the training data and so the run stay
    # the same, and the champion's reference is compared with the 40 PRs it has not seen.
    shifted = with_new_prs(portfolio, 40, big=25.0)
    registry = _registry(trained_copy)
    report = run_lifecycle(shifted, ValueReport(), FAST, trained_copy)
    assert report.champion_version == 1 and len(registry.load_runs()) == 1
    assert report.drift.enough_data and report.drift.n_current == 40
    assert report.drift.n_reference == 80
    assert any(f.drifted and f.feature == "additions" for f in report.drift.features)
    request = registry.load_state().retrain
    assert report.retrain_pending and request is not None and request.champion_version == 1

    # Next build, same data: the request is acted on (and closed) instead of retraining in
    # vain, and the log says why; a third build does not ask again.
    after = run_lifecycle(shifted, ValueReport(), FAST, trained_copy)
    state = registry.load_state()
    decision = state.promotions[-1]
    assert decision.mode == "drift" and not decision.promoted
    assert "no new labelled data" in decision.reason
    assert state.aliases == {"champion": 1}  # logged, no alias moved
    assert not after.retrain_pending and state.retrain is None
    third = run_lifecycle(shifted, ValueReport(), FAST, trained_copy)
    assert len(registry.promotions()) == len(state.promotions) and not third.retrain_pending


def test_too_few_labels_reports_instead_of_training(tmp_path):
    tiny = make_portfolio(n_achievements=2, prs_each=1)
    report = run_lifecycle(tiny, ValueReport(), FAST, tmp_path)
    assert report.champion is None and report.predictions == {}
    assert "not enough labelled items to train (n=" in report.message
    assert not (tmp_path / FAST.registry_dir).exists()


def test_recent_prs_are_compared_with_older_ones_descriptively(trained):
    _, report = trained
    recent = report.recent_drift
    assert recent is not None and recent.champion_version is None
    assert (recent.n_reference, recent.n_current) == (60, 20)  # newest quarter, >= the window
    assert recent.enough_data and not recent.retrain_requested
    assert "author_prior_prs" not in {f.feature for f in recent.features}  # grows by design


def test_new_run_reproducing_a_registered_model_reuses_its_version(
    trained_copy, portfolio, monkeypatch
):
    from builder.mlops import lifecycle

    monkeypatch.setattr(lifecycle, "code_version", lambda: "edited-comments")
    report = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    registry = _registry(trained_copy)
    runs = registry.load_runs()
    assert len(runs) == 2 and runs[1].code_version == "edited-comments"
    assert runs[1].version == 1  # same model file, same version
    state = registry.load_state()
    assert len(state.versions) == 1 and len(state.promotions) == 1
    assert report.champion_version == 1 and len(report.runs) == 2


def test_champion_that_learned_from_a_now_private_item_is_retrained(trained_copy, portfolio):
    registry = _registry(trained_copy)
    old = registry.load_state().champion
    secret = portfolio.achievements[0]
    old_run = registry.load_run(registry.load_state().entry(old).run_id)
    assert secret.id in {o.item_id for o in old_run.out_of_fold}
    hidden = portfolio.model_copy(
        update={
            "achievements": (
                secret.model_copy(update={"private": True}),
                *portfolio.achievements[1:],
            )
        }
    ).public()
    report = run_lifecycle(hidden, ValueReport(), FAST, trained_copy)
    state = registry.load_state()
    assert state.champion != old and report.champion_version == state.champion
    last = state.promotions[-1]
    assert last.mode == "privacy" and last.promoted
    assert secret.id not in last.reason and "no longer public" in last.reason
    champion_run = registry.load_run(state.entry(state.champion).run_id)
    trained_on = {o.item_id for o in champion_run.out_of_fold}
    gone = {secret.id, *secret.related_prs}
    assert not trained_on & gone  # retrained without it
    published = report.model_dump_json()
    for item in gone:
        # nor in predictions, out-of-fold rows or decisions (quoted: pull/1 is in pull/10)
        assert f'"{item}"' not in published
    assert secret.title not in published


def test_pages_never_show_out_of_fold_rows_of_items_no_longer_public(trained):
    from builder.mlops.report import public_out_of_fold

    root, report = trained
    registry = _registry(root)
    record = registry.load_run(report.champion.run_id)
    ds_ids = {o.item_id for o in record.out_of_fold} - {record.out_of_fold[0].item_id}

    class Public:
        ids = tuple(sorted(ds_ids))

    kept = public_out_of_fold(record, Public())  # type: ignore[arg-type]
    assert len(kept) == len(record.out_of_fold) - 1
    assert record.out_of_fold[0].item_id not in {o.item_id for o in kept}
