"""Reference-file tests: the offline narrative pages of the test portfolio, byte for byte.

Regenerate after an intended change with `UPDATE_REFERENCES=1 pytest tests/narratives`, then
read the diff before committing it.
"""

import os
from pathlib import Path

import pytest

from tests.narratives.narratives_fakes import fast_settings
from tests.narratives.test_pages import build_pages, enriched

REFERENCES = Path(__file__).parent / "references"
UPDATE = os.environ.get("UPDATE_REFERENCES") == "1"
PAGES = (
    "about.md",
    "interview/index.md",
    "interview/mlops-engineer.md",
    "mlops/prompt-evaluation.md",
    "achievements/batching.md",
)


@pytest.mark.parametrize("page", PAGES)
def test_offline_page_matches_reference(page: str, portfolio, values, impact, paths) -> None:
    pages = build_pages(enriched(portfolio, values, impact, paths, fast_settings(), {}))
    reference = REFERENCES / page.replace("/", "__")
    if UPDATE:
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_text(pages[page], encoding="utf-8")
    assert pages[page] == reference.read_text(encoding="utf-8")
