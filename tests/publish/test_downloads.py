"""builder/pdf/__init__.py: the downloads the render stage adds to the site."""

import json

from builder.render.downloads import PITCH_PATH, RESUME_PATH, render_pdfs
from tests.publish import publish_factory as factory


def test_all_three_downloads_by_default() -> None:
    assets = render_pdfs(factory.enriched(factory.achievements(5)))
    assert sorted(assets) == sorted([RESUME_PATH, PITCH_PATH, "downloads/resume.json"])
    assert assets[RESUME_PATH].startswith(b"%PDF-") and assets[PITCH_PATH].startswith(b"%PDF-")
    assert json.loads(assets["downloads/resume.json"])["basics"]["name"] == "Ada Example"


def test_pdfs_off_leaves_resume_json() -> None:
    enriched = factory.enriched(factory.achievements(5))
    config = enriched.config.model_copy(
        update={"pdf": enriched.config.pdf.model_copy(update={"enabled": False})}
    )
    assets = render_pdfs(enriched.model_copy(update={"config": config}))
    assert list(assets) == ["downloads/resume.json"]
