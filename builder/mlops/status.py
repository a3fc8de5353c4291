"""Plain-text summaries of the registry for the `showcase train` and `model status` commands."""

from builder.mlops.registry import Registry
from builder.models.mlops import ModelReport, RegistryEntry, RunRecord, ScoreSet


def _mae(scores: ScoreSet) -> str:
    mae = scores.mae
    if mae.mean is None:
        return "n/a"
    spread = f" ± {mae.std:.3f}" if mae.std is not None else ""
    return f"{mae.mean:.3f}{spread}"


def _version_line(entry: RegistryEntry, names: list[str], run: RunRecord | None) -> str:
    model = _mae(run.metrics.model) if run else "n/a"
    base = _mae(run.metrics.baseline) if run else "n/a"
    # Only records from before the registry was committed carry a time (git log has it).
    when = f", trained {run.trained_at}" if run and run.trained_at else ""
    tag = f" [{', '.join(names)}]" if names else ""
    return (
        f"  v{entry.version}{tag}: run {entry.run_id}, MAE {model} (baseline {base}), "
        f"scikit-learn {entry.sklearn}{when}"
    )


def registry_status(registry: Registry, last: int = 5) -> str:
    """Versions, aliases, the champion's metrics, the latest decisions and any open request."""
    state = registry.load_state()
    if not state.versions:
        return f"No model registered yet in {registry.root} (run `showcase train`)."
    lines = [f"Registry: {registry.root}"]
    for entry in state.versions:
        names = [a for a, v in sorted(state.aliases.items()) if v == entry.version]
        lines.append(_version_line(entry, names, registry.load_run(entry.run_id)))
    decisions = state.promotions[-last:]
    if decisions:
        lines.append("Latest promotion decisions:")
        for d in decisions:
            verdict = "promoted" if d.promoted else "kept champion"
            at = f" {d.at}" if d.at else ""
            lines.append(f"  #{d.sequence}{at} v{d.challenger_version}: {verdict} ({d.reason})")
    request = state.retrain
    if request:
        lines.append(
            f"Retraining requested for champion v{request.champion_version}: {request.reason}"
        )
    return "\n".join(lines)


def report_summary(report: ModelReport) -> str:
    """One paragraph on what this build's lifecycle pass left behind."""
    if report.champion is None:
        return f"No model: {report.message}"
    c = report.champion
    mae, base = c.model.mae, c.baseline.mae
    cov = "n/a" if c.coverage is None else f"{c.coverage:.0%}"
    lines = [
        f"Champion v{report.champion_version} (run {c.run_id}): MAE {mae.mean:.3f} ± "
        f"{(mae.std or 0):.3f} vs baseline {base.mean:.3f}; CV+ coverage {cov} "
        f"(target {report.interval_level:.0%}); {c.n_rows} rows "
        f"({c.n_owner_labels} owner labels, {c.n_weak_labels} weak).",
        f"Drift: {report.drift.verdict}.",
    ]
    if report.promotions:
        d = report.promotions[-1]
        verdict = "promoted" if d.promoted else "kept champion"
        lines.append(
            f"Last decision #{d.sequence}: v{d.challenger_version} {verdict} ({d.reason})."
        )
    if report.retrain_pending:
        lines.append(f"Marked for retraining at the next build: {report.retrain_reason}.")
    return "\n".join(lines)
