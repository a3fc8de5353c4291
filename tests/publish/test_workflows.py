""".github/workflows: actionlint-clean, and the deploy workflow does what the owner relies on."""

import os
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
    upload = next(s for s in all_steps if "site/downloads" in s.get("with", {}).get("path", ""))
    assert upload["uses"].startswith("actions/upload-artifact@")
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


def test_deploy_installs_the_runtime_lock_only_with_cpu_torch_first() -> None:
    install = next(s for s in steps(load("deploy.yml")) if "pip install" in s.get("run", ""))
    lines = [line for line in install["run"].splitlines() if "pip install" in line]
    torch, runtime, package = lines
    assert "requirements/torch.txt" in torch and "--no-deps" in torch
    assert "--index-url https://download.pytorch.org/whl/cpu" in install["run"]
    assert "--require-hashes --no-deps -r" in runtime and "requirements/runtime.txt" in runtime
    assert "--no-deps" in package
    assert "pip check" in install["run"]
    assert "test.txt" not in install["run"] and "[test]" not in install["run"]


def test_the_user_token_cache_is_kept_beside_the_project_cache() -> None:
    all_steps = steps(load("deploy.yml"))
    restores = [s for s in all_steps if "cache/restore@" in s.get("uses", "")]
    saves = [s for s in all_steps if "cache/save@" in s.get("uses", "")]
    user = next(s for s in restores if s["with"]["path"] == "~/.cache/showcase")
    assert "all-minilm-l6-v2" in user["with"]["key"]
    assert "hashFiles(" in user["with"]["key"] and "requirements/runtime.txt" in user["with"]["key"]
    assert user["if"] == "${{ !inputs.from_scratch }}"
    assert any(s["with"]["key"] == user["with"]["key"] for s in saves)
    assert any(".cache/showcase" in s["with"]["path"].split() for s in restores)


def test_only_the_registry_job_may_write_and_only_on_main() -> None:
    workflow = load("deploy.yml")
    keep = workflow["jobs"]["keep-registry"]
    assert keep["permissions"] == {"contents": "write"}
    assert keep["needs"] == "build" and "refs/heads/main" in keep["if"]
    assert "registry-artifact" in keep["if"]
    assert keep["env"]["BRANCH"] == "${{ vars.REGISTRY_BRANCH || github.ref_name }}"
    others = {n: j.get("permissions") for n, j in workflow["jobs"].items() if n != "keep-registry"}
    assert all("write" not in (perms or {}).get("contents", "read") for perms in others.values())
    upload = next(s for s in steps(workflow) if s.get("id") == "upload-registry")
    assert upload["with"]["path"] == "achievements/registry/"


def commit_script() -> str:
    keep = load("deploy.yml")["jobs"]["keep-registry"]
    return next(s["run"] for s in keep["steps"] if "git commit" in s.get("run", ""))


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def portfolio_clone(tmp_path: Path) -> tuple[Path, Path]:
    """A bare 'origin' with a main branch holding a registry, and a clone of it."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    (work / "achievements" / "registry").mkdir(parents=True)
    (work / "achievements" / "registry" / "history.jsonl").write_text('{"version": 1}\n')
    git(work, "add", "--all")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "start")
    git(work, "push", "--quiet", "origin", "main")
    return origin, work


def run_commit_step(work: Path, built: Path, branch: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(work.parent),
        "BRANCH": branch,
        "RUNNER_TEMP": str(built.parent),
        "GITHUB_RUN_NUMBER": "42",
    }
    script = "set -eo pipefail\n" + commit_script()
    return subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True)


def built_registry(tmp_path: Path, history: str) -> Path:
    built = tmp_path / "runner" / "registry"
    built.mkdir(parents=True, exist_ok=True)
    (built / "history.jsonl").write_text(history)
    return built


def test_the_commit_step_commits_a_changed_registry_to_main_with_skip_ci(tmp_path: Path) -> None:
    origin, work = portfolio_clone(tmp_path)
    built = built_registry(tmp_path, '{"version": 1}\n{"version": 2}\n')
    result = run_commit_step(work, built, "main")
    assert result.returncode == 0, result.stderr
    assert (
        git(origin, "log", "-1", "--format=%s", "main") == "Model registry from build 42 [skip ci]"
    )
    pushed = git(origin, "show", "main:achievements/registry/history.jsonl")
    assert pushed == '{"version": 1}\n{"version": 2}'


def test_the_commit_step_makes_no_commit_when_the_registry_is_unchanged(tmp_path: Path) -> None:
    origin, work = portfolio_clone(tmp_path)
    before = git(origin, "rev-parse", "main")
    built = built_registry(tmp_path, '{"version": 1}\n')
    result = run_commit_step(work, built, "main")
    assert result.returncode == 0, result.stderr
    assert "did not change" in result.stdout
    assert git(origin, "rev-parse", "main") == before


def test_the_commit_step_starts_then_continues_the_owners_registry_branch(tmp_path: Path) -> None:
    origin, work = portfolio_clone(tmp_path)
    main_before = git(origin, "rev-parse", "main")
    first = built_registry(tmp_path, '{"version": 1}\n{"version": 2}\n')
    assert run_commit_step(work, first, "showcase-registry").returncode == 0
    git(work, "checkout", "--quiet", "main")
    second = built_registry(tmp_path, '{"version": 1}\n{"version": 2}\n{"version": 3}\n')
    result = run_commit_step(work, second, "showcase-registry")
    assert result.returncode == 0, result.stderr
    assert git(origin, "rev-parse", "main") == main_before  # main untouched
    log = git(origin, "log", "--format=%s", "showcase-registry").splitlines()
    assert log[:2] == ["Model registry from build 42 [skip ci]"] * 2 and log[2] == "start"
    shown = git(origin, "show", "showcase-registry:achievements/registry/history.jsonl")
    assert shown.count("version") == 3


def test_init_ships_this_repositorys_workflows_from_one_source() -> None:
    shipped = resources.files("builder.scaffold").joinpath("files", "workflows")
    for name in ("deploy.yml", "export-prs.yml"):
        assert shipped.joinpath(name).read_bytes() == (WORKFLOWS / name).read_bytes(), name
        # in the clone the package data is a symlink to .github/workflows: no second copy
        assert Path(str(shipped.joinpath(name))).resolve() == (WORKFLOWS / name).resolve()
