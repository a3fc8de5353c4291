"""A pull request, normalised from any supported export shape."""

import datetime as dt
from typing import Literal

from pydantic import Field

from builder.models.base import Record

ExportShape = Literal["gh-pr-list", "gh-search-prs", "github-rest", "csv"]


class PullRequest(Record):
    url: str
    number: int
    repo: str = Field(description="owner/name")
    title: str
    body: str = ""
    author: str | None = None
    state: Literal["open", "closed", "merged"]
    created_at: dt.datetime
    merged_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    additions: int | None = None
    deletions: int | None = None
    changed_files: int | None = None
    files: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    review_decision: str | None = None
    review_count: int | None = None
    comment_count: int | None = None
    source_shape: ExportShape
    source_file: str

    @property
    def merged(self) -> bool:
        return self.state == "merged" or self.merged_at is not None

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.body else self.title
