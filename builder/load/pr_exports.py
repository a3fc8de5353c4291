"""Read pull-request exports of any shape gh and the REST API produce, normalised to PullRequest.

Shapes, detected from the content rather than the file name:
- `gh pr list --json FIELDS`: camelCase, author {login}, labels [{name}], files [{path}] (at most
  100), mergedAt null when not merged, upper-case state; any choice of fields that holds the
  url and the merged state (`state` or `mergedAt`) loads;
- `gh search prs --json ...`: repository {nameWithOwner}, lower-case state, no size fields;
- GitHub REST pulls objects: snake_case, user.login, merged_at, changed_files, html_url;
- GitHub REST `/search/issues` items: like pulls, but the merge time sits under
  `pull_request.merged_at` (the top-level state of a merged PR is "closed");
- CSV with a header row naming the url (or repo and number) and the state or merged_at.
JSON may be one array, a `{"items": [...]}` search page, or what `gh api --paginate` prints:
pages back to back (`[...][...]`), or one array of pages with `--slurp`.

Export text is untrusted (anyone can write a PR body): every string is cleaned once here, of
control characters and lone surrogates (which no YAML or UTF-8 writer accepts), and cut to
GitHub's own length limits, so every later stage sees bounded, well-formed text.
"""

import csv
import datetime as dt
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from builder.errors import InputProblem, display_path
from builder.load.problems import field_path
from builder.models.pull_request import (
    DEFAULT_GITHUB_HOST,
    ExportShape,
    PullRequest,
    parse_pr_url,
)

log = logging.getLogger(__name__)

EXPORT_SUFFIXES = (".json", ".csv")
BODY_LIMIT = 65_536  # GitHub refuses a PR body longer than this
SHORT_LIMIT = 1_000  # titles (GitHub: 256), labels (50), logins (39), paths: generous caps
FILE_SIZE_LIMIT = 256 * 1024 * 1024
# Control characters but tab and newline (CR is turned into LF first), C1 controls, and the
# surrogate range: JSON may carry a lone "\ud800", which no UTF-8 file can hold.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

SHAPE_NAMES: dict[ExportShape, str] = {
    "gh-pr-list": "gh pr list --json",
    "gh-search-prs": "gh search prs --json",
    "github-rest": "GitHub REST pulls",
    "github-search-issues": "GitHub REST /search/issues items",
    "csv": "CSV with a header row",
}


class ExportError(Exception):
    """A whole file that is not a PR export we can read."""


class RowError(ValueError):
    """One record that cannot be read: the field at fault and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def export_files(exports_dir: Path) -> list[Path]:
    if not exports_dir.is_dir():
        return []
    return sorted(p for p in exports_dir.rglob("*") if p.suffix.lower() in EXPORT_SUFFIXES)


def load_exports(
    files: list[Path], root: Path, github_host: str = DEFAULT_GITHUB_HOST
) -> tuple[list[PullRequest], list[InputProblem]]:
    """All PRs from all files, one record per URL (the later file wins), and every problem."""
    by_url: dict[str, PullRequest] = {}
    problems: list[InputProblem] = []
    for path in files:
        prs, file_problems = load_export(path, root, github_host)
        problems += file_problems
        for pr in prs:
            by_url[pr.url] = pr
    return sorted(by_url.values(), key=lambda p: (p.repo, p.number)), problems


def load_export(
    path: Path, root: Path, github_host: str = DEFAULT_GITHUB_HOST
) -> tuple[list[PullRequest], list[InputProblem]]:
    label = display_path(path, root)
    try:
        rows, shape = read_rows(path)
    except ExportError as exc:
        return [], [InputProblem(label, None, None, str(exc))]
    context = {"github_hosts": (github_host,)}
    prs, problems, undated = [], [], 0
    for index, row in enumerate(rows):
        try:
            fields = NORMALISERS[shape](row, github_host)
            if fields["created_at"] is None:
                _undated(shape, fields["state"])
                undated += 1  # an unmerged PR exported without any date: nothing to place
                continue
            record = {**fields, "source_shape": shape, "source_file": label}
            prs.append(PullRequest.model_validate(record, context=context))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            problems.append(_row_problem(label, shape, index, exc))
    _report(label, shape, len(prs), undated)
    return prs, problems


def _undated(shape: ExportShape, state: str) -> None:
    """A merged PR needs a date (drafts and charts place it in time); an unmerged one is
    only left out."""
    if state == "merged":
        raise RowError(DATE_FIELD[shape], f"missing: a merged PR needs a date ({DATE_FIX[shape]})")


DATE_FIELD: dict[ExportShape, str] = {
    "gh-pr-list": "mergedAt",
    "gh-search-prs": "closedAt",
    "github-rest": "merged_at",
    "github-search-issues": "pull_request.merged_at",
    "csv": "merged_at",
}
DATE_FIX: dict[ExportShape, str] = {
    "gh-pr-list": "add mergedAt or createdAt to `gh pr list --json`",
    "gh-search-prs": "add closedAt or createdAt to `gh search prs --json`",
    "github-rest": "the API always sends created_at: export again",
    "github-search-issues": "the API always sends created_at: export again",
    "csv": "fill its merged_at or created_at cell",
}


def _report(label: str, shape: ExportShape, count: int, undated: int) -> None:
    """Say which shape was read (validate and build both show it)."""
    fix = DATE_FIX[shape].replace("fill its", "add a").replace(" cell", " column")
    note = f"; {undated} unmerged PRs without any date left out ({fix})" if undated else ""
    log.info("%s: %d pull requests read as %s%s", label, count, SHAPE_NAMES[shape], note)


def read_rows(path: Path) -> tuple[list[dict[str, Any]], ExportShape]:
    """The file's records and their detected shape, or ExportError saying why not."""
    size = path.stat().st_size
    if size > FILE_SIZE_LIMIT:
        raise ExportError(
            f"the file is {size / 2**20:.0f} MiB, over the {FILE_SIZE_LIMIT // 2**20} MiB limit "
            "for one export; split it (gh pr list --search 'merged:<DATE' ...) into several files"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(f"not UTF-8 text ({exc.reason}); export it again with gh") from exc
    if not text.strip():
        raise ExportError("the file is empty")
    if path.suffix.lower() == ".csv":
        return _read_csv(text), "csv"
    data = _records(_json_documents(text))
    del text  # the parsed records are all we keep of a possibly large file
    if not data:
        return [], "gh-pr-list"
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            raise ExportError(
                f"item [{index}] is a {_kind(row)}, not an object: expected a JSON list of pull "
                "request objects"
            )
    return data, detect_shape(data[0])


def _json_documents(text: str) -> list[Any]:
    """One JSON document, or several back to back as `gh api --paginate` prints them."""
    decoder = json.JSONDecoder()
    documents, at, end = [], 0, len(text)
    while True:
        while at < end and text[at] in " \t\r\n":
            at += 1
        if at == end:
            return documents
        try:
            document, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            raise ExportError(f"malformed JSON at {where}: {exc.msg}") from None
        except RecursionError:
            raise ExportError(
                "JSON nested too deeply to be a PR export (arrays or objects inside each other "
                "hundreds of levels deep); export it again with gh"
            ) from None
        documents.append(document)


def _records(documents: list[Any]) -> list[Any]:
    """The PR records of every page: arrays, `--slurp` arrays of pages, search pages."""
    records: list[Any] = []
    for document in documents:
        pages = document if _is_page_list(document) else [document]
        for page in pages:
            if isinstance(page, dict) and isinstance(page.get("items"), list):
                page = page["items"]  # the REST search endpoint wraps results in {"items": []}
            if not isinstance(page, list):
                raise ExportError(
                    f"expected a JSON list of pull requests, got {_kind(page)}; export with "
                    "gh pr list --json ... or gh api"
                )
            records += page
    return records


def _is_page_list(document: Any) -> bool:
    """`gh api --paginate --slurp` wraps the pages in one more array."""
    return (
        isinstance(document, list)
        and bool(document)
        and all(
            isinstance(page, list) or (isinstance(page, dict) and "items" in page)
            for page in document
        )
    )


def _kind(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def detect_shape(row: dict[str, Any]) -> ExportShape:
    keys = set(row)
    if isinstance(row.get("pull_request"), dict):
        return "github-search-issues"
    if {"html_url", "user", "merged_at", "created_at"} & keys:
        return "github-rest"
    if "repository" in keys and "url" in keys:
        return "gh-search-prs"
    if "url" in keys:
        return "gh-pr-list"
    raise ExportError(
        "not a recognised PR export: expected `gh pr list --json url,state,...` (url), "
        "`gh search prs --json` (url, repository), GitHub REST pulls or /search/issues items "
        f"(html_url, user) or a CSV with a header row; first record has keys {sorted(keys)[:8]}"
    )


def _read_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = {_clean(h.strip()) for h in reader.fieldnames or []}
    missing = _missing_csv_columns(header)
    if missing:
        raise ExportError(f"CSV header {missing}; found columns {sorted(header)[:12]}")
    rows = []
    for row in reader:
        rows.append({_clean(k.strip()): (v or "").strip() for k, v in row.items() if k})
    return rows


def _missing_csv_columns(header: set[str]) -> str:
    """What the header lacks to identify each PR and its merged state ('' if nothing)."""
    if not ({"url", "html_url"} & header or {"repo", "number"} <= header):
        if "url" not in header and "repo" in header:
            return "has no 'number' column (nor a 'url' to read the number from): add one"
        return "must name a 'url' column (or 'repo' and 'number')"
    if not {"state", "merged_at", "mergedAt"} & header:
        return "must name a 'state' or 'merged_at' column, so merged PRs can be told apart"
    return ""


def _gh_pr_list(row: dict[str, Any], host: str) -> dict[str, Any]:
    if "state" not in row and "mergedAt" not in row:
        raise RowError("state", "no merged state: add state or mergedAt to `gh pr list --json`")
    closed_at = _time(row, "closedAt")
    # Exported without mergedAt, a merged PR's close time is when it merged.
    merged_at = _time(row, "mergedAt") or _if_merged(row.get("state"), closed_at)
    return {
        **_identity(row, "url", host),
        "body": _text(row.get("body"), BODY_LIMIT),
        "author": _login(row.get("author")),
        "state": _state(row.get("state"), merged_at, closed_at),
        "created_at": _time(row, "createdAt") or merged_at or closed_at,
        "merged_at": merged_at,
        "closed_at": closed_at,
        "additions": row.get("additions"),
        "deletions": row.get("deletions"),
        "changed_files": row.get("changedFiles"),
        "files": tuple(_text(f.get("path")) for f in _list(row, "files") if isinstance(f, dict)),
        "labels": _labels(row.get("labels")),
        "review_decision": _text(row.get("reviewDecision")) or None,
        "review_count": _count(row.get("reviews")),
        "comment_count": _count(row.get("comments")),
    }


def _gh_search(row: dict[str, Any], host: str) -> dict[str, Any]:
    state = str(row.get("state") or "").lower()
    closed_at = _time(row, "closedAt")
    # gh search reports "merged" but no merge time; the close time is when it merged.
    merged_at = closed_at if state == "merged" else None
    return {
        **_identity(row, "url", host),
        "body": _text(row.get("body"), BODY_LIMIT),
        "author": _login(row.get("author")),
        "state": _state(state, None),
        "created_at": _time(row, "createdAt") or merged_at or closed_at,
        "merged_at": merged_at,
        "closed_at": closed_at,
        "labels": _labels(row.get("labels")),
        "comment_count": _count(row.get("commentsCount")),
    }


def _github_rest(row: dict[str, Any], host: str) -> dict[str, Any]:
    if "state" not in row and "merged_at" not in row:
        raise RowError("merged_at", "no merged state: the record has neither state nor merged_at")
    return _rest_fields(row, host, _time(row, "merged_at"))


def _github_search_issues(row: dict[str, Any], host: str) -> dict[str, Any]:
    pull = row.get("pull_request")
    if not isinstance(pull, dict):
        raise RowError("pull_request", "missing: this item is an issue, not a PR (search is:pr)")
    if "merged_at" not in pull:
        raise RowError(
            "pull_request.merged_at",
            "missing: this /search/issues item does not say whether the PR merged; "
            "query the API again (it reports pull_request.merged_at)",
        )
    return _rest_fields(row, host, _time(pull, "merged_at"))


def _rest_fields(row: dict[str, Any], host: str, merged_at: dt.datetime | None) -> dict[str, Any]:
    closed_at = _time(row, "closed_at")
    return {
        **_identity(row, "html_url" if "html_url" in row else "url", host),
        "body": _text(row.get("body"), BODY_LIMIT),
        "author": _login(row.get("user")),
        "state": _state(row.get("state"), merged_at, closed_at),
        "created_at": _time(row, "created_at") or merged_at or closed_at,
        "merged_at": merged_at,
        "closed_at": closed_at,
        "additions": row.get("additions"),
        "deletions": row.get("deletions"),
        "changed_files": row.get("changed_files"),
        "labels": _labels(row.get("labels")),
        "comment_count": _count(row.get("comments")),
    }


def _csv(row: dict[str, Any], host: str) -> dict[str, Any]:
    def get(*names: str) -> str | None:
        return next((row[n] for n in names if row.get(n)), None)

    closed_at = _time(row, "closed_at") or _time(row, "closedAt")
    merged_at = (
        _time(row, "merged_at") or _time(row, "mergedAt") or _if_merged(get("state"), closed_at)
    )
    url_column = "url" if row.get("url") else "html_url"
    if not row.get(url_column):
        row = {**row, "url": _url_from_parts(row, host)}
        url_column = "url"
    created = _time(row, "created_at") or _time(row, "createdAt")
    return {
        **_identity(row, url_column, host),
        "body": _text(get("body"), BODY_LIMIT),
        "author": _text(get("author", "user")) or None,
        "state": _state(get("state"), merged_at, closed_at),
        "created_at": created or merged_at or closed_at,
        "merged_at": merged_at,
        "closed_at": closed_at or merged_at,
        "additions": _int(row, "additions"),
        "deletions": _int(row, "deletions"),
        "changed_files": _int(row, "changed_files") or _int(row, "changedFiles"),
        "files": tuple(_split(get("files"))),
        "labels": tuple(_split(get("labels"))),
    }


NORMALISERS = {
    "gh-pr-list": _gh_pr_list,
    "gh-search-prs": _gh_search,
    "github-rest": _github_rest,
    "github-search-issues": _github_search_issues,
    "csv": _csv,
}


def _identity(row: dict[str, Any], url_field: str, host: str) -> dict[str, Any]:
    """url, repo, number and title; the url rebuilt from its validated parts."""
    url = row.get(url_field)
    if not isinstance(url, str) or not url:
        raise RowError(url_field, "missing: the PR's web address identifies it")
    try:
        parts = parse_pr_url(url, (host,))
    except ValueError as exc:
        raise RowError(url_field, str(exc)) from None
    number = row.get("number")
    if number not in (None, "") and str(number).strip() != str(parts.number):
        raise RowError("number", f"{number!r} differs from the number in the url ({parts.url})")
    return {
        "url": parts.url,
        "repo": parts.repo,
        "number": parts.number,
        "title": _text(row.get("title"), SHORT_LIMIT),
    }


def _url_from_parts(row: dict[str, Any], host: str) -> str:
    repo, number = str(row.get("repo") or ""), str(row.get("number") or "")
    if not number:
        raise RowError("number", "empty: the row has no url, so its number must be given")
    return f"https://{host}/{repo}/pull/{number}"


def _clean(text: str) -> str:
    return _UNWRITABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _text(value: Any, limit: int = SHORT_LIMIT) -> str:
    """Untrusted text cleaned and cut once, to GitHub's own limit."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise TypeError(f"expected text, got {_kind(value)}")
    return _clean(str(value)[: limit * 2])[:limit]


def _time(row: dict[str, Any], name: str) -> dt.datetime | None:
    value = row.get(name)
    # gh search prints Go's zero time "0001-01-01T00:00:00Z" for a PR that never closed.
    if value in (None, "") or str(value).startswith("0001-01-01"):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value)[:40].replace("Z", "+00:00"))
    except ValueError:
        message = f"{str(value)[:40]!r} is not a date-time like 2024-01-31T09:00:00Z"
        raise RowError(name, message) from None
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
    raise RowError("state", f"{str(value)[:40]!r} is not one of open, closed, merged")


def _if_merged(state: Any, moment: dt.datetime | None) -> dt.datetime | None:
    return moment if str(state or "").lower() == "merged" else None


def _login(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("login")
    return _text(value) or None


def _list(row: dict[str, Any], name: str) -> list[Any]:
    value = row.get(name)
    return value if isinstance(value, list) else []


def _labels(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else []
    names = (v.get("name") if isinstance(v, dict) else v for v in items)
    return tuple(_text(n) for n in names if n is not None)


def _count(value: Any) -> int | None:
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict) and isinstance(value.get("totalCount"), int):
        return value["totalCount"]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _int(row: dict[str, Any], name: str) -> int | None:
    value = row.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise RowError(name, f"{str(value)[:40]!r} is not a whole number") from None


def _split(value: str | None) -> list[str]:
    return [_text(part.strip()) for part in re.split(r"[;|]", value or "") if part.strip()]


def _row_problem(label: str, shape: str, index: int, exc: Exception) -> InputProblem:
    where = f"[{index}]"
    if isinstance(exc, RowError):
        return InputProblem(label, None, f"{where}.{exc.field}", f"{exc} (a {shape} record)")
    if isinstance(exc, ValidationError):
        first = exc.errors(include_url=False)[0]
        name = field_path(tuple(first["loc"]))
        return InputProblem(label, None, f"{where}.{name}", str(first["msg"]))
    return InputProblem(label, None, where, f"{exc} (a {shape} record)")
