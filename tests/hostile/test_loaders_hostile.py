"""Whole files built to hurt a loader: every one ends in a problem naming the file, never a
traceback, and within the time a linear reader needs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.linear_time import ROOT, SIZE

# Each case writes one file and loads it in a child with a CPU-time limit (RLIMIT_CPU): an
# alias bomb or a quadratic pattern is killed by the kernel instead of hanging the suite.
_CHILD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
from builder.load.pr_exports import load_export
from builder.load.yaml_source import read_yaml
path = Path(sys.argv[1])
if path.suffix == ".yml":
    _, problems = read_yaml(path, path.name)
else:
    _, problems = load_export(path, path.parent)
print(json.dumps([str(p) for p in problems]))
"""

N = SIZE
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
ROW = {"url": "https://github.com/acme/api/pull/1", "title": "t", "mergedAt": "2024-01-02"}

FILES = {
    "bomb.yml": (BOMB, "aliases (*name) are not supported"),
    "deep.yml": ("[" * N + "]" * N, "nested more than 50 levels deep"),
    "braces.yml": ("a: " + "{" * N, "nested more than 50 levels deep"),
    "quotes.yml": ('a: "' + "\\x1b" * (N // 4) + '"', "control character U+001B"),
    "deep.json": ("[" * N + "]" * N, "JSON nested too deeply"),
    "pages.json": ("[]" * N, ""),
    "garbage.json": ("{" * N, "malformed JSON"),
    "surrogate.json": (json.dumps([{**ROW, "body": "\ud800" * N}]), ""),
    "crafted.json": (json.dumps([{**ROW, "url": ROW["url"] + "\n" * N}]), "not a pull request URL"),
    "wide.csv": ("url,title,state\n" + ",".join(["x"] * N) + "\n", "not a pull request URL"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_hostile_file_is_a_named_problem_not_a_crash(tmp_path: Path, name: str) -> None:
    text, expected = FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"{name}: no clean problem (rc {result.returncode}):\n{result.stderr[-1500:]}"
    )
    assert "Traceback" not in result.stderr
    problems = json.loads(result.stdout)
    if expected:
        assert any(expected in p and name in p for p in problems), problems
    else:
        assert problems == []
