"""Fixtures of the narrative tests (helpers live in narratives_fakes.py, importable by tests)."""

import datetime as dt
import socket
import threading
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
