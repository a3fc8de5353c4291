""".github/workflows: actionlint-clean, and the deploy workflow does what the owner relies on."""

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actionlint_passes_on_every_workflow() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"deploy.yml", "export-prs.yml"}
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.nonexistent_context_value }}\n"
        "      - uses: actions/checkout@v4\n        with: {unknown_input: 1}\n"
    )
    result = subprocess.run([str(ACTIONLINT), "-no-color", str(broken)], capture_output=True)
    assert result.returncode != 0


def test_deploy_runs_on_push_to_main_and_nightly() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert len(workflow["on"]["schedule"]) == 1
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_deploy_builds_with_showcase_and_restores_caches() -> None:
    workflow = load("deploy.yml")
    all_steps = steps(workflow)
    build = next(s for s in all_steps if "showcase build" in s.get("run", ""))
    assert build["env"]["OPENAI_API_KEY"] == "${{ secrets.OPENAI_API_KEY }}"
    assert "secrets.OPENAI_BASE_URL" in build["env"]["OPENAI_BASE_URL"]
    restore = next(s for s in all_steps if s.get("uses", "").startswith("actions/cache/restore@"))
    assert ".cache/showcase" in restore["with"]["path"]
    assert "llm_cache.jsonl" in restore["with"]["path"]
    save = next(s for s in all_steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert save["with"]["key"] == restore["with"]["key"]
    names = [s.get("uses", s.get("run", "")) for s in all_steps]
    assert names.index(restore["uses"]) < names.index(build["run"]) < names.index(save["uses"])


def test_pdfs_are_uploaded_as_artifacts() -> None:
    all_steps = steps(load("deploy.yml"))
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "site/downloads/*.pdf" in upload["with"]["path"]
    assert upload["with"]["if-no-files-found"] == "error"


def test_export_workflow_exports_merged_prs_in_the_shape_the_loader_reads() -> None:
    workflow = load("export-prs.yml")
    run = "\n".join(s.get("run", "") for s in steps(workflow))
    assert "gh pr list" in run and "--state merged" in run
    fields = run.split("--json ", 1)[1].split()[0].split(",")
    assert {"number", "title", "body", "url", "mergedAt", "state", "createdAt"} <= set(fields)
    assert "achievements/exports/" in run
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "read"}


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() -> None:
    for workflow in sorted(WORKFLOWS.glob("*.yml")):
        lines = [line for line in workflow.read_text().splitlines() if "uses:" in line]
        assert lines, workflow.name
        for line in lines:
            assert re.search(r"uses: [\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_a_manual_run_can_rebuild_from_scratch() -> None:
    workflow = load("deploy.yml")
    option = workflow["on"]["workflow_dispatch"]["inputs"]["from_scratch"]
    assert option["type"] == "boolean" and option["default"] is False
    restore = next(s for s in steps(workflow) if "cache/restore@" in s.get("uses", ""))
    assert restore["if"] == "${{ !inputs.from_scratch }}"


def test_deploy_installs_the_runtime_only_with_cpu_torch() -> None:
    run = "\n".join(s.get("run", "") for s in steps(load("deploy.yml")))
    assert "--index-url https://download.pytorch.org/whl/cpu" in run
    assert "[test]" not in run and "make " not in run


def test_init_ships_the_same_workflows_as_this_repository() -> None:
    shipped = resources.files("builder.scaffold").joinpath("files", "workflows")
    for name in ("deploy.yml", "export-prs.yml"):
        assert shipped.joinpath(name).read_bytes() == (WORKFLOWS / name).read_bytes(), name
