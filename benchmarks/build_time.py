"""Build time and peak memory of the owner's loop, next to plain `mkdocs build`.

    .venv/bin/python benchmarks/build_time.py [--scenario demo|synthetic|all]
                                              [--achievements 2000] [--prs 5000] [--json]
                                              [--no-first-use] [--no-serve]

For the demo portfolio and for a generated one (benchmarks/synthetic_portfolio.py;
2,000 achievements and 5,000 PRs by default) this prints, per build:
  first   `showcase build` on a machine that never built: empty project cache and empty
          per-user cache (the vocabulary's token vectors are encoded too),
  cold    a new project (empty .cache/showcase) on a machine that built before: the per-user
          cache holds the model's token vectors, so only the site's own words are encoded,
  warm    the same build again: the nightly run with no new data,
  edit    after one achievement's summary gains words the site never had,
  reload  `showcase serve` running: the time from saving such an edit to MkDocs'
          "Reloading browsers" (the dev server keeps its models and caches),
  floor   plain `mkdocs build` of the very pages the plugin generated, written to disk, with
          the showcase plugin removed: what MkDocs alone costs for this site.
Each build runs in its own child process, timed by wall clock, with a private per-user cache
(XDG_CACHE_HOME) so `first` is honest; peak memory is that child's maximum resident set size
from os.wait4 (for the server, its VmHWM when the reload is done). The machine's load average
is printed with the figures: on a shared machine they are upper bounds, and CPU seconds
(user + system of the child) say more than wall time.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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


def child_environment(user_cache: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    environment.update(
        {
            "CI": "true",
            "HF_HUB_OFFLINE": "1",
            "NO_MKDOCS_2_WARNING": "1",
            "XDG_CACHE_HOME": str(user_cache),
        }
    )
    return environment


def run(args: list[str], cwd: Path, user_cache: Path) -> dict[str, float]:
    """Seconds, CPU seconds and peak resident MiB of one child process; raises if it fails."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(
            args, cwd=cwd, env=child_environment(user_cache), stdout=log, stderr=log
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{tail}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
    }


def edit_one_summary(data_dir: Path, words: str) -> Path:
    """Append a sentence of words the site never had to the first published achievement's
    summary (a private or draft one would change no page)."""
    for path in sorted(data_dir.glob("*.yml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = loaded if isinstance(loaded, list) else [loaded]
        for item in items:
            published = isinstance(item, dict) and not item.get("private") and not item.get("draft")
            if published and "summary" in item and "id" in item:
                item["summary"] = f"{item['summary'].rstrip()} {words}"
                path.write_text(yaml.safe_dump(loaded, sort_keys=False), encoding="utf-8")
                return path
    raise SystemExit(f"no achievement with a summary in {data_dir}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_reload(project: Path, data_dir: Path, user_cache: Path) -> dict[str, float]:
    """Start `showcase serve`, wait for its first build, save one edit and time the rebuild
    up to "Reloading browsers"; the server's VmHWM is its peak memory."""
    args = [str(BIN / "showcase"), "serve", "-a", f"127.0.0.1:{free_port()}"]
    child = subprocess.Popen(
        args,
        cwd=project,
        env=child_environment(user_cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    seen = threading.Condition()

    def reader() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            with seen:
                lines.append(line)
                seen.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(pattern: str, after: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        with seen:
            while True:
                for index in range(after, len(lines)):
                    if re.search(pattern, lines[index]):
                        return index
                if child.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("showcase serve did not get there:\n" + "".join(lines[-40:]))
                seen.wait(1)

    try:
        ready = wait_for(r"Serving on", 0, 1800)
        # let the watcher settle, and the server load the embedding model in the background as
        # it does after its first build: an owner edits seconds after starting it, not at once
        time.sleep(15)
        start = time.perf_counter()
        edit_one_summary(data_dir, "Reviewed later with glimmox tooling and vextrane checks.")
        wait_for(r"Reloading browsers", ready, 600)
        seconds = time.perf_counter() - start
        status = Path(f"/proc/{child.pid}/status").read_text()
        peak_kib = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    finally:
        child.terminate()
        child.wait(30)
    return {"seconds": seconds, "cpu_seconds": float("nan"), "peak_mib": peak_kib / 1024}


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


def measure(project: Path, first_use: bool, serve: bool) -> dict[str, dict[str, float]]:
    showcase = [str(BIN / "showcase"), "build", "--config-file", "mkdocs.yml"]
    user_cache = project.parent / f"{project.name}-user-cache"
    data_dir = project / showcase_settings(project / "mkdocs.yml").get("data_dir", "achievements")
    figures: dict[str, dict[str, float]] = {}
    for stale in (project / ".cache", project / "site", user_cache):
        shutil.rmtree(stale, ignore_errors=True)
    if first_use:
        figures["first"] = run(showcase, project, user_cache)
        shutil.rmtree(project / ".cache")  # a new project; the per-user cache stays
    figures["cold"] = run(showcase, project, user_cache)
    figures["warm"] = run(showcase, project, user_cache)
    floor_dir = project.parent / f"{project.name}-floor"
    run([sys.executable, "-c", EXPORT_PAGES, str(project), str(floor_dir)], project, user_cache)
    figures["floor"] = run(
        [str(BIN / "mkdocs"), "build", "--config-file", "mkdocs.yml"], floor_dir, user_cache
    )
    edit_one_summary(data_dir, "Benchmarked again with flurbix probes and quandrel traces.")
    figures["edit"] = run(showcase, project, user_cache)
    if serve:
        figures["reload"] = serve_reload(project, data_dir, user_cache)
    figures["pages"] = {"html": sum(1 for _ in (project / "site").rglob("*.html"))}
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["demo", "synthetic", "all"], default="all")
    parser.add_argument("--achievements", type=int, default=2000)
    parser.add_argument("--prs", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--no-first-use", action="store_true", help="skip the build with an empty user cache"
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the serve reload")
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
            results[label] = measure(project, not args.no_first_use, not args.no_serve)
    finally:
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    if args.json:
        print(json.dumps({"load_average": load, **results}, indent=2, sort_keys=True))
        return 0
    print(f"load average after the runs: {load} on {os.cpu_count()} CPUs")
    print(f"{'portfolio':<44} {'build':<7} {'seconds':>8} {'cpu s':>7} {'peak MiB':>9}")
    for label, figures in results.items():
        for build in ("first", "cold", "warm", "edit", "reload", "floor"):
            if build in figures:
                row = figures[build]
                print(
                    f"{label:<44} {build:<7} {row['seconds']:>8.1f} "
                    f"{row['cpu_seconds']:>7.1f} {row['peak_mib']:>9.0f}"
                )
        warm, floor = figures["warm"]["seconds"], figures["floor"]["seconds"]
        print(
            f"{'':<44} warm is {warm / floor:.2f}x the mkdocs floor "
            f"(cpu {figures['warm']['cpu_seconds'] / figures['floor']['cpu_seconds']:.2f}x); "
            f"{figures['pages']['html']} HTML pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
