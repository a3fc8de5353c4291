"""benchmarks/synthetic_portfolio.py: synthetic portfolios load cleanly and are seeded."""

from pathlib import Path

from benchmarks.synthetic_portfolio import synthetic_portfolio


def test_a_synthetic_portfolio_loads_without_problems(load_folder, tmp_path: Path) -> None:
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
