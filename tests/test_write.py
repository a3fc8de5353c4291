"""The atomic swap: a failed build leaves the previous site untouched."""

from pathlib import Path

import pytest

from builder.publish.write import build_atomically


def test_success_replaces_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    build_atomically(site, lambda tmp: (tmp / "new.html").write_text("new"))
    assert [p.name for p in site.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failure_keeps_the_old_site_and_no_leftovers(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")

    def half_build(tmp: Path) -> None:
        (tmp / "half.html").write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        build_atomically(site, half_build)
    assert [p.name for p in site.iterdir()] == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
