"""The downloads: a resume PDF within its page limit, a landscape pitch deck (WeasyPrint),
and resume.json in the JSON Resume format."""

from builder.models.enriched import Enriched
from builder.render.jsonresume import site_assets
from builder.render.pdf.pitch import render_pitch
from builder.render.pdf.resume import render_resume

RESUME_PATH = "downloads/resume.pdf"
PITCH_PATH = "downloads/pitch.pdf"


def render_pdfs(enriched: Enriched) -> dict[str, bytes]:
    """Site path -> bytes of every download the home page links (PDFs only when enabled)."""
    downloads = site_assets(enriched)
    if enriched.config.pdf.enabled:
        downloads[RESUME_PATH] = render_resume(enriched).pdf
        downloads[PITCH_PATH] = render_pitch(enriched)
    return downloads


__all__ = ["PITCH_PATH", "RESUME_PATH", "render_pdfs"]
