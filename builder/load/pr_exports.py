"""Read pull-request exports of any supported shape and normalise them to PullRequest.

Shapes, detected from the content rather than the file name:
- `gh pr list --json ...`: camelCase, author {login}, labels [{name}], files [{path}] (at most
  100), mergedAt null when not merged, upper-case state, no repository field (taken from url);
- `gh search prs --json ...`: repository {nameWithOwner}, lower-case state, no size fields;
- GitHub REST pulls objects: snake_case, user.login, merged_at, changed_files, html_url;
- CSV with a header row naming at least url and title.
"""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from builder.errors import InputProblem, display_path
from builder.load.problems import field_path
from builder.models.pull_request import ExportShape, PullRequest

EXPORT_SUFFIXES = (".json", ".csv")
_URL = re.compile(r"^https?://[^/]+/(?P<repo>[^/]+/[^/]+)/pull/(?P<number>\d+)")


class ExportError(Exception):
    """A whole file that is not a PR export we can read."""


def export_files(exports_dir: Path) -> list[Path]:
    if not exports_dir.is_dir():
        return []
    return sorted(p for p in exports_dir.rglob("*") if p.suffix.lower() in EXPORT_SUFFIXES)


def load_exports(files: list[Path], root: Path) -> tuple[list[PullRequest], list[InputProblem]]:
    """All PRs from all files, one record per URL (the later file wins), and every problem."""
    by_url: dict[str, PullRequest] = {}
    problems: list[InputProblem] = []
    for path in files:
        prs, file_problems = load_export(path, root)
        problems += file_problems
        for pr in prs:
            by_url[pr.url] = pr
    return sorted(by_url.values(), key=lambda p: (p.repo, p.number)), problems


def load_export(path: Path, root: Path) -> tuple[list[PullRequest], list[InputProblem]]:
    label = display_path(path, root)
    try:
        rows, shape = read_rows(path)
    except ExportError as exc:
        return [], [InputProblem(label, None, None, str(exc))]
    prs, problems = [], []
    for index, row in enumerate(rows):
        try:
            fields = NORMALISERS[shape](row)
            prs.append(PullRequest(**fields, source_shape=shape, source_file=label))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(_row_problem(label, shape, index, exc))
    return prs, problems


def read_rows(path: Path) -> tuple[list[dict[str, Any]], ExportShape]:
    """The file's records and their detected shape, or ExportError saying why not."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(f"not UTF-8 text ({exc.reason})") from exc
    if not text.strip():
        raise ExportError("the file is empty")
    if path.suffix.lower() == ".csv":
        return _read_csv(text), "csv"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ExportError(f"malformed JSON at {where}: {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]  # the REST search endpoint wraps results in {"items": [...]}
    if not isinstance(data, list):
        raise ExportError(f"expected a JSON list of pull requests, got {type(data).__name__}")
    if not data:
        return [], "gh-pr-list"
    if not all(isinstance(row, dict) for row in data):
        raise ExportError("expected a JSON list of objects (one per pull request)")
    return data, detect_shape(data[0])


def detect_shape(row: dict[str, Any]) -> ExportShape:
    keys = set(row)
    if {"html_url", "user"} & keys or "merged_at" in keys:
        return "github-rest"
    if "repository" in keys and "url" in keys:
        return "gh-search-prs"
    if {"url", "title"} <= keys and ({"createdAt", "mergedAt", "number"} & keys):
        return "gh-pr-list"
    raise ExportError(
        "not a recognised PR export: expected `gh pr list --json` (url, title, createdAt), "
        "`gh search prs --json` (url, repository, state), GitHub REST pulls (html_url, user, "
        f"merged_at) or a CSV with a header row; first record has keys {sorted(keys)[:8]}"
    )


def _read_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip() for h in reader.fieldnames or []}
    if not {"url", "title"} <= header:
        raise ExportError(
            f"CSV header must name at least 'url' and 'title'; found {sorted(header)}"
        )
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _gh_pr_list(row: dict[str, Any]) -> dict[str, Any]:
    url = row["url"]
    merged_at = _time(row.get("mergedAt"))
    return {
        **_from_url(url, row.get("number")),
        "title": _text(row["title"]),
        "body": _text(row.get("body")),
        "author": _login(row.get("author")),
        "state": _state(row.get("state"), merged_at, _time(row.get("closedAt"))),
        "created_at": _time(row["createdAt"]),
        "merged_at": merged_at,
        "closed_at": _time(row.get("closedAt")),
        "additions": row.get("additions"),
        "deletions": row.get("deletions"),
        "changed_files": row.get("changedFiles"),
        "files": tuple(f["path"] for f in row.get("files") or []),
        "labels": _labels(row.get("labels")),
        "review_decision": row.get("reviewDecision") or None,
        "review_count": _count(row.get("reviews")),
        "comment_count": _count(row.get("comments")),
    }


def _gh_search(row: dict[str, Any]) -> dict[str, Any]:
    repo = (row.get("repository") or {}).get("nameWithOwner")
    fields = _from_url(row["url"], row.get("number"))
    state = str(row.get("state", "")).lower()
    closed_at = _time(row.get("closedAt"))
    return {
        **fields,
        "repo": repo or fields["repo"],
        "title": _text(row["title"]),
        "body": _text(row.get("body")),
        "author": _login(row.get("author")),
        "state": _state(state, None),
        "created_at": _time(row["createdAt"]),
        # gh search reports "merged" but no merge time; the close time is when it merged.
        "merged_at": closed_at if state == "merged" else None,
        "closed_at": closed_at,
        "labels": _labels(row.get("labels")),
        "comment_count": row.get("commentsCount"),
    }


def _github_rest(row: dict[str, Any]) -> dict[str, Any]:
    url = row.get("html_url") or row["url"]
    merged_at = _time(row.get("merged_at"))
    return {
        **_from_url(url, row.get("number")),
        "title": _text(row["title"]),
        "body": _text(row.get("body")),
        "author": _login(row.get("user")),
        "state": _state(row.get("state"), merged_at, _time(row.get("closed_at"))),
        "created_at": _time(row["created_at"]),
        "merged_at": merged_at,
        "closed_at": _time(row.get("closed_at")),
        "additions": row.get("additions"),
        "deletions": row.get("deletions"),
        "changed_files": row.get("changed_files"),
        "labels": _labels(row.get("labels")),
        "comment_count": row.get("comments"),
    }


def _csv(row: dict[str, Any]) -> dict[str, Any]:
    def get(*names: str) -> str | None:
        return next((row[n] for n in names if row.get(n)), None)

    merged_at = _time(get("merged_at", "mergedAt"))
    fields = _from_url(row["url"], get("number"))
    return {
        **fields,
        "repo": get("repo", "repository") or fields["repo"],
        "title": _text(row["title"]),
        "body": _text(get("body")),
        "author": get("author", "user"),
        "state": _state(get("state"), merged_at, _time(get("closed_at", "closedAt"))),
        "created_at": _time(get("created_at", "createdAt")) or _required("created_at"),
        "merged_at": merged_at,
        "closed_at": _time(get("closed_at", "closedAt")) or merged_at,
        "additions": _int(get("additions")),
        "deletions": _int(get("deletions")),
        "changed_files": _int(get("changed_files", "changedFiles")),
        "files": tuple(_split(get("files"))),
        "labels": tuple(_split(get("labels"))),
    }


NORMALISERS = {
    "gh-pr-list": _gh_pr_list,
    "gh-search-prs": _gh_search,
    "github-rest": _github_rest,
    "csv": _csv,
}


def _from_url(url: str, number: Any) -> dict[str, Any]:
    match = _URL.match(url or "")
    if not match:
        raise ValueError(f"url {url!r} is not a pull request URL (…/owner/repo/pull/N)")
    return {"url": url, "repo": match["repo"], "number": int(number or match["number"])}


def _text(value: Any) -> str:
    """Bodies come with CRLF from GitHub's web editor; normalise so parsing sees one form."""
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")


def _time(value: Any) -> dt.datetime | None:
    # gh search prints Go's zero time "0001-01-01T00:00:00Z" for a PR that never closed.
    if value in (None, "") or str(value).startswith("0001-01-01"):
        return None
    text = str(value).replace("Z", "+00:00")
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _state(value: Any, merged_at: dt.datetime | None, closed_at: dt.datetime | None = None) -> str:
    """The state column may be absent (an export without `state`): infer it from the dates."""
    state = str(value or "").lower()
    if merged_at is not None or state == "merged":
        return "merged"
    if state in ("open", "closed"):
        return state
    if not state:
        return "closed" if closed_at else "open"
    raise ValueError(f"state {value!r} is not one of open, closed, merged")


def _login(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("login")
    return value or None


def _labels(value: Any) -> tuple[str, ...]:
    return tuple(v["name"] if isinstance(v, dict) else str(v) for v in value or [])


def _count(value: Any) -> int | None:
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict) and "totalCount" in value:
        return int(value["totalCount"])
    return value if isinstance(value, int) else None


def _int(value: str | None) -> int | None:
    return None if value in (None, "") else int(value)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def _required(name: str) -> None:
    raise KeyError(name)


def _row_problem(label: str, shape: str, index: int, exc: Exception) -> InputProblem:
    if isinstance(exc, KeyError):
        message = f"missing field '{exc.args[0]}' (a {shape} export record needs it)"
    elif isinstance(exc, ValidationError):
        first = exc.errors(include_url=False)[0]
        message = f"{field_path(tuple(first['loc']))}: {first['msg']}"
    else:
        message = str(exc)
    return InputProblem(label, None, f"[{index}]", message)
