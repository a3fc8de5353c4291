"""`showcase ingest`: drafts keyed by PR URL, idempotent, never overwriting the owner's edits."""

import hashlib
import json
from pathlib import Path

import yaml

from builder.ingest import (
    IngestResult,
    first_paragraph,
    plan_drafts,
    without_html_comments,
    write_drafts,
)
from builder.load.achievements import load_achievements
from builder.load.pr_exports import load_export
from tests.conftest import copy_project, run_showcase

EXPORT = "achievements/exports/gh-pr-list.json"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ingesting_the_demo_export_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    first = run_showcase("ingest", EXPORT, cwd=project)
    drafts = sorted((project / "achievements" / "drafts").glob("*.yml"))
    assert drafts, first.stdout
    assert f"wrote {len(drafts)} drafts" in first.stdout
    before = tree_digest(project / "achievements")
    second = run_showcase("ingest", EXPORT, cwd=project)
    assert second.stdout.startswith("wrote 0 drafts")
    assert tree_digest(project / "achievements") == before
    # Drafts are valid achievements but not published until reviewed.
    assert "drafts" in run_showcase("validate", cwd=project).stdout


def test_owner_edits_survive_and_linked_prs_are_merged(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    run_showcase("ingest", EXPORT, cwd=project)
    draft = sorted((project / "achievements" / "drafts").glob("*.yml"))[0]
    edited = draft.read_text().replace("\ndraft: true", "\ndraft: true\nfeatured: true")
    edited = edited.replace("title:", "title: Owner's better title #", 1)
    draft.write_text(edited)
    run_showcase("ingest", EXPORT, cwd=project)
    assert draft.read_text() == edited


def test_prs_linked_by_the_owner_get_no_draft(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_showcase("ingest", EXPORT, "--dry-run", cwd=project)
    assert "would write" in result.stdout
    linked = int(result.stdout.split("drafts; ")[1].split(" PRs already linked")[0])
    assert linked > 0  # the demo achievements list their PRs in related_prs
    assert not (project / "achievements" / "drafts").exists()


def _draft_for(tmp_path: Path, row: dict) -> tuple[list, str | None]:
    """Load one gh-pr-list row, plan its draft, and read the draft back as an owner file."""
    export = tmp_path / "e.json"
    export.write_text(json.dumps([row]))  # lone surrogates stay as JSON escapes
    prs, problems = load_export(export, tmp_path)
    if problems:
        return [str(p) for p in problems], None
    drafts, _ = plan_drafts(prs, [], tmp_path / "achievements")
    write_drafts(drafts, IngestResult())
    (path,) = drafts
    found, problems = load_achievements([path], tmp_path)
    assert problems == [], problems
    return [], path.read_text(encoding="utf-8")


ROW = {
    "url": "https://github.com/acme/api/pull/9",
    "title": "Speed up the batch job",
    "mergedAt": "2025-01-02T03:04:05Z",
}


def test_a_body_with_a_lone_surrogate_and_control_characters_gives_a_loadable_draft(
    tmp_path: Path,
) -> None:
    problems, text = _draft_for(tmp_path, {**ROW, "body": "Cut it \ud800from 9 s\x1b[0m to 3 s."})
    assert problems == [] and text is not None
    assert "summary: Cut it from 9 s[0m to 3 s." in text


def test_a_newline_in_the_url_cannot_add_keys_to_a_draft(tmp_path: Path) -> None:
    url = ROW["url"] + "\nfeatured: true\nimpact_score: 10"
    problems, text = _draft_for(tmp_path, {**ROW, "url": url})
    assert text is None
    assert problems and "[0].url" in problems[0] and "not a pull request URL" in problems[0]


def test_the_draft_header_holds_no_text_from_the_pr(tmp_path: Path) -> None:
    _, text = _draft_for(tmp_path, {**ROW, "title": "# featured: true\n- x", "body": "b"})
    assert text is not None
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header == [
        "# yaml-language-server: $schema=../schema/achievement.schema.json",
        "# Draft made by `showcase ingest` from the pull request in related_prs.",
        "# Review and edit it, then delete `draft: true` to publish it.",
    ]
    assert yaml.safe_load(text)["title"] == "# featured: true - x"


def test_html_comments_are_dropped_in_one_pass_and_an_unclosed_one_hides_the_rest() -> None:
    assert first_paragraph("<!-- template -->\n\nReal text <!-- x --> here.") == "Real text  here."
    assert without_html_comments("keep <!-- open forever") == "keep "
