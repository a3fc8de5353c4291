"""A pull request, normalised from any supported export shape, and what a PR URL may look like.

A PR URL is the one piece of export text that becomes a link on the site, so it is held to the
exact form GitHub prints, `https://HOST/OWNER/REPO/pull/N`, matched to its end: nothing after
the number (no fragment, no query, no newline), no other scheme, only the configured hosts.
"""

import datetime as dt
import re
from typing import Literal, NamedTuple

from pydantic import Field, ValidationInfo, field_validator

from builder.models.base import Record

ExportShape = Literal["gh-pr-list", "gh-search-prs", "github-rest", "github-search-issues", "csv"]
DEFAULT_GITHUB_HOST = "github.com"

# GitHub's own rules: a login is 1-39 letters, digits or single dashes; a repository name is
# 1-100 of letters, digits, '.', '_' and '-'. Bounded repetitions keep the match linear.
_PR_URL = re.compile(
    r"https://(?P<host>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)"
    r"/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))"
    r"/(?P<name>[A-Za-z0-9._-]{1,100})"
    r"/pull/(?P<number>0|[1-9][0-9]{0,9})"
)


class PullRequestUrl(NamedTuple):
    host: str
    owner: str
    name: str
    number: int

    @property
    def repo(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def url(self) -> str:
        """The URL rebuilt from its validated parts (what pages link to)."""
        return f"https://{self.host}/{self.owner}/{self.name}/pull/{self.number}"


def parse_pr_url(url: str, hosts: tuple[str, ...] = (DEFAULT_GITHUB_HOST,)) -> PullRequestUrl:
    """The parts of a PR URL, or ValueError saying what form is expected."""
    match = _PR_URL.fullmatch(url) if isinstance(url, str) and len(url) <= 500 else None
    if match is None or match["name"] in (".", ".."):
        shown = repr(url if not isinstance(url, str) or len(url) <= 80 else url[:77] + "...")
        raise ValueError(
            f"url {shown} is not a pull request URL: expected https://{hosts[0]}/OWNER/REPO/"
            "pull/NUMBER with nothing after the number"
        )
    if match["host"] not in hosts:
        raise ValueError(
            f"url host {match['host']!r} is not a configured GitHub host ({', '.join(hosts)}); "
            "set `github_host` under the showcase plugin in mkdocs.yml for GitHub Enterprise"
        )
    return PullRequestUrl(match["host"], match["owner"], match["name"], int(match["number"]))


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

    @field_validator("url")
    @classmethod
    def _canonical_url(cls, url: str, info: ValidationInfo) -> str:
        """Hosts come from the validation context (the owner's `github_host`)."""
        hosts = (info.context or {}).get("github_hosts") or (DEFAULT_GITHUB_HOST,)
        parts = parse_pr_url(url, tuple(hosts))
        if parts.url != url:
            raise ValueError(f"url {url!r} is not in the canonical form {parts.url}")
        return url

    @property
    def merged(self) -> bool:
        return self.state == "merged" or self.merged_at is not None

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.body else self.title
