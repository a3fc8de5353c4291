"""The downloads: a resume PDF within its page limit, a landscape pitch deck (WeasyPrint),
and resume.json in the JSON Resume format.

The renderers are imported inside `render_pdfs`: they use builder.render's filters and
charts, and builder.render imports this package, so a module-level import would be circular.
"""

from builder.models.enriched import Enriched

RESUME_PATH = "downloads/resume.pdf"
PITCH_PATH = "downloads/pitch.pdf"


def render_pdfs(enriched: Enriched) -> dict[str, bytes]:
    """Site path -> bytes of every download the home page links (PDFs only when enabled)."""
    from builder.jsonresume import site_assets

    downloads = site_assets(enriched)
    if enriched.config.pdf.enabled:
        from builder.pdf.pitch import render_pitch
        from builder.pdf.resume import render_resume

        downloads[RESUME_PATH] = render_resume(enriched).pdf
        downloads[PITCH_PATH] = render_pitch(enriched)
    return downloads


__all__ = ["PITCH_PATH", "RESUME_PATH", "render_pdfs"]
