"""Pages of the mlops stage: dashboard, experiments, drift, predictions, model card, notebooks.

Every figure comes from the ModelReport (itself read back from the registry's records), and
no page shows a date or a wall-clock time, so unchanged data renders the same bytes.
"""

import json
from pathlib import Path

import altair as alt

from builder.models.enriched import Enriched
from builder.models.mlops import DriftReport, ModelReport
from builder.render.charts import figure, range_labels
from builder.render.templates import render
from builder.text import page_title

TOP_FEATURES = 12


def pages(enriched: Enriched, templates: Path) -> dict[str, str]:
    report = enriched.model
    if not report.enabled:
        return {}
    portfolio = enriched.portfolio
    context = {
        "e": enriched,
        "p": portfolio,
        "profile": portfolio.profile,
        "m": report,
        "level": round(report.interval_level * 100),
        "achievements": achievement_rows(enriched),
        "notebooks": [
            (path.rsplit("/", 1)[-1], page_title(report.notebook_pages[path], path))
            for path in sorted(report.notebook_pages)
        ],
    }
    if report.champion is None:
        return {
            "mlops/index.md": render(templates, "pages/mlops_index.md.j2", **context, charts={})
        }
    charts = {
        "history": history_chart(report),
        "importance": importance_chart(report),
        "coverage": coverage_chart(report),
        "calibration": calibration_chart(report),
        "drift": drift_charts(report.drift, "the champion's reference PRs", "the new PRs"),
        "recent": drift_charts(report.recent_drift, "older PRs", "the newest PRs")
        if report.recent_drift
        else [],
    }
    context["charts"] = charts
    context["comparison"] = comparison(report)
    out = {
        "mlops/index.md": render(templates, "pages/mlops_index.md.j2", **context),
        "mlops/experiments.md": render(templates, "pages/mlops_experiments.md.j2", **context),
        "mlops/drift.md": render(templates, "pages/mlops_drift.md.j2", **context),
        "mlops/predictions.md": render(templates, "pages/mlops_predictions.md.j2", **context),
        "mlops/model-card.md": render(
            templates,
            "pages/mlops_model_card.md.j2",
            **context,
            card_json=json.dumps(
                report.card.model_dump(mode="json") if report.card else {},
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
            ),
        ),
    }
    out.update(report.notebook_pages)
    return out


def achievement_rows(enriched: Enriched) -> list[dict]:
    """Achievements with their prediction, highest predicted impact first."""
    rows = []
    for achievement in enriched.portfolio.achievements:
        prediction = enriched.model.predictions.get(achievement.id)
        if prediction is not None:
            rows.append({"a": achievement, "pr": prediction})
    return sorted(rows, key=lambda r: (-r["pr"].point, r["a"].id))


def comparison(report: ModelReport) -> dict[str, float | bool | None]:
    """Model against baseline: the MAE gain and whether it exceeds the fold spread."""
    champion = report.champion
    assert champion is not None
    model, base = champion.model.mae, champion.baseline.mae
    if model.mean is None or base.mean is None:
        return {"gain": None, "spread": None, "beats": False}
    gain = base.mean - model.mean
    spread = max(model.std or 0.0, base.std or 0.0)
    return {"gain": gain, "spread": spread, "beats": gain > spread}


def history_chart(report: ModelReport) -> str:
    rows = []
    for run in report.runs:
        for side, scores in (("model", run.model), ("baseline", run.baseline)):
            mean, std = scores.mae.mean, scores.mae.std or 0.0
            if mean is None:
                continue
            rows.append(
                {
                    "run": run.sequence,
                    "series": side,
                    "mae": round(mean, 4),
                    "low": round(mean - std, 4),
                    "high": round(mean + std, 4),
                }
            )
    data = alt.Data(values=rows)
    x = alt.X("run:O", title="Run")
    color = alt.Color("series:N", title=None, sort=["model", "baseline"])
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(x=x, y=alt.Y("mae:Q", title="Mean absolute error (folds)"), color=color)
    )
    band = alt.Chart(data).mark_rule().encode(x=x, y="low:Q", y2="high:Q", color=color)
    chart = (band + line).properties(width=520, height=220)
    return figure(
        chart,
        "Cross-validated mean absolute error of each run, model against the mean baseline, "
        "with one fold standard deviation either side",
        ["Run", "Series", "MAE", "MAE - sd", "MAE + sd"],
        [[r["run"], r["series"], r["mae"], r["low"], r["high"]] for r in rows],
    )


def importance_chart(report: ModelReport) -> str:
    top = list(report.importance[:TOP_FEATURES])
    rows = [
        {
            "feature": i.feature,
            "mean": round(i.mean, 5),
            "low": round(i.mean - i.std, 5),
            "high": round(i.mean + i.std, 5),
        }
        for i in top
    ]
    data = alt.Data(values=rows)
    order = [r["feature"] for r in rows]
    y = alt.Y("feature:N", sort=order, title=None)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(y=y, x=alt.X("mean:Q", title="Increase in MAE when shuffled"))
    )
    rules = alt.Chart(data).mark_rule().encode(y=y, x="low:Q", x2="high:Q")
    chart = (bars + rules).properties(width=480, height=max(120, 22 * len(rows)))
    return figure(
        chart,
        "Permutation importance on held-out folds: increase in mean absolute error when each "
        "feature is shuffled, with one standard deviation",
        ["Feature", "Mean increase in MAE", "Standard deviation"],
        [[i.feature, round(i.mean, 5), round(i.std, 5)] for i in top],
    )


def coverage_chart(report: ModelReport) -> str:
    champion = report.champion
    assert champion is not None
    rows = [
        {"fold": f"fold {i + 1}", "coverage": round(c, 4)}
        for i, c in enumerate(champion.coverage_folds)
    ]
    data = alt.Data(values=rows)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("fold:N", title=None, sort=None),
            y=alt.Y(
                "coverage:Q",
                title="Labels inside their interval",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
        )
    )
    target = (
        alt.Chart(alt.Data(values=[{"target": champion.coverage_level}]))
        .mark_rule(strokeDash=[4, 4])
        .encode(y="target:Q")
    )
    chart = (bars + target).properties(width=360, height=200)
    return figure(
        chart,
        f"Observed coverage of the {champion.coverage_level:.0%} CV+ intervals on each held-out "
        "fold, against the target (dashed line)",
        ["Fold", "Observed coverage", "Target"],
        [[r["fold"], f"{r['coverage']:.0%}", f"{champion.coverage_level:.0%}"] for r in rows],
    )


def calibration_chart(report: ModelReport) -> str:
    rows = [
        {
            "label": round(o.label, 3),
            "prediction": round(o.prediction, 3),
            "target": "weak label" if o.weak_label else "owner label",
            "item": o.item_id,
        }
        for o in report.out_of_fold
    ]
    data = alt.Data(values=rows)
    points = (
        alt.Chart(data)
        .mark_circle(size=40, opacity=0.7)
        .encode(
            x=alt.X(
                "prediction:Q", title="Out-of-fold prediction", scale=alt.Scale(domain=[0, 10])
            ),
            y=alt.Y("label:Q", title="Label", scale=alt.Scale(domain=[0, 10])),
            color=alt.Color("target:N", title=None),
        )
    )
    diagonal = (
        alt.Chart(alt.Data(values=[{"v": 0}, {"v": 10}]))
        .mark_line(strokeDash=[4, 4], color="gray")
        .encode(x="v:Q", y="v:Q")
    )
    chart = (diagonal + points).properties(width=320, height=320)
    return figure(
        chart,
        "Calibration: each training item's out-of-fold prediction against its label; points "
        "on the dashed diagonal are exact",
        ["Item", "Label", "Out-of-fold prediction", "Label kind"],
        [[r["item"], r["label"], r["prediction"], r["target"]] for r in rows],
    )


def drift_charts(drift: DriftReport, reference: str, current: str) -> list[tuple[str, str]]:
    """(feature, figure) per feature with histograms, reference and current side by side."""
    out = []
    features = list(dict.fromkeys(b.feature for b in drift.histograms))
    for feature in features:
        bins = [b for b in drift.histograms if b.feature == feature]
        edges = list(dict.fromkeys((b.low, b.high) for b in bins))
        names = dict(zip(edges, range_labels(edges), strict=True))
        rows = [
            {
                "bin": names[(b.low, b.high)],
                "order": i % (len(bins) // 2),
                "sample": b.sample,
                "share": b.share,
            }
            for i, b in enumerate(bins)
        ]
        chart = (
            alt.Chart(alt.Data(values=rows))
            .mark_bar()
            .encode(
                x=alt.X("bin:N", sort=alt.EncodingSortField("order"), title=feature),
                # side by side, not overlaid: translucent bars blur into the dark page
                xOffset=alt.XOffset("sample:N", sort=["reference", "current"]),
                y=alt.Y("share:Q", title="Share of PRs", stack=None, axis=alt.Axis(format="%")),
                color=alt.Color("sample:N", title=None, sort=["reference", "current"]),
            )
            .properties(width=420, height=180)
        )
        out.append(
            (
                feature,
                figure(
                    chart,
                    f"Histogram of {feature} for {reference} and {current}, side by side, on "
                    "the reference deciles",
                    ["Bin", "Sample", "Share"],
                    [[r["bin"], r["sample"], f"{r['share']:.1%}"] for r in rows],
                ),
            )
        )
    return out


__all__ = ["pages"]
