"""Every pattern family of the value engine is linear on hostile PR text (issue #18).

Each family runs in a fresh interpreter on adversarial strings of 65,536 characters, the
longest body GitHub allows. The cap is a wall clock, generous for a loaded 2-core machine:
the quadratic patterns this replaces took 23 s and 34 s on these inputs.
"""

import subprocess
import sys

import pytest

N = 65_536
CAP_SECONDS = 90  # all thirteen inputs in one interpreter; ~5 s of CPU when idle
ADVERSARIAL = {
    "brackets": '"[" * N',
    "image": '"![" * (N // 2)',
    "links": '"[a](" * (N // 4)',
    "comment": '"<!--" * (N // 4)',
    "tags": '"<a" * (N // 2)',
    "hours": '"1 h " * (N // 4)',
    "pairs": '"from 1 s to " * (N // 12)',
    "pipes": '"| 1 ms | 2 ms " * (N // 14)',
    "table": '"| a | before | after |\\n|---|---|---|\\n" + "| x | 1 ms | 2 ms |\\n" * (N // 20)',
    "fences": '"```\\n" * (N // 4)',
    "digits": '"1," * (N // 2)',
    "time words": '"time latency CI " * (N // 16)',
    "hyperfine": '"Benchmark 1: a\\n  Time (mean ± σ): 1 ms\\n" * (N // 40)',
}
FAMILIES = {
    "sentences": "from builder.value.parse import sentences; sentences(TEXT)",
    "tables": "from builder.value.tables import read; read(TEXT)",
    "signals": "from builder.value.signals import extract_signals; extract_signals(TEXT)",
    "pricing": "from builder.value.stage import estimate_text;"
    "from builder.models.value_settings import ValueSettings;"
    "estimate_text(TEXT, ValueSettings())",
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_pattern_family_is_linear_on_hostile_text(family: str) -> None:
    lines = [f"N = {N}"]
    for text in ADVERSARIAL.values():
        lines += [f"TEXT = ({text})[:N]", "assert len(TEXT) <= N", FAMILIES[family]]
    subprocess.run([sys.executable, "-c", "\n".join(lines)], check=True, timeout=CAP_SECONDS)
