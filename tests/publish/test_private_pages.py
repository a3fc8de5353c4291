"""The interview pack stays the owner's: written next to mkdocs.yml, never into site/."""

from pathlib import Path

from builder.publish.private import PRIVATE_DIR, write_private_pages


def test_private_pages_replace_the_last_set(tmp_path: Path) -> None:
    first = write_private_pages(tmp_path, {"interview/a.md": "# A\n", "interview/b.md": "# B\n"})
    assert first == tmp_path / PRIVATE_DIR
    write_private_pages(tmp_path, {"interview/a.md": "# A again\n"})
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == ["interview/a.md"]  # b.md, no longer built, does not linger
    assert (first / "interview/a.md").read_text() == "# A again\n"
    assert first.stat().st_mode & 0o077 == 0  # not readable by other users


def test_nothing_private_touches_nothing(tmp_path: Path) -> None:
    assert write_private_pages(tmp_path, {}) is None
    assert not (tmp_path / PRIVATE_DIR).exists()


def test_the_demo_build_keeps_the_interview_pack_out_of_the_site(
    demo_project: Path, demo_site: Path
) -> None:
    assert not (demo_site / "interview").exists()
    pack = demo_project / PRIVATE_DIR / "interview"
    assert (pack / "index.md").is_file() and len(list(pack.glob("*.md"))) >= 2
    pages = [p for p in demo_site.rglob("*.html")]
    linking = [
        p for p in pages if 'href="../interview/' in p.read_text() or "/interview/" in p.read_text()
    ]
    assert linking == []
    sitemap = (demo_site / "sitemap.xml").read_text()
    assert "/interview/" not in sitemap
    index = demo_site / "search" / "search_index.json"
    assert not index.exists() or "interview/" not in index.read_text()
    script = next(p for p in pack.glob("*.md") if p.name != "index.md").read_text()
    assert "](https://" in script  # links to the published achievement pages, not ../
