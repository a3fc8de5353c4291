"""benchmarks/synthetic.py: the demo export is reproducible and matches the demo achievements,
synthetic portfolios load cleanly, and the fixture exports keep their shapes."""

import datetime as dt
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from builder.load import collect
from builder.load.pr_exports import load_export
from builder.models.config import Paths, ShowcaseConfig

ROOT = Path(__file__).resolve().parents[2]


def _import_generator():
    """benchmarks/ is a folder of scripts, not an installed package: import it by path."""
    spec = importlib.util.spec_from_file_location(
        "benchmarks_synthetic", ROOT / "benchmarks" / "synthetic.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


synthetic = _import_generator()
ANCHORS = synthetic.ANCHORS
demo_export = synthetic.demo_export
dump_export = synthetic.dump_export
hostile_export = synthetic.hostile_export
synthetic_portfolio = synthetic.synthetic_portfolio
DEMO_EXPORT = ROOT / "achievements" / "exports" / "gh-pr-list.json"
FIXTURES = ROOT / "tests" / "fixtures" / "exports"


@pytest.fixture(scope="module")
def demo() -> list[dict]:
    return demo_export()


def load_folder(data_dir: Path):
    return collect(Paths.resolve(ShowcaseConfig(data_dir=data_dir.name), data_dir.parent))


def test_the_committed_demo_export_is_what_the_generator_writes(demo, tmp_path: Path) -> None:
    dump_export(demo, tmp_path / "out.json")
    assert (tmp_path / "out.json").read_bytes() == DEMO_EXPORT.read_bytes(), (
        "regenerate: python -m benchmarks.synthetic --demo-export "
        "achievements/exports/gh-pr-list.json"
    )


def test_the_demo_portfolio_loads_and_every_related_pr_exists() -> None:
    portfolio, problems = load_folder(ROOT / "achievements")
    assert problems == []
    assert 24 <= len(portfolio.achievements) <= 28
    assert len(portfolio.pull_requests) == 300
    urls = {pr.url for pr in portfolio.pull_requests}
    for achievement in portfolio.achievements:
        assert 1 <= len(achievement.related_prs) <= 6, achievement.id
        assert set(achievement.related_prs) <= urls, achievement.id
    assert [a.title for a in portfolio.achievements if a.private] == [
        "Confidential acquisition due-diligence model"
    ]
    assert sum(a.featured for a in portfolio.achievements) == 6
    assert 12 <= sum(a.impact_score is not None for a in portfolio.achievements) <= 18
    assert max(a.date for a in portfolio.achievements) <= dt.date(2026, 11, 1)
    assert min(a.date for a in portfolio.achievements).year == 2022


def test_every_anchor_is_referenced_by_an_achievement() -> None:
    portfolio, _ = load_folder(ROOT / "achievements")
    referenced = {url for a in portfolio.achievements for url in a.related_prs}
    anchors = {f"https://github.com/northwind-ai/{a.repo}/pull/{a.number}" for a in ANCHORS}
    assert anchors == referenced


def test_the_demo_export_has_the_gh_pr_list_shape(demo) -> None:
    states = Counter(pr["state"] for pr in demo)
    assert set(states) == {"MERGED", "OPEN", "CLOSED"}
    assert 0.8 <= states["MERGED"] / len(demo) <= 0.9
    for pr in demo:
        assert (pr["mergedAt"] is None) == (pr["state"] != "MERGED"), pr["url"]
        assert (pr["closedAt"] is None) == (pr["state"] == "OPEN"), pr["url"]
        assert pr["createdAt"] < "2026-11-01"
        if pr["author"]["is_bot"]:
            assert pr["author"] == {"is_bot": True, "login": "app/dependabot"}
        else:
            assert set(pr["author"]) == {"id", "is_bot", "login", "name"}
        assert all(set(label) == {"id", "name", "description", "color"} for label in pr["labels"])
        assert len(pr["files"]) == min(pr["changedFiles"], 100)
        assert {r["state"] for r in pr["reviews"]} <= {"APPROVED", "CHANGES_REQUESTED", "COMMENTED"}
        assert pr["reviewDecision"] in {"APPROVED", "REVIEW_REQUIRED", "CHANGES_REQUESTED", ""}
    assert any(pr["changedFiles"] > 100 for pr in demo)
    assert any("\r\n" in pr["body"] for pr in demo)
    assert any(pr["body"] == "" for pr in demo)
    assert len({pr["url"] for pr in demo}) == len(demo)
    owner = Counter(pr["author"]["login"] for pr in demo).most_common(1)[0]
    assert owner[0] == "mokafor" and owner[1] > len(demo) / 2


def test_anchor_prs_carry_the_claims_of_their_achievements(demo) -> None:
    bodies = {pr["url"].removeprefix("https://github.com/northwind-ai/"): pr["body"] for pr in demo}
    assert "**from 974.7 ms to 374.9 ms**" in bodies["inference-gateway/pull/88"]
    assert "13m 39s to 9m 2s" in bodies["mlops-platform/pull/244"]
    assert "from 22.73 s to\n17.27 s" in bodies["inference-gateway/pull/131"]
    assert "**50.79x speedup**" in bodies["mlops-platform/pull/97"]
    assert "**1.49 GB (1.60%)**" in bodies["mlops-platform/pull/41"]
    assert "from $42,000 to $29,500" in bodies["infra/pull/208"]
    assert "\r\n" in bodies["mlops-platform/pull/101"]


def test_a_synthetic_portfolio_loads_without_problems(tmp_path: Path) -> None:
    synthetic_portfolio(tmp_path / "data", n_achievements=90, n_prs=200, seed=3)
    portfolio, problems = load_folder(tmp_path / "data")
    assert problems == []
    assert len(portfolio.achievements) == 90
    assert len(portfolio.pull_requests) == 200
    urls = {pr.url for pr in portfolio.pull_requests}
    assert all(set(a.related_prs) <= urls for a in portfolio.achievements)
    assert len({a.summary for a in portfolio.achievements}) >= 85
    assert list((tmp_path / "data").glob("batch-*.yml")), "one file should hold a YAML list"


def test_synthetic_portfolios_are_seeded(tmp_path: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.*")}

    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        synthetic_portfolio(tmp_path / name, n_achievements=20, n_prs=40, seed=seed)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_the_hostile_fixture_is_what_the_generator_writes(tmp_path: Path) -> None:
    dump_export(hostile_export(), tmp_path / "hostile.json")
    assert (tmp_path / "hostile.json").read_bytes() == (FIXTURES / "hostile-prs.json").read_bytes()
    records = json.loads((tmp_path / "hostile.json").read_text())
    assert max(len(r["body"] or "") for r in records) > 900_000
    assert any(r["body"] is None for r in records)
    assert any("\u202e" in r["title"] for r in records)


@pytest.mark.parametrize(
    ("name", "shape", "count"),
    [
        ("gh-pr-list-small.json", "gh-pr-list", 5),
        ("gh-search-prs.json", "gh-search-prs", 4),
        ("github-rest-pulls.json", "github-rest", 4),
        ("prs.csv", "csv", 4),
        ("hostile-prs.json", "gh-pr-list", 6),
    ],
)
def test_fixture_exports_load_with_their_shape(name: str, shape: str, count: int) -> None:
    prs, problems = load_export(FIXTURES / name, ROOT)
    assert problems == []
    assert [pr.source_shape for pr in prs] == [shape] * count
    assert {pr.state for pr in prs} >= {"merged", "open"}
