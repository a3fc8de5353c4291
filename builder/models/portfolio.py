"""Everything the load stage returns: the owner's data, validated."""

from builder.models.achievement import Achievement
from builder.models.base import Record
from builder.models.profile import Profile
from builder.models.pull_request import PullRequest


class Portfolio(Record):
    profile: Profile
    achievements: tuple[Achievement, ...]
    pull_requests: tuple[PullRequest, ...]

    def public(self) -> "Portfolio":
        """What may be published: no private achievements (nor the PRs only they reference),
        no unreviewed drafts from `showcase ingest`."""
        private = [a for a in self.achievements if a.private]
        hidden = {url for a in private for url in a.related_prs}
        public_urls = {url for a in self.achievements if not a.private for url in a.related_prs}
        return Portfolio(
            profile=self.profile,
            achievements=tuple(a for a in self.achievements if not (a.private or a.draft)),
            pull_requests=tuple(p for p in self.pull_requests if p.url not in hidden - public_urls),
        )

    def achievement(self, achievement_id: str) -> Achievement:
        return next(a for a in self.achievements if a.id == achievement_id)
