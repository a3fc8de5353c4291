"""The `model status` text: versions, aliases, metrics and decisions from the registry."""

from builder.mlops.registry import Registry
from builder.mlops.status import registry_status, report_summary
from tests.mlops.mlops_factories import FAST


def test_status_lists_versions_aliases_and_decisions(trained):
    root, report = trained
    text = registry_status(Registry(root / FAST.registry_dir))
    mae = report.champion.model.mae
    assert (
        f"v1 [champion]: run {report.champion.run_id}, MAE {mae.mean:.3f} ± {mae.std:.3f}" in text
    )
    assert "#1 " in text and "promoted (first model: there was no champion)" in text


def test_status_of_an_empty_registry(tmp_path):
    assert registry_status(Registry(tmp_path)).startswith("No model registered yet")


def test_report_summary_names_champion_and_drift(trained):
    _, report = trained
    text = report_summary(report)
    assert text.startswith(f"Champion v1 (run {report.champion.run_id}): MAE ")
    assert "Drift: not enough data (n=0)." in text
