"""The four export shapes normalise to the same PullRequest; anything else is named."""

import json
import logging
from pathlib import Path

import pytest

from builder.load import pr_exports
from builder.load.pr_exports import BODY_LIMIT, SHAPE_NAMES, load_export, load_exports

URL = "https://github.com/acme/api/pull/7"


def export(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_gh_pr_list_shape(tmp_path: Path) -> None:
    row = {
        "number": 7,
        "title": "perf: batch",
        "body": "line one\r\nline two",
        "url": URL,
        "state": "MERGED",
        "author": {"login": "ada", "name": "Ada"},
        "createdAt": "2024-01-01T10:00:00Z",
        "mergedAt": "2024-01-02T10:00:00Z",
        "additions": 12,
        "deletions": 3,
        "changedFiles": 150,
        "files": [{"path": f"src/f{i}.py"} for i in range(100)],
        "labels": [{"name": "perf", "color": "fff"}],
        "reviewDecision": "APPROVED",
        "reviews": [{"state": "APPROVED"}, {"state": "COMMENTED"}],
        "comments": [],
    }
    (pr,), problems = load_export(export(tmp_path, "a.json", [row]), tmp_path)
    assert problems == []
    assert (pr.repo, pr.number, pr.author, pr.state) == ("acme/api", 7, "ada", "merged")
    assert pr.body == "line one\nline two"
    assert pr.changed_files == 150 and len(pr.files) == 100
    assert pr.labels == ("perf",) and pr.review_count == 2 and pr.comment_count == 0
    assert pr.source_shape == "gh-pr-list"


def test_gh_pr_list_unmerged_has_null_merged_at(tmp_path: Path) -> None:
    row = {
        "number": 8,
        "title": "wip",
        "url": URL.replace("7", "8"),
        "state": "OPEN",
        "createdAt": "2024-01-01T10:00:00Z",
        "mergedAt": None,
    }
    (pr,), _ = load_export(export(tmp_path, "a.json", [row]), tmp_path)
    assert pr.state == "open" and pr.merged_at is None and not pr.merged


def test_gh_search_shape(tmp_path: Path) -> None:
    row = {
        "number": 7,
        "title": "t",
        "body": None,
        "url": URL,
        "state": "merged",
        "repository": {"name": "api", "nameWithOwner": "acme/api"},
        "author": {"login": "ada"},
        "createdAt": "2024-01-01T10:00:00Z",
        "closedAt": "2024-01-03T10:00:00Z",
        "labels": [],
        "commentsCount": 4,
    }
    (pr,), problems = load_export(export(tmp_path, "s.json", [row]), tmp_path)
    assert problems == []
    assert pr.source_shape == "gh-search-prs" and pr.state == "merged"
    assert pr.merged_at is not None and pr.merged_at.day == 3
    assert pr.additions is None and pr.body == "" and pr.comment_count == 4


def test_rest_shape(tmp_path: Path) -> None:
    row = {
        "html_url": URL,
        "url": "https://api.github.com/repos/acme/api/pulls/7",
        "number": 7,
        "title": "t",
        "body": "b",
        "state": "closed",
        "user": {"login": "ada"},
        "created_at": "2024-01-01T10:00:00Z",
        "merged_at": "2024-01-02T10:00:00Z",
        "closed_at": "2024-01-02T10:00:00Z",
        "additions": 1,
        "deletions": 2,
        "changed_files": 3,
        "labels": [{"name": "bug"}],
    }
    (pr,), problems = load_export(export(tmp_path, "r.json", [row]), tmp_path)
    assert problems == []
    assert (pr.source_shape, pr.url, pr.state, pr.changed_files) == (
        "github-rest",
        URL,
        "merged",
        3,
    )


def test_csv_shape(tmp_path: Path) -> None:
    text = (
        "url,title,body,state,created_at,merged_at,additions,labels\n"
        f'{URL},"perf, faster","two\nlines",MERGED,'
        "2024-01-01T10:00:00Z,2024-01-02T10:00:00Z,5,perf;ml\n"
    )
    (pr,), problems = load_export(export(tmp_path, "p.csv", text), tmp_path)
    assert problems == []
    assert (pr.title, pr.body, pr.additions, pr.labels) == (
        "perf, faster",
        "two\nlines",
        5,
        ("perf", "ml"),
    )


def test_unknown_shape_says_which_file_and_why(tmp_path: Path) -> None:
    prs, (problem,) = load_export(export(tmp_path, "x.json", [{"foo": 1}]), tmp_path)
    assert prs == []
    assert str(problem).startswith("x.json: not a recognised PR export")
    assert "['foo']" in str(problem)


def test_malformed_json(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "m.json", '[{"url": '), tmp_path)
    assert str(problem).startswith("m.json: malformed JSON at line 1 column 10")


def test_empty_export(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "e.json", ""), tmp_path)
    assert str(problem) == "e.json: the file is empty"


def test_not_a_list(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "o.json", {"a": 1}), tmp_path)
    assert str(problem).startswith("o.json: expected a JSON list of pull requests, got object")


def test_bad_row_names_index_and_field(tmp_path: Path) -> None:
    rows = [
        {"number": 7, "title": "t", "url": URL, "mergedAt": "2024-01-01T00:00:00Z"},
        {"number": 2, "title": "t", "url": URL.replace("7", "2"), "createdAt": "2024-01-01"},
    ]
    prs, (problem,) = load_export(export(tmp_path, "b.json", rows), tmp_path)
    assert len(prs) == 1
    assert str(problem) == (
        "b.json [[1].state]: no merged state: add state or mergedAt to `gh pr list --json` "
        "(a gh-pr-list record)"
    )


def test_csv_without_url_column(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "c.csv", "title\nx\n"), tmp_path)
    assert "CSV header must name a 'url' column (or 'repo' and 'number')" in str(problem)


def test_same_pr_in_two_exports_is_kept_once(tmp_path: Path) -> None:
    row = {"number": 7, "title": "old", "url": URL, "mergedAt": "2024-01-01T10:00:00Z"}
    first = export(tmp_path, "1.json", [row])
    second = export(tmp_path, "2.json", [{**row, "title": "new"}])
    prs, _ = load_exports([first, second], tmp_path)
    assert [p.title for p in prs] == ["new"]


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


@pytest.mark.parametrize(
    ("name", "shape", "states"),
    [
        # gh pr list --json number,title,body,url,mergedAt (no createdAt, no state): the
        # unmerged PR has no date at all and is left out; the merged ones load.
        ("gh-pr-list-minimal.json", "gh-pr-list", {311: "merged", 312: "merged"}),
        ("gh-pr-list-state-only.json", "gh-pr-list", {520: "merged", 521: "closed"}),
        (
            "github-search-issues.json",
            "github-search-issues",
            {77: "merged", 78: "closed", 79: "open"},
        ),
        (
            "gh-api-paginate.json",
            "github-rest",
            {40: "merged", 41: "closed", 42: "open", 43: "merged"},
        ),
        (
            "gh-api-paginate-slurp.json",
            "github-rest",
            {40: "merged", 41: "closed", 42: "open", 43: "merged"},
        ),
        ("gh-api-paginate-search.json", "github-search-issues", {9: "merged", 10: "closed"}),
        ("prs-minimal.csv", "csv", {601: "merged"}),  # the undated unmerged two left out
        (
            "gh-search-prs.json",
            "gh-search-prs",
            {88: "merged", 208: "merged", 71: "open", 223: "closed"},
        ),
        (
            "github-rest-pulls.json",
            "github-rest",
            {244: "merged", 131: "merged", 284: "open", 136: "closed"},
        ),
    ],
)
def test_every_shape_a_user_pastes_loads_with_its_merged_state(
    name: str, shape: str, states: dict[int, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="builder.load.pr_exports"):
        prs, problems = load_export(FIXTURES / name, FIXTURES)
    assert problems == []
    assert {pr.number: pr.state for pr in prs} == states
    assert {pr.source_shape for pr in prs} == {shape}
    assert all(pr.merged_at is not None for pr in prs if pr.state == "merged")
    assert f"{name}: {len(prs)} pull requests read as {SHAPE_NAMES[shape]}" in caplog.text


def test_an_unmerged_pr_without_any_date_is_left_out_and_said(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="builder.load.pr_exports"):
        load_export(FIXTURES / "gh-pr-list-minimal.json", FIXTURES)
    assert "1 unmerged PRs without any date left out (add mergedAt or createdAt" in caplog.text


def test_a_merged_pr_without_any_date_is_a_problem(tmp_path: Path) -> None:
    rows = [{"url": URL, "state": "MERGED", "title": "t"}]
    _, (problem,) = load_export(export(tmp_path, "d.json", rows), tmp_path)
    assert problem.field == "[0].mergedAt"
    assert "a merged PR needs a date (add mergedAt or createdAt" in problem.message


def test_search_issues_without_merged_at_says_where_it_belongs(tmp_path: Path) -> None:
    item = {"html_url": URL, "user": {"login": "a"}, "state": "closed", "pull_request": {}}
    _, (problem,) = load_export(export(tmp_path, "s.json", {"items": [item]}), tmp_path)
    assert problem.field == "[0].pull_request.merged_at"


@pytest.mark.parametrize(
    "url",
    [
        URL + '#"><script>alert(1)</script>',
        URL + "\nfeatured: true",
        URL + "/files",
        URL + "?tab=checks",
        URL + "/",
        "http://github.com/acme/api/pull/7",
        "https://evil.example/acme/api/pull/7",
        "https://github.com.evil.example/acme/api/pull/7",
        "javascript:alert(1)//github.com/acme/api/pull/7",
        "https://github.com/acme/../pull/7",
        "https://github.com/acme/api/pull/07",
        " " + URL + "x",
    ],
)
def test_a_crafted_pr_url_is_refused_with_its_field(tmp_path: Path, url: str) -> None:
    row = {"url": url, "title": "t", "mergedAt": "2024-01-02T00:00:00Z"}
    prs, (problem,) = load_export(export(tmp_path, "u.json", [row]), tmp_path)
    assert prs == []
    assert problem.field == "[0].url"
    assert (
        "https://github.com/OWNER/REPO/pull/NUMBER" in problem.message or "host" in problem.message
    )


def test_a_github_enterprise_host_is_accepted_when_configured(tmp_path: Path) -> None:
    url = "https://git.example.org/team/api/pull/5"
    path = export(tmp_path, "e.json", [{"url": url, "title": "t", "mergedAt": "2024-01-02"}])
    assert load_export(path, tmp_path)[0] == []
    (pr,), problems = load_export(path, tmp_path, github_host="git.example.org")
    assert problems == [] and pr.url == url and pr.repo == "team/api"


def test_export_text_is_cleaned_and_cut_once_at_load(tmp_path: Path) -> None:
    body = "a\x1b[31mred\x07\ud800 ok" + "x" * 100_000
    row = {"url": URL, "title": "t\x00itle\ud83d", "body": body, "mergedAt": "2024-01-02"}
    path = tmp_path / "c.json"
    path.write_text(json.dumps([row]))  # json.dumps keeps the lone surrogates as \\ud800
    (pr,), problems = load_export(path, tmp_path)
    assert problems == []
    assert pr.title == "title"
    assert pr.body.startswith("a[31mred ok") and len(pr.body) == BODY_LIMIT == 65_536
    pr.body.encode("utf-8")  # no lone surrogate left: every writer accepts it


def test_deep_nesting_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "n.json", "[" * 100_000 + "]" * 100_000), tmp_path)
    assert str(problem).startswith("n.json: JSON nested too deeply")


def test_a_file_over_the_size_cap_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pr_exports, "FILE_SIZE_LIMIT", 1024)
    _, (problem,) = load_export(export(tmp_path, "big.json", [{"body": "x" * 2000}]), tmp_path)
    assert "over the 0 MiB limit for one export; split it" in str(problem)


def test_a_csv_without_number_or_url_names_the_column(tmp_path: Path) -> None:
    _, (problem,) = load_export(
        export(tmp_path, "n.csv", "repo,title,state\na/b,t,merged\n"), tmp_path
    )
    assert "has no 'number' column" in str(problem)
    _, (problem,) = load_export(export(tmp_path, "s.csv", f"url,title\n{URL},t\n"), tmp_path)
    assert "must name a 'state' or 'merged_at' column" in str(problem)


def test_an_item_that_is_not_an_object_is_named(tmp_path: Path) -> None:
    rows = [{"url": URL, "title": "t", "mergedAt": None}, 3]
    _, (problem,) = load_export(export(tmp_path, "i.json", rows), tmp_path)
    assert str(problem).startswith("i.json: item [1] is a number, not an object")


def test_a_title_that_is_not_text_is_a_problem(tmp_path: Path) -> None:
    rows = [{"url": URL, "title": {"a": [1]}, "mergedAt": None}]
    _, (problem,) = load_export(export(tmp_path, "t.json", rows), tmp_path)
    assert problem.field == "[0]" and "expected text, got object" in problem.message
