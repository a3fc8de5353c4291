"""Optional: the stage against a real local model (llama.cpp server, Ollama, vLLM, ...).

Set SHOWCASE_LLM_TEST_URL (e.g. http://127.0.0.1:8080/v1) and optionally
SHOWCASE_LLM_TEST_MODEL; run with `pytest -m llm tests/narratives`. Skipped, with the reason,
when no server answers there.
"""

import os
import urllib.request

import pytest

from builder.cache import Cache
from builder.narratives.stage import write_narratives
from tests.narratives.narratives_fakes import demo_roles, fast_settings

URL = os.environ.get("SHOWCASE_LLM_TEST_URL", "http://127.0.0.1:8080/v1")
MODEL = os.environ.get("SHOWCASE_LLM_TEST_MODEL", "local-model")
KNOWN_REASONS = {
    "ungrounded number",
    "off-length",
    "empty",
    "schema mismatch",
    "not JSON",
    "timeout",
    "garbage body",
}


def reachable(url: str) -> str | None:
    """None when the server lists its models, else why not."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/models", timeout=2) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except OSError as exc:
        return str(exc)


@pytest.mark.llm
def test_a_real_local_model_writes_grounded_narratives(portfolio, values, impact, paths) -> None:
    problem = reachable(URL)
    if problem is not None:
        pytest.skip(f"no OpenAI-compatible server at {URL} ({problem}); set SHOWCASE_LLM_TEST_URL")
    settings = fast_settings(model=MODEL, timeout_seconds=120, max_retries=1, cache_mode="off")
    result = write_narratives(
        portfolio,
        values,
        impact,
        settings,
        paths,
        Cache(paths.cache_dir),
        roles=demo_roles(),
        environ={"OPENAI_BASE_URL": URL},
    )
    assert result.backend == "model" and result.requests > 0
    assert set(result.fallback_reasons) <= KNOWN_REASONS
    from_model = [n for n in result.achievements.values() if n.source.startswith("model:")]
    assert len(from_model) + sum(f.task == "star" for f in result.fallbacks) == 3
