"""A build over hostile PR exports and achievement text completes, and nothing of it runs."""

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_showcase
from tests.publish.conftest import serve
from tests.publish.publish_browser import new_context, site_pages, visit
from tests.publish.publish_pdf_text import link_targets

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def hostile_pages(site: Path) -> list[str]:
    """Pages that carry some of the hostile text (plus the home page and the search page)."""
    pages = []
    for path in site_pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        if path in ("", "search/") or re.search(r"pwned|alert|hostile", html):
            pages.append(path)
    return pages


def test_nothing_from_the_hostile_data_executes(hostile_site: Path, hostile_url: str, browser):
    pages = hostile_pages(hostile_site)
    assert "achievements/hostile-input/" in pages
    context = new_context(browser)
    try:
        visits = [visit(context, hostile_url, path) for path in pages]
        # Both searches render results from their indexes: query the payloads in each.
        page = context.new_page()
        page.goto(hostile_url + "search/", wait_until="load")
        for query in ("script", "pwned", "javascript alert", "onerror"):
            # results render as you type (Enter would open the first one and leave the page)
            page.fill("#showcase-search-input", query)
            page.wait_for_timeout(500)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        for query in ("script", "pwned", "javascript", "onerror"):  # the header box's results
            page.fill("#showcase-header-input", query)
            page.wait_for_timeout(400)
        ran = page.evaluate("[window.__dialogs, window.__pwned === undefined]")
        page.close()
    finally:
        context.close()
    executed = [e for v in visits for e in v.executed()]
    assert executed == [], "\n".join(executed)
    assert ran == [[], True]
    problems = [p for v in visits for p in v.problems()]
    assert problems == [], "\n".join(problems)


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    html = (hostile_site / "achievements" / "hostile-input" / "index.html").read_text()
    assert "<script>window.__pwned" not in html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert "&lt;script&gt;" in html or "&#60;script&#62;" in html


def test_pdfs_over_hostile_data_hold_no_live_script_link(hostile_site: Path) -> None:
    for name in ("resume.pdf", "pitch.pdf"):
        pdf = (hostile_site / "downloads" / name).read_bytes()
        assert b"/JavaScript" not in pdf and b"/JS " not in pdf
        assert not any(t.lower().startswith("javascript:") for t in link_targets(pdf))


# --- A hostile profile: script and attribute payloads in every field ------------------------

CRAFTED_URL = 'https://evil.example/x" style="position:fixed;inset:0;z-index:999" data-x="'
SITE_NAME_PAYLOAD = "Ada <script>document.title='PWNED'</script><img src=x onerror=alert(1)>"


def payload(field: str) -> str:
    """Text that runs (sets document.title and window.__pwned, or opens a dialog) if any page
    prints it as markup, closing a <title>, an attribute or a tag first."""
    return (
        f"{field} </title>\"'><script>document.title='PWNED';window.__pwned='{field}'</script>"
        f"<img src=x onerror=\"window.__pwned='{field}'\"><svg onload=alert('{field}')>"
    )


def poison(data: object, path: str, accepts) -> object:
    """Every string in the profile replaced by a payload naming its field, where the model
    accepts it (URLs get the crafted URL, e-mail addresses and choices stay valid)."""
    if isinstance(data, dict):
        return {k: poison(v, f"{path}.{k}" if path else k, accepts) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(v, f"{path}[{i}]", accepts) for i, v in enumerate(data)]
    if not isinstance(data, str):
        return data
    for candidate in (payload(path), CRAFTED_URL, data):
        if accepts(path, candidate):
            return candidate
    return data


def hostile_profile_project(project: Path) -> list[str]:
    """Poison the profile and the site name of the project at `project`; the poisoned fields."""
    import yaml

    from builder.load.urls import link_url
    from builder.models.profile import Profile

    profile_path = project / "achievements" / "profile.yml"
    original = yaml.safe_load(profile_path.read_text())

    def accepts(path: str, value: str) -> bool:
        trial = poison_one(original, path, value)
        try:
            Profile.model_validate(trial)
            if path.endswith("url"):
                link_url(value)  # the loader refuses a link URL that could break its attribute
        except ValueError:
            return False
        return True

    poisoned = poison(original, "", accepts)
    profile_path.write_text(json.dumps(poisoned, ensure_ascii=False, indent=2))
    mkdocs = project / "mkdocs.yml"
    text = re.sub(
        r"(?m)^site_name: .*$", "site_name: " + json.dumps(SITE_NAME_PAYLOAD), mkdocs.read_text()
    )
    text = re.sub(r"(?m)^site_description: .*$", "", text)
    mkdocs.write_text("site_description: " + json.dumps(payload("site_description")) + "\n" + text)
    return sorted(changed_fields(original, poisoned, ""))


def poison_one(data: object, target: str, value: str, path: str = "") -> object:
    if isinstance(data, dict):
        return {
            k: poison_one(v, target, value, f"{path}.{k}" if path else k) for k, v in data.items()
        }
    if isinstance(data, list):
        return [poison_one(v, target, value, f"{path}[{i}]") for i, v in enumerate(data)]
    return value if path == target else data


def changed_fields(before: object, after: object, path: str) -> list[str]:
    if isinstance(before, dict):
        return [
            f for k in before for f in changed_fields(before[k], after[k], f"{path}.{k}".strip("."))
        ]
    if isinstance(before, list):
        return [
            f for i, v in enumerate(before) for f in changed_fields(v, after[i], f"{path}[{i}]")
        ]
    return [path] if before != after else []


CRAFTED_ATTRIBUTES = """
() => [...document.querySelectorAll("*")].filter(e =>
    (e.getAttribute("style") || "").includes("position")
    || e.hasAttribute("data-x")
    || getComputedStyle(e).position === "fixed" && e.closest("a[href*='evil.example']")
  ).map(e => e.outerHTML.slice(0, 160))
"""


def hostile_profile_findings(browser, base: str, pages: list[str]) -> list[str]:
    """Everything that ran or became live on `pages`, after both searches too."""
    context = new_context(browser)
    found: list[str] = []
    try:
        for path in pages:
            record = visit(context, base, path)
            found += record.executed()
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            if page.title() == "PWNED":
                found.append(f"{path}: document.title was set by a payload")
            found += [
                f"{path}: live crafted attribute {a}" for a in page.evaluate(CRAFTED_ATTRIBUTES)
            ]
            page.close()
        page = context.new_page()
        page.goto(base, wait_until="load")
        for query in ("Ada", "script", "PWNED", "title", "about"):  # header results print titles
            page.fill("#showcase-header-input", query)
            page.wait_for_timeout(400)
        state = page.evaluate("[window.__dialogs, window.__pwned === undefined, document.title]")
        if state[0] or not state[1] or state[2] == "PWNED":
            found.append(f"home page after a search: {state}")
        page.close()
    finally:
        context.close()
    return found


@pytest.fixture(scope="session")
def hostile_profile_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile-profile") / "project"
    shutil.copytree(
        demo_site.parent, project, ignore=shutil.ignore_patterns("site", ".site.*", "downloads")
    )
    assert len(hostile_profile_project(project)) >= 5
    run_showcase("build", cwd=project)
    return project / "site"


def test_no_profile_field_runs_or_goes_live_in_chromium(
    hostile_profile_site: Path, browser
) -> None:
    with serve(hostile_profile_site) as base:
        findings = hostile_profile_findings(browser, base, site_pages(hostile_profile_site))
    assert findings == [], "\n".join(findings)


# --- Private means private in every artefact ---------------------------------------------

PRIVATE_ID = "vllm-serving-migration"
MARKER = "Quixotrellis"  # a word nothing else in the demo holds


def make_private(project: Path) -> None:
    import yaml

    path = project / "achievements" / f"{PRIVATE_ID}.yml"
    data = yaml.safe_load(path.read_text())
    data.update(private=True, title=f"{data['title']} {MARKER}")
    data["summary"] = f"{MARKER} {data['summary']}"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def leaks(project: Path) -> list[str]:
    """Every built or committed file holding the private achievement's marker or id: the
    whole site (pages, search indexes, JSON, SVG), the PDFs' text, and what the owner commits
    next to the achievements (the LLM reply cache, the model registry)."""
    from tests.publish.publish_pdf_text import text as pdf_text

    found = []
    own = project / "achievements" / f"{PRIVATE_ID}.yml"
    files = [p for p in (project / "site").rglob("*") if p.is_file()]
    files += [p for p in (project / "achievements").rglob("*") if p.is_file() and p != own]
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            data = pdf_text(data).encode()
        for needle in (MARKER, PRIVATE_ID):
            if needle.encode() in data:
                found.append(f"{path.relative_to(project)}: {needle}")
    return found


@pytest.fixture(scope="session")
def private_project(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once (warm caches, the achievement public), then rebuilt with one
    featured achievement made private: what an owner does, and what CI then publishes."""
    project = tmp_path_factory.mktemp("private") / "project"
    shutil.copytree(demo_site.parent, project, ignore=shutil.ignore_patterns(".site.*"))
    make_private(project)
    run_showcase("build", cwd=project)
    return project


def test_a_private_achievement_reaches_no_artefact(private_project: Path) -> None:
    assert (private_project / "site" / "downloads" / "resume.pdf").exists()
    assert leaks(private_project) == []
