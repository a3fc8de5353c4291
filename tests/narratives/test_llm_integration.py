"""The whole `showcase build` against a real local model: SmolLM2-135M-Instruct behind
llama-cpp-python's OpenAI-compatible server (the `llm_server` fixture starts it on
127.0.0.1; `make llm-test` installs it). `make test` and CI require these tests: without a
server they fail with the reason instead of skipping.

The demo is cut to two achievements, one target role and three questions (8 texts), so the
135M model on two CPU cores finishes in minutes; the build, the guard and the cache are the
demo's own. A second build with the same endpoint replays the reply cache: zero requests.
"""

import json
import re
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_project, run_showcase

SECRET = "sk-llm-test-NEVER-PUBLISH-8d1f0e"
KEEP = ("embedding-request-batching", "llm-eval-harness")
GUARD_LINE = re.compile(
    r"Grounding guard: (\d+) model replies accepted, (\d+) rejected \(([^)]*)\)"
)
NARRATIVES_LINE = re.compile(r"Narratives: (\d+) texts, (\d+) from the model, (\d+) from templates")
REQUESTS = re.compile(r"; (\d+) requests, (\d+) cache hits")
SETTINGS = {"max_tokens": 384, "timeout_seconds": 600, "budget_seconds": 1800, "concurrency": 2}


def small_demo(dest: Path) -> Path:
    """The demo project with two achievements, one target role and three questions."""
    project = copy_project(dest)
    for path in (project / "achievements").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        items = data if isinstance(data, list) else [data]  # a file may hold a list
        if path.name != "profile.yml" and not any(i.get("id") in KEEP for i in items):
            path.unlink()
    profile_path = project / "achievements" / "profile.yml"
    profile = yaml.safe_load(profile_path.read_text())
    profile["target_roles"] = ["MLOps Engineer"]
    profile_path.write_text(yaml.safe_dump(profile, sort_keys=False))
    roles_path = project / "site_templates" / "narratives" / "roles.yml"
    roles = yaml.safe_load(roles_path.read_text())
    roles["common_questions"] = roles["common_questions"][:1]
    roles_path.write_text(yaml.safe_dump(roles, sort_keys=False))
    config = project / "mkdocs.yml"
    settings = json.dumps(SETTINGS)
    # The impact model is off: its notebook fails on a two-achievement portfolio (a bug of
    # the mlops stage, reported), and it has nothing to do with the model server.
    text = config.read_text().replace(
        "      cache_dir: .cache/showcase\n",
        f"      cache_dir: .cache/showcase\n      narratives: {settings}\n"
        "      mlops: {enabled: false}\n",
    )
    assert "narratives:" in text
    config.write_text(text)
    return project


def figures(log: str) -> dict[str, int]:
    texts, model, templates = map(int, NARRATIVES_LINE.search(log).groups())  # type: ignore[union-attr]
    requests, hits = map(int, REQUESTS.search(log).groups())  # type: ignore[union-attr]
    accepted, rejected, _ = GUARD_LINE.search(log).groups()  # type: ignore[union-attr]
    return {
        "texts": texts,
        "model": model,
        "templates": templates,
        "requests": requests,
        "hits": hits,
        "accepted": int(accepted),
        "rejected": int(rejected),
    }


@pytest.mark.llm
def test_a_real_model_builds_the_demo_then_the_cache_replays_it(
    llm_server: str, tmp_path: Path
) -> None:
    project = small_demo(tmp_path / "p")
    env = {"OPENAI_BASE_URL": llm_server, "OPENAI_API_KEY": SECRET}
    start = time.monotonic()
    first = run_showcase("build", cwd=project, env=env)
    seconds = time.monotonic() - start
    log = first.stdout + first.stderr
    got = figures(log)
    report = [line for line in log.splitlines() if "Narratives:" in line or "guard:" in line]
    print(f"\nreal-model build: {seconds:.0f} s", *report, sep="\n")  # for the CI log
    # Requests got answers: no breaker, no budget, no transport fault.
    for fault in ("endpoint unavailable", "time budget spent", "connection", "server error"):
        assert fault not in log, fault
    assert got["requests"] > got["texts"] - got["hits"] > 0
    # Every text the model was asked for got the guard's verdict, counted in the report.
    assert got["accepted"] + got["rejected"] == got["texts"]
    assert got["model"] == got["accepted"]
    pack = (project / ".showcase-private" / "interview" / "index.md").read_text()
    assert "OpenAI-compatible server at 127.0.0.1" in pack
    evaluation = (project / "site" / "mlops" / "prompt-evaluation" / "index.html").read_text()
    assert f"of {got['texts']} model replies, {got['accepted']} were accepted" in evaluation

    second = run_showcase("build", cwd=project, env=env)
    again = figures(second.stdout + second.stderr)
    assert again["requests"] == 0 and again["hits"] == got["texts"]
    assert (again["accepted"], again["rejected"]) == (got["accepted"], got["rejected"])

    port_and_path = llm_server.rsplit(":", 1)[1]
    written = [p for p in (project / "site").rglob("*") if p.is_file()]
    written += [p for p in (project / ".cache").rglob("*") if p.is_file()]
    written += [p for p in (project / ".showcase-private").rglob("*") if p.is_file()]
    written.append(project / "achievements" / "llm_cache.jsonl")
    for path in written:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        assert port_and_path.encode() not in data, path
    for output in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert SECRET not in output and port_and_path not in output
