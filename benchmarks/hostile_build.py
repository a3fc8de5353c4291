"""Time and peak memory of `showcase build` on hostile inputs, next to the plain demo build.

    .venv/bin/python benchmarks/hostile_build.py [--only plain,adversarial,prs20k] [--json]

Scenarios, each a copy of the demo project (its warm .cache copied in, so the figures are
what the nightly build pays for the new input, not for the demo's first embedding):
  plain        the demo as it is;
  adversarial  the demo plus an export of 50 merged PRs whose bodies are 65,536 characters
               (GitHub's limit) built to make backtracking patterns quadratic: "1," runs,
               "[" runs, unclosed "<!--", "1 h " repeated, nested parentheses... (issue #18:
               must finish within a minute of `plain`);
  prs20k       the demo plus an export of 20,000 merged PRs in `gh pr list --json` shape,
               generated with tests/fixtures/generators (must stay under 4 GB peak memory).
Each build runs in its own child process; wall time by clock, CPU time and peak resident set
size from os.wait4 (the child's own rusage). The load average is printed with the figures: on
a shared machine they are upper bounds.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.generators.filler_prs import filler_draft  # noqa: E402
from tests.fixtures.generators.pr_records import REPOS, draft_record, dump_export  # noqa: E402

PROJECT_FILES = ("mkdocs.yml", "content", "site_templates", "achievements", "notebooks")
BODY = 65_536
ADVERSARIAL_UNITS = ("1,", "[", "<!--", "1 h ", "from 1 ms to ", "(", "![", "1.", "<", "| 1 ")
SEED = 18


def adversarial_export() -> list[dict]:
    """50 merged PRs, each body one adversarial unit repeated to 65,536 characters."""
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    records = []
    for i in range(50):
        unit = ADVERSARIAL_UNITS[i % len(ADVERSARIAL_UNITS)]
        moment = start + dt.timedelta(days=i)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        records.append(
            {
                "number": 90_001 + i,
                "url": f"https://github.com/northwind-ai/infra/pull/{90_001 + i}",
                "title": f"Stress body {i}: {unit.strip() or 'space'} repeated",
                "body": (unit * (BODY // len(unit) + 1))[:BODY],
                "state": "MERGED",
                "createdAt": stamp,
                "mergedAt": stamp,
                "closedAt": stamp,
                "author": {"login": "mokafor"},
                "additions": 10,
                "deletions": 2,
                "changedFiles": 1,
                "files": [{"path": "docs/stress.md"}],
                "labels": [],
            }
        )
    return records


def bulk_export(count: int) -> list[dict]:
    """`count` merged PRs spread over the demo's repositories (filler PRs of the generator)."""
    repos = sorted(REPOS)
    start = dt.datetime(2019, 1, 1, 9, 0, tzinfo=dt.UTC)
    records = []
    for i in range(count):
        repo = repos[i % len(repos)]
        created = start + dt.timedelta(hours=3 * i)
        draft = filler_draft(SEED, repo, i, created, "MERGED")
        records.append(draft_record(SEED, draft, 20_000 + i))
    return records


def project_copy(source_root: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    if (source_root / ".cache").is_dir():
        shutil.copytree(source_root / ".cache", dest / ".cache")
    return dest


def build(project: Path, timeout: float) -> dict[str, float]:
    """One `showcase build` in a child: wall s, CPU s, peak RSS MiB, return code (-9 when it
    ran over `timeout` seconds and was stopped)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update({"CI": "true", "HF_HUB_OFFLINE": "1"})
    log = (project / "build.log").open("w")
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "builder", "build"], cwd=project, env=env, stdout=log, stderr=log
    )
    timer = threading.Timer(timeout, child.kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    timer.cancel()
    wall = time.perf_counter() - began
    log.close()
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 0),
        "returncode": os.waitstatus_to_exitcode(status),
    }


SCENARIOS = {
    "plain": None,
    "adversarial": adversarial_export,
    "prs20k": lambda: bulk_export(20_000),
}


def run(name: str, source_root: Path, workdir: Path, timeout: float) -> dict[str, float]:
    project = project_copy(source_root, workdir / name)
    make = SCENARIOS[name]
    if make is not None:
        dump_export(make(), project / "achievements" / "exports" / f"{name}.json")
    figures = build(project, timeout)
    if figures["returncode"] != 0:
        tail = (project / "build.log").read_text()[-1500:]
        print(f"{name}: build failed (exit {figures['returncode']}):\n{tail}", file=sys.stderr)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="demo project to copy (default: this repo)"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per build")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-build-") as tmp:
        for name in names:
            results[name] = run(name, args.project, Path(tmp), args.timeout)
            load = os.getloadavg()[0]
            row = results[name]
            print(
                f"{name:12} wall {row['wall_s']:7.1f} s  cpu {row['cpu_s']:7.1f} s  "
                f"peak {row['peak_rss_mib']:6.0f} MiB  exit {row['returncode']}  "
                f"(load {load:.1f})",
                flush=True,
            )
    if "plain" in results and "adversarial" in results:
        extra = results["adversarial"]["wall_s"] - results["plain"]["wall_s"]
        print(f"adversarial - plain: {extra:+.1f} s wall (limit +60 s)")
    if "prs20k" in results:
        print(f"prs20k peak: {results['prs20k']['peak_rss_mib'] / 1024:.2f} GiB (limit 4 GB)")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if all(r["returncode"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
