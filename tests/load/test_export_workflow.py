"""The export workflow's jq step keeps only what the loader reads: the same PRs load from
its output, and no review or comment text (other people's words) or branch name is left."""

import json
import re
import subprocess
from pathlib import Path

import yaml

from builder.load.pr_exports import load_export

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "export-prs.yml"
EXPORT = ROOT / "tests" / "fixtures" / "exports" / "gh-pr-list-small.json"


def jq_filter() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["export"]["steps"]
    run = next(s["run"] for s in steps if "jq --sort-keys" in s.get("run", ""))
    return re.search(r"jq --sort-keys '(.*?)' ", run, re.DOTALL).group(1)


def test_the_workflow_sends_only_what_the_loader_reads(tmp_path: Path) -> None:
    out = subprocess.run(
        ["jq", "--sort-keys", jq_filter(), str(EXPORT)], capture_output=True, text=True, check=True
    ).stdout
    slim = tmp_path / "slim.json"
    slim.write_text(out)
    full, problems = load_export(EXPORT, tmp_path)
    lean, more = load_export(slim, tmp_path)
    assert problems == more == []

    def records(prs: list) -> list[dict]:
        return sorted((p.model_dump(exclude={"source_file"}) for p in prs), key=lambda r: r["url"])

    assert records(lean) == records(full)
    sent = json.loads(out)
    assert "headRefName" not in {key for record in sent for key in record}
    assert all(set(r["reviews"]) == {"totalCount"} for r in sent)
    assert all(set(r["comments"]) == {"totalCount"} for r in sent)
    bodies = [
        c["body"] for r in json.loads(EXPORT.read_text()) for c in r["comments"] + r["reviews"]
    ]
    assert any(bodies) and not any(b and b in out for b in bodies)
