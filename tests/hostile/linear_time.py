"""Run one function on one adversarial input in a fresh interpreter and measure its CPU time.

CPU time of the child (not wall-clock) is what a loaded machine inflates least; the cap is
generous (a linear pass over 65,536 characters takes milliseconds, a quadratic one tens of
seconds), and a wall-clock timeout stops a runaway child so the suite never hangs.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = 65_536  # GitHub's limit on a PR body: the longest text anyone can put in an export
CPU_CAP_SECONDS = 2.0  # linear cases take milliseconds; the old quadratic ones 5-200 s
WALL_TIMEOUT_SECONDS = 60

_CHILD = """
import importlib, json, resource, sys
module, name, make, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
function = getattr(importlib.import_module(module), name)
text = eval(make, {"N": SIZE_HERE})
before = resource.getrusage(resource.RUSAGE_SELF)
try:
    function(text, *eval(extra))
except Exception:  # refusing the text is fine: only the time it took matters here
    pass
after = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                  "chars": len(text)}))
""".replace("SIZE_HERE", str(SIZE))


def cpu_seconds(target: str, make: str, extra: str = "()") -> float:
    """CPU seconds `module:function` spends on the text the expression `make` builds (N is
    the size; `extra` is a tuple of further arguments); fails when the child runs too long."""
    module, name = target.split(":")
    try:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, module, name, make, extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=WALL_TIMEOUT_SECONDS,
            env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{target} on {make} ran over {WALL_TIMEOUT_SECONDS} s") from None
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["chars"] >= SIZE * 0.9, f"the input {make} is not adversarially long"
    return report["cpu"]
