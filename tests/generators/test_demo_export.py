"""tests/fixtures/generators/demo_export.py: the demo export is reproducible and matches
the demo achievements."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from tests.fixtures.generators.demo_export import ANCHORS, DEMO_EXPORT, demo_export
from tests.fixtures.generators.pr_records import dump_export

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo() -> list[dict]:
    return demo_export()


def test_the_committed_demo_export_is_what_the_generator_writes(demo, tmp_path: Path) -> None:
    dump_export(demo, tmp_path / "out.json")
    assert (tmp_path / "out.json").read_bytes() == DEMO_EXPORT.read_bytes(), (
        "regenerate: python -m tests.fixtures.generators.demo_export"
    )


def test_the_demo_portfolio_loads_and_every_related_pr_exists(load_folder) -> None:
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
    assert sum(a.featured for a in portfolio.achievements) == 7
    assert 12 <= sum(a.impact_score is not None for a in portfolio.achievements) <= 18
    assert max(a.date for a in portfolio.achievements) <= dt.date(2026, 11, 1)
    assert min(a.date for a in portfolio.achievements).year == 2022


def test_every_anchor_is_referenced_by_an_achievement(load_folder) -> None:
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
