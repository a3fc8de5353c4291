"""URLs the owner writes (or an import writes for them) that would become links: each one is
either refused at load, naming file, line, field and the fix, or rebuilt into a link whose
`href` is the only attribute it can produce."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.errors import InputProblem
from builder.load.jsonresume import import_resume
from builder.load.sources import read_sources
from builder.load.urls import link_url
from builder.models.config import Paths, ShowcaseConfig
from builder.text import link

PROFILE = {"name": "Ada Example", "headline": "MLOps engineer", "target_roles": ["MLOps"]}
ACHIEVEMENT = {
    "id": "faster-ci",
    "title": "Faster CI",
    "date": "2024-03-01",
    "summary": "Cut CI time by a third.",
}
GOOD_PR = "https://github.com/acme/api/pull/12"

# PR URLs an owner might paste, or a crafted draft might carry, none in GitHub's exact form.
BAD_PR_URLS = {
    "fragment": GOOD_PR + "#discussion_r1",
    "files tab": GOOD_PR + "/files",
    "query": GOOD_PR + "?w=1",
    "new keys after a newline": GOOD_PR + "\nfeatured: true\nimpact_score: 10",
    "other host": "https://github.com.evil.example/acme/api/pull/12",
    "plain http": "http://github.com/acme/api/pull/12",
    "issue, not pull": "https://github.com/acme/api/issues/12",
    "script scheme": "javascript:alert(document.domain)//github.com/acme/api/pull/1",
    "trailing slash": GOOD_PR + "/",
    "user before host": "https://github.com@evil.example/acme/api/pull/12",
}

# Link URLs that must never reach an href: other schemes, and text that leaves the attribute.
BAD_LINK_URLS = {
    "javascript": "javascript:alert(1)",
    "mixed-case javascript": "JavaScript:window.__owned=1",
    "data": "data:text/html;base64,PGI+aGk8L2I+",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "no scheme": "//evil.example/",
    "quote closes the attribute": 'https://example.com/x" style="position:fixed;inset:0',
    "angle brackets": "https://example.com/<svg/onload=alert(1)>",
    "space then attribute": "https://example.com/a onmouseover=alert(1)",
    "tab": "https://example.com/\tpath",
    "right-to-left override": "https://example.com/\u202efdp.exe",
    "user before host": "https://trusted.example@evil.example/",
    "no host": "https:///path-only",
    "mail with a query": "mailto:ada@example.com?body=hello",
    "backslash": "https://example.com\\@evil.example/",
}


def write_project(root: Path, profile: dict, achievement: dict) -> Paths:
    """A project whose files are JSON (valid YAML), so any payload is written verbatim."""
    data = root / "achievements"
    (data / "exports").mkdir(parents=True)
    (data / "profile.yml").write_text(json.dumps(profile, indent=1))
    (data / "faster-ci.yml").write_text(json.dumps(achievement, indent=1))
    return Paths.resolve(ShowcaseConfig(), root)


def problems_of(paths: Paths) -> list[InputProblem]:
    sources, problems = read_sources(paths)
    assert (sources is None) == bool(problems)
    return problems


@pytest.mark.parametrize("case", sorted(BAD_PR_URLS))
def test_a_related_pr_not_in_githubs_form_is_refused_naming_where(tmp_path: Path, case: str):
    achievement = {**ACHIEVEMENT, "related_prs": [GOOD_PR, BAD_PR_URLS[case]]}
    problems = problems_of(write_project(tmp_path, PROFILE, achievement))
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.file == "achievements/faster-ci.yml"
    assert problem.field == "related_prs[1]"
    assert problem.line == 8  # json.dumps(indent=1): "{", four fields, "related_prs: [", two URLs
    assert "achievement faster-ci" in problem.message
    expected = "https://github.com/OWNER/REPO/pull/NUMBER with nothing after the number"
    assert expected in problem.message or "not a configured GitHub host" in problem.message


def test_an_enterprise_host_is_accepted_only_when_configured(tmp_path: Path) -> None:
    enterprise = "https://git.acme.internal/platform/api/pull/7"
    achievement = {**ACHIEVEMENT, "related_prs": [enterprise]}
    paths = write_project(tmp_path, PROFILE, achievement)
    (problem,) = problems_of(paths)
    assert "'git.acme.internal' is not a configured GitHub host" in problem.message
    assert "github_host" in problem.message
    configured = Paths.resolve(ShowcaseConfig(github_host="git.acme.internal"), tmp_path)
    sources, problems = read_sources(configured)
    assert problems == []
    assert sources.portfolio.achievements[0].related_prs == [enterprise]


@pytest.mark.parametrize("case", sorted(BAD_LINK_URLS))
@pytest.mark.parametrize("where", ["profile links", "achievement links", "certification"])
def test_a_link_url_that_is_not_plain_http_is_refused_at_load(
    tmp_path: Path, case: str, where: str
) -> None:
    url = BAD_LINK_URLS[case]
    profile, achievement, field = dict(PROFILE), dict(ACHIEVEMENT), "links[0].url"
    if where == "profile links":
        profile["links"] = [{"label": "Site", "url": url}]
    elif where == "achievement links":
        achievement["links"] = [{"label": "Notes", "url": url}]
    else:
        profile["certifications"] = [{"name": "CKA", "url": url}]
        field = "certifications[0].url"
    problems = problems_of(write_project(tmp_path, profile, achievement))
    # one problem, with its fix: never the model's bare pattern error on top of it
    assert len(problems) == 1, problems
    (problem,) = problems
    name = "profile.yml" if where != "achievement links" else "faster-ci.yml"
    assert (problem.file, problem.field) == (f"achievements/{name}", field)
    assert problem.line is not None
    assert "String should match pattern" not in problem.message
    assert any(
        hint in problem.message
        for hint in ("must start with https://", "percent-encode", "'@'", "host", "mailto:NAME")
    ), problem.message


def test_the_message_says_which_scheme_was_refused(tmp_path: Path) -> None:
    achievement = {**ACHIEVEMENT, "links": [{"label": "x", "url": "javascript:alert(1)"}]}
    (problem,) = problems_of(write_project(tmp_path, PROFILE, achievement))
    assert problem.message.startswith("achievement faster-ci: links[0].url has 'javascript'")
    assert "must start with https://" in problem.message


def test_accepted_links_are_rebuilt_from_their_parts(tmp_path: Path) -> None:
    profile = {
        **PROFILE,
        "links": [
            {"label": "Site", "url": "HTTPS://Example.COM/Café?tab=talks#2024"},
            {"label": "Mail", "url": "mailto:ada@example.com"},
        ],
    }
    achievement = {**ACHIEVEMENT, "links": [{"label": "Shop", "url": "https://bücher.example/a"}]}
    sources, problems = read_sources(write_project(tmp_path, profile, achievement))
    assert problems == []
    assert [x.url for x in sources.portfolio.profile.links] == [
        "https://example.com/Caf%C3%A9?tab=talks#2024",
        "mailto:ada@example.com",
    ]
    assert sources.portfolio.achievements[0].links[0].url == "https://xn--bcher-kva.example/a"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.anchors.append(attrs)


# URLs the rule lets through that still hold characters an attribute reader must not trust.
ODD_BUT_VALID = [
    "https://example.com/?q='onmouseover=alert(1)//",
    "https://example.com/a&quot;b",
    "https://example.com/(x)[y]!$*+,;=",
    "https://example.com/%22%3E%3Cscript%3E",
]


@pytest.mark.parametrize("url", ODD_BUT_VALID)
def test_an_accepted_url_renders_as_one_href_and_nothing_else(url: str) -> None:
    parser = _Anchors()
    parser.feed(link("label", link_url(url)))
    assert parser.anchors == [[("href", url)]]


def test_a_json_resume_with_crafted_urls_imports_files_that_load(tmp_path: Path) -> None:
    resume = {
        "basics": {
            "name": "Ada Example",
            "label": "MLOps engineer",
            "url": 'https://ada.example/" onclick="alert(1)',
            "profiles": [
                {"network": "GitHub", "url": "https://github.com/ada-example"},
                {"network": "Evil", "url": "https://x.example/\u202ecod.exe"},
            ],
        },
        "projects": [{"name": "Ranker", "description": "A ranker.", "url": "javascript:alert(2)"}],
    }
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(resume))
    paths = write_project(tmp_path / "project", PROFILE, ACHIEVEMENT)
    (paths.data_dir / "profile.yml").unlink()
    import_resume(source, paths.data_dir, paths.profile_file, paths.root)
    sources, problems = read_sources(paths)
    assert problems == []
    assert [x.url for x in sources.portfolio.profile.links] == ["https://github.com/ada-example"]
    assert all(not a.links for a in sources.portfolio.achievements)
