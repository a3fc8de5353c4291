"""`showcase ingest`: merged PRs in, draft achievement files out, without touching the owner's.

Drafts are keyed by PR URL: a PR already listed in any achievement's related_prs (a draft or
one the owner wrote or merged it into) gets no new file, and an existing file is never
rewritten, so running ingest twice changes nothing and no field the owner edited is lost.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.models.achievement import Achievement
from builder.models.pull_request import PullRequest
from builder.text import slug

DRAFTS_FOLDER = "drafts"
SUMMARY_LIMIT = 600


@dataclass
class IngestResult:
    written: list[Path] = field(default_factory=list)
    already_linked: list[str] = field(default_factory=list)
    not_merged: list[str] = field(default_factory=list)
    kept_existing: list[Path] = field(default_factory=list)


def plan_drafts(
    prs: list[PullRequest], achievements: list[Achievement], data_dir: Path
) -> tuple[dict[Path, str], IngestResult]:
    """Which draft files to write (path -> YAML text) and what was skipped; writes nothing."""
    linked = {url for a in achievements for url in a.related_prs}
    taken_ids = {a.id for a in achievements}
    result = IngestResult()
    drafts: dict[Path, str] = {}
    for pr in sorted(prs, key=lambda p: (p.repo, p.number)):
        if not pr.merged:
            result.not_merged.append(pr.url)
            continue
        if pr.url in linked:
            result.already_linked.append(pr.url)
            continue
        draft_id = draft_id_for(pr, taken_ids)
        path = data_dir / DRAFTS_FOLDER / f"{draft_id}.yml"
        if path.exists():
            result.kept_existing.append(path)
            continue
        taken_ids.add(draft_id)
        drafts[path] = draft_yaml(pr, draft_id)
    return drafts, result


def write_drafts(drafts: dict[Path, str], result: IngestResult) -> IngestResult:
    for path, text in drafts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never replace a file
            handle.write(text)
        result.written.append(path)
    return result


def draft_id_for(pr: PullRequest, taken: set[str]) -> str:
    owner, name = pr.repo.split("/", 1)
    base = slug(f"{name}-pr-{pr.number}", fallback="pr", limit=80)
    return (
        base
        if base not in taken
        else slug(f"{owner}-{name}-pr-{pr.number}", fallback="pr", limit=80)
    )


def draft_yaml(pr: PullRequest, draft_id: str) -> str:
    when = (pr.merged_at or pr.created_at).date()
    record = {
        "id": draft_id,
        "title": _one_line(pr.title) or f"Pull request #{pr.number}",
        "date": when.isoformat(),
        "organisation": pr.repo.split("/", 1)[0],
        "project": pr.repo,
        "summary": first_paragraph(pr.body) or _one_line(pr.title) or pr.url,
        "tags": sorted(set(pr.labels)),
        "related_prs": [pr.url],
        "draft": True,
    }
    # The header is fixed text: everything taken from the PR goes through safe_dump below.
    header = (
        "# yaml-language-server: $schema=../schema/achievement.schema.json\n"
        "# Draft made by `showcase ingest` from the pull request in related_prs.\n"
        "# Review and edit it, then delete `draft: true` to publish it.\n"
    )
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def first_paragraph(body: str) -> str:
    """The first prose paragraph of a PR body: headings, HTML comments and lists skipped."""
    text = without_html_comments(body or "")
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.strip().splitlines()]
        if not lines or lines[0].startswith(("#", "|", "```", "- [", "* [", ">")):
            continue
        paragraph = " ".join(ln for ln in lines if ln)
        return paragraph if len(paragraph) <= SUMMARY_LIMIT else paragraph[:SUMMARY_LIMIT] + "…"
    return ""


def without_html_comments(text: str) -> str:
    """`text` without <!-- ... --> comments, in one pass (a lazy regex rescans the rest of the
    text from every unclosed "<!--": quadratic on a hostile body). An unclosed comment hides
    the rest, as on GitHub."""
    parts, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        parts.append(text[at:start])
        end = text.find("-->", start + 4)
        if end == -1:
            return "".join(parts)
        at = end + 3
    parts.append(text[at:])
    return "".join(parts)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())
