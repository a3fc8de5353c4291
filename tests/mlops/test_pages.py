"""The rendered MLOps pages show the computed figures, and the same bytes build after build."""

from pathlib import Path

from builder.mlops.lifecycle import run_lifecycle
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched
from builder.models.value import ValueReport
from builder.render import mlops_pages
from builder.render.templates import render
from tests.mlops.mlops_factories import FAST

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


def _enriched(root: Path, portfolio, report) -> Enriched:
    config = ShowcaseConfig(mlops=FAST)
    # Only the fields the mlops pages read; the other stages are not under test here.
    return Enriched.model_construct(
        config=config,
        paths=Paths.resolve(config, root),
        portfolio=portfolio,
        values=ValueReport(),
        model=report,
        site_url=None,
    )


def test_dashboard_shows_the_computed_figures(trained, portfolio):
    root, report = trained
    pages = mlops_pages.pages(_enriched(root, portfolio, report), TEMPLATES)
    assert set(pages) == {
        "mlops/index.md",
        "mlops/experiments.md",
        "mlops/drift.md",
        "mlops/predictions.md",
        "mlops/model-card.md",
    }
    index = pages["mlops/index.md"]
    champion = report.champion
    mae, base = champion.model.mae, champion.baseline.mae
    assert f"| Mean absolute error | {mae.mean:.3f} ± {mae.std:.3f} | {base.mean:.3f} ± " in index
    assert f"{champion.coverage * 100:.1f}% of labels fell inside their interval" in index
    assert f"| 1 | `{champion.run_id}` | `{report.versions[0].model_sha256[:16]}`" in index
    assert "not enough data &#40;n&#61;0&#41;" in index  # the verdict, escaped
    assert index.count('<figure class="showcase-chart">') == 4
    top = report.importance[0]
    assert f"<td>{top.feature}</td><td>{top.mean:,.2f}</td>" in index
    experiments = pages["mlops/experiments.md"]
    assert f"| 1 | `{champion.run_id}` |" in experiments
    assert "first model&#58; there was no champion" in experiments
    card = pages["mlops/model-card.md"]
    assert f"- Rows: {champion.n_rows} ({champion.n_owner_labels} owner labels" in card
    for section in (
        "## Model details",
        "## Intended use",
        "## Training data",
        "## Metrics",
        "## Limitations",
        "## Ethical considerations",
    ):
        assert section in card


def test_predictions_page_shows_each_prediction_with_interval(trained, portfolio):
    root, report = trained
    enriched = _enriched(root, portfolio, report)
    page = mlops_pages.pages(enriched, TEMPLATES)["mlops/predictions.md"]
    labelled = next(a for a in portfolio.achievements if a.impact_score is not None)
    unlabelled = next(a for a in portfolio.achievements if a.impact_score is None)
    for achievement in (labelled, unlabelled):
        prediction = report.predictions[achievement.id]
        row = next(
            line for line in page.splitlines() if f"(../achievements/{achievement.id}.md)" in line
        )
        assert f"| {prediction.point:.1f} | {prediction.low:.1f}–{prediction.high:.1f} |" in row
        assert ("owner's score" in row) == (achievement.impact_score is not None)
    home = render(
        TEMPLATES, "partials/home_model.md.j2", e=enriched, p=portfolio, profile=portfolio.profile
    )
    assert "[MLOps](mlops/index.md)" in home and "MAE" not in home  # plain words on the home page


def test_second_build_renders_the_same_bytes(trained_copy, trained, portfolio):
    root, first = trained
    before = mlops_pages.pages(_enriched(root, portfolio, first), TEMPLATES)
    second = run_lifecycle(portfolio, ValueReport(), FAST, trained_copy)
    after = mlops_pages.pages(_enriched(trained_copy, portfolio, second), TEMPLATES)
    assert after == before


def test_untrained_model_renders_its_reason(tmp_path, portfolio):
    from tests.mlops.mlops_factories import make_portfolio

    tiny = make_portfolio(n_achievements=2, prs_each=1)
    report = run_lifecycle(tiny, ValueReport(), FAST, tmp_path)
    pages = mlops_pages.pages(_enriched(tmp_path, tiny, report), TEMPLATES)
    assert list(pages) == ["mlops/index.md"]
    assert "not enough labelled items to train &#40;n&#61;4 in 2 groups" in pages["mlops/index.md"]


def test_pages_say_when_drift_marks_retraining(trained_copy, portfolio):
    from tests.mlops.mlops_factories import with_new_prs

    shifted = with_new_prs(portfolio, 40, big=25.0)
    report = run_lifecycle(shifted, ValueReport(), FAST, trained_copy)
    assert report.retrain_pending
    pages = mlops_pages.pages(_enriched(trained_copy, shifted, report), TEMPLATES)
    index, drift = pages["mlops/index.md"], pages["mlops/drift.md"]
    assert "the champion is marked for retraining at the next build" in index
    assert "The champion is marked for retraining at the next build." in drift
    additions = next(f for f in report.drift.features if f.feature == "additions")
    assert f"| `additions` | numeric | Kolmogorov-Smirnov | {additions.statistic:.3f} |" in drift
    assert "### `additions`" in drift  # its overlaid histogram
    assert "40 new." in drift
