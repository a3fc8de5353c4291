"""`showcase ingest`: drafts keyed by PR URL, idempotent, never overwriting the owner's edits."""

import hashlib
from pathlib import Path

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
