"""The four export shapes normalise to the same PullRequest; anything else is named."""

import json
from pathlib import Path

from builder.load.pr_exports import load_export, load_exports

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
    assert str(problem) == "o.json: expected a JSON list of pull requests, got dict"


def test_bad_row_names_index_and_field(tmp_path: Path) -> None:
    rows = [
        {"number": 1, "title": "t", "url": URL, "createdAt": "2024-01-01T00:00:00Z"},
        {"number": 2, "title": "t", "url": URL, "mergedAt": None},
    ]
    prs, (problem,) = load_export(export(tmp_path, "b.json", rows), tmp_path)
    assert len(prs) == 1
    assert (
        str(problem)
        == "b.json [[1]]: missing field 'createdAt' (a gh-pr-list export record needs it)"
    )


def test_csv_without_url_column(tmp_path: Path) -> None:
    _, (problem,) = load_export(export(tmp_path, "c.csv", "title\nx\n"), tmp_path)
    assert "CSV header must name at least 'url' and 'title'" in str(problem)


def test_same_pr_in_two_exports_is_kept_once(tmp_path: Path) -> None:
    row = {"number": 7, "title": "old", "url": URL, "createdAt": "2024-01-01T10:00:00Z"}
    first = export(tmp_path, "1.json", [row])
    second = export(tmp_path, "2.json", [{**row, "title": "new"}])
    prs, _ = load_exports([first, second], tmp_path)
    assert [p.title for p in prs] == ["new"]
