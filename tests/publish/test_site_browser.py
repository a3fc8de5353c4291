"""The built demo in Chromium: clean loads, own origin only, accessible, PDFs linked."""

from pathlib import Path

import pytest

from tests.publish.conftest import AXE
from tests.publish.publish_browser import axe_violations, new_context, site_pages, visit
from tests.publish.publish_pdf_text import in_order, reader, text

pytestmark = pytest.mark.browser


def test_every_page_loads_clean_from_its_own_origin(demo_site: Path, site_url: str, browser):
    pages = site_pages(demo_site)
    assert "" in pages and "achievements/" in pages
    context = new_context(browser)
    try:
        visits = [visit(context, site_url, path) for path in pages]
    finally:
        context.close()
    problems = [p for v in visits for p in v.problems()]
    assert problems == [], "\n".join(problems)


def test_every_page_carries_its_content_security_policy(demo_site: Path) -> None:
    """The MkDocs plugin runs builder.publish.csp.apply_csp over every page (404 included),
    so the clean loads above happen under the policy."""
    from builder.publish.csp import apply_csp

    pages = [*demo_site.rglob("index.html"), demo_site / "404.html"]
    missing = [
        str(p.relative_to(demo_site))
        for p in pages
        if apply_csp(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")
    ]
    assert missing == [], f"pages without their CSP meta: {missing[:5]}"


def axe_sample(pages: list[str]) -> list[str]:
    """Every page, except that a section of many pages built from one template (the
    achievements) is represented by its index and its first two pages."""
    sections: dict[str, list[str]] = {}
    for path in pages:
        sections.setdefault(path.split("/")[0], []).append(path)
    chosen: set[str] = set()
    for section, members in sections.items():
        if len(members) <= 8:
            chosen.update(members)
        else:
            leaves = sorted(m for m in members if m != f"{section}/")
            chosen.update([f"{section}/", *leaves[:2]] if f"{section}/" in members else leaves[:3])
    return sorted(chosen)


def test_no_serious_or_critical_accessibility_violations(
    demo_site: Path, site_url: str, browser
) -> None:
    assert AXE.is_file(), "run `npm ci --prefix tests/publish` (the Makefile does)"
    chosen = axe_sample(site_pages(demo_site))
    context = new_context(browser, bypass_csp=True)
    try:
        found = [v for path in chosen for v in axe_violations(context, site_url + path, AXE)]
    finally:
        context.close()
    assert found == [], "\n".join(found)


def test_home_page_links_the_downloads(demo_site: Path, site_url: str, browser) -> None:
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for name in ("resume.pdf", "pitch.pdf", "resume.json"):
            assert site_url + "downloads/" + name in hrefs
            response = page.request.get(site_url + "downloads/" + name)
            assert response.ok, name
    finally:
        context.close()


def test_site_pdfs_carry_the_demo_data_in_order(demo_site: Path) -> None:
    import yaml

    from builder.cli_context import load_project
    from tests.publish.conftest import ROOT

    profile = yaml.safe_load((ROOT / "achievements" / "profile.yml").read_text())
    resume = (demo_site / "downloads" / "resume.pdf").read_bytes()
    limit = load_project(ROOT / "mkdocs.yml").config.pdf.resume_max_pages
    assert len(reader(resume).pages) <= limit
    content = text(resume)
    assert in_order(content, [profile["name"], profile["headline"].split()[0]])
    # A CV lists positions with their dates and bullets that never repeat an entry's title.
    assert in_order(content.lower(), ["experience", "skills", "education"])  # headings may be caps
    flat = " ".join(content.split())
    positions = [job["position"] for job in profile.get("experience", [])]
    assert positions, "the demo profile should list its positions"
    for position in positions:
        assert position in flat, position
    pitch = text((demo_site / "downloads" / "pitch.pdf").read_bytes())
    assert in_order(pitch, [profile["name"], "In numbers", "Top achievements", "Why me for"])


def test_social_card_metadata_and_404_page(demo_site: Path) -> None:
    import html
    import re

    from builder.cli_context import load_mkdocs_config
    from tests.publish.conftest import ROOT

    mkdocs = load_mkdocs_config(ROOT / "mkdocs.yml")
    home = (demo_site / "index.html").read_text()
    meta = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)"', home)
    )
    assert html.unescape(meta["og:title"]) == mkdocs.site_name
    assert meta["og:url"] == mkdocs.site_url
    assert meta["og:type"] == "profile"
    assert meta["twitter:card"] == "summary"
    assert meta["og:description"]
    achievement = next((demo_site / "achievements").glob("*/index.html")).read_text()
    title = re.search(r"<title>([^<]*)</title>", achievement).group(1)
    assert re.search(r'<meta property="og:title" content="[^"]+ – ', achievement)
    assert title.endswith(html.escape(mkdocs.site_name, quote=False))
    not_found = (demo_site / "404.html").read_text()
    root_path = "/" + mkdocs.site_url.split("://", 1)[1].split("/", 1)[1]
    assert "Page not found" in not_found
    assert f'href="{root_path}"' in not_found and f'href="{root_path}achievements/"' in not_found
