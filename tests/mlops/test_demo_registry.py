"""The demo's committed registry: a clean clone with an empty cache rebuilds the same champion
and history, and an edit to no model feature retrains nothing (the built demo is shared)."""

import html
import json
import re
import shutil
from pathlib import Path

import yaml

from builder.cli_context import load_project
from builder.mlops import training
from builder.models.config import Paths
from builder.models.options import BuildOptions
from builder.pipeline import Session, enrich
from tests.conftest import ROOT

REGISTRY = "achievements/registry"
STALE = (
    "the committed demo registry is not what the demo builds (its data, features or libraries "
    "changed): build the demo in a copy and copy its achievements/registry/ back"
)


def registry_files(root: Path) -> dict[str, bytes]:
    base = root / REGISTRY
    return {
        str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()
    }


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text()))


def test_a_clean_clone_rebuilds_the_committed_champion_and_history(demo_site: Path) -> None:
    """demo_site is built from a copy of the repository with no .cache/ at all."""
    committed = registry_files(ROOT)
    assert "registry.json" in committed and "promotions.jsonl" in committed
    assert registry_files(demo_site.parent) == committed, STALE

    state = json.loads(committed["registry.json"])
    champion = state["aliases"]["champion"]
    [entry] = [v for v in state["versions"] if v["version"] == champion]
    assert f"models/{entry['model_sha256']}.model" in committed
    experiments = " ".join(page_text(demo_site / "mlops/experiments/index.html").split())
    assert entry["run_id"] in page_text(demo_site / "mlops/index.html")
    assert entry["run_id"] in experiments
    for line in committed["promotions.jsonl"].decode().splitlines():
        decision = json.loads(line)
        assert " ".join(decision["reason"].split()) in experiments


def test_an_edit_to_no_model_feature_retrains_nothing(
    demo_site: Path, tmp_path: Path, monkeypatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(demo_site.parent, project, ignore=shutil.ignore_patterns("site", ".site.*"))
    before = registry_files(project)
    path = project / "achievements" / "rag-search.yml"
    text = path.read_text()
    # The organisation, a link's address (the model sees how many links, not where to) and
    # the summary, with words the site never had (the pitch: the model reads the story).
    edited = text.replace("organisation: Northwind AI", "organisation: Northwind AI Labs")
    edited = edited.replace("eval/README.md", "docs/evaluation.md")
    assert edited.count("Northwind AI Labs") == 1 and "docs/evaluation.md" in edited
    data = yaml.safe_load(edited)
    data["summary"] = f"{data['summary']} Revisited with zorbleflux probes."
    path.write_text(yaml.safe_dump(data, sort_keys=False))

    calls: list[int] = []
    real = training.train
    monkeypatch.setattr(training, "train", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    loaded = load_project(project / "mkdocs.yml")
    session = Session()
    enriched = enrich(loaded.config, project, BuildOptions(), until="mlops", session=session)
    assert calls == []
    assert registry_files(project) == before
    champion = json.loads(before["registry.json"])["aliases"]["champion"]
    assert enriched.model is not None and enriched.model.champion_version == champion
    # The stage's inputs did not change: the demo build's report answered, no lifecycle ran.
    cache = session.cache(Paths.resolve(loaded.config, project).cache_dir)
    assert cache.hit_counts["mlops-report"] == 1 and cache.miss_counts["mlops-report"] == 0

    # A change to the story is a feature: the stage runs and trains a challenger.
    data["result"] = f"{data['result']} Later audited twice."
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    enrich(loaded.config, project, BuildOptions(), until="mlops", session=Session())
    assert calls != [] and registry_files(project) != before
