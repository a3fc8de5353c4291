"""The CLI answers at once: commands that need no model import no ML stack.

Each check runs the command in a fresh interpreter (imports are per process) and lists which
heavy modules ended up in sys.modules."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = (
    "torch",
    "transformers",
    "sentence_transformers",
    "model2vec",
    "faiss",
    "sklearn",
    "onnxruntime",
    "onnx",
)

PROBE = """
import json, sys
from click.testing import CliRunner
from builder.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"exit": result.exit_code, "output": result.output, "heavy": heavy}}))
"""


def imported_by(*args: str) -> dict:
    code = PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "CI": "true"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("value", "Cut the p95 latency from 800 ms to 200 ms for 40 engineers"),
        ("value", "--json", "Saves 6 hours per week for a team of 5"),
        ("--help",),
    ],
)
def test_fast_commands_import_no_ml_stack(args: tuple[str, ...]) -> None:
    seen = imported_by(*args)
    assert seen["exit"] == 0, seen["output"]
    assert seen["heavy"] == []


def test_the_probe_sees_an_import_when_there_is_one() -> None:
    """The probe itself can fail: `search` loads FAISS and the probe sees it. A query (or
    document) missing from the cache is encoded by ONNX Runtime, never by torch."""
    seen = imported_by("search", "GPU inference cost")
    assert seen["exit"] == 0, seen["output"]
    assert "faiss" in seen["heavy"]
    assert not {"torch", "transformers", "sentence_transformers"} & set(seen["heavy"])
