"""`showcase build` on the demo: strict MkDocs build, working links, nothing private, stable."""

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import yaml

from tests.conftest import ROOT, copy_project, run_showcase


def site_digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_generated_pages_exist(demo_site: Path) -> None:
    demo = yaml.safe_load((ROOT / "achievements" / "profile.yml").read_text())
    home = (demo_site / "index.html").read_text()
    assert demo["name"] in home
    assert (demo_site / "achievements" / "index.html").is_file()
    assert (demo_site / "skills" / "index.html").is_file()
    public = [p for p in (ROOT / "achievements").glob("*.yml") if p.name != "profile.yml"]
    assert public
    assert len(list((demo_site / "achievements").glob("*/index.html"))) >= 20


def test_nothing_private_reaches_the_site(demo_site: Path) -> None:
    private_titles = []
    for path in (ROOT / "achievements").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("private"):
                private_titles.append((item["id"], item["title"]))
    assert private_titles, "the demo should hold a private achievement"
    for path in demo_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".js", ".txt"):
            text = path.read_text(errors="ignore")
            for achievement_id, title in private_titles:
                assert title not in text, f"{title!r} leaked into {path}"
                assert f"achievements/{achievement_id}/" not in text, path


def test_every_internal_link_resolves(demo_site: Path) -> None:
    # 404.html links absolutely, under site_url's path, as it must on any URL it is served at.
    prefix = urlparse(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]).path
    broken = []
    for page in demo_site.rglob("*.html"):
        base = "http://site/" + str(page.relative_to(demo_site))
        for href in re.findall(r'(?:href|src)="([^"#]+)', page.read_text()):
            url = urlparse(urljoin(base, href))
            if url.netloc != "site" or url.scheme not in ("http", ""):
                continue
            path = unquote(url.path)
            if page.name == "404.html" and path.startswith(prefix):
                path = path.removeprefix(prefix)
            target = demo_site / path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(demo_site)} -> {href}")
    assert not broken, broken[:20]


def test_two_cold_builds_give_identical_sites(demo_site: Path, tmp_path: Path) -> None:
    again = copy_project(tmp_path / "again")  # no caches: everything recomputed from scratch
    run_showcase("build", cwd=again)
    assert site_digest(again / "site") == site_digest(demo_site)


def test_a_rebuild_in_place_gives_the_same_bytes(demo_project: Path, demo_site: Path) -> None:
    before = site_digest(demo_site)
    run_showcase("build", cwd=demo_project)
    assert site_digest(demo_project / "site") == before


def test_a_rebuild_from_the_item_caches_gives_the_same_bytes(
    demo_project: Path, demo_site: Path
) -> None:
    """Without the last build's bundle every stage runs again, finding each item's estimate,
    text, vector, chart and PDF layout in the caches: the site must not change by a byte."""
    before = site_digest(demo_site)
    shutil.rmtree(demo_project / ".cache" / "showcase" / "site")
    run_showcase("build", cwd=demo_project)
    assert site_digest(demo_project / "site") == before
