"""Plain-text summaries of the registry for the `showcase train` and `model status` commands."""

from builder.mlops.registry import Registry
from builder.models.mlops import ModelReport


def _mae(metrics: dict) -> str:
    mae = metrics["mae"]
    if mae["mean"] is None:
        return "n/a"
    spread = f" ± {mae['std']:.3f}" if mae["std"] is not None else ""
    return f"{mae['mean']:.3f}{spread}"


def registry_status(registry: Registry, last: int = 5) -> str:
    """Versions, aliases, the champion's metrics, the latest decisions and any open request."""
    state = registry.state()
    if not state["versions"]:
        return f"No model registered yet in {registry.root} (run `showcase train`)."
    lines = [f"Registry: {registry.root}"]
    aliases = state["aliases"]
    for entry in state["versions"]:
        names = [a for a, v in sorted(aliases.items()) if v == entry["version"]]
        run = registry.run(entry["run_id"]) or {}
        metrics = run.get("metrics", {})
        model = _mae(metrics["model"]) if metrics else "n/a"
        base = _mae(metrics["baseline"]) if metrics else "n/a"
        tag = f" [{', '.join(names)}]" if names else ""
        lines.append(
            f"  v{entry['version']}{tag}: run {entry['run_id']}, MAE {model} "
            f"(baseline {base}), scikit-learn {entry['sklearn']}, "
            f"trained {run.get('trained_at', '?')} in {run.get('wall_seconds', '?')}s"
        )
    decisions = registry.promotions()[-last:]
    if decisions:
        lines.append("Latest promotion decisions:")
        for d in decisions:
            verdict = "promoted" if d["promoted"] else "kept champion"
            lines.append(
                f"  #{d['sequence']} {d['at']} v{d['challenger_version']}: {verdict} "
                f"({d['reason']})"
            )
    request = state.get("retrain")
    if request:
        lines.append(
            f"Retraining requested for champion v{request['champion_version']}: {request['reason']}"
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
