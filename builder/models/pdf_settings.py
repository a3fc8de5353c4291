"""Settings of the PDF exports (owned by builder/pdf)."""

from typing import Literal

from pydantic import Field

from builder.models.base import StrictModel


class PdfSettings(StrictModel):
    enabled: bool = True
    page_size: Literal["A4", "Letter"] = "A4"
    resume_max_pages: int = Field(2, ge=1, le=2)
