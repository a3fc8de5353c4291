"""Build time and peak memory: cold and warm `showcase build`, next to plain `mkdocs build`.

    .venv/bin/python benchmarks/build_time.py [--scenario demo|synthetic|all]
                                              [--achievements 2000] [--prs 5000] [--json]

For the demo portfolio and for a generated one (benchmarks/synthetic_portfolio.py;
2,000 achievements and 5,000 PRs by default) this prints, per build:
  cold   `showcase build` with no caches (embeddings, LLM replies, trained models all new),
  warm   the same build again with the caches of the cold run: the nightly run with no new
         data, which should only pay for MkDocs and the PDFs,
  floor  plain `mkdocs build` of the very pages the plugin generated, written to disk, with
         the showcase plugin removed: what MkDocs alone costs for this site.
Each build runs in its own child process, timed by wall clock; peak memory is that child's
maximum resident set size from os.wait4 (resource.getrusage of the one child, not a sum).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROJECT_FILES = ("mkdocs.yml", "content", "site_templates", "notebooks")

# Run in a child process: the generated pages and assets written to a docs folder, with a
# mkdocs.yml that is the project's minus the showcase plugin (the floor build's input).
EXPORT_PAGES = r"""
import sys, yaml
from pathlib import Path
from builder.cli_context import load_project
from builder.models.options import BuildOptions
from builder.pipeline import build

project, out = Path(sys.argv[1]), Path(sys.argv[2])
loaded = load_project(project / "mkdocs.yml")
root = loaded.root
bundle = build(loaded.config, root, BuildOptions())
docs = out / "docs"
for source in (root / "content").rglob("*"):
    if source.is_file():
        target = docs / source.relative_to(root / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
for path, text in bundle.pages.items():
    (docs / path).parent.mkdir(parents=True, exist_ok=True)
    (docs / path).write_text(text, encoding="utf-8")
for path, data in bundle.assets.items():
    (docs / path).parent.mkdir(parents=True, exist_ok=True)
    (docs / path).write_bytes(data)
settings = yaml.safe_load((project / "mkdocs.yml").read_text())
settings["plugins"] = [p for p in settings.get("plugins", [])
                       if not (p == "showcase" or (isinstance(p, dict) and "showcase" in p))]
settings["docs_dir"] = str(docs)
settings["site_dir"] = str(out / "site")
settings["strict"] = False
settings["nav"] = bundle.nav
theme = settings.get("theme", {})
if isinstance(theme, dict) and theme.get("custom_dir"):
    theme["custom_dir"] = str(project / theme["custom_dir"])
(out / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
"""


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident MiB) of one child process; raises if it fails."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    environment.update({"CI": "true", "HF_HUB_OFFLINE": "1", "NO_MKDOCS_2_WARNING": "1"})
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=environment, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{tail}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def showcase_settings(mkdocs_yml: Path) -> dict:
    for plugin in yaml.safe_load(mkdocs_yml.read_text()).get("plugins", []):
        if isinstance(plugin, dict) and "showcase" in plugin:
            return plugin["showcase"] or {}
    return {}


def make_project(where: Path, scenario: str, achievements: int, prs: int) -> Path:
    project = where / scenario
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    data_dir = project / showcase_settings(REPO / "mkdocs.yml").get("data_dir", "achievements")
    if scenario == "demo":
        shutil.copytree(REPO / "achievements", data_dir)
    else:
        sys.path.insert(0, str(REPO))
        from benchmarks.synthetic_portfolio import synthetic_portfolio

        synthetic_portfolio(data_dir, achievements, prs, seed=1)
    return project


def measure(project: Path) -> dict[str, dict[str, float]]:
    showcase = [str(BIN / "showcase"), "build", "--config-file", "mkdocs.yml"]
    for stale in (project / ".cache", project / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    cold = run(showcase, project)
    warm = run(showcase, project)
    floor_dir = project.parent / f"{project.name}-floor"
    run([sys.executable, "-c", EXPORT_PAGES, str(project), str(floor_dir)], project)
    floor = run([str(BIN / "mkdocs"), "build", "--config-file", "mkdocs.yml"], floor_dir)
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    return {
        "cold": {"seconds": cold[0], "peak_mib": cold[1]},
        "warm": {"seconds": warm[0], "peak_mib": warm[1]},
        "floor": {"seconds": floor[0], "peak_mib": floor[1]},
        "pages": {"html": pages},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["demo", "synthetic", "all"], default="all")
    parser.add_argument("--achievements", type=int, default=2000)
    parser.add_argument("--prs", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    scenarios = ["demo", "synthetic"] if args.scenario == "all" else [args.scenario]
    where = args.keep or Path(tempfile.mkdtemp(prefix="showcase-bench-"))
    results = {}
    try:
        for scenario in scenarios:
            project = make_project(where, scenario, args.achievements, args.prs)
            label = (
                scenario
                if scenario == "demo"
                else (f"synthetic ({args.achievements} achievements, {args.prs} PRs)")
            )
            results[label] = measure(project)
    finally:
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    print(f"{'portfolio':<48} {'build':<6} {'seconds':>9} {'peak MiB':>9}")
    for label, figures in results.items():
        for build in ("cold", "warm", "floor"):
            row = figures[build]
            print(f"{label:<48} {build:<6} {row['seconds']:>9.1f} {row['peak_mib']:>9.0f}")
        warm, floor = figures["warm"]["seconds"], figures["floor"]["seconds"]
        print(
            f"{'':<48} warm is {warm / floor:.1f}x the mkdocs floor; "
            f"{figures['pages']['html']} HTML pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
